import { decodeSmsSubmit, PduError } from './pdu.ts';

export interface SimulatedSms {
  readonly phone: string;
  readonly text: string;
  readonly parts: number;
}

/** The serial side the simulator speaks on: a SerialConnection on the other end of a pty pair, or a mock. */
export interface ModemSimulatorPort {
  write(bytes: Uint8Array): Promise<void>;
  onData(listener: (chunk: Uint8Array) => void): () => void;
}

/**
 * A GSM modem as the hub's driver meets it on a serial port: it echoes commands until ATE0, answers AT, ATE0,
 * AT+CMGF=<0|1> and AT+CMGS=<n> with the `> ` prompt, reads the PDU up to Ctrl-Z (ESC cancels), checks its
 * length against n, decodes it and answers `+CMGS: <mr>` and OK. Parts of a long message are put together by
 * their concatenation header. `failNext` makes it answer the next send with a +CMS ERROR.
 */
export function createGsmModemSimulator(port: ModemSimulatorPort) {
  const messages: SimulatedSms[] = [];
  const partsSeen: { phone: string; text: string; reference: number | null }[] = [];
  const pending = new Map<string, Map<number, string>>();
  let echo = true;
  let pduMode = false;
  let awaiting: number | null = null;
  let buffer = '';
  let reference = 0;
  let failures: number[] = [];
  const listeners = new Set<(sms: SimulatedSms) => void>();

  const say = (text: string) => {
    void port.write(Buffer.from(text, 'latin1')).catch(() => undefined);
  };

  function takeMessage(hex: string, length: number) {
    const injected = failures.shift();
    if (injected !== undefined) return say(`\r\n+CMS ERROR: ${injected}\r\n`);
    let decoded: ReturnType<typeof decodeSmsSubmit>;
    try {
      const scaLength = Number.parseInt(hex.slice(0, 2), 16);
      if (hex.length !== (1 + scaLength + length) * 2) return say('\r\n+CMS ERROR: 304\r\n');
      decoded = decodeSmsSubmit(hex);
    } catch (error) {
      return say(`\r\n+CMS ERROR: ${error instanceof PduError ? 304 : 500}\r\n`);
    }
    reference = (reference + 1) % 256;
    partsSeen.push({
      phone: decoded.phone,
      text: decoded.text,
      reference: decoded.concat?.reference ?? null,
    });
    if (decoded.concat === null) complete({ phone: decoded.phone, text: decoded.text, parts: 1 });
    else {
      const key = `${decoded.phone}|${decoded.concat.reference}|${decoded.concat.total}`;
      const parts = pending.get(key) ?? new Map<number, string>();
      parts.set(decoded.concat.sequence, decoded.text);
      pending.set(key, parts);
      if (parts.size === decoded.concat.total) {
        pending.delete(key);
        const text = [...parts]
          .sort(([a], [b]) => a - b)
          .map(([, t]) => t)
          .join('');
        complete({ phone: decoded.phone, text, parts: decoded.concat.total });
      }
    }
    say(`\r\n+CMGS: ${reference}\r\n\r\nOK\r\n`);
  }

  function complete(sms: SimulatedSms): void {
    messages.push(sms);
    for (const listener of listeners) listener(sms);
  }

  function command(line: string) {
    const at = line.trim().toUpperCase();
    if (at === '') return;
    if (at === 'AT') return say('\r\nOK\r\n');
    if (at === 'ATE0') {
      echo = false;
      return say('\r\nOK\r\n');
    }
    const cmgf = /^AT\+CMGF=([01])$/.exec(at);
    if (cmgf) {
      pduMode = cmgf[1] === '0';
      return say('\r\nOK\r\n');
    }
    const cmgs = /^AT\+CMGS=(\d+)$/.exec(at);
    if (cmgs) {
      if (!pduMode) return say('\r\n+CMS ERROR: 302\r\n');
      awaiting = Number(cmgs[1]);
      return say('\r\n> ');
    }
    say('\r\nERROR\r\n');
  }

  const unsubscribe = port.onData((chunk) => {
    const text = Buffer.from(chunk).toString('latin1');
    if (echo && awaiting === null) say(text);
    buffer += text;
    for (;;) {
      if (awaiting !== null) {
        // Ctrl-Z ends the PDU, ESC cancels it.
        const ends = [buffer.indexOf('\x1a'), buffer.indexOf('\x1b')].filter((i) => i !== -1);
        const end = ends.length === 0 ? -1 : Math.min(...ends);
        if (end === -1) return;
        const body = buffer.slice(0, end).trim();
        const cancelled = buffer[end] === '\x1b';
        buffer = buffer.slice(end + 1);
        const length = awaiting;
        awaiting = null;
        if (cancelled) say('\r\nOK\r\n');
        else takeMessage(body, length);
        continue;
      }
      const end = buffer.indexOf('\r');
      if (end === -1) {
        if (buffer.length > 4096) buffer = '';
        return;
      }
      const line = buffer.slice(0, end).replace(/\n/g, '');
      buffer = buffer.slice(end + 1);
      command(line);
    }
  });

  return {
    /** Whole messages (parts put together) in the order their last part arrived. */
    messages,
    /** Every part as it arrived. */
    parts: partsSeen,
    onMessage(listener: (sms: SimulatedSms) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** The next sends fail with these +CMS ERROR codes, in turn. */
    failNext(...codes: number[]): void {
      failures = [...failures, ...codes];
    },
    /** A power cycle: echo on, text mode, nothing half-received. */
    reset(): void {
      echo = true;
      pduMode = false;
      awaiting = null;
      buffer = '';
    },
    close: unsubscribe,
  };
}

export type GsmModemSimulator = ReturnType<typeof createGsmModemSimulator>;
