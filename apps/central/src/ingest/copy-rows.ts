import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CentralLogEntry } from '@hallq/protocol';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** The raw-event columns, in the order of the COPY text. */
export const EVENT_COLUMNS =
  'hall_id, entry_id, hall_seq, at, type, actor_kind, actor_id, device_id, payload, prev_hash, hash';

/** A value in COPY's text format: \N for null; backslash, tab, newline and carriage return escaped. */
const field = (value: string | number | null): string =>
  value === null
    ? '\\N'
    : String(value).replace(/[\\\t\n\r]/g, (c) =>
        c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
      );

/** A hall's entries as the COPY text of the raw-events table. */
export function eventsCopyText(hallId: string, entries: readonly CentralLogEntry[]): string {
  let text = '';
  for (const e of entries) {
    text += `${[
      hallId,
      e.id,
      e.hallSeq,
      new Date(e.at).toISOString(),
      e.type,
      e.actorKind,
      e.actorId,
      e.deviceId,
      e.payload,
      e.prevHash,
      e.hash,
    ]
      .map(field)
      .join('\t')}\n`;
  }
  return text;
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
  const stream = client.query(copyFrom(`COPY events (${EVENT_COLUMNS}) FROM STDIN`));
  await pipeline(Readable.from([eventsCopyText(hallId, entries)]), stream);
}
