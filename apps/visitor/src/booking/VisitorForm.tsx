/** The visitor's details for a booking: ID type and number (check character), name, mobile; sends the booking. */
import type { AppointmentCardType, LocalizedText, PublicBooked } from '@hallq/protocol';
import { localized, useLanguage } from '@hallq/ui/language';
import { type FormEvent, useState } from 'react';
import type { BookingApi } from './booking-api.ts';
import { ErrorNote, type Problem, Say } from './booking-parts.tsx';
import { B } from './booking-text.ts';
import {
  type FieldProblem,
  idNumberProblem,
  nameProblem,
  normaliseIdNumber,
  normalisePhone,
  phoneProblem,
} from './visitor-form.ts';

const PROBLEM_TEXT: Readonly<Record<string, LocalizedText>> = {
  'id:required': B.required,
  'id:form': B.idForm,
  'id:check-digit': B.idCheckDigit,
  'name:required': B.required,
  'name:form': B.nameForm,
  'phone:required': B.required,
  'phone:form': B.phoneForm,
};

function FieldError({ field, problem }: { field: string; problem: FieldProblem | null }) {
  const text = problem ? PROBLEM_TEXT[`${field}:${problem}`] : undefined;
  if (!text) return null;
  return (
    <span className="field-error" data-field-error={field}>
      <Say text={text} />
    </span>
  );
}

export function VisitorForm(props: {
  api: BookingApi;
  request: { serviceId: string; day: string; slotStart: string };
  onBooked: (booked: PublicBooked) => void;
}) {
  const language = useLanguage();
  const [cardType, setCardType] = useState<AppointmentCardType>('resident');
  const [idNumber, setIdNumber] = useState('');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [shown, setShown] = useState(false);
  const [sending, setSending] = useState(false);
  const [refusal, setRefusal] = useState<Problem | null>(null);
  const problems = {
    id: idNumberProblem(cardType, idNumber),
    name: nameProblem(name),
    phone: phoneProblem(phone),
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setShown(true);
    if (problems.id || problems.name || problems.phone || sending) return;
    setSending(true);
    setRefusal(null);
    void props.api
      .book({
        ...props.request,
        visitor: {
          cardType,
          idNumber: normaliseIdNumber(idNumber),
          name: name.trim(),
          phone: normalisePhone(phone),
        },
      })
      .then((answer) => {
        setSending(false);
        if (answer.ok) props.onBooked(answer.data);
        else setRefusal(answer.message);
      });
  };
  const cardTypes: [AppointmentCardType, LocalizedText][] = [
    ['resident', B.cardResident],
    ['hk-mo-tw', B.cardHkMoTw],
    ['foreign-2023', B.cardForeign2023],
    ['foreign-2017', B.cardForeign2017],
  ];
  return (
    <form className="visitor-form" onSubmit={submit} noValidate>
      <label className="field">
        <span className="field-label">
          <Say text={B.cardType} />
        </span>
        <select
          name="cardType"
          value={cardType}
          onChange={(e) => setCardType(e.target.value as AppointmentCardType)}
        >
          {cardTypes.map(([value, text]) => (
            <option key={value} value={value}>
              {localized(text, language)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">
          <Say text={B.idNumber} />
        </span>
        <input
          name="idNumber"
          // Not numeric: many numbers end with X, which a phone's number pad does not have.
          inputMode="text"
          autoCapitalize="characters"
          autoComplete="off"
          maxLength={22}
          value={idNumber}
          onChange={(e) => setIdNumber(e.target.value)}
        />
        {shown && <FieldError field="id" problem={problems.id} />}
      </label>
      <label className="field">
        <span className="field-label">
          <Say text={B.name} />
        </span>
        <input
          name="name"
          autoComplete="name"
          maxLength={60}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        {shown && <FieldError field="name" problem={problems.name} />}
      </label>
      <label className="field">
        <span className="field-label">
          <Say text={B.phone} />
        </span>
        <input
          name="phone"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          maxLength={15}
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
        />
        {shown && <FieldError field="phone" problem={problems.phone} />}
      </label>
      <p className="booking-note privacy">
        <Say text={B.privacy} />
      </p>
      <ErrorNote problem={refusal} />
      <button type="submit" className="primary" data-action="book" disabled={sending}>
        <Say text={sending ? B.submitting : B.submit} />
      </button>
    </form>
  );
}
