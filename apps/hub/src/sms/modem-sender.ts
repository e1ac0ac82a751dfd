import {
  createGsmModem,
  createSerialConnection,
  DeviceDisconnectedError,
  DeviceTimeoutError,
  type GsmModemProfile,
  ModemError,
  type SerialConnection,
} from '@hallq/devices';
import type { SmsReceipt, SmsSender } from './sms-sender.ts';

/** 27.005 +CMS ERROR codes that no retry will change: unassigned number, barred, invalid PDU or number. */
const FINAL_CMS = new Set([1, 21, 28, 29, 38, 96, 304, 305]);

/**
 * SMS through a GSM modem (短信猫) on a serial port. The port reopens itself after an unplug; a message that met
 * the port closed, or a timeout, waits for its retry. Modems report delivery only with AT+CNMI status reports,
 * which this sender does not ask for: messages end as 'sent'.
 */
export function createModemSender(options: {
  path: string;
  profile: GsmModemProfile;
  connection?: SerialConnection;
}): SmsSender {
  const connection =
    options.connection ?? createSerialConnection({ path: options.path, baudRate: options.profile.baudRate });
  const modem = createGsmModem({
    connection,
    commandTimeoutMs: options.profile.commandTimeoutMs,
    sendTimeoutMs: options.profile.sendTimeoutMs,
  });
  connection.start();
  return {
    kind: 'modem',
    dropsRepeats: false,
    async send(message) {
      const parts = message.text.length <= 70 ? 1 : Math.ceil(message.text.length / 67);
      if (parts > options.profile.maxParts)
        return {
          ok: false,
          retry: false,
          reason: `${parts} parts (the modem takes ${options.profile.maxParts})`,
        };
      try {
        const sent = await modem.send(message.phone, message.text);
        return { ok: true, gatewayId: `modem:${message.reference}:${sent.references.join('.')}` };
      } catch (error) {
        if (error instanceof ModemError)
          return { ok: false, retry: error.cms === null || !FINAL_CMS.has(error.cms), reason: error.message };
        if (error instanceof DeviceDisconnectedError || error instanceof DeviceTimeoutError)
          return { ok: false, retry: true, reason: error.message };
        return { ok: false, retry: false, reason: error instanceof Error ? error.message : String(error) };
      }
    },
    onReceipt(_listener: (receipt: SmsReceipt) => void) {
      // No status reports asked for (see above).
    },
    async close() {
      modem.close();
      await connection.stop();
    },
  };
}
