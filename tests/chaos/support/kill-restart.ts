/**
 * Kill -9 chaos: the real hub process under a mixed load (kiosks issuing, clerks calling, starting and finishing)
 * is killed with SIGKILL after a random number of acknowledged commands, restarted on the same data folder, and
 * checked: every acknowledged change is in the file, no number was issued twice in a service's business day,
 * every window's current ticket is called or serving and held by that window, and every client has a fresh
 * snapshot within the resync limit of the restarted hub listening.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createAccounts, openDatabase } from '@hallq/hub/local-tools';
import { connectClient, TEST_PASSWORD, type TestClient, testHall } from '@hallq/hub/testing';
import type { Ack, CommandName, CommandRequest, CommandResponse, HallSnapshot } from '@hallq/protocol';
import Database from 'better-sqlite3';
import {
  HUB_FROM_SOURCE,
  type HubProcess,
  prepareHallDir,
  startHubProcess,
} from '../../support/hub-process.ts';
import { type SeededRandom, seededRandom } from './seeded-random.ts';

export interface KillRestartOptions {
  readonly cycles: number;
  readonly seed: number;
  /** Largest number of acknowledged commands before the kill of one cycle (default 60). */
  readonly maxAcksPerCycle?: number;
  readonly resyncLimitMs?: number;
  readonly onCycle?: (report: CycleReport) => void;
  /** How to run the hub (see hub-process.ts); the source through tsx by default. */
  readonly entry?: readonly string[];
}

export interface CycleReport {
  readonly cycle: number;
  readonly acknowledged: number;
  readonly resyncMs: number;
  /** Spawn → listening. */
  readonly startMs: number;
  readonly ticketsInFile: number;
}

export interface KillRestartResult {
  readonly seed: number;
  readonly cycles: number;
  readonly acknowledgedCommands: number;
  readonly ticketsIssued: number;
  readonly lostInFlight: number;
  readonly retriedIssues: number;
  /** Restart-listening → a client's fresh snapshot, every client of every restart. */
  readonly resyncMs: readonly number[];
  readonly violations: readonly string[];
}

const KIOSKS = 2;
const WINDOWS = ['w1', 'w2', 'w3'] as const;
/** Four services with 4-digit numbers: room for ~40,000 tickets in a day, enough for the 1,000-cycle long form. */
const SERVICES = ['svc-1', 'svc-2', 'svc-3', 'svc-4'] as const;

// The kiosks here issue as fast as the hub answers, far above a real kiosk's pace: the per-kiosk limit refuses
// most of them, as it should.
const RULE_REFUSALS = new Set(['DAILY_LIMIT_REACHED', 'SERVICE_CLOSED', 'ISSUE_RATE_LIMITED']);

type Lost = { readonly lost: true };
const LOST: Lost = { lost: true };

/** A command whose answer is lost when the hub dies: resolves with LOST on disconnect instead of hanging. */
function callOrLost<C extends CommandName>(
  client: TestClient,
  name: C,
  payload: CommandRequest<C>,
): Promise<Ack<CommandResponse<C>> | Lost> {
  if (!client.socket.connected) return Promise.resolve(LOST);
  return new Promise((resolve) => {
    const onDisconnect = () => resolve(LOST);
    client.socket.once('disconnect', onDisconnect);
    client.call(name, payload).then(
      (answer) => {
        client.socket.off('disconnect', onDisconnect);
        resolve(answer);
      },
      () => resolve(LOST),
    );
  });
}

/** What the clients were told, so the file can be checked against it. */
interface Acknowledged {
  /** ticket id → number, service, business day */
  readonly issued: Map<string, { number: string; serviceId: string; businessDay: string }>;
  /** ticket id → the least status it must have now ('called' < 'serving' < 'done') */
  readonly progress: Map<string, 'called' | 'serving' | 'done'>;
  count: number;
}

const RANK = { waiting: 0, called: 1, serving: 2, done: 3 } as const;

function rankOf(status: string): number {
  if (status === 'called') return RANK.called;
  if (status === 'serving') return RANK.serving;
  if (status === 'done') return RANK.done;
  return status === 'waiting' ? RANK.waiting : -1;
}

