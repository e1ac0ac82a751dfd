import { request as httpsRequest } from 'node:https';
import {
  CENTRAL_BATCH_MAX_ENTRIES,
  type CentralAck,
  CentralAck as CentralAckSchema,
  type CentralBatch,
  type CentralLogEntry,
  type CentralRatingDetail,
  CentralRefusal,
} from '@hallq/protocol';
import type { Logger } from 'pino';
import { type HttpPost, type HttpPostAnswer, postJsonWithFetch } from '../outbox/http-post.ts';
import type { Outbox } from '../outbox/outbox.ts';
import { type RetryPolicy, retryDelayMs } from '../outbox/retry-schedule.ts';
import type { LogEntry } from '../store/event-log.ts';
import type { CentreVerdict } from './centre-witness.ts';

/** Where the hall's log goes: the centre's address, the hall's id there and the hub's credential. */
export interface CentralLink {
  readonly url: string;
  readonly hallId: string;
  readonly token: string;
}

/** The answer to a POST: its status and body, or why there was none (refused, timed out). */
export type CentralPostOutcome = HttpPostAnswer;

export type PostToCentral = HttpPost<CentralPostOutcome>;

export const postToCentralWithFetch: PostToCentral = postJsonWithFetch;

/**
 * The POST over HTTPS trusting the city's own CA (a centre certificate that is not from a public CA): Node's fetch
 * takes no CA per request, so this one is node:https. Any failure to get an answer becomes `{ error }`.
 */
export function postToCentralTrusting(ca: string | Buffer): PostToCentral {
  return (url, body, headers, timeoutMs, closing) =>
    new Promise((resolve) => {
      const request = httpsRequest(
        url,
        {
          method: 'POST',
          ca,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            ...headers,
          },
          signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), closing]),
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          response.on('error', (error) => resolve({ error: error.message }));
        },
      );
      request.on('error', (error) => resolve({ error: error.message || 'no answer' }));
      request.end(body);
    });
}

/**
 * Entries a batch carries when the hall has that many to send (after an outage; live, a batch holds the few new
 * ones): the most the centre takes. Each batch costs the centre a transaction, a commit and its statements
 * whatever its size, so full batches let a hub catch up about twice as fast as batches of 500 did
 * (scripts/bench/central-ingest-stages.ts: 36 µs an entry against 75).
 */
export const CENTRAL_BATCH_ENTRIES = CENTRAL_BATCH_MAX_ENTRIES;

/** How often the centre's acknowledged position is written to the hub's database, at most. */
const CURSOR_WRITE_MS = 1000;

/** The outbox consumer the centre's progress is kept under (shown with the others in /healthz). */
export const CENTRAL_CONSUMER = 'central';

/** Settings of the link to the centre a hub runs with (HubConfig.central). */
export interface CentralSyncConfig extends CentralLink {
  /** The CA that signed the centre's certificate, when it is the city's own (--central-ca). */
  readonly ca?: string | Buffer;
  readonly post?: PostToCentral;
  readonly batchSize?: number;
  readonly timeoutMs?: number;
  readonly retry?: RetryPolicy;
}

/** Back-off while the centre cannot be reached: 0.5 s doubling to a minute, so a centre that is back is found soon. */
export const CENTRAL_RETRY: RetryPolicy = { baseMs: 500, capMs: 60_000, failingAfterMs: 3_600_000 };

export type CentralSyncState =
  | { readonly kind: 'idle' | 'sending' }
  | { readonly kind: 'waiting'; readonly reason: string; readonly until: number }
  /** The centre refused the hall's log (chain broken, credential revoked): tried again at the cap, logged. */
  | { readonly kind: 'refused'; readonly reason: string; readonly until: number };

export interface CentralSyncDeps {
  readonly outbox: Outbox;
  /** The last durable log entry: nothing after it leaves the hall. */
  readonly durableLogId: () => number;
  /** Writes the consumer cursor in the hub's commit batch. */
  readonly persist: (write: () => void) => void;
  /** The answer of a rating (the log entry names only the ticket). */
  readonly ratingOf: (ticketId: string) => CentralRatingDetail | null;
  readonly clock: () => number;
  readonly random: () => number;
  readonly logger: Logger;
  readonly config: CentralSyncConfig;
  /**
   * Compares each acknowledgement with the hub's log (central/centre-witness.ts): a centre holding entries the
   * hub lost is a storage loss, recorded by the hall at once. Without it, such a centre is only logged.
   */
  readonly witness?: (ack: CentralAck) => CentreVerdict;
}

