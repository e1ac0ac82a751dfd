import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createAccounts, openDatabase } from '@hallq/hub/local-tools';
import { connectClient, testHall } from '@hallq/hub/testing';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type HubProcess, prepareHallDir, startHubProcess } from './support/hub-process.ts';

let hub: HubProcess | null = null;
afterEach(() => {
  hub?.child.kill('SIGKILL');
  hub = null;
});

function registerKiosk(dir: string): string {
  const db = openDatabase(join(dir, 'hallq.db'));
  try {
    return createAccounts(db).addDevice({
      kind: 'kiosk',
      name: 'crash-test kiosk',
      windowId: null,
      zone: null,
      now: Date.now(),
    }).token;
  } finally {
    db.close();
  }
}

describe('a hub killed with SIGKILL mid-stream', () => {
  it('keeps every acknowledged ticket and continues numbering without a duplicate', async () => {
    const { dir, hallFile } = prepareHallDir(testHall({ services: 2, windows: 2 }));
    // First start creates the database; then register kiosks in it, as `hallctl device add` would. Ten of them:
    // each kiosk may issue 20 tickets at once (the per-kiosk limit), and the test issues 150 as fast as it can.
    hub = await startHubProcess(dir, hallFile);
    hub.child.kill('SIGTERM');
    await hub.exited;
    const tokens = Array.from({ length: 10 }, () => registerKiosk(dir));
    const token = tokens[0]!;

    hub = await startHubProcess(dir, hallFile);
    const url = hub.url;
    const kiosks = await Promise.all(tokens.map((deviceToken) => connectClient(url, { deviceToken })));
    let turn = 0;
    const acknowledged = new Map<string, string>(); // requestId → ticket number
    const inFlight = new Set<string>();
    let killed = false;
    const issueLoop = async (serviceId: string) => {
      while (!killed) {
        const kiosk = kiosks[turn++ % kiosks.length]!;
        const requestId = randomUUID();
        inFlight.add(requestId);
        const answer = await Promise.race([
          kiosk.call('ticket:issue', { requestId, serviceId, identity: null }),
          new Promise<null>((resolve) => kiosk.socket.once('disconnect', () => resolve(null))),
        ]);
        if (answer === null) return;
        inFlight.delete(requestId);
        if (answer.ok) acknowledged.set(requestId, answer.data.ticket.id);
        if (acknowledged.size >= 150 && !killed) {
          killed = true;
          hub!.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all([issueLoop('svc-1'), issueLoop('svc-2'), issueLoop('svc-1')]);
    expect(await hub.exited).toBe('SIGKILL');
    for (const kiosk of kiosks) kiosk.close();

    // Every acknowledged ticket is in the file, even before any hub opens it again.
    const file = new Database(join(dir, 'hallq.db'), { readonly: true });
    const stored = new Set(file.prepare('SELECT id FROM tickets').pluck().all() as string[]);
    file.close();
    for (const id of acknowledged.values()) expect(stored.has(id), `${id} lost`).toBe(true);

    hub = await startHubProcess(dir, hallFile);
    const again = await connectClient(hub.url, { deviceToken: token });
    const snapshot = await again.nextSnapshot();
    expect(snapshot.tickets.length).toBe(stored.size);
    // A request whose answer was lost in the crash, retried, gives its ticket or a new one — never two.
    for (const requestId of inFlight) {
      const retried = await again.call('ticket:issue', { requestId, serviceId: 'svc-1', identity: null });
      expect(retried.ok).toBe(true);
    }
    const after = await again.call('ticket:issue', {
      requestId: randomUUID(),
      serviceId: 'svc-1',
      identity: null,
    });
    expect(after.ok).toBe(true);
    const db = new Database(join(dir, 'hallq.db'), { readonly: true });
    const numbers = db
      .prepare("SELECT number FROM tickets WHERE service_id = 'svc-1' ORDER BY issued_at")
      .pluck()
      .all() as string[];
    db.close();
    expect(new Set(numbers).size).toBe(numbers.length);
    const sequence = numbers.map((n) => Number(n.slice(1)));
    expect(sequence).toEqual(sequence.map((_, i) => i + 1));
    again.close();
  });
});
