/** Pieces the booking page's steps share: wording helpers, loading, errors, an appointment's facts. */
import type { AppointmentView, LocalizedText } from '@hallq/protocol';
import { formatClock, formatDateTime } from '@hallq/ui/format';
import { localized, useLanguage } from '@hallq/ui/language';
import { useEffect, useState } from 'react';
import type { ApiAnswer } from './booking-api.ts';
import { B, WEEKDAYS } from './booking-text.ts';

export type Problem = { zh: string; en: string };

export function Say({ text }: { text: LocalizedText | Problem }) {
  return <>{localized(text, useLanguage())}</>;
}

export function ErrorNote({ problem }: { problem: Problem | null }) {
  if (!problem) return null;
  return (
    <p className="booking-error" role="alert" data-testid="booking-error">
      <Say text={problem} />
    </p>
  );
}

export const dayLabel = (day: string, language: 'zh' | 'en'): string => {
  const [y, m, d] = day.split('-').map(Number);
  const weekday = new Date(Date.UTC(y ?? 2000, (m ?? 1) - 1, d ?? 1)).getUTCDay();
  return language === 'zh' ? `${m}月${d}日 ${WEEKDAYS.zh[weekday]}` : `${WEEKDAYS.en[weekday]} ${d}/${m}`;
};

export const STATUS_TEXT: Readonly<Record<AppointmentView['status'], LocalizedText>> = {
  booked: B.statusBooked,
  'checked-in': B.statusCheckedIn,
  cancelled: B.statusCancelled,
  missed: B.statusMissed,
};

/** Calls `load` now and whenever `key` changes; `every` ms again while mounted, when given. */
export function useLoad<T>(load: () => Promise<ApiAnswer<T>>, key: string, every?: number) {
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

export function Loading() {
  return (
    <p className="booking-note" data-testid="booking-loading">
      <Say text={B.loading} />
    </p>
  );
}

export function AppointmentFacts({
  appointment,
  timeZone,
}: {
  appointment: AppointmentView;
  timeZone: string;
}) {
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