type Exchange =
  | { readonly kind: 'ack'; readonly ack: CentralAck }
  | { readonly kind: 'ahead'; readonly ack: CentralAck }
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'unavailable'; readonly reason: string };

/**
 * Pushes the hall's log to the city centre: a consumer of the outbox like the webhooks, in batches, oldest first.
 * Where to start is the centre's word (an empty batch asks it), so after any outage, however long, the hub sends
 * exactly what the centre lacks; each acknowledgement moves the position (and the durable `central` cursor, for
 * the lag in /healthz). A centre that cannot be reached is tried again with back-off. All of it runs beside
 * the hall: a queue command never waits for it, and a hub without a centre never creates one.
 */
export function createCentralSync(deps: CentralSyncDeps) {
  const { config } = deps;
  const post = config.post ?? (config.ca ? postToCentralTrusting(config.ca) : postToCentralWithFetch);
  const batchSize = Math.min(config.batchSize ?? CENTRAL_BATCH_ENTRIES, CENTRAL_BATCH_MAX_ENTRIES);
  const timeoutMs = config.timeoutMs ?? 15_000;
  const retry = config.retry ?? CENTRAL_RETRY;
  const endpoint = `${config.url.replace(/\/+$/, '')}/v1/ingest`;
  const closing = new AbortController();
  /** The centre's acknowledged end, once known; null until the centre answered (and after a refusal). */
  let position: number | null = null;
  let state: CentralSyncState = { kind: 'idle' };
  let failures = 0;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  const ackListeners = new Set<(storedThrough: number) => void>();
  const stateListeners = new Set<(state: CentralSyncState) => void>();
  const setState = (next: CentralSyncState) => {
    state = next;
    for (const listener of stateListeners) listener(next);
  };

  const withRating = (entry: LogEntry): CentralLogEntry => {
    if (entry.type !== 'rating:recorded') return entry;
    const { ticketId } = JSON.parse(entry.payload) as { ticketId?: unknown };
    const rating = typeof ticketId === 'string' ? deps.ratingOf(ticketId) : null;
    return rating ? { ...entry, rating } : entry;
  };

  async function exchange(entries: readonly CentralLogEntry[]): Promise<Exchange> {
    const batch: CentralBatch = { hallId: config.hallId, entries: [...entries] };
    const outcome = await post(
      endpoint,
      JSON.stringify(batch),
      { authorization: `Bearer ${config.token}` },
      timeoutMs,
      closing.signal,
    );
    if ('error' in outcome) return { kind: 'unavailable', reason: outcome.error };
    const json = (() => {
      try {
        return JSON.parse(outcome.body) as unknown;
      } catch {
        return null;
      }
    })();
    if (outcome.status === 200) {
      const ack = CentralAckSchema.safeParse(json);
      return ack.success
        ? { kind: 'ack', ack: ack.data }
        : { kind: 'unavailable', reason: 'unreadable answer' };
    }
    if (outcome.status === 409) {
      const refusal = CentralRefusal.safeParse(json);
      if (!refusal.success) return { kind: 'unavailable', reason: 'unreadable refusal' };
      if (refusal.data.refused === 'ahead') return { kind: 'ahead', ack: refusal.data.ack };
      return { kind: 'refused', reason: `${refusal.data.refused}: ${refusal.data.message}` };
    }
    if (outcome.status === 401 || outcome.status === 403) {
      return { kind: 'refused', reason: `the centre refused this hub's credential (${outcome.status})` };
    }
    return { kind: 'unavailable', reason: `HTTP ${outcome.status}` };
  }

  /**
   * Takes the centre's acknowledgement as the position (never past what this hall holds durably), once the
   * witness has compared it with the hub's log. One that shows a loss without the tail to act on leaves the
   * position unknown: the next turn asks with a hello, whose answer carries it (a centre of an earlier version
   * sends none: that is only logged).
   */
  function accept(ack: CentralAck, hello = false): void {
    const end = deps.durableLogId();
    const verdict = deps.witness?.(ack) ?? 'agrees';
    if (verdict === 'needs-tail' && !hello) {
      position = null;
      return;
    }
    if ((!deps.witness && ack.storedThrough > end) || verdict === 'needs-tail') {
      // The centre holds entries this hub no longer has (its storage lost commits): what comes next under those
      // ids is sent, and the centre flags it, rather than being silently skipped.
      deps.logger.error(
        { centre: ack.storedThrough, hub: end },
        'the centre holds entries of the log the hub no longer has',
      );
    }
    position = Math.min(ack.storedThrough, end);
    const to = position;
    noteCursor(to);
    for (const listener of ackListeners) listener(to);
  }

  /**
   * The durable `central` cursor only shows the lag in /healthz (where to resume is the centre's word), so it is
   * written at most once a second: an acknowledgement does not cost the hall a commit of its own.
   */
  let cursorToWrite: number | null = null;
  let cursorTimer: NodeJS.Timeout | null = null;
  function noteCursor(to: number): void {
    cursorToWrite = to;
    if (cursorTimer) return;
    cursorTimer = setTimeout(writeCursor, CURSOR_WRITE_MS);
    cursorTimer.unref();
  }
  function writeCursor(): void {
    if (cursorTimer) clearTimeout(cursorTimer);
    cursorTimer = null;
    if (cursorToWrite === null) return;
    const to = cursorToWrite;
    cursorToWrite = null;
    deps.persist(() => deps.outbox.advance(CENTRAL_CONSUMER, to, deps.clock()));
  }

  function pause(kind: 'waiting' | 'refused', reason: string): void {
    failures += 1;
    const delay = kind === 'refused' ? retry.capMs : retryDelayMs(failures, deps.random(), retry);
    const until = deps.clock() + delay;
    setState({ kind, reason, until });
    if (kind === 'refused') {
      position = null;
      deps.logger.error({ reason }, 'the city centre refused the hall log');
    } else if (failures === 1 || failures % 20 === 0) {
      deps.logger.warn({ reason, failures }, 'the city centre cannot be reached; will retry');
    }
    timer = setTimeout(() => {
      timer = null;
      wake();
    }, delay);
    timer.unref();
  }

  async function drain(): Promise<void> {
    setState({ kind: 'sending' });
    let aheadInARow = 0;
    while (!closed) {
      if (position === null) {
        const hello = await exchange([]);
        if (closed) return;
        if (hello.kind === 'ack') accept(hello.ack, true);
        else
          return pause(
            hello.kind === 'refused' ? 'refused' : 'waiting',
            'reason' in hello ? hello.reason : '',
          );
      }
      if (position === null) continue;
      const entries = deps.outbox.readAfter(position, batchSize, deps.durableLogId()).map(withRating);
      if (entries.length === 0) break;
      const answer = await exchange(entries);
      if (closed) return;
      if (answer.kind === 'ack' && answer.ack.storedThrough > position) {
        failures = 0;
        aheadInARow = 0;
        accept(answer.ack);
        continue;
      }
      if (answer.kind === 'ack' || answer.kind === 'ahead') {
        accept(answer.ack);
        // The centre keeps answering without taking anything: something is wrong with it; do not spin.
        aheadInARow += 1;
        if (aheadInARow > 3) return pause('waiting', 'the centre does not take the batches it is sent');
        continue;
      }
      return pause(answer.kind === 'refused' ? 'refused' : 'waiting', answer.reason);
    }
    failures = 0;
    setState({ kind: 'idle' });
  }

  function wake(): void {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    // A back-off under way ends on its own timer, not on every new entry.
    if (timer) return;
    again = false;
    running = drain()
      .catch((error: unknown) => {
        deps.logger.error({ err: error }, 'central sync failed');
        if (!timer) pause('waiting', 'internal error');
      })
      .finally(() => {
        running = null;
        if (again) wake();
      });
  }

  return {
    /** More of the log is durable (or the hub started): send what the centre lacks. */
    wake,
    state: (): CentralSyncState => state,
    /** The centre's acknowledged end as last heard (null before the first answer). */
    acknowledged: (): number | null => position,
    /** Calls `listener` with each change of state; returns the unsubscribe. */
    onState(listener: (state: CentralSyncState) => void): () => void {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    /** Calls `listener` with each acknowledgement taken; returns the unsubscribe. */
    onAcknowledged(listener: (storedThrough: number) => void): () => void {
      ackListeners.add(listener);
      return () => ackListeners.delete(listener);
    },
    /** Resolves once nothing is being sent, with the acknowledged position written (tests). */
    async idle(): Promise<void> {
      while (running) await running;
      writeCursor();
    },
    async close(): Promise<void> {
      closed = true;
      closing.abort();
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
      writeCursor();
    },
  };
}

export type CentralSync = ReturnType<typeof createCentralSync>;
