import { describe, expect, it } from 'vitest';
import { PrinterStatusReplyError } from './printer-errors.ts';
import { simulatedStatusReplies } from './printer-simulator.ts';
import {
  buildStatusRequest,
  checkReady,
  type KnownPrinterStatus,
  parseErrorCauseByte,
  parseOfflineCauseByte,
  parsePaperSensorByte,
  parsePrinterStatus,
  parsePrinterStatusByte,
  unknownPrinterStatus,
} from './printer-status.ts';

describe('DLE EOT requests', () => {
  it.each([1, 2, 3, 4] as const)('DLE EOT %i is 10 04 n', (n) => {
    expect([...buildStatusRequest(n)]).toEqual([0x10, 0x04, n]);
  });
});

describe('status bytes', () => {
  it('0x12 is all clear on every request', () => {
    expect(parsePrinterStatusByte(0x12)).toEqual({
      drawerPin3High: false,
      offline: false,
      waitingOnlineRecovery: false,
      feedButtonPressed: false,
    });
    expect(parseOfflineCauseByte(0x12)).toEqual({
      coverOpen: false,
      paperFedByButton: false,
      stoppedByPaperEnd: false,
      errorOccurred: false,
    });
    expect(parseErrorCauseByte(0x12)).toEqual({
      recoverable: false,
      autocutter: false,
      unrecoverable: false,
      autoRecoverable: false,
    });
    expect(parsePaperSensorByte(0x12)).toEqual({ nearEnd: false, paperEnd: false });
  });

  it.each([
    [0x1a, { offline: true, drawerPin3High: false, waitingOnlineRecovery: false, feedButtonPressed: false }],
    [0x16, { offline: false, drawerPin3High: true, waitingOnlineRecovery: false, feedButtonPressed: false }],
    [0x32, { offline: false, drawerPin3High: false, waitingOnlineRecovery: true, feedButtonPressed: false }],
    [0x52, { offline: false, drawerPin3High: false, waitingOnlineRecovery: false, feedButtonPressed: true }],
    [0x3a, { offline: true, drawerPin3High: false, waitingOnlineRecovery: true, feedButtonPressed: false }],
  ])('DLE EOT 1 reply 0x%s', (byte, expected) => {
    expect(parsePrinterStatusByte(byte)).toEqual(expected);
  });

  it.each([
    [0x16, { coverOpen: true, paperFedByButton: false, stoppedByPaperEnd: false, errorOccurred: false }],
    [0x1a, { coverOpen: false, paperFedByButton: true, stoppedByPaperEnd: false, errorOccurred: false }],
    [0x32, { coverOpen: false, paperFedByButton: false, stoppedByPaperEnd: true, errorOccurred: false }],
    [0x52, { coverOpen: false, paperFedByButton: false, stoppedByPaperEnd: false, errorOccurred: true }],
    [0x76, { coverOpen: true, paperFedByButton: false, stoppedByPaperEnd: true, errorOccurred: true }],
  ])('DLE EOT 2 reply 0x%s', (byte, expected) => {
    expect(parseOfflineCauseByte(byte)).toEqual(expected);
  });

  it.each([
    [0x16, { recoverable: true, autocutter: false, unrecoverable: false, autoRecoverable: false }],
    [0x1a, { recoverable: false, autocutter: true, unrecoverable: false, autoRecoverable: false }],
    [0x32, { recoverable: false, autocutter: false, unrecoverable: true, autoRecoverable: false }],
    [0x52, { recoverable: false, autocutter: false, unrecoverable: false, autoRecoverable: true }],
  ])('DLE EOT 3 reply 0x%s', (byte, expected) => {
    expect(parseErrorCauseByte(byte)).toEqual(expected);
  });

  it.each([
    [0x12, { nearEnd: false, paperEnd: false }],
    [0x1e, { nearEnd: true, paperEnd: false }],
    [0x72, { nearEnd: false, paperEnd: true }],
    [0x7e, { nearEnd: true, paperEnd: true }],
    [0x16, { nearEnd: true, paperEnd: false }],
    [0x32, { nearEnd: false, paperEnd: true }],
  ])('DLE EOT 4 reply 0x%s', (byte, expected) => {
    expect(parsePaperSensorByte(byte)).toEqual(expected);
  });

  it.each([0x00, 0x13, 0x02, 0x10, 0x92, 0xff, 0x100, -1])('rejects 0x%s: fixed bits wrong', (byte) => {
    expect(() => parsePrinterStatusByte(byte)).toThrow(PrinterStatusReplyError);
    expect(() => parsePaperSensorByte(byte)).toThrow(
      expect.objectContaining({ code: 'BAD_STATUS_REPLY', request: 4, reply: byte }),
    );
  });
});

