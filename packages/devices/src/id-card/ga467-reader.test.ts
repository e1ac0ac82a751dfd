import { describe, expect, it } from 'vitest';
import { IdCardReaderProfile } from '../profiles/profile-schema.ts';
import type { DeviceLogger, SerialStatus } from '../serial/index.ts';
import { createManualTimers } from '../serial/testing/manual-timers.ts';
import { createMockSerialLink } from '../serial/testing/mock-link.ts';
import { createGa467Reader } from './ga467-reader.ts';
import type { CardRefusal, IdentityCard } from './identity-card.ts';
import {
  badCheckDigitResidentCard,
  expiredResidentCard,
  foreignPermanent2023,
  hkMacaoTaiwanPermit,
  residentCard,
  simulatedCard,
} from './simulator/card-fixtures.ts';
import { createIdReaderSimulator } from './simulator/reader-simulator.ts';

const POLL_MS = 100;

const baseProfile = IdCardReaderProfile.parse({
  id: 'test-reader',
  kind: 'id-card-reader',
  vendor: 'test',
  model: 'sim',
  description: 'simulated GA 467 reader',
  protocol: 'ga467-sam',
  baudRate: 115200,
  autoBaud: true,
  supportsFingerprint: false,
  pollIntervalMs: POLL_MS,
  responseTimeoutMs: 200,
});

interface SetupOptions {
  readonly profile?: Partial<IdCardReaderProfile>;
  readonly deviceBaudRate?: 115200 | 57600 | 38400 | 19200 | 9600;
  readonly haltAfterRead?: boolean;
}

