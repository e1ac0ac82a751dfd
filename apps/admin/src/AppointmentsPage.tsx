import type {
  AppointmentBlockView,
  AppointmentCardType,
  AppointmentDayView,
  AppointmentReport,
  AppointmentSlots,
  AppointmentView,
  HallConfig,
} from '@hallq/protocol';
import { formatDateTime, useLanguage } from '@hallq/ui';
import { useCallback, useEffect, useState } from 'react';
import type { AdminConnection } from './admin-connection.ts';
import { APPOINTMENT_STATUS_WORDS, bookableServices, lookupOf } from './appointments-view.ts';
import { minutesText, percentText } from './report-range.ts';
import { ErrorLine, T } from './T.tsx';

const CARD_TYPES: { id: AppointmentCardType; zh: string; en: string }[] = [
  { id: 'resident', zh: '居民身份证', en: 'Resident ID card' },
  { id: 'hk-mo-tw', zh: '港澳台居民居住证', en: 'HK/Macao/Taiwan residence permit' },
  { id: 'foreign-2023', zh: '外国人永久居留身份证（2023版）', en: 'Foreign permanent residence card (2023)' },
  { id: 'foreign-2017', zh: '外国人永久居留身份证（2017版）', en: 'Foreign permanent residence card (2017)' },
];

/** 预约服务台: pick a service, a day and a slot with free places, enter the visitor, book; the code is read out. */
function BookCard({
  connection,
  hall,
  today,
  onBooked,
}: {
  connection: AdminConnection;
  hall: HallConfig | null;
  today: string;
  onBooked: (a: AppointmentView) => void;
}) {
  const language = useLanguage();
  const services = bookableServices(hall);
  const [serviceId, setServiceId] = useState('');
  const [day, setDay] = useState('');
  const [slots, setSlots] = useState<AppointmentSlots | null>(null);
  const [slotStart, setSlotStart] = useState('');
  const [visitor, setVisitor] = useState({
    cardType: 'resident' as AppointmentCardType,
    idNumber: '',
    name: '',
    phone: '',
  });
  const [booked, setBooked] = useState<AppointmentView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!serviceId && services[0]) setServiceId(services[0].id);
  }, [serviceId, services]);
  useEffect(() => {
    if (!day && today) setDay(today);
  }, [day, today]);
  const loadSlots = useCallback(async () => {
    if (!serviceId || !day) return;
    setError(null);
    const answer = await connection.command('appointment:slots', { serviceId, day });
    if (answer.ok) setSlots(answer.data);
    else setError(answer.error.message);
  }, [connection, serviceId, day]);
  useEffect(() => {
    void loadSlots();
  }, [loadSlots]);
  const book = async () => {
    setError(null);
    setBooked(null);
    const answer = await connection.command('appointment:book', {
      serviceId,
      day,
      slotStart,
      visitor: { ...visitor, idNumber: visitor.idNumber.trim().toUpperCase(), phone: visitor.phone.trim() },
      via: 'desk',
    });
    if (!answer.ok) return setError(answer.error.message);
    setBooked(answer.data.appointment);
    setVisitor({ cardType: visitor.cardType, idNumber: '', name: '', phone: '' });
    onBooked(answer.data.appointment);
    void loadSlots();
  };
  return (
    <section className="card" data-card="appointment-book">
      <h2>
        <T zh="代为预约" en="Book for a visitor" />
      </h2>
      {services.length === 0 ? (
        <p className="muted">
          <T zh="没有接受预约的业务" en="No service takes appointments" />
        </p>
      ) : (
        <>
          <div className="controls">
            <select
              name="appointment-service"
              value={serviceId}
              onChange={(e) => setServiceId(e.target.value)}
            >
              {services.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name[language]}
                </option>
              ))}
            </select>
            <input type="date" name="appointment-day" value={day} onChange={(e) => setDay(e.target.value)} />
            {slots && (
              <span className="muted">
                <T
                  zh={`可预约 ${slots.firstDay} 至 ${slots.lastDay}`}
                  en={`Bookable ${slots.firstDay} to ${slots.lastDay}`}
                />
              </span>
            )}
          </div>
          <div className="slot-grid" data-list="slots">
            {slots?.slots.map((s) => (
              <button
                key={s.slotStart}
                type="button"
                name="appointment-slot"
                data-slot={s.slotStart}
                disabled={!s.bookable}
                className={s.slotStart === slotStart ? 'active' : ''}
                onClick={() => setSlotStart(s.slotStart)}
              >
                {s.slotStart}–{s.slotEnd}
                <small>{language === 'zh' ? ` 余${s.free}` : ` ${s.free} free`}</small>
              </button>
            ))}
            {slots && slots.slots.length === 0 && (
              <span className="muted">
                <T zh="该日没有时段" en="No slots that day" />
              </span>
            )}
          </div>
          <div className="controls">
            <select
              name="appointment-card-type"
              value={visitor.cardType}
              onChange={(e) => setVisitor({ ...visitor, cardType: e.target.value as AppointmentCardType })}
            >
              {CARD_TYPES.map((c) => (
                <option key={c.id} value={c.id}>
                  {c[language]}
                </option>
              ))}
            </select>
            <input
              name="appointment-id-number"
              placeholder={language === 'zh' ? '证件号码' : 'ID number'}
              maxLength={18}
              autoComplete="off"
              value={visitor.idNumber}
              onChange={(e) => setVisitor({ ...visitor, idNumber: e.target.value })}
            />
            <input
              name="appointment-name"
              placeholder={language === 'zh' ? '姓名' : 'Name'}
              maxLength={60}
              autoComplete="off"
              value={visitor.name}
              onChange={(e) => setVisitor({ ...visitor, name: e.target.value })}
            />
            <input
              name="appointment-phone"
              placeholder={language === 'zh' ? '手机号码' : 'Mobile number'}
              maxLength={11}
              inputMode="numeric"
              autoComplete="off"
              value={visitor.phone}
              onChange={(e) => setVisitor({ ...visitor, phone: e.target.value })}
            />
            <button
              type="button"
              className="primary"
              name="appointment-book"
              disabled={!slotStart}
              onClick={() => void book()}
            >
              <T zh="预约" en="Book" />
            </button>
          </div>
        </>
      )}
      <ErrorLine error={error} />
      {booked && (
        <p className="ok" data-testid="appointment-booked">
          <T zh="预约码" en="Booking code" /> <strong className="booking-code">{booked.code}</strong> ·{' '}
          {booked.day} {booked.slotStart}–{booked.slotEnd} · {booked.visitorName} {booked.phone}
        </p>
      )}
    </section>
  );
}

