import { afterEach, describe, expect, it } from 'vitest';
import { IdCardReaderProfile } from '../profiles/profile-schema.ts';
import { createSerialConnection, type SerialConnection, type SerialStatus } from '../serial/index.ts';
import { connectionEndpoint } from '../serial/testing/device-endpoint.ts';
import { type SocatPair, startSocatPair } from '../serial/testing/socat.ts';
import { createGa467Reader, type Ga467Reader } from './ga467-reader.ts';
import type { IdentityCard } from './identity-card.ts';
import { hkMacaoTaiwanPermit, residentCard, simulatedCard } from './simulator/card-fixtures.ts';
import { createIdReaderSimulator } from './simulator/reader-simulator.ts';

/** Generous: this waits for events, it never sleeps, and a loaded 2-core machine can be slow. */
const EVENT_TIMEOUT_MS = 20_000;

const withTimeout = <T>(what: string, register: (done: (value: T) => void) => () => void): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timeout = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out waiting for ${what}`));
    }, EVENT_TIMEOUT_MS);
    const unsubscribe = register((value) => {
      clearTimeout(timeout);
      unsubscribe();
      resolve(value);
    });
  });

const readerStatus = (reader: Ga467Reader, wanted: SerialStatus): Promise<void> =>
  reader.status === wanted
    ? Promise.resolve()
    : withTimeout<void>(`reader ${wanted}`, (done) =>
        reader.on('reader:status', (status) => {
          if (status === wanted) done();
        }),
      );

const nextCard = (reader: Ga467Reader): Promise<IdentityCard> =>
  withTimeout<IdentityCard>('a card', (done) => reader.on('card:read', done));

describe('GA 467 reader through a real socat pty pair', () => {
  let pair: SocatPair | undefined;
  let reader: Ga467Reader | undefined;
  let device: SerialConnection | undefined;
  afterEach(async () => {
    await reader?.stop();
    await device?.stop();
    await pair?.close();
  });

  it('reads a card, reports an unplug, resumes by itself after replug and reads again', {
    timeout: 90_000,
  }, async () => {
    pair = await startSocatPair();
    const backoff = { initialDelayMs: 50, maxDelayMs: 500, factor: 2 };
    const presenceCheck = { intervalMs: 100 };
    device = createSerialConnection({ path: pair.pathB, baudRate: 115200, backoff, presenceCheck });
    const simulator = createIdReaderSimulator({ endpoint: connectionEndpoint(device) });
    reader = createGa467Reader({
      profile: IdCardReaderProfile.parse({
        id: 'socat-reader',
        kind: 'id-card-reader',
        vendor: 'test',
        model: 'simulator',
        description: 'simulator behind a socat pty pair',
        protocol: 'ga467-sam',
        baudRate: 115200,
        autoBaud: false,
        supportsFingerprint: false,
        pollIntervalMs: 100,
        responseTimeoutMs: 1000,
      }),
      path: pair.pathA,
      now: () => new Date('2025-06-01T02:00:00Z'),
      backoff,
      presenceCheck,
      handshakeRetryMs: 200,
    });
    const refused: string[] = [];
    reader.on('card:refused', (refusal) => refused.push(refusal.code));

    device.start();
    reader.start();
    await readerStatus(reader, 'connected');

    const first = nextCard(reader);
    simulator.placeCard(simulatedCard(residentCard()));
    expect(await first).toMatchObject({ cardType: 'resident', idNumber: '11010519491231002X' });

    const lost = readerStatus(reader, 'disconnected');
    await pair.unplug();
    await lost;
    simulator.removeCard();

    await pair.replug();
    await readerStatus(reader, 'connected');
    const second = nextCard(reader);
    simulator.placeCard(simulatedCard(hkMacaoTaiwanPermit()));
    expect(await second).toMatchObject({ cardType: 'hk-macao-taiwan-residence', passNumber: 'H01234567' });
    expect(refused).toEqual([]);
  });
});
