import { useConnection, useHallView } from '@hallq/ui';
import { LobbyScreen } from './LobbyScreen.tsx';
import type { LobbyRuntime } from './lobby-runtime.ts';
import type { LobbyOptions } from './model/lobby-options.ts';

export function LobbyApp(props: { runtime: LobbyRuntime; options: LobbyOptions }) {
  const { view } = useHallView(props.runtime.client);
  const connection = useConnection(props.runtime.client);
  return <LobbyScreen runtime={props.runtime} view={view} connection={connection} options={props.options} />;
}

export function NotRegistered() {
  return (
    <div className="lobby lobby-waiting">
      <p className="zh">本显示屏尚未登记</p>
      <p className="en">This display is not registered with the hall's hub.</p>
      <p className="hint">
        请在管理台“设备”中添加“综合屏”，用生成的地址（含 #token=…）打开本页。 Add a lobby display in the admin
        console and open the address it gives (with #token=…).
      </p>
    </div>
  );
}
