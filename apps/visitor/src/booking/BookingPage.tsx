/**
 * 预约办事 on a phone: service → day → slot (free places refreshed live) → ID type and number, name, mobile →
 * the booking code and its QR code. A second tab finds or cancels a booking with its code and ID number.
 */
import type {
  AppointmentCardType,
  AppointmentSlots,
  AppointmentView,
  LocalizedText,
  PublicBooked,
  PublicBookingDays,
  PublicBookingServices,
} from '@hallq/protocol';
import { formatClock, formatDateTime } from '@hallq/ui/format';
import { localized, useLanguage } from '@hallq/ui/language';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { type ApiAnswer, type BookingApi, bookingApi } from './booking-api.ts';
import { B, WEEKDAYS } from './booking-text.ts';
import './booking.css';
import {
  type FieldProblem,
  groupCode,
  idNumberProblem,
  nameProblem,
  normaliseIdNumber,
  normalisePhone,
  phoneProblem,
} from './visitor-form.ts';

/** How often the chosen day's free places are read again while the visitor picks a slot. */
const LIVE_REFRESH_MS = 5000;

type Problem = { zh: string; en: string };

function Say({ text }: { text: LocalizedText | Problem }) {
  return <>{localized(text, useLanguage())}</>;
}

function ErrorNote({ problem }: { problem: Problem | null }) {
  if (!problem) return null;
  return (
    <p className="booking-error" role="alert" data-testid="booking-error">
      <Say text={problem} />
    </p>
  );
}

const dayLabel = (day: string, language: 'zh' | 'en'): string => {
  const [y, m, d] = day.split('-').map(Number);
  const weekday = new Date(Date.UTC(y ?? 2000, (m ?? 1) - 1, d ?? 1)).getUTCDay();
  return language === 'zh' ? `${m}月${d}日 ${WEEKDAYS.zh[weekday]}` : `${WEEKDAYS.en[weekday]} ${d}/${m}`;
};

const STATUS_TEXT: Readonly<Record<AppointmentView['status'], LocalizedText>> = {
  booked: B.statusBooked,
  'checked-in': B.statusCheckedIn,
  cancelled: B.statusCancelled,
  missed: B.statusMissed,
};

/** Calls `load` now and whenever `key` changes; `every` ms again while mounted, when given. */
function useLoad<T>(load: () => Promise<ApiAnswer<T>>, key: string, every?: number) {
  const [answer, setAnswer] = useState<ApiAnswer<T> | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names what `load` reads
  useEffect(() => {
    let live = true;
    setAnswer(null);
    const run = () =>
      void load().then((a) => {
        if (live) setAnswer(a);
      });
    run();
    const timer = every ? setInterval(run, every) : null;
    return () => {
      live = false;
      if (timer) clearInterval(timer);
    };
  }, [key, every]);
  return answer;
}

export function BookingPage(props: { api?: BookingApi }) {
  const api = props.api ?? bookingApi;
  const [tab, setTab] = useState<'book' | 'manage'>('book');
  return (
    <section className="booking" data-testid="booking">
      <h1 className="booking-title">
        <Say text={B.title} />
      </h1>
      <div className="booking-tabs" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'book'}
          data-testid="tab-book"
          onClick={() => setTab('book')}
        >
          <Say text={B.bookTab} />
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'manage'}
          data-testid="tab-manage"
          onClick={() => setTab('manage')}
        >
          <Say text={B.manageTab} />
        </button>
      </div>
      {tab === 'book' ? <BookSteps api={api} /> : <ManageBooking api={api} />}
    </section>
  );
}

type Choice = {
  service: PublicBookingServices['services'][number] | null;
  day: string | null;
  slot: AppointmentSlots['slots'][number] | null;
};

function BookSteps({ api }: { api: BookingApi }) {
  const services = useLoad(() => api.services(), 'services');
  const [choice, setChoice] = useState<Choice>({ service: null, day: null, slot: null });
  const [booked, setBooked] = useState<PublicBooked | null>(null);
  const timeZone = services?.ok ? services.data.timeZone : 'Asia/Shanghai';

  if (booked)
    return (
      <Booked
        booked={booked}
        timeZone={timeZone}
        onAnother={() => {
          setBooked(null);
          setChoice({ service: null, day: null, slot: null });
        }}
      />
    );
  if (!services) return <Loading />;
  if (!services.ok) return <ErrorNote problem={services.message} />;
  const { service, day, slot } = choice;
  return (
    <div className="booking-steps">
      <Step
        title={B.stepService}
        done={service ? service.name : null}
        onChange={() => setChoice({ service: null, day: null, slot: null })}
      >
        {services.data.services.length === 0 ? (
          <p className="booking-note">
            <Say text={B.noServices} />
          </p>
        ) : (
          <ul className="choice-list">
            {services.data.services.map((s) => (
              <li key={s.id}>
                <button
                  type="button"
                  className="choice"
                  data-service={s.id}
                  onClick={() => setChoice({ service: s, day: null, slot: null })}
                >
                  <Say text={s.name} />
                </button>
              </li>
            ))}
          </ul>
        )}
      </Step>
      {service && (
        <Step
          title={B.stepDay}
          done={day ? { zh: dayLabel(day, 'zh'), en: dayLabel(day, 'en') } : null}
          onChange={() => setChoice({ service, day: null, slot: null })}
        >
          <DayChoice
            api={api}
            serviceId={service.id}
            onDay={(d) => setChoice({ service, day: d, slot: null })}
          />
        </Step>
      )}
      {service && day && (
        <Step
          title={B.stepSlot}
          done={
            slot ? { zh: `${slot.slotStart}–${slot.slotEnd}`, en: `${slot.slotStart}–${slot.slotEnd}` } : null
          }
          onChange={() => setChoice({ service, day, slot: null })}
        >
          <SlotChoice
            api={api}
            serviceId={service.id}
            day={day}
            onSlot={(s) => setChoice({ service, day, slot: s })}
          />
        </Step>
      )}
      {service && day && slot && (
        <Step title={B.stepForm} done={null} onChange={null}>
          <VisitorForm
            api={api}
            request={{ serviceId: service.id, day, slotStart: slot.slotStart }}
            onBooked={setBooked}
          />
        </Step>
      )}
    </div>
  );
}

