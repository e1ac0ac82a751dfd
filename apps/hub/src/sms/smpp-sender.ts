import type { Pdu, Session } from 'smpp';
import { smpp } from './smpp-module.ts';
import type { SendOutcome, SmsReceipt, SmsSender } from './sms-sender.ts';
import { countSegments } from './sms-text.ts';

export interface SmppConfig {
  /** smpp://host:port */
  readonly url: string;
  readonly systemId: string;
  readonly password: string;
  /** The sender address (the hall's 码号). */
  readonly sourceAddr: string;
  readonly enquireLinkMs: number;
}

/** Statuses worth trying again: throttled, queue full, system error, not bound. */
const RETRYABLE = new Set([
  smpp.ESME_RTHROTTLED,
  smpp.ESME_RMSGQFUL,
  smpp.ESME_RSYSERR,
  smpp.ESME_RINVBNDSTS,
]);

/** The text of a message field as the smpp package decodes it. */
export function smppText(field: Pdu['short_message'] | Pdu['message_payload']): string {
  if (field === undefined) return '';
  if (typeof field === 'string') return field;
  if (Buffer.isBuffer(field)) return field.toString('latin1');
  return field.message;
}

/** `id:… sub:… dlvrd:… submit date:… done date:… stat:DELIVRD err:000 text:…` (SMPP 3.4 appendix B). */
export function parseReceipt(text: string): SmsReceipt | null {
  const id = /id:(\S+)/.exec(text)?.[1];
  const stat = /stat:(\S+)/.exec(text)?.[1];
  if (!id || !stat) return null;
  const err = /err:(\S+)/.exec(text)?.[1] ?? '';
  return {
    gatewayId: id,
    delivered: stat === 'DELIVRD',
    reason: stat === 'DELIVRD' ? null : `${stat} err:${err}`,
  };
}

/**
 * SMPP 3.4 as an ESME in transceiver mode: one bound session, submit_sm with a delivery receipt asked for, the
 * receipts (deliver_sm with esm_class 0x04) answered and reported. Text goes in UCS-2 when it has Chinese; a
 * message longer than one segment goes whole in the message_payload TLV, for the SMSC to split. A lost
 * connection is bound again on the next message.
 */
export function createSmppSender(config: SmppConfig): SmsSender {
  const listeners: ((receipt: SmsReceipt) => void)[] = [];
  let session: Promise<Session> | null = null;
  /** Submits waiting for their submit_sm_resp: a lost connection answers them at once (retry), not at the timeout. */
  const awaiting = new Set<(outcome: SendOutcome) => void>();
  let closed = false;

  function bind(): Promise<Session> {
    return new Promise<Session>((resolve, reject) => {
      const s = smpp.connect({ url: config.url, auto_enquire_link_period: config.enquireLinkMs });
      let bound = false;
      const fail = (error: Error) => {
        session = null;
        for (const settle of [...awaiting]) settle({ ok: false, retry: true, reason: error.message });
        if (!bound) reject(error);
      };
      s.on('error', (error: Error) => fail(error));
      s.on('close', () => fail(new Error('SMPP connection closed')));
      s.on('deliver_sm', (pdu: Pdu) => {
        s.send(pdu.response());
        if (((pdu.esm_class ?? 0) & 0x3c) !== 0x04) return;
        const receipt = parseReceipt(smppText(pdu.short_message) || smppText(pdu.message_payload));
        if (receipt) for (const listener of listeners) listener(receipt);
      });
      s.on('connect', () => {
        s.bind_transceiver({ system_id: config.systemId, password: config.password }, (pdu) => {
          if (pdu.command_status === smpp.ESME_ROK) {
            bound = true;
            resolve(s);
          } else {
            s.destroy();
            reject(new Error(`SMPP bind refused (status ${pdu.command_status})`));
          }
        });
      });
    });
  }

  const sessionNow = () => {
    session ??= bind();
    return session;
  };

  return {
    kind: 'smpp',
    dropsRepeats: false,
    async send(message, signal): Promise<SendOutcome> {
      if (closed) return { ok: false, retry: true, reason: 'closing' };
      let s: Session;
      try {
        s = await sessionNow();
      } catch (error) {
        session = null;
        return { ok: false, retry: true, reason: error instanceof Error ? error.message : String(error) };
      }
      const long = countSegments(message.text).segments > 1;
      return new Promise<SendOutcome>((done) => {
        const resolve = (outcome: SendOutcome) => {
          awaiting.delete(resolve);
          signal.removeEventListener('abort', onAbort);
          done(outcome);
        };
        const onAbort = () => resolve({ ok: false, retry: true, reason: 'no submit_sm_resp in time' });
        signal.addEventListener('abort', onAbort, { once: true });
        awaiting.add(resolve);
        s.submit_sm(
          {
            source_addr: config.sourceAddr,
            destination_addr: message.phone,
            registered_delivery: 1,
            ...(long ? { message_payload: message.text } : { short_message: message.text }),
          },
          (pdu) => {
            if (pdu.command_status === smpp.ESME_ROK && pdu.message_id)
              resolve({ ok: true, gatewayId: pdu.message_id });
            else
              resolve({
                ok: false,
                retry: RETRYABLE.has(pdu.command_status),
                reason: `SMPP status 0x${pdu.command_status.toString(16).padStart(8, '0')}`,
              });
          },
        );
      });
    },
    onReceipt(listener) {
      listeners.push(listener);
    },
    async close() {
      closed = true;
      const current = session;
      session = null;
      if (!current) return;
      const s = await current.catch(() => null);
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
}
