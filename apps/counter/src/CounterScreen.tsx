import type { ConnectionStatus, HubClient } from '@hallq/client';
import type { Ack, CommandResponse, HallSnapshot, LocalizedText, TicketView } from '@hallq/protocol';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ActionDialog, type DialogKind, type DialogResult } from './ActionDialogs.tsx';
import {
  ACTION_LABELS,
  actionForKey,
  availabilityOfAll,
  COUNTER_ACTIONS,
  type CounterAction,
  type TerminalState,
} from './actions.ts';
import { Bi, both } from './Bi.tsx';
import { formatElapsed, refusalText, type WindowPicture, windowPicture } from './counter-model.ts';
import type { CounterSession } from './session.ts';

type WindowAnswer = Ack<CommandResponse<'window:call-next'>>;
type Message = { readonly kind: 'info' | 'error'; readonly text: LocalizedText };

const DIALOG_ACTIONS: ReadonlySet<CounterAction> = new Set<CounterAction>([
  'transfer',
  'call-ticket',
  'pause',
]);

const PAUSE_TEXT: Record<string, LocalizedText> = {
  break: { zh: '休息', en: 'break' },
  meeting: { zh: '会议', en: 'meeting' },
  'system-fault': { zh: '系统故障', en: 'system fault' },
  other: { zh: '其他', en: 'other' },
};

/** The hub's clock as this screen best knows it: the last server time it heard, moved on by local time. */
function useHubNow(view: HallSnapshot | null): number {
  const offset = useRef(0);
  const [, setTick] = useState(0);
  useEffect(() => {
    if (view) offset.current = view.serverTime - Date.now();
  }, [view]);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, []);
  return Date.now() + offset.current;
}

function doneText(action: CounterAction, ticket: TicketView | null): LocalizedText {
  const n = ticket?.number ?? '';
  switch (action) {
    case 'call-next':
    case 'call-ticket':
      return { zh: `已叫号 ${n}`, en: `Called ${n}` };
    case 'recall':
      return { zh: `已重呼 ${n}`, en: `Recalled ${n}` };
    case 'start':
      return { zh: `${n} 开始办理`, en: `Serving ${n}` };
    case 'finish':
      return { zh: `${n} 已办结`, en: `${n} finished` };
    case 'no-show':
      return { zh: `${n} 已过号`, en: `${n} marked no-show` };
    case 'transfer':
      return { zh: `${n} 已转移`, en: `${n} transferred` };
    case 'pause':
      return { zh: '窗口已暂停', en: 'Window paused' };
    case 'resume':
      return { zh: '窗口已恢复', en: 'Window resumed' };
  }
}

