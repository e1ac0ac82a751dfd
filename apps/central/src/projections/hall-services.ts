import type { CentralLogEntry } from '@hallq/protocol';
import type { PoolClient } from 'pg';

/** What the centre keeps of one service of a hall's configuration: its names, its limits and its 事项 code. */
export interface ServiceTerms {
  readonly serviceId: string;
  readonly nameZh: string;
  readonly nameEn: string;
  /** The 事项实施编码 the hall gave the service (null: none). */
  readonly itemCode: string | null;
  readonly slaWaitMinutes: number;
  readonly slaServiceMinutes: number;
}

/** The last `hall:configured` of a batch: the services it lists, and the entry it came in. */
export interface HallConfigured {
  readonly entryId: number;
  readonly services: readonly ServiceTerms[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const positive = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null;

function termsOf(v: unknown): ServiceTerms | null {
  if (!isObject(v) || !isObject(v.name)) return null;
  const serviceId = str(v.id);
  const nameZh = str(v.name.zh);
  const slaWaitMinutes = positive(v.slaWaitMinutes);
  const slaServiceMinutes = positive(v.slaServiceMinutes);
  if (!serviceId || nameZh === null || slaWaitMinutes === null || slaServiceMinutes === null) return null;
  return {
    serviceId,
    nameZh,
    nameEn: str(v.name.en) ?? nameZh,
    itemCode: str(v.itemCode),
    slaWaitMinutes,
    slaServiceMinutes,
  };
}

/**
 * The services of the batch's last hall configuration, or null when the batch configures nothing. Pure. A
 * service the centre cannot read (a hub of another version) is left out; the others still count.
 */
export function lastHallConfigured(entries: readonly CentralLogEntry[]): HallConfigured | null {
  for (let i = entries.length - 1; i >= 0; i -= 1) {
    const entry = entries[i]!;
    if (entry.type !== 'hall:configured') continue;
    let payload: unknown;
    try {
      payload = JSON.parse(entry.payload);
    } catch {
      continue;
    }
    if (!isObject(payload) || !isObject(payload.hall) || !Array.isArray(payload.hall.services)) continue;
    const services = payload.hall.services.map(termsOf).filter((s): s is ServiceTerms => s !== null);
    return { entryId: entry.id, services };
  }
  return null;
}

/**
 * Keeps each hall's services as its hub last configured them (table hall_services), in the batch's transaction.
 * Only a configuration newer than the one stored replaces a row; a service no longer configured keeps its last
 * row, so old tickets and roll-ups still have a name, a limit and a 事项 code.
 */
export async function projectHallServices(
  client: PoolClient,
  hallId: string,
  fresh: readonly CentralLogEntry[],
): Promise<void> {
  const configured = lastHallConfigured(fresh);
  if (!configured || configured.services.length === 0) return;
  const rows = configured.services;
  await client.query(
    `INSERT INTO hall_services (hall_id, service_id, name_zh, name_en, item_code, sla_wait_minutes,
       sla_service_minutes, entry_id)
     SELECT $1, u.id, u.zh, u.en, u.item, u.wait, u.service, $8
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::real[], $7::real[])
       AS u(id, zh, en, item, wait, service)
     ON CONFLICT (hall_id, service_id) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en,
       item_code = excluded.item_code, sla_wait_minutes = excluded.sla_wait_minutes,
       sla_service_minutes = excluded.sla_service_minutes, entry_id = excluded.entry_id
     WHERE hall_services.entry_id < excluded.entry_id`,
    [
      hallId,
      rows.map((s) => s.serviceId),
      rows.map((s) => s.nameZh),
      rows.map((s) => s.nameEn),
      rows.map((s) => s.itemCode),
      rows.map((s) => s.slaWaitMinutes),
      rows.map((s) => s.slaServiceMinutes),
      configured.entryId,
    ],
  );
}