function Loading() {
  return (
    <p className="booking-note" data-testid="booking-loading">
      <Say text={B.loading} />
    </p>
  );
}

function Step(props: {
  title: LocalizedText;
  done: LocalizedText | null;
  onChange: (() => void) | null;
  children: React.ReactNode;
}) {
  return (
    <section className="step card">
      <header className="step-head">
        <h2>
          <Say text={props.title} />
        </h2>
        {props.done && (
          <span className="step-done" data-testid="step-done">
            <Say text={props.done} />
          </span>
        )}
        {props.done && props.onChange && (
          <button type="button" className="link" onClick={props.onChange}>
            <Say text={B.change} />
          </button>
        )}
      </header>
      {!props.done && props.children}
    </section>
  );
}

function DayChoice(props: { api: BookingApi; serviceId: string; onDay: (day: string) => void }) {
  const language = useLanguage();
  const days = useLoad<PublicBookingDays>(() => props.api.days(props.serviceId), props.serviceId);
  if (!days) return <Loading />;
  if (!days.ok) return <ErrorNote problem={days.message} />;
  return (
    <ul className="day-grid">
      {days.data.days.map((d) => (
        <li key={d.day}>
          <button
            type="button"
            className="day"
            data-day={d.day}
            disabled={!d.open || d.free === 0}
            onClick={() => props.onDay(d.day)}
          >
            <span className="day-label">{dayLabel(d.day, language)}</span>
            <span className="day-free" data-free={d.free}>
              {!d.open ? (
                <Say text={B.closedDay} />
              ) : d.free === 0 ? (
                <Say text={B.full} />
              ) : (
                <>
                  <Say text={B.free} /> {d.free}
                </>
              )}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function SlotChoice(props: {
  api: BookingApi;
  serviceId: string;
  day: string;
  onSlot: (slot: AppointmentSlots['slots'][number]) => void;
}) {
  const slots = useLoad<AppointmentSlots>(
    () => props.api.slots(props.serviceId, props.day),
    `${props.serviceId}/${props.day}`,
    LIVE_REFRESH_MS,
  );
  if (!slots) return <Loading />;
  if (!slots.ok) return <ErrorNote problem={slots.message} />;
  return (
    <>
      <p className="booking-note live-note">
        <Say text={B.liveNote} />
      </p>
      <ul className="slot-grid">
        {slots.data.slots.map((s) => (
          <li key={s.slotStart}>
            <button
              type="button"
              className="slot"
              data-slot={s.slotStart}
              data-free={s.free}
              disabled={!s.bookable}
              onClick={() => props.onSlot(s)}
            >
              <span className="slot-time">
                {s.slotStart}–{s.slotEnd}
              </span>
              <span className="slot-free">
                {s.bookable ? (
                  <>
                    <Say text={B.free} /> {s.free}
                  </>
                ) : (
                  <Say text={s.reason === 'full' ? B.full : B.slotClosed} />
                )}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

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

function VisitorForm(props: {
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

function AppointmentFacts({ appointment, timeZone }: { appointment: AppointmentView; timeZone: string }) {
  const language = useLanguage();
  return (
    <dl className="booking-facts">
      <div>
        <dt>
          <Say text={B.service} />
        </dt>
        <dd>
          <Say text={appointment.serviceName} />
        </dd>
      </div>
      <div>
        <dt>
          <Say text={B.time} />
        </dt>
        <dd data-testid="appointment-time">
          {dayLabel(appointment.day, language)} {appointment.slotStart}–{appointment.slotEnd}
        </dd>
      </div>
      <div>
        <dt>
          <Say text={B.checkInWindow} />
        </dt>
        <dd>
          {formatClock(appointment.checkInOpensAt, timeZone)}–
          {formatClock(appointment.checkInClosesAt, timeZone)}
        </dd>
      </div>
      <div>
        <dt>
          <Say text={B.bookedBy} />
        </dt>
        <dd>{appointment.visitorName ?? '—'}</dd>
      </div>
      <div>
        <dt>
          <Say text={B.status} />
        </dt>
        <dd data-status={appointment.status}>
          <Say text={STATUS_TEXT[appointment.status]} />
        </dd>
      </div>
      {appointment.status === 'booked' && (
        <div>
          <dt>
            <Say text={B.cancelBefore} />
          </dt>
          <dd>{formatDateTime(appointment.cancelDeadline, timeZone)}</dd>
        </div>
      )}
    </dl>
  );
}

function Booked(props: { booked: PublicBooked; timeZone: string; onAnother: () => void }) {
  const { appointment, qr } = props.booked;
  const top = useRef<HTMLElement>(null);
  // The code is what matters now: show the page from its top, not scrolled to where the form's button was.
  useEffect(() => {
    top.current?.closest('.visitor-main')?.scrollTo({ top: 0 });
  }, []);
  return (
    <section className="card booked" data-testid="booked" ref={top}>
      <h2 className="booked-title">
        <Say text={B.booked} />
      </h2>
      <p className="code-label">
        <Say text={B.bookingCode} />
      </p>
      <p className="booking-code" data-code={appointment.code}>
        {groupCode(appointment.code)}
      </p>
      <img className="booking-qr" src={qr} alt={appointment.code} width={200} height={200} />
      <p className="booking-note">
        <Say text={B.qrHint} />
      </p>
      <AppointmentFacts appointment={appointment} timeZone={props.timeZone} />
      <p className="booking-note keep">
        <Say text={B.keepCode} />
      </p>
      <button type="button" className="secondary" onClick={props.onAnother}>
        <Say text={B.another} />
      </button>
    </section>
  );
}

function ManageBooking({ api }: { api: BookingApi }) {
  const [code, setCode] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [found, setFound] = useState<PublicBooked | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const services = useLoad(() => api.services(), 'services');
  const timeZone = services?.ok ? services.data.timeZone : 'Asia/Shanghai';
  const key = () => ({
    code: code.replace(/[\s-]/g, '').toUpperCase(),
    idNumber: normaliseIdNumber(idNumber),
  });
  const find = (event: FormEvent) => {
    event.preventDefault();
    const k = key();
    if (!/^[2-9A-HJKMNP-Z]{8}$/.test(k.code)) {
      setProblem(B.codeForm);
      return;
    }
    setBusy(true);
    setProblem(null);
    void api.lookup(k).then((answer) => {
      setBusy(false);
      if (answer.ok) setFound(answer.data);
      else setProblem(answer.message);
    });
  };
  const cancel = () => {
    setBusy(true);
    void api.cancel(key()).then((answer) => {
      setBusy(false);
      setConfirming(false);
      if (answer.ok && found) setFound({ ...found, appointment: answer.data.appointment });
      else if (!answer.ok) setProblem(answer.message);
    });
  };
  return (
    <section className="card manage" data-testid="manage">
      <p className="booking-note">
        <Say text={B.manageHint} />
      </p>
      <form className="visitor-form" onSubmit={find} noValidate>
        <label className="field">
          <span className="field-label">
            <Say text={B.bookingCode} />
          </span>
          <input
            name="code"
            autoComplete="off"
            autoCapitalize="characters"
            maxLength={10}
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">
            <Say text={B.idNumber} />
          </span>
          <input
            name="idNumber"
            autoComplete="off"
            maxLength={22}
            value={idNumber}
            onChange={(e) => setIdNumber(e.target.value)}
          />
        </label>
        <button type="submit" className="primary" data-action="find" disabled={busy}>
          <Say text={B.find} />
        </button>
      </form>
      <ErrorNote problem={problem} />
      {found && (
        <div className="found" data-testid="found">
          <p className="booking-code" data-code={found.appointment.code}>
            {groupCode(found.appointment.code)}
          </p>
          {found.appointment.status === 'booked' && (
            <img
              className="booking-qr"
              src={found.qr}
              alt={found.appointment.code}
              width={200}
              height={200}
            />
          )}
          <AppointmentFacts appointment={found.appointment} timeZone={timeZone} />
          {found.appointment.status === 'cancelled' && (
            <p className="booking-note cancelled" role="status" data-testid="cancelled">
              <Say text={B.cancelled} />
            </p>
          )}
          {found.appointment.status === 'booked' &&
            (confirming ? (
              <div className="confirm" role="alertdialog">
                <p>
                  <Say text={B.confirmCancel} />
                </p>
                <button
                  type="button"
                  className="danger"
                  data-action="confirm-cancel"
                  disabled={busy}
                  onClick={cancel}
                >
                  <Say text={B.yesCancel} />
                </button>
                <button type="button" className="secondary" onClick={() => setConfirming(false)}>
                  <Say text={B.keep} />
                </button>
              </div>
            ) : (
              <button
                type="button"
                className="danger"
                data-action="cancel"
                onClick={() => setConfirming(true)}
              >
                <Say text={B.cancel} />
              </button>
            ))}
        </div>
      )}
    </section>
  );
}
