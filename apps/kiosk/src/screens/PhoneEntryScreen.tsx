import { localized, txt, useLanguage } from '@hallq/ui';
import { useState } from 'react';
import {
  canConfirmPhone,
  emptyPhoneEntry,
  type PhoneKey,
  phoneProblem,
  pressPhoneKey,
} from '../logic/phone-entry.ts';

const P = {
  title: txt('短信提醒（可选）', 'Text message updates (optional)'),
  hint: txt(
    '留下手机号码，叫号前和叫号时短信通知您；不留也可以正常取号。',
    'Leave a mobile number to get a text before and when you are called. You can take a ticket without it.',
  ),
  consent: txt(
    '我同意本大厅向此号码发送本次排队的短信；号码加密保存，到期删除，不作他用。',
    'I agree that the hall texts this number about this visit only; it is stored encrypted and deleted later.',
  ),
  confirm: txt('确认', 'Confirm'),
  skip: txt('不需要', 'No, thanks'),
  back: txt('删除', 'Delete'),
  clear: txt('清空', 'Clear'),
};

const KEYS: readonly PhoneKey[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'back'];

/** The on-screen number pad for an SMS number: digits only, validated, with a consent the visitor must tick. */
export function PhoneEntryScreen(props: { onConfirm: (phone: string) => void; onSkip: () => void }) {
  const language = useLanguage();
  const [entry, setEntry] = useState(emptyPhoneEntry);
  const problem = phoneProblem(entry);
  const label = (key: PhoneKey) =>
    key === 'back' ? localized(P.back, language) : key === 'clear' ? localized(P.clear, language) : key;
  return (
    <section className="screen screen-phone" data-screen="phone">
      <h1>{localized(P.title, language)}</h1>
      <p className="phone-hint">{localized(P.hint, language)}</p>
      <output className="phone-display" data-phone-display aria-live="polite">
        {entry.digits.replace(/^(\d{3})(\d{0,4})(\d{0,4})$/, (_, a, b, c) =>
          [a, b, c].filter(Boolean).join(' '),
        ) || '—'}
      </output>
      <p className="phone-problem" role="status">
        {problem ? localized(problem, language) : ' '}
      </p>
      <div className="phone-pad">
        {KEYS.map((key) => (
          <button
            type="button"
            key={key}
            className={`phone-key${key.length > 1 ? ' phone-key-edit' : ''}`}
            data-key={key}
            onClick={() => setEntry((e) => pressPhoneKey(e, key))}
          >
            {label(key)}
          </button>
        ))}
      </div>
      <label className="phone-consent">
        <input
          type="checkbox"
          data-action="consent"
          checked={entry.consent}
          onChange={(e) => setEntry((prev) => ({ ...prev, consent: e.target.checked }))}
        />
        <span>{localized(P.consent, language)}</span>
      </label>
      <div className="actions">
        <button type="button" className="secondary" data-action="skip-phone" onClick={props.onSkip}>
          {localized(P.skip, language)}
        </button>
        <button
          type="button"
          className="primary"
          data-action="confirm-phone"
          disabled={!canConfirmPhone(entry)}
          onClick={() => props.onConfirm(entry.digits)}
        >
          {localized(P.confirm, language)}
        </button>
      </div>
    </section>
  );
}

export const SMS_TEXT = {
  offer: txt('短信提醒', 'Text me updates'),
  offerHint: txt('留手机号，叫号时短信通知（可选）', 'Get a text when you are called (optional)'),
  chosen: txt('短信将发送至', 'Texts go to'),
  change: txt('更改', 'Change'),
};
