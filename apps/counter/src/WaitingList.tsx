import { Bi } from './Bi.tsx';
import type { WindowPicture } from './counter-model.ts';

/** How many of the next tickets the list names; the count above it covers the rest. */
const NEXT_SHOWN = 8;

/** Who waits for this window: the count, per service, and the next numbers in call order. */
export function WaitingList({ picture, windowId }: { picture: WindowPicture; windowId: string }) {
  const next = picture.waiting.slice(0, NEXT_SHOWN);
  const more = picture.waiting.length - next.length;
  return (
    <aside className="waiting" data-testid="waiting">
      <h2>
        <Bi
          className="inline"
          text={{ zh: `等候 ${picture.waiting.length} 人`, en: `${picture.waiting.length} waiting` }}
        />
      </h2>
      <ul className="per-service">
        {picture.perService.map(({ service: s, waiting }) => (
          <li key={s.id}>
            <span className="service-name" data-layout-wrap-ok>{`${s.prefix} ${s.name.zh}`}</span>
            <span className="count" data-testid={`waiting-${s.id}`}>
              {waiting}
            </span>
          </li>
        ))}
      </ul>
      <ol className="next" data-testid="waiting-next">
        {next.map((t) => (
          <li key={t.id} className={t.visitorClass === 'priority' ? 'priority' : undefined}>
            {t.number}
            {t.appointment && (
              <small className="appointment-mark">{` 预约 ${t.appointment.slotStart}`}</small>
            )}
            {t.targetWindowId === windowId && <small> ← </small>}
          </li>
        ))}
      </ol>
      {more > 0 && (
        <p className="more">
          <Bi className="inline" text={{ zh: `另有 ${more} 人`, en: `${more} more` }} />
        </p>
      )}
    </aside>
  );
}
