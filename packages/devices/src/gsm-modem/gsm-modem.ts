import { DeviceDisconnectedError, DeviceTimeoutError } from '../serial/errors.ts';
import type { SerialConnection, SerialStatus, Unsubscribe } from '../serial/serial-connection.ts';
import { createAtParser, type ModemOutput } from './at-parser.ts';
import { encodeSmsSubmit } from './pdu.ts';

/** The modem answered ERROR, +CMS ERROR or +CME ERROR. `cms` is the 27.005 code when it gave one. */
export class ModemError extends Error {
  readonly code = 'MODEM_ERROR';
  readonly cms: number | null;
  constructor(message: string, cms: number | null) {
    super(message);
    this.name = 'ModemError';
    this.cms = cms;
  }
}

export interface GsmModemOptions {
  readonly connection: Pick<SerialConnection, 'path' | 'status' | 'write' | 'onData' | 'onStatus'>;
  /** For AT, ATE0, AT+CMGF (default 2 s). */
  readonly commandTimeoutMs?: number;
  /** From the PDU to +CMGS: the network can take long (default 60 s). */
  readonly sendTimeoutMs?: number;
}

export interface SentSms {
  /** The message references (+CMGS: n) of its parts, in order. */
  readonly references: readonly number[];
  readonly parts: number;
}

/**
 * A GSM modem (短信猫) sending SMS in PDU mode: after each (re)connection `AT`, `ATE0` (echo off), `AT+CMGF=0`;
 * each part `AT+CMGS=<length>`, the `> ` prompt, the PDU and Ctrl-Z, then `+CMGS: <mr>` and `OK`. One exchange
 * at a time; a lost port fails the exchange in flight with `DeviceDisconnectedError`, and the next message
 * initialises the modem again once the port is back.
 */
export function createGsmModem(options: GsmModemOptions) {
  const { connection } = options;
  const commandTimeoutMs = options.commandTimeoutMs ?? 2000;
  const sendTimeoutMs = options.sendTimeoutMs ?? 60_000;
  let waiter: ((output: ModemOutput) => void) | null = null;
  let failWaiter: ((error: Error) => void) | null = null;
  let ready = false;
  let chain: Promise<unknown> = Promise.resolve();
  let concatReference = Math.floor(Math.random() * 256);
  const parser = createAtParser((output) => waiter?.(output));
  const unsubscribe: Unsubscribe[] = [
    connection.onData((chunk) => parser.push(chunk)),
    connection.onStatus((status) => {
      if (status === 'disconnected') {
        ready = false;
        failWaiter?.(new DeviceDisconnectedError(connection.path, 'the modem port was lost'));
      }
    }),
  ];

  /**
   * Writes `bytes` and feeds the modem's output to `step` until it settles: `step` returns a value to finish,
   * `undefined` to keep waiting, or throws to fail.
   */
  function exchange<T>(
    bytes: string,
    operation: string,
    timeoutMs: number,
    step: (output: ModemOutput) => T | undefined,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (connection.status !== 'connected') {
        reject(new DeviceDisconnectedError(connection.path, 'the modem port is not open'));
        return;
      }
      const finish = () => {
        clearTimeout(timer);
        waiter = null;
        failWaiter = null;
      };
      const timer = setTimeout(() => {
        finish();
        ready = false;
        reject(new DeviceTimeoutError(operation, timeoutMs));
      }, timeoutMs);
      failWaiter = (error) => {
        finish();
        reject(error);
      };
      waiter = (output) => {
        let result: T | undefined;
        try {
          result = step(output);
        } catch (error) {
          finish();
          reject(error);
          return;
        }
        if (result !== undefined) {
          finish();
          resolve(result);
        }
      };
      connection.write(Buffer.from(bytes, 'latin1')).catch((error: unknown) => failWaiter?.(error as Error));
    });
  }

  const failure = (text: string): ModemError | null => {
    const cms = /^\+CM[SE] ERROR:\s*(\d+)/.exec(text);
    if (cms) return new ModemError(text, Number(cms[1]));
    return text === 'ERROR' ? new ModemError('ERROR', null) : null;
  };

  const command = (at: string) =>
    exchange(`${at}\r`, at, commandTimeoutMs, (output) => {
      if (output.type !== 'line') return undefined;
      const error = failure(output.text);
      if (error) throw error;
      return output.text === 'OK' ? true : undefined;
    });

  async function initialise(): Promise<void> {
    await command('AT');
    await command('ATE0');
    await command('AT+CMGF=0');
    ready = true;
  }

  async function sendPart(hex: string, tpduLength: number): Promise<number> {
    await exchange(`AT+CMGS=${tpduLength}\r`, 'AT+CMGS', commandTimeoutMs, (output) => {
      if (output.type === 'prompt') return true;
      const error = failure(output.text);
      if (error) throw error;
      return undefined;
    });
    let reference: number | null = null;
    return exchange(`${hex}\x1a`, 'SMS send', sendTimeoutMs, (output) => {
      if (output.type !== 'line') return undefined;
      const error = failure(output.text);
      if (error) throw error;
      const cmgs = /^\+CMGS:\s*(\d+)/.exec(output.text);
      if (cmgs) reference = Number(cmgs[1]);
      return output.text === 'OK' && reference !== null ? reference : undefined;
    });
  }

  /** Runs `task` after everything queued before it, whatever became of that. */
  function serial<T>(task: () => Promise<T>): Promise<T> {
    const run = chain.then(task, task);
    chain = run.catch(() => undefined);
    return run;
  }

  return {
    get status(): SerialStatus {
      return connection.status;
    },
    /** Sends one message, in as many parts as it takes. Rejects with the error of the part that failed. */
    send(phone: string, text: string): Promise<SentSms> {
      const pdus = encodeSmsSubmit(phone, text, concatReference);
      if (pdus.length > 1) concatReference = (concatReference + 1) % 256;
      return serial(async () => {
        if (!ready) await initialise();
        const references: number[] = [];
        for (const pdu of pdus) references.push(await sendPart(pdu.hex, pdu.tpduLength));
        return { references, parts: pdus.length };
      });
    },
    close(): void {
      for (const off of unsubscribe) off();
      failWaiter?.(new DeviceDisconnectedError(connection.path, 'closed'));
    },
  };
}

export type GsmModem = ReturnType<typeof createGsmModem>;
