/**
 * Personal data. After a full run — visitors with ID cards issued tickets at the kiosk (visitor flow, device agent,
 * real hub), tickets printed by the printer simulator, called, served and finished by a clerk — the test ID
 * numbers and full names appear nowhere in clear: not in the hub's log (trace level), the agent's log, the SQLite
 * file or its WAL, nor the printed bytes (searched as UTF-8, GB18030 and UTF-16). The retention purge removes the
 * encrypted identity data of tickets older than 180 days, driven by the hub's own tick on an injected clock.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { idNumberCheckChar } from '@hallq/devices';
import { residentCard } from '@hallq/devices/testing';
import { connectClient, HALL_MORNING, startTestHub, TEST_PASSWORD, type TestHub } from '@hallq/hub/testing';
import Database from 'better-sqlite3';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { type KioskRig, startKioskRig } from '../chaos/support/kiosk-rig.ts';

const DAY = 86_400_000;

/** Test visitors: valid GB 11643 numbers (check digit right), full names a printer and a log could leak. */
const withCheck = (first17: string) => `${first17}${idNumberCheckChar(first17) ?? '?'}`;
const VISITORS = [
  { idNumber: residentCard().idNumber, name: residentCard().name, birthDate: residentCard().birthDate },
  { idNumber: withCheck('11010119900307451'), name: '欧阳明轩', birthDate: '1990-03-07' },
  { idNumber: withCheck('44030519851212002'), name: '司马静怡', birthDate: '1985-12-12' },
] as const;
/** The same number with a wrong check digit. */
const BAD_ID = `${VISITORS[1].idNumber.slice(0, 17)}${VISITORS[1].idNumber.endsWith('0') ? '1' : '0'}`;

function encodings(text: string): Buffer[] {
  return [Buffer.from(text, 'utf8'), iconv.encode(text, 'gb18030'), Buffer.from(text, 'utf16le')];
}

let rig: KioskRig | null = null;
let hub: TestHub | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
  await hub?.close();
  hub = null;
});

