import type { ServiceConfig, TicketView } from '@hallq/protocol';
import type { ReactNode } from 'react';
import { Bi } from './Bi.tsx';
import { formatElapsed } from './counter-model.ts';

function Fact({ label, children, wide }: { label: ReactNode; children: ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? 'fact wide' : 'fact'}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/**
 * The window's current ticket: number and status first (read at a glance), then the facts in pairs, and the
 * service guide beside them when the visitor came with an ID card. Laid out to fit a 1280×720 terminal.
 */
export function CurrentTicket({
  ticket,
  service,
  now,
}: {
  ticket: TicketView | null;
  service: ServiceConfig | null;
  now: number;
}) {
  if (ticket === null) {
    return (
      <section className="current" data-testid="current">
        <div className="idle" data-testid="current-idle">
          <Bi text={{ zh: '当前没有号', en: 'No current ticket' }} />
        </div>
      </section>
    );
  }
  const waitedMs = (ticket.firstCalledAt ?? now) - ticket.queuedAt;
  const guide = ticket.visitorName !== null && service !== null ? service.guide : null;
  return (
    <section className={guide ? 'current with-guide' : 'current'} data-testid="current">
      <div className="ticket">
        <div className="ticket-head">
          <div className="ticket-number" data-testid="current-number">
            {ticket.number}
          </div>
          <div className="ticket-status" data-testid="current-status">
            <Bi
              text={
                ticket.status === 'serving'
                  ? { zh: '办理中', en: 'Serving' }
                  : { zh: '已呼叫，等候到窗', en: 'Called, waiting for the visitor' }
              }
            />
          </div>
        </div>
        <dl>
          <Fact wide label={<Bi className="inline" text={{ zh: '业务', en: 'Service' }} />}>
            {service ? <Bi className="inline wraps" text={service.name} /> : ticket.serviceId}
          </Fact>
          <Fact label={<Bi className="inline" text={{ zh: '已等候', en: 'Waited' }} />}>
            <span data-testid="current-waited">{formatElapsed(waitedMs)}</span>
          </Fact>
          <Fact label={<Bi className="inline" text={{ zh: '呼叫次数', en: 'Calls' }} />}>
            <span data-testid="current-calls">{ticket.callCount}</span>
          </Fact>
          {ticket.startedAt !== null && (
            <Fact label={<Bi className="inline" text={{ zh: '办理时长', en: 'In service' }} />}>
              {formatElapsed(now - ticket.startedAt)}
            </Fact>
          )}
          {ticket.appointment && (
            <Fact label={<Bi className="inline" text={{ zh: '预约', en: 'Appointment' }} />}>
              <span data-testid="current-appointment">
                {`${ticket.appointment.slotStart}–${ticket.appointment.slotEnd}`}
                {ticket.appointment.late && (
                  <Bi className="inline" text={{ zh: '（迟到）', en: ' (late)' }} />
                )}
              </span>
            </Fact>
          )}
          {ticket.visitorClass === 'priority' && (
            <Fact label={<Bi className="inline" text={{ zh: '通道', en: 'Lane' }} />}>
              <Bi className="inline" text={{ zh: '绿色通道', en: 'Priority lane' }} />
            </Fact>
          )}
          {ticket.transferCount > 0 && (
            <Fact label={<Bi className="inline" text={{ zh: '转移', en: 'Transferred' }} />}>
              {ticket.transferCount}
            </Fact>
          )}
          {ticket.visitorName !== null && (
            <Fact label={<Bi className="inline" text={{ zh: '姓名', en: 'Name' }} />}>
              <span data-testid="current-name">{ticket.visitorName}</span>
            </Fact>
          )}
        </dl>
      </div>
      {guide && (
        <div className="guide" data-testid="service-guide">
          <h3>
            <Bi className="inline" text={{ zh: '办事指南', en: 'Service guide' }} />
          </h3>
          {/* Focusable so that a long guide can be scrolled from the keyboard too. */}
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard */}
          <ul tabIndex={0} aria-label="办事指南 · Service guide">
            {guide.materials.map((m) => (
              <li key={`m-${m.zh}`} data-layout-wrap-ok>
                <Bi text={m} />
              </li>
            ))}
            {guide.notes.map((n) => (
              <li key={`n-${n.zh}`} className="note" data-layout-wrap-ok>
                <Bi text={n} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