async function prepare(
  entry: readonly string[],
): Promise<{ dir: string; hallFile: string; kioskTokens: string[] }> {
  const hall = testHall({ services: SERVICES.length, windows: WINDOWS.length });
  const { dir, hallFile } = prepareHallDir({
    ...hall,
    services: hall.services.map((service) => ({ ...service, numberWidth: 4 })),
  });
  const first = await startHubProcess(dir, hallFile, 0, entry);
  first.child.kill('SIGTERM');
  await first.exited;
  const db = openDatabase(join(dir, 'hallq.db'));
  try {
    const accounts = createAccounts(db);
    const kioskTokens = Array.from(
      { length: KIOSKS },
      (_, i) =>
        accounts.addDevice({
          kind: 'kiosk',
          name: `chaos kiosk ${i + 1}`,
          windowId: null,
          zone: null,
          now: Date.now(),
        }).token,
    );
    for (const windowId of WINDOWS) {
      await accounts.addUser({
        username: `clerk-${windowId}`,
        displayName: `Clerk ${windowId}`,
        staffNumber: windowId,
        password: TEST_PASSWORD,
        role: 'clerk',
        now: Date.now(),
      });
    }
    return { dir, hallFile, kioskTokens };
  } finally {
    db.close();
  }
}

interface FileState {
  readonly tickets: Map<string, { status: string; number: string; serviceId: string; businessDay: string }>;
  readonly duplicates: readonly string[];
  /** Losses the hub recorded against its high-water mark: an honest kill must never look like one. */
  readonly lostCommitRecords: number;
}

function readFile(dir: string): FileState {
  const db = new Database(join(dir, 'hallq.db'), { readonly: true });
  try {
    const rows = db.prepare('SELECT id, status, number, service_id, business_day FROM tickets').all() as {
      id: string;
      status: string;
      number: string;
      service_id: string;
      business_day: string;
    }[];
    const duplicates = db
      .prepare(
        `SELECT business_day || ' ' || service_id || ' ' || number || ' ×' || COUNT(*) FROM tickets
         GROUP BY business_day, service_id, number HAVING COUNT(*) > 1`,
      )
      .pluck()
      .all() as string[];
    return {
      tickets: new Map(
        rows.map((r) => [
          r.id,
          { status: r.status, number: r.number, serviceId: r.service_id, businessDay: r.business_day },
        ]),
      ),
      duplicates,
      lostCommitRecords: db
        .prepare("SELECT COUNT(*) FROM events WHERE type = 'storage:commits-lost'")
        .pluck()
        .get() as number,
    };
  } finally {
    db.close();
  }
}

/** Window consistency in a snapshot: a current ticket is called or serving and held by that window, and back. */
export function windowViolations(snapshot: HallSnapshot): string[] {
  const problems: string[] = [];
  const tickets = new Map(snapshot.tickets.map((t) => [t.id, t]));
  const holders = new Map<string, string>();
  for (const window of snapshot.windows) {
    const id = window.currentTicketId;
    if (id === null) continue;
    const ticket = tickets.get(id);
    if (!ticket) problems.push(`${window.windowId} holds ${id}, which the snapshot does not have`);
    else if (ticket.status !== 'called' && ticket.status !== 'serving')
      problems.push(`${window.windowId} holds ${ticket.number} in status ${ticket.status}`);
    else if (ticket.windowId !== window.windowId)
      problems.push(`${window.windowId} holds ${ticket.number}, which says it is at ${ticket.windowId}`);
    const other = holders.get(id);
    if (other) problems.push(`${id} is held by ${other} and ${window.windowId}`);
    holders.set(id, window.windowId);
  }
  for (const ticket of snapshot.tickets) {
    if (
      (ticket.status === 'called' || ticket.status === 'serving') &&
      holders.get(ticket.id) !== ticket.windowId
    )
      problems.push(`${ticket.number} is ${ticket.status} at ${ticket.windowId} but no window holds it`);
  }
  return problems;
}

interface Load {
  readonly kiosks: TestClient[];
  readonly clerks: TestClient[];
}

