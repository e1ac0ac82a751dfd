import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HallConfig } from '@hallq/protocol';
import { REPO_ROOT } from './browser.ts';

/** The test hall file with the longest names a hall writes, shared by every screen's layout check. */
export const LONG_NAMES_HALL_FILE = 'tests/fixtures/long-names-hall.json';

/**
 * The long-names hall, read and validated as the hub reads a hall file: a 26-character hall name, nine services
 * `svc-1`…`svc-9` with names up to 19 characters (59 in English) and a five-item guide on the first, ten windows
 * serving every service, the first with a 16-character name. A test shapes its own scenario on top (a service
 * closed, a break planned) and keeps the names.
 */
export function longNamesHall(): HallConfig {
  return HallConfig.parse(JSON.parse(readFileSync(join(REPO_ROOT, LONG_NAMES_HALL_FILE), 'utf8')));
}
