import { Bi } from './Bi.tsx';
import { DEVICE_REFUSED } from './terminal-refusal.ts';

/** The whole screen of a terminal the hub will not let in: said once, Chinese first, with what to do. */
export function TerminalRefused() {
  return (
    <main className="sign-in">
      <div className="refused" role="alert" data-testid="device-refused" data-layout-wrap-ok>
        <h1>
          <Bi text={{ zh: '终端无法使用', en: 'This terminal cannot be used' }} />
        </h1>
        <p>
          <Bi text={DEVICE_REFUSED} />
        </p>
      </div>
    </main>
  );
}