export function CounterScreen({
  client,
  session,
  windowId,
  view,
  connection,
  onSignOut,
}: {
  client: HubClient;
  session: CounterSession;
  windowId: string;
  view: HallSnapshot | null;
  connection: ConnectionStatus;
  onSignOut: () => void;
}) {
  const now = useHubNow(view);
  const picture = useMemo(() => (view ? windowPicture(view, windowId) : null), [view, windowId]);
  const pictureRef = useRef<WindowPicture | null>(picture);
  pictureRef.current = picture;
  const [pending, setPending] = useState<CounterAction | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const [dialog, setDialog] = useState<DialogKind | null>(null);
  const [rating, setRating] = useState<string | null>(null);

  // A rating arrived for a ticket finished here: say so, never what it was (that waits for the day's summary).
  useEffect(() => {
    const finished = new Map<string, string>();
    return client.subscribe((_view, change) => {
      if (change === 'snapshot') return;
      if (change.type === 'ticket:finished' && change.ticket.windowId === windowId) {
        finished.set(change.ticket.id, change.ticket.number);
        setRating(null);
      }
      if (change.type === 'rating:recorded' && change.windowId === windowId) {
        setRating(finished.get(change.ticketId) ?? change.ticketId.split('/').pop() ?? '');
      }
    });
  }, [client, windowId]);

  const terminal: TerminalState = {
    connected: connection === 'connected' && view !== null,
    signedIn: picture !== null && picture.state?.clerkId === session.user.id,
    pending,
    windowEnabled: picture?.config.enabled ?? false,
    window: picture?.state ?? null,
    ticket: picture?.ticket ?? null,
    waiting: picture?.waiting.length ?? 0,
    rules: view?.hall.rules ?? { noShowMinCalls: 1, noShowMinWaitSeconds: 0 },
    now,
  };
  // Another clerk signed in here after us: the hub took the window from this session.
  const displaced = picture?.state?.clerkId != null && picture.state.clerkId !== session.user.id;
  const availability = availabilityOfAll(terminal);

  const send = useCallback(async (action: CounterAction, run: () => Promise<WindowAnswer>) => {
    setPending(action);
    setMessage(null);
    const answer = await run();
    setPending(null);
    if (answer.ok) setMessage({ kind: 'info', text: doneText(action, answer.data.ticket) });
    else setMessage({ kind: 'error', text: refusalText(answer.error, pictureRef.current) });
  }, []);

  const press = useCallback(
    (action: CounterAction) => {
      if (!availability[action].enabled) return;
      if (DIALOG_ACTIONS.has(action)) {
        setDialog(action as DialogKind);
        return;
      }
      const w = { windowId };
      switch (action) {
        case 'call-next':
          return void send(action, () => client.command('window:call-next', w));
        case 'recall':
          return void send(action, () => client.command('window:recall', w));
        case 'start':
          return void send(action, () => client.command('window:start', w));
        case 'finish':
          return void send(action, () => client.command('window:finish', w));
        case 'no-show':
          return void send(action, () => client.command('window:no-show', w));
        case 'resume':
          return void send(action, () => client.command('window:resume', w));
        default:
          return;
      }
    },
    [availability, client, send, windowId],
  );

  const confirmDialog = (result: DialogResult) => {
    setDialog(null);
    switch (result.kind) {
      case 'transfer':
        return void send('transfer', () =>
          client.command('window:transfer', {
            windowId,
            to: result.to,
            note: result.note,
            keepPlace: result.keepPlace,
          }),
        );
      case 'call-ticket':
        return void send('call-ticket', () =>
          client.command('window:call-ticket', {
            windowId,
            ticketId: result.ticketId,
            reason: result.reason,
          }),
        );
      case 'pause':
        return void send('pause', () =>
          client.command('window:pause', { windowId, reason: result.reason, note: result.note }),
        );
    }
  };

  const pressRef = useRef(press);
  pressRef.current = press;
  const dialogOpen = dialog !== null;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const action = actionForKey(event.key);
      if (action === null) return;
      event.preventDefault(); // F5 must not reload the terminal, F1 must not open help
      if (!dialogOpen) pressRef.current(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dialogOpen]);

  if (!view || !picture) {
    return (
      <main className="counter loading">
        <Bi text={{ zh: '正在载入大厅…', en: 'Loading the hall…' }} />
      </main>
    );
  }

  const { config, state, ticket, service } = picture;
  const clerk = session.user;
  const offline = connection !== 'connected';
  const waitedMs = ticket ? (ticket.firstCalledAt ?? now) - ticket.queuedAt : 0;

  return (
    <main className="counter" data-testid="counter">
      <header>
        <div className="window-title">
          <span className="window-number">{config.number}</span>
          <Bi text={config.name} />
        </div>
        <div className="clerk">
          <span data-testid="clerk-name">{`${clerk.displayName} (${clerk.staffNumber})`}</span>
          <button type="button" className="link" onClick={onSignOut}>
            <Bi text={{ zh: '退出', en: 'Sign out' }} />
          </button>
        </div>
      </header>
      {offline && (
        <div className="banner offline" role="alert" data-testid="offline-banner">
          <Bi
            text={{
              zh: '与服务器断开，正在自动重连；操作暂不可用',
              en: 'Offline — reconnecting; actions are disabled',
            }}
          />
        </div>
      )}
      {displaced && (
        <div className="banner offline" role="alert">
          <Bi text={{ zh: '另一位工作人员已登录本窗口', en: 'Another clerk has signed in at this window' }} />
        </div>
      )}
      {state?.status === 'paused' && (
        <div className="banner paused" data-testid="paused-banner">
          <Bi
            text={{
              zh: `窗口暂停中（${PAUSE_TEXT[state.pauseReason ?? 'other']?.zh ?? ''}）`,
              en: `Window paused (${PAUSE_TEXT[state.pauseReason ?? 'other']?.en ?? ''})`,
            }}
          />
        </div>
      )}
      <section className="current" data-testid="current">
        {ticket ? (
          <>
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
            <dl>
              <dt>
                <Bi text={{ zh: '业务', en: 'Service' }} />
              </dt>
              <dd>{service ? <Bi text={service.name} /> : ticket.serviceId}</dd>
              <dt>
                <Bi text={{ zh: '已等候', en: 'Waited' }} />
              </dt>
              <dd data-testid="current-waited">{formatElapsed(waitedMs)}</dd>
              {ticket.startedAt !== null && (
                <>
                  <dt>
                    <Bi text={{ zh: '办理时长', en: 'In service' }} />
                  </dt>
                  <dd>{formatElapsed(now - ticket.startedAt)}</dd>
                </>
              )}
              <dt>
                <Bi text={{ zh: '呼叫次数', en: 'Calls' }} />
              </dt>
              <dd data-testid="current-calls">{ticket.callCount}</dd>
              {ticket.visitorClass === 'priority' && (
                <>
                  <dt>
                    <Bi text={{ zh: '通道', en: 'Lane' }} />
                  </dt>
                  <dd>
                    <Bi text={{ zh: '绿色通道', en: 'Priority lane' }} />
                  </dd>
                </>
              )}
              {ticket.transferCount > 0 && (
                <>
                  <dt>
                    <Bi text={{ zh: '转移', en: 'Transferred' }} />
                  </dt>
                  <dd>{ticket.transferCount}</dd>
                </>
              )}
              {ticket.visitorName !== null && (
                <>
                  <dt>
                    <Bi text={{ zh: '姓名', en: 'Name' }} />
                  </dt>
                  <dd data-testid="current-name">{ticket.visitorName}</dd>
                </>
              )}
            </dl>
            {ticket.visitorName !== null && service && (
              <div className="guide" data-testid="service-guide">
                <h3>
                  <Bi text={{ zh: '办事指南', en: 'Service guide' }} />
                </h3>
                <ul>
                  {service.guide.materials.map((m) => (
                    <li key={`m-${m.zh}`}>
                      <Bi text={m} />
                    </li>
                  ))}
                  {service.guide.notes.map((n) => (
                    <li key={`n-${n.zh}`} className="note">
                      <Bi text={n} />
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </>
        ) : (
          <div className="idle" data-testid="current-idle">
            <Bi text={{ zh: '当前没有号', en: 'No current ticket' }} />
          </div>
        )}
      </section>
      <section className="actions">
        {COUNTER_ACTIONS.map((action) => {
          const a = availability[action];
          const { label, key } = ACTION_LABELS[action];
          return (
            <button
              key={action}
              type="button"
              data-action={action}
              className={action === 'call-next' ? 'primary' : undefined}
              disabled={!a.enabled}
              title={a.enabled ? `${both(label)} (${key})` : both(a.detail)}
              onClick={() => press(action)}
            >
              <Bi text={label} />
              <kbd>{key}</kbd>
            </button>
          );
        })}
      </section>
      <div className="status-line">
        {message && (
          <p className={`message ${message.kind}`} role="status" data-testid="message">
            {both(message.text)}
          </p>
        )}
        {rating !== null && (
          <p className="message info" data-testid="rating-received">
            {both({ zh: `${rating} 已收到评价`, en: `Rating received for ${rating}` })}
          </p>
        )}
      </div>
      <aside className="waiting" data-testid="waiting">
        <h2>
          <Bi text={{ zh: `等候 ${picture.waiting.length} 人`, en: `${picture.waiting.length} waiting` }} />
        </h2>
        <ul className="per-service">
          {picture.perService.map(({ service: s, waiting }) => (
            <li key={s.id}>
              <span>{`${s.prefix} ${s.name.zh}`}</span>
              <span data-testid={`waiting-${s.id}`}>{waiting}</span>
            </li>
          ))}
        </ul>
        <ol className="next" data-testid="waiting-next">
          {picture.waiting.slice(0, 8).map((t) => (
            <li key={t.id} className={t.visitorClass === 'priority' ? 'priority' : undefined}>
              {t.number}
              {t.targetWindowId === windowId && <small> ← </small>}
            </li>
          ))}
        </ol>
      </aside>
      {dialog && (
        <ActionDialog
          kind={dialog}
          view={view}
          windowId={windowId}
          waiting={picture.waiting}
          onCancel={() => setDialog(null)}
          onConfirm={confirmDialog}
        />
      )}
    </main>
  );
}
