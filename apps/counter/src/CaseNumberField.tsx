import type { HubClient } from '@hallq/client';
import { CaseNumber, type LocalizedText, type TicketView } from '@hallq/protocol';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Bi } from './Bi.tsx';
import { createScanDetector } from './scan-detector.ts';

/** Focus is in something that takes text by itself: a scan typed there is that field's, not ours. */
const isTextEntry = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/** The hub's bilingual message ("中文 · English") as the screen's two lines. */
const splitMessage = (message: string): LocalizedText => {
  const [zh, en] = message.split(' · ');
  return { zh: zh ?? message, en: en ?? message };
};

/**
 * 办件编号 for the window's current ticket, in the free cell beside the action keys: typed into the field and
 * sent with Enter, or scanned from the case's barcode by a USB scanner (a fast burst of keys ending in Enter). A
 * scan is taken even when the field does not have the focus, so the clerk need not click first; the function
 * keys are never touched, so F1–F9 keep working with the focus in the field. What happened is said on the
 * screen's message line. Keyed by the ticket, so a new ticket starts with an empty field.
 */
export function CaseNumberField({
  client,
  ticket,
  enabled,
  paused,
  onMessage,
}: {
  client: HubClient;
  ticket: TicketView;
  enabled: boolean;
  /** An action dialog is open: scans wait (its fields have the keyboard). */
  paused: boolean;
  onMessage: (kind: 'info' | 'error', text: LocalizedText) => void;
}) {
  const [value, setValue] = useState('');
  const [sending, setSending] = useState(false);
  const attach = useRef<(text: string) => void>(() => {});

  attach.current = (text: string) => {
    const parsed = CaseNumber.safeParse(text.trim());
    if (!parsed.success) {
      onMessage('error', {
        zh: '办件编号只能是字母、数字和连字符，最多 64 位',
        en: 'A case number is letters, digits and hyphens, up to 64',
      });
      return;
    }
    setSending(true);
    void client
      .command('ticket:attach-case', { ticketId: ticket.id, caseNumber: parsed.data })
      .then((answer) => {
        setSending(false);
        if (answer.ok) {
          setValue('');
          onMessage('info', {
            zh: `${ticket.number} 已登记办件编号 ${parsed.data}`,
            en: `Case ${parsed.data} attached to ${ticket.number}`,
          });
        } else onMessage('error', splitMessage(answer.error.message));
      });
  };

  useEffect(() => {
    if (!enabled || paused) return;
    const detector = createScanDetector();
    const onKey = (event: KeyboardEvent) => {
      if (isTextEntry(event.target)) {
        detector.reset();
        return;
      }
      const scanned = detector.feed(event.key, event.timeStamp);
      if (scanned !== null) {
        event.preventDefault();
        attach.current(scanned);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled, paused]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim() !== '') attach.current(value);
  };

  return (
    <form className="case-cell" data-testid="case-bar" onSubmit={submit}>
      <label htmlFor="case-number" className="case-head">
        <Bi className="inline" text={{ zh: '办件编号', en: 'Case no.' }} />
        <span className="case-current" data-testid="case-number-current" title={ticket.caseNumber ?? ''}>
          {ticket.caseNumber ?? '—'}
        </span>
      </label>
      <span className="case-entry">
        <input
          id="case-number"
          data-testid="case-number-input"
          value={value}
          maxLength={64}
          autoComplete="off"
          spellCheck={false}
          disabled={!enabled}
          placeholder="输入或扫码"
          aria-label="办件编号：输入或扫码 · Case number: type or scan"
          onChange={(e) => setValue(e.target.value)}
        />
        <button type="submit" disabled={!enabled || sending || value.trim() === ''}>
          登记
        </button>
      </span>
    </form>
  );
}