const status = (printer: number, offlineCause: number, paperSensor: number, errorCause?: number) =>
  parsePrinterStatus({
    printer,
    offlineCause,
    paperSensor,
    ...(errorCause === undefined ? {} : { errorCause }),
  });

describe('combined status and checkReady', () => {
  it('all clear → ok, no warnings', () => {
    const s = status(0x12, 0x12, 0x12);
    expect(s).toMatchObject({
      kind: 'known',
      online: true,
      coverOpen: false,
      paperOut: false,
      paperNearEnd: false,
    });
    expect(checkReady(s)).toEqual({ ok: true, warnings: [] });
  });

  it('near end (0x1E) → ok with a PAPER_NEAR_END warning in zh and en', () => {
    const check = checkReady(status(0x12, 0x12, 0x1e));
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.warnings.map((w) => w.code)).toEqual(['PAPER_NEAR_END']);
    expect(check.warnings[0]?.message.zh).toContain('即将用完');
    expect(check.warnings[0]?.message.en).toContain('running low');
  });

  it.each<[string, KnownPrinterStatus, string]>([
    ['paper out (0x72)', status(0x12, 0x12, 0x72), 'PAPER_OUT'],
    ['paper out and near end (0x7E)', status(0x1a, 0x32, 0x7e), 'PAPER_OUT'],
    ['stopped by paper end only (DLE EOT 2 = 0x32)', status(0x1a, 0x32, 0x12), 'PAPER_OUT'],
    ['cover open (0x16)', status(0x1a, 0x16, 0x12), 'COVER_OPEN'],
    ['offline (0x1A) without a cause', status(0x1a, 0x12, 0x12), 'OFFLINE'],
    ['error occurred (0x52)', status(0x1a, 0x52, 0x12), 'PRINTER_ERROR'],
    ['autocutter error (DLE EOT 3 = 0x1A)', status(0x1a, 0x52, 0x12, 0x1a), 'PRINTER_ERROR'],
    ['paper out wins over cover open', status(0x1a, 0x36, 0x72), 'PAPER_OUT'],
  ])('%s → refused with %s', (_name, s, code) => {
    const check = checkReady(s);
    expect(check).toMatchObject({ ok: false, code });
    if (check.ok) return;
    expect(check.message.zh.length).toBeGreaterThan(0);
    expect(check.message.en.length).toBeGreaterThan(0);
  });

  it('lists the error causes from DLE EOT 3', () => {
    expect(status(0x1a, 0x52, 0x12, 0x7e).errors).toEqual([
      'error-occurred',
      'recoverable',
      'autocutter',
      'unrecoverable',
      'auto-recoverable',
    ]);
  });

  it('unknown status (write-only transport) prints with a STATUS_UNKNOWN warning and has no paper fields', () => {
    const s = unknownPrinterStatus('/dev/usb/lp0: write-only');
    expect(s).toEqual({ kind: 'unknown', reason: 'status-unsupported', detail: '/dev/usb/lp0: write-only' });
    expect('paperOut' in s).toBe(false);
    expect(checkReady(s)).toMatchObject({ ok: true, warnings: [{ code: 'STATUS_UNKNOWN' }] });
  });

  it.each([
    ['ok', { ok: true }],
    ['near-end', { ok: true }],
    ['paper-out', { ok: false, code: 'PAPER_OUT' }],
    ['cover-open', { ok: false, code: 'COVER_OPEN' }],
    ['offline', { ok: false, code: 'OFFLINE' }],
    ['error', { ok: false, code: 'PRINTER_ERROR' }],
  ] as const)('the simulator state %s reads as %o', (state, expected) => {
    const [printer, offlineCause, errorCause, paperSensor] = simulatedStatusReplies[state];
    expect(checkReady(status(printer, offlineCause, paperSensor, errorCause))).toMatchObject(expected);
  });
});