const setup = (options: SetupOptions = {}) => {
  const deviceBaudRate = options.deviceBaudRate ?? 115200;
  const link = createMockSerialLink(undefined, { deviceBaudRate });
  const clock = createManualTimers();
  const simulator = createIdReaderSimulator({
    endpoint: link.device,
    baudRate: deviceBaudRate,
    haltAfterRead: options.haltAfterRead ?? false,
    // Real wire time: a 1295-byte read answer takes 112 ms at 115200 baud.
    timing: {
      baudRate: deviceBaudRate,
      delay: (ms) => new Promise((resolve) => clock.timers.set(resolve, ms)),
    },
  });
  const logs: string[] = [];
  const record =
    (level: string) =>
    (message: string, fields?: Readonly<Record<string, unknown>>): void => {
      logs.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
    };
  const logger: DeviceLogger = {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
  const reader = createGa467Reader({
    profile: { ...baseProfile, ...options.profile },
    path: link.path,
    binding: link.binding,
    timers: clock.timers,
    now: () => new Date('2025-06-01T02:00:00Z'),
    logger,
    backoff: { initialDelayMs: 100, maxDelayMs: 400, factor: 2 },
  });
  const cards: IdentityCard[] = [];
  const refusals: CardRefusal[] = [];
  const statuses: SerialStatus[] = [];
  reader.on('card:read', (card) => cards.push(card));
  reader.on('card:refused', (refusal) => refusals.push(refusal));
  reader.on('reader:status', (status) => statuses.push(status));
  return { link, clock, simulator, reader, cards, refusals, statuses, logs };
};

type Setup = ReturnType<typeof setup>;

const started = async (options?: SetupOptions): Promise<Setup> => {
  const context = setup(options);
  context.reader.start();
  await context.clock.advance(50);
  expect(context.reader.status).toBe('connected');
  return context;
};

describe('GA 467 reader driver on MockBinding with the simulator', () => {
  it('checks the SAM on connect and then polls for cards', async () => {
    const { clock, simulator, reader, statuses } = await started();
    expect(simulator.received[0]).toBe('sam-status');
    await clock.advance(POLL_MS * 5);
    expect(simulator.received.filter((kind) => kind === 'find-card').length).toBeGreaterThanOrEqual(4);
    expect(statuses).toEqual(['connected']);
    await reader.stop();
    expect(reader.status).toBe('disconnected');
  });

  it('reads a card once even though it stays on the reader', async () => {
    const { clock, simulator, reader, cards, refusals } = await started();
    simulator.placeCard(simulatedCard(residentCard()));
    await clock.advance(POLL_MS * 30);
    expect(refusals).toEqual([]);
    expect(cards).toHaveLength(1);
    const [card] = cards;
    expect(card).toMatchObject({
      cardType: 'resident',
      name: '王美娜',
      gender: 'female',
      ethnicity: { code: '01', name: '汉' },
      birthDate: '1949-12-31',
      idNumber: '11010519491231002X',
      validUntil: 'long-term',
    });
    expect(card?.photoWlt.length).toBe(1024);
    expect(simulator.received.filter((kind) => kind === 'read-text-photo')).toHaveLength(1);
    // It keeps polling, and the card keeps being found.
    expect(simulator.received.filter((kind) => kind === 'find-card').length).toBeGreaterThan(20);
    await reader.stop();
  });

  it('reads it again after it was removed and placed again', async () => {
    const { clock, simulator, reader, cards } = await started();
    simulator.placeCard(simulatedCard(residentCard()));
    await clock.advance(POLL_MS * 5);
    expect(cards).toHaveLength(1);
    simulator.removeCard();
    await clock.advance(POLL_MS * 5);
    simulator.placeCard(simulatedCard(hkMacaoTaiwanPermit()));
    await clock.advance(POLL_MS * 5);
    simulator.removeCard();
    await clock.advance(POLL_MS * 5);
    simulator.placeCard(simulatedCard(residentCard()));
    await clock.advance(POLL_MS * 5);
    expect(cards.map((card) => card.cardType)).toEqual(['resident', 'hk-macao-taiwan-residence', 'resident']);
    await reader.stop();
  });

  it('does not count a single missed find as removal', async () => {
    const { clock, simulator, reader, cards } = await started();
    const card = simulatedCard(residentCard());
    simulator.placeCard(card);
    await clock.advance(POLL_MS * 3);
    simulator.removeCard();
    await clock.advance(POLL_MS); // one "no card" answer: a flicker, not a removal
    simulator.placeCard(card);
    await clock.advance(POLL_MS * 5);
    expect(cards).toHaveLength(1);
    await reader.stop();
  });

  it('handles readers that stop finding a card after it was read', async () => {
    const { clock, simulator, reader, cards } = await started({ haltAfterRead: true });
    simulator.placeCard(simulatedCard(foreignPermanent2023()));
    await clock.advance(POLL_MS * 20);
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ cardType: 'foreign-permanent-2023', nationality: 'ESP' });
    await reader.stop();
  });

  it('refuses an expired card once, with a clear message', async () => {
    const { clock, simulator, reader, cards, refusals } = await started();
    simulator.placeCard(simulatedCard(expiredResidentCard()));
    await clock.advance(POLL_MS * 20);
    expect(cards).toEqual([]);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({
      code: 'CARD_EXPIRED',
      zh: '证件已过有效期，请使用有效证件或到窗口咨询',
      maskedIdNumber: '440***********0014',
    });
    await reader.stop();
  });

  it('refuses a card with a bad check digit', async () => {
    const { clock, simulator, reader, cards, refusals } = await started();
    simulator.placeCard(simulatedCard(badCheckDigitResidentCard()));
    await clock.advance(POLL_MS * 10);
    expect(cards).toEqual([]);
    expect(refusals.map((refusal) => refusal.code)).toEqual(['INVALID_ID_NUMBER']);
    await reader.stop();
  });

  it('refuses a card that cannot be read after a few attempts, once', async () => {
    const { clock, simulator, reader, refusals } = await started();
    simulator.placeCard(simulatedCard(residentCard(), { readFailure: 0x41 }));
    await clock.advance(POLL_MS * 20);
    expect(simulator.received.filter((kind) => kind === 'read-text-photo')).toHaveLength(3);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ code: 'CARD_UNREADABLE', detail: 'read: reading the card failed' });
    await reader.stop();
  });

  it('refuses an unknown card type at once', async () => {
    const { clock, simulator, reader, refusals } = await started();
    simulator.placeCard(simulatedCard(residentCard(), { readFailure: 0x40 }));
    await clock.advance(POLL_MS * 10);
    expect(refusals.map((refusal) => refusal.code)).toEqual(['CARD_UNREADABLE']);
    await reader.stop();
  });

  it('reads fingerprints with 30 10 when the profile supports them', async () => {
    const { clock, simulator, reader, cards } = await started({ profile: { supportsFingerprint: true } });
    const fingerprints = new Uint8Array(1024).fill(0x33);
    simulator.placeCard(simulatedCard(residentCard(), { fingerprints }));
    await clock.advance(POLL_MS * 5);
    expect(simulator.received).toContain('read-text-photo-fingerprint');
    expect(simulator.received).not.toContain('read-text-photo');
    expect(cards[0]?.fingerprints).toEqual(fingerprints);
    await reader.stop();
  });

  it('reports a silent reader as disconnected after repeated timeouts and resumes when it answers', async () => {
    const { clock, simulator, reader, cards, statuses } = await started();
    simulator.silent = true;
    // Three polls, each timing out after 200 ms.
    await clock.advance(3 * (POLL_MS + 200));
    expect(reader.status).toBe('disconnected');
    expect(statuses).toEqual(['connected', 'disconnected']);
    simulator.silent = false;
    simulator.placeCard(simulatedCard(residentCard()));
    await clock.advance(10_000);
    expect(reader.status).toBe('connected');
    expect(cards).toHaveLength(1);
    await reader.stop();
  });

  it('reports an unplug, keeps retrying and resumes by itself', async () => {
    const { clock, link, simulator, reader, cards, statuses } = await started();
    link.unplug();
    await clock.advance(10);
    expect(reader.status).toBe('disconnected');
    await clock.advance(5000);
    expect(reader.status).toBe('disconnected');
    link.replug();
    await clock.advance(400);
    expect(reader.status).toBe('connected');
    expect(statuses).toEqual(['connected', 'disconnected', 'connected']);
    simulator.placeCard(simulatedCard(residentCard()));
    await clock.advance(POLL_MS * 5);
    expect(cards).toHaveLength(1);
    await reader.stop();
  });

  it('finds the rate of a reader set to 9600 when auto-baud is on', async () => {
    const { clock, simulator, reader, cards } = setup({ deviceBaudRate: 9600 });
    reader.start();
    // 115200, 57600, 38400 and 19200 time out (200 ms each) before 9600 answers.
    await clock.advance(1000);
    expect(reader.status).toBe('connected');
    expect(reader.baudRate).toBe(9600);
    simulator.placeCard(simulatedCard(residentCard()));
    // A 1295-byte answer takes 1.35 s at 9600 baud, far beyond the profile's 200 ms: the read timeout
    // adds the wire time.
    await clock.advance(3000);
    expect(cards).toHaveLength(1);
    expect(simulator.received.filter((kind) => kind === 'read-text-photo')).toHaveLength(1);
    await reader.stop();
  });

  it('stays disconnected at a wrong fixed rate when auto-baud is off', async () => {
    const { clock, reader, statuses } = setup({ deviceBaudRate: 9600, profile: { autoBaud: false } });
    reader.start();
    await clock.advance(10_000);
    expect(reader.status).toBe('disconnected');
    expect(statuses).toEqual([]);
    await reader.stop();
  });

  it('skips garbage from the reader and keeps working', async () => {
    const { clock, link, simulator, reader, cards, logs } = await started();
    link.device.write(Uint8Array.of(0x00, 0x13, 0xaa, 0xaa, 0x42));
    simulator.placeCard(simulatedCard(residentCard()));
    await clock.advance(POLL_MS * 5);
    expect(cards).toHaveLength(1);
    expect(logs.some((line) => line.includes('bytes skipped'))).toBe(true);
    await reader.stop();
  });

  it('never logs a name or an ID number unmasked', async () => {
    const { clock, simulator, reader, logs } = await started();
    simulator.placeCard(simulatedCard(residentCard()));
    await clock.advance(POLL_MS * 5);
    simulator.removeCard();
    await clock.advance(POLL_MS * 5);
    simulator.placeCard(simulatedCard(expiredResidentCard()));
    await clock.advance(POLL_MS * 5);
    await reader.stop();
    const all = logs.join('\n');
    expect(all).toContain('110***********002X');
    expect(all).toContain('王*娜');
    for (const secret of ['11010519491231002X', '王美娜', '440524188001010014', '李四']) {
      expect(all).not.toContain(secret);
    }
  });
});
