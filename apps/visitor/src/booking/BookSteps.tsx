/** 预约 step by step: service → day → slot (free places refreshed live) → the visitor's details → booked. */
import type {
  AppointmentSlots,
  LocalizedText,
  PublicBooked,
  PublicBookingDays,
  PublicBookingServices,
} from '@hallq/protocol';
import { useLanguage } from '@hallq/ui/language';
import { useEffect, useRef, useState } from 'react';
import type { BookingApi } from './booking-api.ts';
import { AppointmentFacts, dayLabel, ErrorNote, Loading, Say, useLoad } from './booking-parts.tsx';
import { B } from './booking-text.ts';
import { VisitorForm } from './VisitorForm.tsx';
import { groupCode } from './visitor-form.ts';

/** How often the chosen day's free places are read again while the visitor picks a slot. */
const LIVE_REFRESH_MS = 5000;

type Choice = {
  service: PublicBookingServices['services'][number] | null;
  day: string | null;
  slot: AppointmentSlots['slots'][number] | null;
};

export function BookSteps({ api }: { api: BookingApi }) {
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