/** Kiosks issuing and clerks working until `stop()` is true or the hub dies. */
function runLoad(
  load: Load,
  snapshot: HallSnapshot,
  acknowledged: Acknowledged,
  inFlightIssues: Map<string, string>,
  rng: SeededRandom,
  onAck: () => void,
): Promise<void> {
  const issueLoop = async (kiosk: TestClient) => {
    for (let i = 0; i < 10_000 && kiosk.socket.connected; i += 1) {
      const requestId = randomUUID();
      const serviceId = rng.pick(SERVICES);
      inFlightIssues.set(requestId, serviceId);
      const answer = await callOrLost(kiosk, 'ticket:issue', { requestId, serviceId, identity: null });
      if ('lost' in answer) return;
      inFlightIssues.delete(requestId);
      if (answer.ok) {
        const t = answer.data.ticket;
        acknowledged.issued.set(t.id, {
          number: t.number,
          serviceId: t.serviceId,
          businessDay: t.businessDay,
        });
      }
      acknowledged.count += 1;
      onAck();
    }
  };
  const clerkLoop = async (clerk: TestClient, windowId: string) => {
    const window = snapshot.windows.find((w) => w.windowId === windowId);
    let current = window?.currentTicketId ?? null;
    let status = current ? (snapshot.tickets.find((t) => t.id === current)?.status ?? null) : null;
    for (let i = 0; i < 10_000 && clerk.socket.connected; i += 1) {
      const name: 'window:call-next' | 'window:start' | 'window:finish' =
        current === null ? 'window:call-next' : status === 'called' ? 'window:start' : 'window:finish';
      const answer = await callOrLost(clerk, name, { windowId });
      if ('lost' in answer) return;
      acknowledged.count += 1;
      if (answer.ok) {
        const ticket = answer.data.ticket;
        if (ticket) {
          const reached =
            name === 'window:call-next' ? 'called' : name === 'window:start' ? 'serving' : 'done';
          acknowledged.progress.set(ticket.id, reached);
        }
        current = answer.data.window.currentTicketId;
        status = current && ticket?.id === current ? ticket.status : null;
      } else if (answer.error.code === 'NO_WAITING_TICKET') {
        // Nothing waiting: let the kiosks catch up before asking again (an awaited round trip, not a sleep).
        await callOrLost(clerk, 'hall:snapshot', {});
      } else {
        // Out of step (e.g. after a refused command): take the window's state from a fresh snapshot.
        const fresh = await callOrLost(clerk, 'hall:snapshot', {});
        if ('lost' in fresh || !fresh.ok) return;
        current = fresh.data.windows.find((w) => w.windowId === windowId)?.currentTicketId ?? null;
        status = current ? (fresh.data.tickets.find((t) => t.id === current)?.status ?? null) : null;
      }
      onAck();
    }
  };
  return Promise.all([
    ...load.kiosks.flatMap((k) => [issueLoop(k), issueLoop(k)]),
    ...load.clerks.map((c, i) => clerkLoop(c, WINDOWS[i]!)),
  ]).then(() => undefined);
}

