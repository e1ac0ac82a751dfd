import { readFileSync } from 'node:fs';
import { HallConfig } from '@hallq/protocol';
import { newOneTimePassword } from './auth/secrets.ts';
import type { HubDatabase } from './db/open-database.ts';
import { createAccounts } from './store/accounts.ts';
import { createQueueStore } from './store/queue-store.ts';

/** Reads and validates a hall file; the error names the file and what is wrong in it. */
export function readHallFile(path: string): HallConfig {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`hall file ${path} is not readable JSON: ${(error as Error).message}`);
  }
  const parsed = HallConfig.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`hall file ${path} is not valid:\n${problems}`);
  }
  return parsed.data;
}

/** First start: store the hall configuration. Later starts keep what the database has (admins may have edited it). */
export function seedHall(db: HubDatabase, hall: HallConfig): boolean {
  const store = createQueueStore(db);
  if (store.getMeta('hall') !== null) return false;
  store.setMeta('hall', JSON.stringify(hall));
  return true;
}

/** First start: an admin account with a one-time password, returned so it can be shown once. */
export async function seedAdmin(db: HubDatabase, now: number): Promise<string | null> {
  const accounts = createAccounts(db);
  if (accounts.hasAdmin()) return null;
  const password = newOneTimePassword();
  await accounts.addUser({
    username: 'admin',
    displayName: '管理员',
    staffNumber: '0000',
    password,
    role: 'admin',
    now,
    // Printed once to a console: the admin replaces it at the first sign-in.
    mustChangePassword: true,
  });
  return password;
}
