import { HallConfig } from '@hallq/protocol';
import type { HallService } from '../hall-service.ts';
import { SYSTEM_ACTOR } from '../store/event-log.ts';

/** The configuration in one canonical form: parsed by the schema (its key order), then serialised. */
const canonical = (value: unknown): string | null => {
  const parsed = HallConfig.safeParse(value);
  return parsed.success ? JSON.stringify(parsed.data) : null;
};

/**
 * The city centre learns a hall's services (names, wait limits, 事项 codes) from the `hall:configured` entries of
 * its log, but a hall still running the configuration it was seeded with has none. So a hub linked to a centre
 * records its configuration once at start, unless the log's latest `hall:configured` already says the same.
 * Returns whether it recorded one.
 */
export function announceHallConfiguration(hall: HallService): boolean {
  const current = hall.hall();
  const [latest] = hall.log.recent(['hall:configured'], 1);
  if (latest) {
    let logged: unknown = null;
    try {
      logged = (JSON.parse(latest.payload) as { hall?: unknown }).hall;
    } catch {
      // An entry that does not parse says nothing: the configuration is announced again.
    }
    if (canonical(logged) === canonical(current)) return false;
  }
  return hall.configure(current, SYSTEM_ACTOR).ok;
}
