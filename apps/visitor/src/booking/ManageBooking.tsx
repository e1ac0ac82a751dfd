/** 查询 · 取消: a visitor finds a booking by its code and ID number, and may cancel it. */
import type { PublicBooked } from '@hallq/protocol';
import { type FormEvent, useState } from 'react';
import type { BookingApi } from './booking-api.ts';
import { AppointmentFacts, ErrorNote, type Problem, Say, useLoad } from './booking-parts.tsx';
import { B } from './booking-text.ts';
import { groupCode, normaliseIdNumber } from './visitor-form.ts';

export function ManageBooking({ api }: { api: BookingApi }) {
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