/** Look-up by booking code or ID number, with cancel and (admin) lifting a no-show block. */
function LookupCard({
  connection,
  isAdmin,
  timeZone,
}: {
  connection: AdminConnection;
  isAdmin: boolean;
  timeZone: string;
}) {
  const language = useLanguage();
  const [typed, setTyped] = useState('');
  const [found, setFound] = useState<{
    appointments: AppointmentView[];
    block: AppointmentBlockView | null;
  } | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const lookup = lookupOf(typed);
  const search = useCallback(async () => {
    setError(null);
    const query = lookupOf(typed);
    if (!query) return;
    const answer = await connection.command('appointment:lookup', query);
    if (answer.ok) setFound(answer.data);
    else setError(answer.error.message);
  }, [connection, typed]);
  const cancel = async (code: string) => {
    setError(null);
    const answer = await connection.command('appointment:cancel', { code });
    if (!answer.ok) return setError(answer.error.message);
    void search();
  };
  const lift = async () => {
    if (lookup?.kind !== 'id-number') return;
    setError(null);
    const answer = await connection.command('appointment:lift-block', { idNumber: lookup.idNumber, reason });
    if (!answer.ok) return setError(answer.error.message);
    setReason('');
    void search();
  };
  return (
    <section className="card" data-card="appointment-lookup">
      <h2>
        <T zh="查询 / 取消" en="Look up / cancel" />
      </h2>
      <form
        className="controls"
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        <input
          name="appointment-search"
          placeholder={language === 'zh' ? '预约码或证件号码' : 'Booking code or ID number'}
          maxLength={24}
          autoComplete="off"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
        />
        <button type="submit" name="appointment-search-go" disabled={lookup === null}>
          <T zh="查询" en="Search" />
        </button>
      </form>
      <ErrorLine error={error} />
      {found?.block && (
        <div className="controls bad" data-testid="appointment-block">
          <T
            zh={`失约${found.block.missedAt.length}次，${formatDateTime(found.block.until, timeZone)}前不能预约`}
            en={`${found.block.missedAt.length} missed; cannot book until ${formatDateTime(found.block.until, timeZone)}`}
          />
          {isAdmin && (
            <>
              <input
                name="appointment-lift-reason"
                placeholder={language === 'zh' ? '解除原因' : 'Reason'}
                maxLength={200}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
              <button
                type="button"
                name="appointment-lift"
                disabled={reason.trim() === ''}
                onClick={() => void lift()}
              >
                <T zh="解除限制" en="Lift the block" />
              </button>
            </>
          )}
        </div>
      )}
      {found && (
        <div className="list-scroll" data-list="appointments">
          <table>
            <thead>
              <tr>
                <th>
                  <T zh="预约码" en="Code" />
                </th>
                <th>
                  <T zh="业务" en="Service" />
                </th>
                <th>
                  <T zh="时段" en="Slot" />
                </th>
                <th>
                  <T zh="状态" en="Status" />
                </th>
                <th>
                  <T zh="预约人" en="Visitor" />
                </th>
                <th />
              </tr>
            </thead>
            <tbody>
              {found.appointments.length === 0 && (
                <tr>
                  <td colSpan={6} className="muted">
                    <T zh="没有预约" en="No appointments" />
                  </td>
                </tr>
              )}
              {found.appointments.map((a) => (
                <tr key={a.code} data-appointment={a.code}>
                  <td className="nowrap booking-code">{a.code}</td>
                  <td>{a.serviceName[language]}</td>
                  <td className="nowrap">
                    {a.day} {a.slotStart}–{a.slotEnd}
                  </td>
                  <td className="nowrap" data-status={a.status}>
                    {APPOINTMENT_STATUS_WORDS[a.status][language]}
                  </td>
                  <td>
                    {a.visitorName ?? '—'} {a.idNumber ?? ''} {a.phone ?? ''}
                  </td>
                  <td>
                    {a.status === 'booked' && (
                      <button type="button" name="appointment-cancel" onClick={() => void cancel(a.code)}>
                        <T zh="取消预约" en="Cancel" />
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** 今日预约: each service's slots of the day, booked / checked in / missed / cancelled against capacity. */
function DayCard({ connection, refreshKey }: { connection: AdminConnection; refreshKey: number }) {
  const language = useLanguage();
  const [view, setView] = useState<AppointmentDayView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const answer = await connection.command('appointment:day', { day: null });
    if (answer.ok) setView(answer.data);
    else setError(answer.error.message);
  }, [connection]);
  // Loaded again after each booking at the desk above (refreshKey counts them).
  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey is the trigger, not an input
  useEffect(() => {
    void load();
  }, [load, refreshKey]);
  return (
    <section className="card" data-card="appointment-day">
      <h2>
        <T zh={`今日预约 ${view?.day ?? ''}`} en={`Today's appointments ${view?.day ?? ''}`} />
        <span className="spacer" />
        <button type="button" name="appointment-day-refresh" onClick={() => void load()}>
          <T zh="刷新" en="Refresh" />
        </button>
      </h2>
      <ErrorLine error={error} />
      {view?.services.map((s) => (
        <div key={s.serviceId}>
          <h3>{s.serviceName[language]}</h3>
          <table className="report" data-day-service={s.serviceId}>
            <thead>
              <tr>
                <th>
                  <T zh="时段" en="Slot" />
                </th>
                <th className="num">
                  <T zh="名额" en="Places" />
                </th>
                <th className="num">
                  <T zh="待签到" en="Booked" />
                </th>
                <th className="num">
                  <T zh="已签到" en="Checked in" />
                </th>
                <th className="num">
                  <T zh="失约" en="Missed" />
                </th>
                <th className="num">
                  <T zh="已取消" en="Cancelled" />
                </th>
              </tr>
            </thead>
            <tbody>
              {s.slots.map((slot) => (
                <tr key={slot.slotStart} data-slot={slot.slotStart}>
                  <td className="nowrap">
                    {slot.slotStart}–{slot.slotEnd}
                  </td>
                  <td className="num">{slot.capacity}</td>
                  <td className="num">{slot.booked}</td>
                  <td className="num">{slot.checkedIn}</td>
                  <td className={slot.missed > 0 ? 'num bad' : 'num'}>{slot.missed}</td>
                  <td className="num">{slot.cancelled}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      {view && view.services.length === 0 && (
        <p className="muted">
          <T zh="没有接受预约的业务" en="No service takes appointments" />
        </p>
      )}
    </section>
  );
}

/** 预约统计: share, check-in, no-show and on-time rates and the waits, per service and day. */
function ReportCard({ connection, today }: { connection: AdminConnection; today: string }) {
  const language = useLanguage();
  const [range, setRange] = useState({ from: '', to: '' });
  const [report, setReport] = useState<AppointmentReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (today) setRange((r) => (r.from ? r : { from: today, to: today }));
  }, [today]);
  const load = async () => {
    setError(null);
    const answer = await connection.command('appointment:report', range);
    if (answer.ok) setReport(answer.data);
    else setError(answer.error.message);
  };
  return (
    <section className="card" data-card="appointment-report">
      <h2>
        <T zh="预约统计" en="Appointment figures" />
      </h2>
      <div className="controls">
        <input
          type="date"
          name="appointment-report-from"
          value={range.from}
          onChange={(e) => setRange({ ...range, from: e.target.value })}
        />
        <input
          type="date"
          name="appointment-report-to"
          value={range.to}
          onChange={(e) => setRange({ ...range, to: e.target.value })}
        />
        <button
          type="button"
          name="appointment-report-go"
          disabled={!range.from || !range.to}
          onClick={() => void load()}
        >
          <T zh="查询" en="Show" />
        </button>
      </div>
      <ErrorLine error={error} />
      {report && (
        <div className="list-scroll" data-list="appointment-report">
          <table className="report">
            <thead>
              <tr>
                <th>
                  <T zh="日期" en="Day" />
                </th>
                <th>
                  <T zh="业务" en="Service" />
                </th>
                <th className="num">
                  <T zh="预约" en="Booked" />
                </th>
                <th className="num">
                  <T zh="预约占比" en="Share" />
                </th>
                <th className="num">
                  <T zh="签到率" en="Check-in" />
                </th>
                <th className="num">
                  <T zh="失约率" en="No-show" />
                </th>
                <th className="num">
                  <T zh="准时率" en="On time" />
                </th>
                <th className="num">
                  <T zh="预约等候(分)" en="Wait, appt (min)" />
                </th>
                <th className="num">
                  <T zh="现场等候(分)" en="Wait, walk-in (min)" />
                </th>
              </tr>
            </thead>
            <tbody>
              {report.rows.length === 0 && (
                <tr>
                  <td colSpan={9} className="muted">
                    <T zh="没有数据" en="No data" />
                  </td>
                </tr>
              )}
              {report.rows.map((r) => (
                <tr key={`${r.day}-${r.serviceId}`} data-report-row={`${r.day}/${r.serviceId}`}>
                  <td className="nowrap">{r.day}</td>
                  <td>{r.serviceName[language]}</td>
                  <td className="num">{r.booked}</td>
                  <td className="num">{percentText(r.appointmentShare)}</td>
                  <td className="num">{percentText(r.checkInRate)}</td>
                  <td className="num">{percentText(r.noShowRate)}</td>
                  <td className="num">{percentText(r.onTimeRate)}</td>
                  <td className="num">{minutesText(r.appointmentWaitSeconds)}</td>
                  <td className="num">{minutesText(r.walkInWaitSeconds)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/**
 * 预约: the help desk (book, look up, cancel for a visitor at the desk), today's slots for supervision, and the
 * appointment figures. A guide (导办) sees the help desk only; lifting a no-show block is an admin's.
 */
export function AppointmentsPage({
  connection,
  isAdmin,
  supervises,
}: {
  connection: AdminConnection;
  isAdmin: boolean;
  /** Supervisors and admins: today's slots and the figures too. */
  supervises: boolean;
}) {
  const [hall, setHall] = useState<HallConfig | null>(null);
  const [today, setToday] = useState('');
  const [refreshKey, setRefreshKey] = useState(0);
  useEffect(() => {
    void connection.command('hall:snapshot', {}).then((a) => {
      if (!a.ok) return;
      setHall(a.data.hall);
      setToday(a.data.businessDay);
    });
  }, [connection]);
  return (
    <div className="appointments">
      <BookCard
        connection={connection}
        hall={hall}
        today={today}
        onBooked={() => setRefreshKey((k) => k + 1)}
      />
      <LookupCard
        connection={connection}
        isAdmin={isAdmin}
        timeZone={hall?.rules.timeZone ?? 'Asia/Shanghai'}
      />
      {supervises && <DayCard connection={connection} refreshKey={refreshKey} />}
      {supervises && <ReportCard connection={connection} today={today} />}
    </div>
  );
}
