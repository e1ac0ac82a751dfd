import type { AddressInfo } from 'node:net';
import type { Pdu, Session } from 'smpp';
import { smpp } from './smpp-module.ts';
import { smppText } from './smpp-sender.ts';

export interface SmppReceived {
  readonly messageId: string;
  readonly phone: string;
  readonly text: string;
  readonly dataCoding: number;
  readonly viaPayload: boolean;
}

const smppDate = (d: Date) =>
  [d.getUTCFullYear() % 100, d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()]
    .map((n) => String(n).padStart(2, '0'))
    .join('');

/**
 * An SMSC for tests and the demo, on the `smpp` package's server: binds transceivers with a password, takes
 * submit_sm, answers with a message id, and sends the delivery receipt (deliver_sm, esm_class 0x04) after it.
 * A number can be made undeliverable, and the SMSC can throttle.
 */
export async function startSmppSimulator(options: { systemId: string; password: string; port?: number }) {
  const received: SmppReceived[] = [];
  const undeliverable = new Set<string>();
  let throttle = false;
  let next = 1;
  const server = smpp.createServer((session: Session) => {
    let bound = false;
    session.on('error', () => undefined);
    session.on('bind_transceiver', (pdu: Pdu) => {
      const ok = pdu.system_id === options.systemId && pdu.password === options.password;
      session.send(pdu.response(ok ? {} : { command_status: smpp.ESME_RBINDFAIL }));
      bound = ok;
      if (!ok) session.close();
    });
    session.on('enquire_link', (pdu: Pdu) => session.send(pdu.response()));
    session.on('unbind', (pdu: Pdu) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('submit_sm', (pdu: Pdu) => {
      if (!bound) return session.send(pdu.response({ command_status: smpp.ESME_RINVBNDSTS }));
      if (throttle) return session.send(pdu.response({ command_status: smpp.ESME_RTHROTTLED }));
      const phone = String(pdu.destination_addr ?? '');
      if (!/^1[3-9]\d{9}$/.test(phone))
        return session.send(pdu.response({ command_status: smpp.ESME_RINVDSTADR }));
      const messageId = `SIM${String(next++).padStart(8, '0')}`;
      const viaPayload = pdu.message_payload !== undefined;
      const text = viaPayload ? smppText(pdu.message_payload) : smppText(pdu.short_message);
      received.push({ messageId, phone, text, dataCoding: pdu.data_coding ?? 0, viaPayload });
      session.send(pdu.response({ message_id: messageId }));
      if (pdu.registered_delivery) {
        const stat = undeliverable.has(phone) ? 'UNDELIV' : 'DELIVRD';
        const now = smppDate(new Date());
        session.deliver_sm({
          source_addr: phone,
          destination_addr: String(pdu.source_addr ?? ''),
          esm_class: 0x04,
          receipted_message_id: messageId,
          message_state: stat === 'DELIVRD' ? 2 : 5,
          short_message: `id:${messageId} sub:001 dlvrd:${stat === 'DELIVRD' ? '001' : '000'} submit date:${now} done date:${now} stat:${stat} err:${stat === 'DELIVRD' ? '000' : '001'} text:`,
        });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `smpp://127.0.0.1:${port}`,
    received,
    undeliverable: (phone: string) => undeliverable.add(phone),
    throttle: (on: boolean) => {
      throttle = on;
    },
    /** Drops every bound session (a restarted SMSC). */
    dropSessions: () => {
      for (const s of [...server.sessions]) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of [...server.sessions]) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export type SmppSimulator = Awaited<ReturnType<typeof startSmppSimulator>>;
