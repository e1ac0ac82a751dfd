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
  keyBehindDialogText,
  refusedActionText,
  type TerminalState,
} from './actions.ts';
import { Bi, both } from './Bi.tsx';
import { CaseNumberField } from './CaseNumberField.tsx';
import { CurrentTicket } from './CurrentTicket.tsx';
import { refusalText, type WindowPicture, windowPicture } from './counter-model.ts';
import { DisabledReasons } from './DisabledReasons.tsx';
import { NextBreak } from './NextBreak.tsx';
import type { CounterSession } from './session.ts';
import { WaitingList } from './WaitingList.tsx';

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
  const [dialogBlocked, setDialogBlocked] = useState<LocalizedText | null>(null);
  const screenRef = useRef<HTMLElement>(null);
  const openerRef = useRef<Element | null>(null);
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
      const a = availability[action];
      if (!a.enabled) {
        // A function key on a disabled action: say what did not happen and why, where the clerk looks.
        setMessage({ kind: 'error', text: refusedActionText(action, a.detail) });
        return;
      }
      if (DIALOG_ACTIONS.has(action)) {
        openerRef.current = document.activeElement;
        setDialogBlocked(null);
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

  const closeDialog = useCallback(() => setDialog(null), []);

  // Focus goes back to the screen once a dialog is gone: to what had it before (the button clicked) while that
  // can still take it, else to the screen itself, so that keys and Tab start from the counter again.
  const hadDialog = useRef(false);
  useEffect(() => {
    if (dialog !== null) {
      hadDialog.current = true;
      return;
    }
    if (!hadDialog.current) return;
    hadDialog.current = false;
    const opener = openerRef.current;
    openerRef.current = null;
    if (
      opener instanceof HTMLElement &&
      opener.isConnected &&
      !opener.matches(':disabled') &&
      opener !== document.body
    ) {
      opener.focus();
    } else {
      screenRef.current?.focus();
    }
  }, [dialog]);

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
      // Behind an open dialog a key does nothing, and the dialog says so (the clerk is looking at it).
      if (dialogOpen) setDialogBlocked(keyBehindDialogText(action));
      else pressRef.current(action);
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
  const pauseText = PAUSE_TEXT[state?.pauseReason ?? 'other'];

  return (
    <main className="counter" data-testid="counter" ref={screenRef} tabIndex={-1}>
      <header>
        <div className="window-title">
          <span className="window-number">{config.number}</span>
          <Bi className="window-name" text={config.name} />
          <NextBreak hall={view.hall} windowId={windowId} now={now} />
        </div>
        <div className="clerk">
          <span data-testid="clerk-name">{`${clerk.displayName} (${clerk.staffNumber})`}</span>
          <button type="button" className="link" onClick={onSignOut}>
            <Bi className="inline" text={{ zh: '退出', en: 'Sign out' }} />
          </button>
        </div>
      </header>
      <div className="desk">
        {offline && (
          <div className="banner offline" role="alert" data-testid="offline-banner">
            <Bi
              className="inline"
              text={{
                zh: '与服务器断开，正在自动重连；操作暂不可用',
                en: 'Offline — reconnecting; actions are disabled',
              }}
            />
          </div>
        )}
        {displaced && (
          <div className="banner offline" role="alert">
            <Bi
              className="inline"
              text={{ zh: '另一位工作人员已登录本窗口', en: 'Another clerk has signed in at this window' }}
            />
          </div>
        )}
        {state?.status === 'paused' && (
          <div className="banner paused" data-testid="paused-banner">
            <Bi
              className="inline"
              text={{
                zh: `窗口暂停中（${pauseText?.zh ?? ''}）`,
                en: `Window paused (${pauseText?.en ?? ''})`,
              }}
            />
          </div>
        )}
        <CurrentTicket ticket={ticket} service={service} now={now} />
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
          {ticket && (
            <CaseNumberField
              key={ticket.id}
              client={client}
              ticket={ticket}
              enabled={terminal.connected && terminal.signedIn}
              paused={dialogOpen}
              onMessage={(kind, text) => setMessage({ kind, text })}
            />
          )}
        </section>
        <DisabledReasons availability={availability} />
        <div className="status-line">
          {message && (
            <p className={`message ${message.kind}`} role="status" data-testid="message" data-layout-wrap-ok>
              {both(message.text)}
            </p>
          )}
          {rating !== null && (
            <p className="message info" data-testid="rating-received">
              {both({ zh: `${rating} 已收到评价`, en: `Rating received for ${rating}` })}
            </p>
          )}
        </div>
      </div>
      <WaitingList picture={picture} windowId={windowId} />
      {dialog && (
        <ActionDialog
          kind={dialog}
          view={view}
          windowId={windowId}
          waiting={picture.waiting}
          blocked={dialogBlocked}
          onCancel={closeDialog}
          onConfirm={confirmDialog}
        />
      )}
    </main>
  );
}
