import type { HallSnapshot, LocalizedText, PauseReason, TicketView, TransferTarget } from '@hallq/protocol';
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { Bi } from './Bi.tsx';

export type DialogKind = 'transfer' | 'call-ticket' | 'pause';

export type DialogResult =
  | { kind: 'transfer'; to: TransferTarget; note: string; keepPlace: boolean }
  | { kind: 'call-ticket'; ticketId: string; reason: string }
  | { kind: 'pause'; reason: PauseReason; note: string | null };

const PAUSE_REASONS: { value: PauseReason; zh: string; en: string }[] = [
  { value: 'break', zh: '休息', en: 'Break' },
  { value: 'meeting', zh: '会议', en: 'Meeting' },
  { value: 'system-fault', zh: '系统故障', en: 'System fault' },
];

/**
 * The three actions that need a detail before they go to the hub. A modal `<dialog>`: it takes the focus when it
 * opens (the first field), keeps Tab inside, Enter confirms from any field, Escape cancels. `blocked` is what the
 * screen behind it wants said (a function key pressed while the dialog is open).
 */
export function ActionDialog({
  kind,
  view,
  windowId,
  waiting,
  blocked,
  onCancel,
  onConfirm,
}: {
  kind: DialogKind;
  view: HallSnapshot;
  windowId: string;
  waiting: readonly TicketView[];
  blocked: LocalizedText | null;
  onCancel: () => void;
  onConfirm: (result: DialogResult) => void;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const onCancelRef = useRef(onCancel);
  onCancelRef.current = onCancel;
  const [problem, setProblem] = useState<LocalizedText | null>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    dialog.showModal(); // modal: the screen behind is inert, focus goes to the first field
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    // Escape fires `cancel`; Chromium may close a dialog without a cancelable `cancel` (no user activation), so
    // `close` counts as a cancel too. The parent unmounts the dialog either way.
    const cancel = (event: Event) => {
      event.preventDefault();
      onCancelRef.current();
    };
    const closed = () => onCancelRef.current();
    dialog.addEventListener('cancel', cancel);
    dialog.addEventListener('close', closed);
    return () => {
      dialog.removeEventListener('cancel', cancel);
      dialog.removeEventListener('close', closed);
    };
  }, []);

  const [targetKind, setTargetKind] = useState<'service' | 'window'>('service');
  const services = view.hall.services.filter((s) => s.enabled);
  const windows = view.hall.windows.filter((w) => w.enabled && w.id !== windowId);
  const [serviceId, setServiceId] = useState(services[0]?.id ?? '');
  const [targetWindow, setTargetWindow] = useState(windows[0]?.id ?? '');
  const [note, setNote] = useState('');
  const [keepPlace, setKeepPlace] = useState(true);
  const [ticketId, setTicketId] = useState(waiting[0]?.id ?? '');
  const [reason, setReason] = useState('');
  const [pauseReason, setPauseReason] = useState<PauseReason>('break');

  const targetName =
    targetKind === 'service'
      ? services.find((s) => s.id === serviceId)?.name
      : windows.find((w) => w.id === targetWindow)?.name;
  const target: LocalizedText | null = targetName ?? null;

  const confirm = () => {
    switch (kind) {
      case 'transfer':
        onConfirm({
          kind,
          to:
            targetKind === 'service'
              ? { kind: 'service', serviceId }
              : { kind: 'window', windowId: targetWindow },
          note: note.trim(),
          keepPlace,
        });
        return;
      case 'call-ticket':
        onConfirm({ kind, ticketId, reason: reason.trim() });
        return;
      case 'pause':
        onConfirm({ kind, reason: pauseReason, note: note.trim() === '' ? null : note.trim() });
        return;
    }
  };
  // What still keeps the dialog from confirming, said on Enter instead of a silently disabled button.
  const missing: LocalizedText | null =
    kind === 'transfer'
      ? (targetKind === 'service' ? serviceId : targetWindow) === ''
        ? { zh: '请选择转移目标', en: 'Choose where to transfer' }
        : null
      : kind === 'call-ticket'
        ? ticketId === ''
          ? { zh: '没有等候的号', en: 'Nobody is waiting' }
          : reason.trim() === ''
            ? { zh: '请填写原因', en: 'Enter a reason' }
            : null
        : null;

  const submit = () => {
    if (missing === null) confirm();
    else setProblem(missing);
  };
  // Enter confirms from a select, a radio or a checkbox too (a form submits implicitly only from a text field);
  // on a button Enter keeps its own meaning (取消 cancels).
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key !== 'Enter' || e.target instanceof HTMLButtonElement) return;
    e.preventDefault();
    submit();
  };
  // What keeps the dialog open (a missing detail) and why a key did nothing; both while both apply.
  const notes = [problem, blocked].filter((n): n is LocalizedText => n !== null);

  return (
    <dialog ref={dialogRef} className="dialog" aria-labelledby="dialog-title">
      <form
        data-testid={`dialog-${kind}`}
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        onKeyDown={onKeyDown}
      >
        {kind === 'transfer' && (
          <>
            <h2 id="dialog-title">
              <Bi text={{ zh: '转移当前号', en: 'Transfer the current ticket' }} />
            </h2>
            <div className="choice">
              <label>
                <input
                  type="radio"
                  name="target-kind"
                  value="service"
                  data-autofocus
                  checked={targetKind === 'service'}
                  onChange={() => setTargetKind('service')}
                />
                <Bi text={{ zh: '转到业务', en: 'To a service' }} />
              </label>
              <label>
                <input
                  type="radio"
                  name="target-kind"
                  value="window"
                  checked={targetKind === 'window'}
                  onChange={() => setTargetKind('window')}
                />
                <Bi text={{ zh: '转到窗口', en: 'To a window' }} />
              </label>
            </div>
            {targetKind === 'service' ? (
              <select name="service" value={serviceId} onChange={(e) => setServiceId(e.target.value)}>
                {services.map((s) => (
                  <option key={s.id} value={s.id}>{`${s.prefix} ${s.name.zh}`}</option>
                ))}
              </select>
            ) : (
              <select name="window" value={targetWindow} onChange={(e) => setTargetWindow(e.target.value)}>
                {windows.map((w) => (
                  <option key={w.id} value={w.id}>{`${w.number} ${w.name.zh}`}</option>
                ))}
              </select>
            )}
            {/* A closed select cuts a long name; the whole target, in both languages, is read here. */}
            {target && (
              <p className="dialog-target" data-testid="transfer-target" data-layout-wrap-ok>
                <Bi text={target} />
              </p>
            )}
            <label>
              <input type="checkbox" checked={keepPlace} onChange={(e) => setKeepPlace(e.target.checked)} />
              <Bi text={{ zh: '保留排队位置', en: 'Keep the place in line' }} />
            </label>
          </>
        )}
        {kind === 'call-ticket' && (
          <>
            <h2 id="dialog-title">
              <Bi text={{ zh: '指定叫号', en: 'Call a ticket out of order' }} />
            </h2>
            <select
              name="ticket"
              data-autofocus
              value={ticketId}
              onChange={(e) => setTicketId(e.target.value)}
            >
              {waiting.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.number}
                </option>
              ))}
            </select>
            <label>
              <Bi text={{ zh: '原因（必填）', en: 'Reason (required)' }} />
              <input
                name="reason"
                value={reason}
                maxLength={200}
                onChange={(e) => {
                  setReason(e.target.value);
                  setProblem(null);
                }}
              />
            </label>
          </>
        )}
        {kind === 'pause' && (
          <>
            <h2 id="dialog-title">
              <Bi text={{ zh: '暂停窗口', en: 'Pause the window' }} />
            </h2>
            <div className="choice">
              {PAUSE_REASONS.map((r) => (
                <label key={r.value}>
                  <input
                    type="radio"
                    name="pause-reason"
                    value={r.value}
                    data-autofocus={r.value === PAUSE_REASONS[0]?.value ? true : undefined}
                    checked={pauseReason === r.value}
                    onChange={() => setPauseReason(r.value)}
                  />
                  <Bi text={r} />
                </label>
              ))}
            </div>
          </>
        )}
        {kind !== 'call-ticket' && (
          <label>
            <Bi text={{ zh: '备注', en: 'Note' }} />
            <input name="note" value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} />
          </label>
        )}
        {notes.length > 0 && (
          <div className="dialog-note" role="alert" data-testid="dialog-note" data-layout-wrap-ok>
            {notes.map((n) => (
              <Bi key={n.zh} text={n} />
            ))}
          </div>
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={onCancel}>
            <Bi text={{ zh: '取消', en: 'Cancel' }} />
          </button>
          <button type="submit" className="primary" data-testid="dialog-confirm">
            <Bi text={{ zh: '确定', en: 'Confirm' }} />
          </button>
        </div>
      </form>
    </dialog>
  );
}