export async function runKillRestartChaos(options: KillRestartOptions): Promise<KillRestartResult> {
  const rng = seededRandom(options.seed);
  const maxAcks = options.maxAcksPerCycle ?? 60;
  const entry = options.entry ?? HUB_FROM_SOURCE;
  const { dir, hallFile, kioskTokens } = await prepare(entry);
  const acknowledged: Acknowledged = { issued: new Map(), progress: new Map(), count: 0 };
  const sessionTokens = new Map<string, string>();
  const resyncMs: number[] = [];
  const violations: string[] = [];
  let lostInFlight = 0;
  let retriedIssues = 0;
  let hub: HubProcess | null = null;
  /** Issue requests sent but not answered when the hub died: request id → service. */
  const inFlightIssues = new Map<string, string>();
  let lastFile: FileState | null = null;

  const check = (cycle: number, file: FileState) => {
    for (const [id, t] of acknowledged.issued) {
      const stored = file.tickets.get(id);
      if (!stored)
        violations.push(`cycle ${cycle}: acknowledged ticket ${t.number} (${id}) is not in the file`);
      else if (stored.number !== t.number)
        violations.push(
          `cycle ${cycle}: ticket ${id} was acknowledged as ${t.number}, stored as ${stored.number}`,
        );
    }
    for (const [id, reached] of acknowledged.progress) {
      const stored = file.tickets.get(id);
      if (!stored || rankOf(stored.status) < RANK[reached])
        violations.push(
          `cycle ${cycle}: ${id} was acknowledged ${reached}, stored ${stored?.status ?? 'missing'}`,
        );
    }
    for (const d of file.duplicates) violations.push(`cycle ${cycle}: number issued twice: ${d}`);
    if (file.lostCommitRecords > 0)
      violations.push(`cycle ${cycle}: a kill with honest storage was taken for lost commits`);
  };

  try {
    for (let cycle = 1; cycle <= options.cycles; cycle += 1) {
      const startAt = performance.now();
      hub = await startHubProcess(dir, hallFile, 0, entry);
      const listeningAt = performance.now();
      hub.child.stdout?.resume();
      hub.child.stderr?.resume();
      const url = hub.url;

      // Every client reconnects at once, as a hall's devices do when the hub comes back.
      const kiosks = kioskTokens.map(async (deviceToken) => connectClient(url, { deviceToken }));
      const clerks = WINDOWS.map(async (windowId) => {
        const token = sessionTokens.get(windowId);
        if (token) return connectClient(url, { sessionToken: token });
        const client = await connectClient(url, {});
        const login = await client.call('session:login', {
          username: `clerk-${windowId}`,
          password: TEST_PASSWORD,
          windowId,
        });
        if (!login.ok) throw new Error(`login at ${windowId}: ${login.error.message}`);
        sessionTokens.set(windowId, login.data.sessionToken);
        return client;
      });
      const load: Load = { kiosks: await Promise.all(kiosks), clerks: await Promise.all(clerks) };
      const all = [...load.kiosks, ...load.clerks];
      const snapshots = await Promise.all(
        all.map(async (client) => {
          // A resumed session gets its snapshot on connect; a fresh login gets one after signing in.
          const snapshot = await client.nextSnapshot();
          // The first start is not a restart (and its clerks sign in with scrypt): only restarts are timed.
          if (cycle > 1) resyncMs.push(performance.now() - listeningAt);
          return snapshot;
        }),
      );
      const cycleResync = cycle > 1 ? Math.max(...resyncMs.slice(-all.length)) : 0;
      const snapshot = snapshots.at(-1)!;
      for (const v of windowViolations(snapshot)) violations.push(`cycle ${cycle}: ${v}`);
      // The restarted hub holds exactly the open tickets the file held when the previous one died.
      const open = new Map(snapshot.tickets.map((t) => [t.id, t.status]));
      for (const [id, stored] of lastFile?.tickets ?? []) {
        if (!['waiting', 'called', 'serving'].includes(stored.status)) continue;
        if (open.get(id) !== stored.status)
          violations.push(
            `cycle ${cycle}: ${stored.number} is ${stored.status} in the file, ${open.get(id) ?? 'absent'} after restart`,
          );
      }

      // Requests whose answers died with the previous hub, retried with the same id: the same ticket or one new one.
      const kiosk = load.kiosks[0]!;
      for (const [requestId, serviceId] of [...inFlightIssues]) {
        const answer = await callOrLost(kiosk, 'ticket:issue', { requestId, serviceId, identity: null });
        if ('lost' in answer) break;
        inFlightIssues.delete(requestId);
        retriedIssues += 1;
        if (!answer.ok) {
          // A retry may meet a rule (the day's numbers used up), never a storage or protocol failure.
          if (!RULE_REFUSALS.has(answer.error.code))
            violations.push(`cycle ${cycle}: retry of ${requestId} refused: ${answer.error.code}`);
        } else {
          const t = answer.data.ticket;
          acknowledged.issued.set(t.id, {
            number: t.number,
            serviceId: t.serviceId,
            businessDay: t.businessDay,
          });
        }
      }

      const killAfter = rng.int(0, maxAcks);
      const before = acknowledged.count;
      const process = hub;
      let killed = false;
      const kill = () => {
        if (killed) return;
        killed = true;
        process.child.kill('SIGKILL');
      };
      if (killAfter === 0) kill();
      const loadDone = runLoad(load, snapshot, acknowledged, inFlightIssues, rng, () => {
        if (acknowledged.count - before >= killAfter) kill();
      });
      await process.exited.then(
        () => undefined,
        () => undefined,
      );
      for (const client of all) client.close();
      await loadDone;
      lostInFlight += inFlightIssues.size;
      hub = null;

      const file = readFile(dir);
      lastFile = file;
      check(cycle, file);
      options.onCycle?.({
        cycle,
        acknowledged: acknowledged.count - before,
        resyncMs: cycleResync,
        startMs: listeningAt - startAt,
        ticketsInFile: file.tickets.size,
      });
      if (violations.length > 20) break;
    }
  } finally {
    const last = hub;
    if (last) {
      last.child.kill('SIGKILL');
      await last.exited;
    }
    // The data folder is kept when something failed, for a look at the file.
    if (violations.length === 0) rmSync(dir, { recursive: true, force: true });
    else console.log(`kill -9 chaos: data folder kept at ${dir}`);
  }
  return {
    seed: options.seed,
    cycles: options.cycles,
    acknowledgedCommands: acknowledged.count,
    ticketsIssued: acknowledged.issued.size,
    lostInFlight,
    retriedIssues,
    resyncMs,
    violations,
  };
}
