import type { CentralLogEntry } from '@hallq/protocol';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** The raw-event columns, in the order of the COPY text. */
export const EVENT_COLUMNS =
  'hall_id, entry_id, hall_seq, at, type, actor_kind, actor_id, device_id, payload, prev_hash, hash';

const SPECIALS = /[\\\t\n\r]/g;
const ESCAPED: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A value in COPY's text format: \N for null; backslash, tab, newline and carriage return escaped. */
const field = (value: string | number | null): string => {
  if (value === null) return '\\N';
  const text = String(value);
  // Most fields have nothing to escape: four scans for a character are far cheaper than a regular expression
  // over a payload of several hundred characters, and than a replace that finds nothing.
  const special = text.includes('\\') || text.includes('\t') || text.includes('\n') || text.includes('\r');
  return special ? text.replace(SPECIALS, (c) => ESCAPED[c]!) : text;
};

const DAY_MS = 86_400_000;
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * Instants as ISO 8601 text (what toISOString writes), the date part made once a day: the entries of a batch
 * mostly share their day, and a Date and its formatting for each of them is a measurable share of the COPY text.
 */
function instantWriter(): (ms: number) => string {
  let dayStart = Number.NaN;
  let dayText = '';
  return (ms) => {
    const inDay = ((ms % DAY_MS) + DAY_MS) % DAY_MS;
    const day = ms - inDay;
    if (day !== dayStart) {
      dayStart = day;
      dayText = new Date(day).toISOString().slice(0, -13);
    }
    const [h, m, s] = [
      Math.floor(inDay / 3_600_000),
      Math.floor(inDay / 60_000) % 60,
      Math.floor(inDay / 1000) % 60,
    ];
    return `${dayText}${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}.${pad(inDay % 1000, 3)}Z`;
  };
}

/**
 * A hall's entries as the COPY text of the raw-events table. Built field by field into one string (no array per
 * row): it runs for every entry the centre stores.
 */
export function eventsCopyText(hallId: string, entries: readonly CentralLogEntry[]): string {
  const hall = field(hallId);
  const instant = instantWriter();
  let text = '';
  for (const e of entries) {
    text +=
      `${hall}\t${e.id}\t${field(e.hallSeq)}\t${instant(e.at)}\t${field(e.type)}\t` +
      `${field(e.actorKind)}\t${field(e.actorId)}\t${field(e.deviceId)}\t${field(e.payload)}\t` +
      `${field(e.prevHash)}\t${field(e.hash)}\n`;
  }
  return text;
}

/** A COPY under way: `sent` once its rows are handed to the connection, `done` once PostgreSQL has them all. */
export interface CopyUnderWay {
  readonly sent: Promise<void>;
  readonly done: Promise<void>;
}

/**
 * Starts writing the entries into the raw-events table with COPY, on the caller's connection (inside its
 * transaction). The caller may work on the batch once the rows are sent, while PostgreSQL takes them in; `done`
 * settles when the COPY ends (rejected with its error, if any). `sent` never rejects.
 */
export function startCopyEvents(
  client: PoolClient,
  hallId: string,
  entries: readonly CentralLogEntry[],
): CopyUnderWay {
  const stream = client.query(copyFrom(`COPY events (${EVENT_COLUMNS}) FROM STDIN`));
  const done = new Promise<void>((resolve, reject) => {
    stream.once('finish', resolve);
    stream.once('error', reject);
  });
  const written = new Promise<void>((resolve) => {
    stream.write(eventsCopyText(hallId, entries), () => resolve());
  });
  stream.end();
  // A COPY that fails before PostgreSQL asks for the rows (the connection lost) never calls the write back.
  const ended = done.then(
    () => undefined,
    () => undefined,
  );
  return { sent: Promise.race([written, ended]), done };
}

/**
 * Writes the entries into the raw-events table with COPY, on the caller's connection (inside its transaction):
 * the cheapest way into PostgreSQL, and the very rows the benchmark's bare COPY writes.
 */
export async function copyEvents(
  client: PoolClient,
  hallId: string,
  entries: readonly CentralLogEntry[],
): Promise<void> {
  await startCopyEvents(client, hallId, entries).done;
}