describe('personal data after a full kiosk-to-counter run', () => {
  it('no ID number or full name in clear in any log, the database, its WAL or the printed bytes', async () => {
    rig = await startKioskRig();
    const r = rig;
    for (const [i, visitor] of VISITORS.entries()) {
      const printed = r.printer.nextTicket();
      const state = await r.visit(i % 2 === 0 ? 'svc-1' : 'svc-2', { ...visitor, cardType: 'resident' });
      expect(state).toMatchObject({ screen: 'printed' });
      const ticket = await printed;
      // The paper carries the masked name ('王*娜'), never the full one.
      expect(ticket.text).toContain('*');
    }
    // A second ticket for the same ID and service is refused (the hub recognises the visitor without a name).
    expect(await r.visit('svc-1', { ...VISITORS[0], cardType: 'resident' })).toMatchObject({
      screen: 'refused',
      code: 'PER_ID_LIMIT_REACHED',
    });
    // A clerk works through the tickets; the lobby and the clerk see masked names only.
    await r.hub.accounts.addUser({
      username: 'clerk-pii',
      displayName: 'Clerk',
      staffNumber: '7',
      password: TEST_PASSWORD,
      role: 'clerk',
      now: r.clock.now(),
    });
    const clerk = await connectClient(r.hubUrl, {});
    const login = await clerk.call('session:login', {
      username: 'clerk-pii',
      password: TEST_PASSWORD,
      windowId: 'w1',
    });
    expect(login.ok).toBe(true);
    const seen: string[] = [];
    for (let i = 0; i < VISITORS.length; i += 1) {
      const called = await clerk.call('window:call-next', { windowId: 'w1' });
      if (!called.ok) throw new Error(called.error.message);
      seen.push(JSON.stringify(called.data));
      await clerk.call('window:start', { windowId: 'w1' });
      seen.push(JSON.stringify(await clerk.call('window:finish', { windowId: 'w1' })));
    }
    seen.push(JSON.stringify(await clerk.call('hall:snapshot', {})), JSON.stringify(clerk.updates));
    clerk.close();
    // An invalid ID (bad check digit) is refused — and its number is not logged either.
    const invalid = await r.kiosk.call('ticket:issue', {
      requestId: randomUUID(),
      serviceId: 'svc-1',
      identity: { idNumber: BAD_ID, name: '错号码', birthDate: '1990-03-07', cardType: 'resident' },
    });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'INVALID_IDENTITY' } });
    // A valid ID whose ticket cannot be written (read-only database): the failure is logged, the identity not.
    r.db.pragma('query_only = ON');
    const unsaved = await r.kiosk.call('ticket:issue', {
      requestId: randomUUID(),
      serviceId: 'svc-2',
      identity: { ...VISITORS[2], cardType: 'resident' },
    });
    r.db.pragma('query_only = OFF');
    expect(unsaved).toMatchObject({ ok: false, error: { code: 'STORAGE_FAILURE' } });

    r.hub.hall.flush();
    const places: [string, Buffer][] = [
      ['hub log', readFileSync(r.logFile)],
      ['agent log', Buffer.from(r.agentLogs.join('\n'))],
      ['database', readFileSync(r.dbFile)],
      ['database WAL', readFileSync(`${r.dbFile}-wal`)],
      ['printed bytes', r.printedBytes()],
      ['what the clerk received', Buffer.from(seen.join('\n'))],
    ];
    expect(readFileSync(r.logFile).length, 'the hub logged something').toBeGreaterThan(0);
    expect(r.printedBytes().length).toBeGreaterThan(0);
    const leaks: string[] = [];
    for (const secret of [...VISITORS.flatMap((v) => [v.idNumber, v.name]), BAD_ID, '错号码']) {
      for (const [place, bytes] of places) {
        if (encodings(secret).some((encoded) => bytes.includes(encoded))) leaks.push(`${secret} in ${place}`);
      }
    }
    expect(leaks).toEqual([]);
    // The identity data is there, encrypted: one row per ID ticket, ciphertext only.
    const file = new Database(r.dbFile, { readonly: true });
    try {
      expect(file.prepare('SELECT COUNT(*) FROM identities').pluck().get()).toBe(VISITORS.length);
    } finally {
      file.close();
    }
  });
});

describe('the retention purge', () => {
  it('removes the encrypted identity data of tickets older than 180 days, on the hub’s tick, and keeps newer ones', async () => {
    hub = await startTestHub({ start: HALL_MORNING });
    const th = hub;
    const kiosk = await th.connect({ deviceToken: th.addDevice('kiosk').token });
    const issueWith = async (visitor: (typeof VISITORS)[number]) => {
      const answer = await kiosk.call('ticket:issue', {
        requestId: randomUUID(),
        serviceId: 'svc-1',
        identity: { ...visitor, cardType: 'resident' },
      });
      if (!answer.ok) throw new Error(answer.error.message);
      return answer.data.ticket.id;
    };
    const identities = () =>
      th.db.prepare('SELECT ticket_id FROM identities ORDER BY created_at').pluck().all() as string[];

    const old = await issueWith(VISITORS[0]);
    th.clock.advance(100 * DAY);
    await th.hub.tick();
    const newer = await issueWith(VISITORS[1]);
    expect(identities()).toEqual([old, newer]);

    // Day 179 after the first ticket: nothing is old enough yet.
    th.clock.set(HALL_MORNING + 179 * DAY);
    await th.hub.tick();
    expect(identities()).toEqual([old, newer]);

    // Day 181: the first ticket's identity is gone, the ticket itself (masked, numbered) stays for the reports.
    th.clock.set(HALL_MORNING + 181 * DAY);
    await th.hub.tick();
    expect(identities()).toEqual([newer]);
    expect(th.db.prepare('SELECT COUNT(*) FROM tickets WHERE id = ?').pluck().get(old)).toBe(1);

    // Day 281 (180 days after the second): all gone.
    th.clock.set(HALL_MORNING + 100 * DAY + 181 * DAY);
    await th.hub.tick();
    expect(identities()).toEqual([]);
  });
});
