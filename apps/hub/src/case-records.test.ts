import type { QueueCommand } from '@hallq/core';
import { type HallConfig, WebhookPayload } from '@hallq/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { RATING_RECORD_COLUMNS } from './rating-records.ts';
import { type Actor, SYSTEM_ACTOR } from './store/event-log.ts';
import { testHall } from './testing/test-hall.ts';
import { startTestHub, type TestHub } from './testing/test-hub.ts';

/** The window's evaluation pad, as the rating's recorder in the audit trail. */
const PAD = { kind: 'device', id: 'pad-w1', deviceId: 'pad-w1' } as const;

/** Wednesday 2026-09-30 10:00 in Asia/Shanghai: the day before the National Day holiday. */
const EVE_OF_NATIONAL_DAY = Date.UTC(2026, 8, 30, 2, 0, 0);
const ITEM_CODE = '11330106MB1001111L3100017000000';

function codedHall(overrides: Partial<HallConfig> = {}): HallConfig {
  const hall = testHall({ services: 2, windows: 2 });
  return {
    ...hall,
    regionCode: '330106',
    services: hall.services.map((s, i) =>
      i === 0 ? { ...s, itemCode: ITEM_CODE, itemVersion: '3', departmentCode: '11330106MB1001111L' } : s,
    ),
    ...overrides,
  };
}

let hub: TestHub | null = null;
afterEach(async () => {
  await hub?.close();
  hub = null;
});

/** Webhooks captured where the hub posts them (the HTTP POST injected), parsed against the protocol schema. */
async function hubWithWebhooks(options: { hall?: HallConfig; start?: number } = {}) {
  const bodies: WebhookPayload[] = [];
  const waiters: { until: () => boolean; resolve: () => void }[] = [];
  const started = await startTestHub({
    hall: options.hall ?? codedHall(),
    start: options.start ?? EVE_OF_NATIONAL_DAY,
    config: {
      webhooks: {
        post: async (_url, body) => {
          bodies.push(WebhookPayload.parse(JSON.parse(body)));
          for (const w of [...waiters]) {
            if (w.until()) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve();
            }
          }
          return { status: 204 };
        },
      },
    },
  });
  hub = started;
  const subscribed = started.hub.webhooks.subscribe({
    clientId: null,
    url: 'https://approval.example.test/hooks',
    eventTypes: [
      'ticket.called',
      'ticket.finished',
      'ticket.case_attached',
      'rating.recorded',
      'follow_up.changed',
    ],
  });
  if (!subscribed.ok) throw new Error(subscribed.error.message);
  const until = (until: () => boolean) =>
    until() ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ until, resolve }));
  return { hub: started, bodies, until };
}

function run(h: TestHub, command: QueueCommand, actor: Actor = SYSTEM_ACTOR) {
  const outcome = h.hub.hall.execute(command, actor);
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.value;
}

const issue = (h: TestHub, serviceId = 'svc-1') => {
  const done = run(h, {
    type: 'ticket:issue',
    serviceId,
    visitorClass: 'normal',
    visitorKey: null,
    kioskId: null,
  });
  const event = done.events.find((e) => e.type === 'ticket:issued');
  if (event?.type !== 'ticket:issued') throw new Error('not issued');
  return event.ticket.id;
};

const auditTypes = (h: TestHub) =>
  h.db
    .prepare<[], { type: string }>('SELECT type FROM events ORDER BY id')
    .all()
    .map((r) => r.type);

describe('case numbers (办件编号)', () => {
  it('a clerk attaches one to the ticket their window holds: stored, in the audit trail, on the webhooks', async () => {
    const { hub: h, bodies, until } = await hubWithWebhooks();
    const ticketId = issue(h);
    const clerk = await h.clerkAt('w1');
    expect((await clerk.call('window:call-next', { windowId: 'w1' })).ok).toBe(true);

    const attached = await clerk.call('ticket:attach-case', { ticketId, caseNumber: 'SP-2026-000123' });
    expect(attached).toMatchObject({
      ok: true,
      data: { ticket: { id: ticketId, caseNumber: 'SP-2026-000123' } },
    });
    const row = h.db.prepare('SELECT case_number FROM tickets WHERE id = ?').get(ticketId);
    expect(row).toEqual({ case_number: 'SP-2026-000123' });

    // The audit trail names who attached it, and what.
    const entry = h.db
      .prepare<[], { actor_kind: string; payload: string }>(
        `SELECT actor_kind, payload FROM events WHERE type = 'ticket:case-attached'`,
      )
      .get();
    expect(entry?.actor_kind).toBe('user');
    expect(JSON.parse(entry!.payload)).toMatchObject({
      caseNumber: 'SP-2026-000123',
      previousCaseNumber: null,
    });

    // Every later view of the ticket carries it: the finish, and its webhook.
    const finished = await clerk.call('window:finish', { windowId: 'w1' });
    expect(finished.ok && finished.data.ticket?.caseNumber).toBe('SP-2026-000123');
    await until(() => bodies.some((b) => b.type === 'ticket.finished'));
    const caseHook = bodies.find((b) => b.type === 'ticket.case_attached');
    expect(caseHook?.type === 'ticket.case_attached' && caseHook.data).toMatchObject({
      caseNumber: 'SP-2026-000123',
      previousCaseNumber: null,
      windowNumber: 1,
      ticket: { id: ticketId, caseNumber: 'SP-2026-000123' },
    });
    const finishHook = bodies.find((b) => b.type === 'ticket.finished');
    expect(finishHook?.type === 'ticket.finished' && finishHook.data.ticket.caseNumber).toBe(
      'SP-2026-000123',
    );
    // The call came before the case: its webhook has none (each body is what was true then).
    const callHook = bodies.find((b) => b.type === 'ticket.called');
    expect(callHook?.type === 'ticket.called' && callHook.data.ticket.caseNumber).toBeUndefined();
  });

  it('refuses a clerk at another window, a bad number, and an unknown ticket; an admin may correct it later', async () => {
    const { hub: h } = await hubWithWebhooks();
    const ticketId = issue(h);
    const clerk1 = await h.clerkAt('w1');
    const clerk2 = await h.clerkAt('w2');
    await clerk1.call('window:call-next', { windowId: 'w1' });

    const other = await clerk2.call('ticket:attach-case', { ticketId, caseNumber: 'SP-1' });
    expect(other).toMatchObject({ ok: false, error: { code: 'TICKET_NOT_FOR_WINDOW' } });
    for (const caseNumber of ['', 'SP 1', 'SP_1', '办件1', 'A'.repeat(65), 'SP-1\t']) {
      const bad = await clerk1.call('ticket:attach-case', { ticketId, caseNumber });
      expect(bad, caseNumber).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    const unknown = h.hub.caseRecords.attachCaseNumber('2026-09-30/Z999', 'SP-1', SYSTEM_ACTOR);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'TICKET_NOT_FOUND' } });
    expect(h.db.prepare('SELECT case_number FROM tickets WHERE id = ?').get(ticketId)).toEqual({
      case_number: null,
    });

    expect((await clerk1.call('ticket:attach-case', { ticketId, caseNumber: 'SP-1' })).ok).toBe(true);
    await clerk1.call('window:finish', { windowId: 'w1' });
    await h.addUser('admin', 'admin');
    const admin = await h.connect();
    await admin.call('session:login', {
      username: 'admin',
      password: 'correct horse battery',
      windowId: null,
    });
    const corrected = await admin.call('ticket:attach-case', { ticketId, caseNumber: 'SP-2' });
    expect(corrected).toMatchObject({ ok: true, data: { ticket: { status: 'done', caseNumber: 'SP-2' } } });
    const last = h.db
      .prepare<[], { payload: string }>(
        `SELECT payload FROM events WHERE type = 'ticket:case-attached' ORDER BY id DESC LIMIT 1`,
      )
      .get();
    expect(JSON.parse(last!.payload)).toMatchObject({ caseNumber: 'SP-2', previousCaseNumber: 'SP-1' });
  });
});

/** Issues, calls, serves and finishes a ticket at w1 as `clerk-w1`; returns its id. */
async function servedTicket(h: TestHub, caseNumber: string | null = null) {
  const ticketId = issue(h);
  await h.addUser('clerk-w1', 'clerk');
  const clerkId = h.hub.accounts.users().find((u) => u.username === 'clerk-w1')!.id;
  run(h, { type: 'window:sign-in', windowId: 'w1', clerkId });
  run(h, { type: 'window:call-next', windowId: 'w1', clerkId });
  if (caseNumber)
    expect(h.hub.caseRecords.attachCaseNumber(ticketId, caseNumber, SYSTEM_ACTOR).ok).toBe(true);
  run(h, { type: 'window:start', windowId: 'w1' });
  run(h, { type: 'window:finish', windowId: 'w1' });
  return ticketId;
}

const rate = (h: TestHub, ticketId: string, level: number, tags: string[] = [], comment = '') => {
  const answer = h.hub.ratings.submit(ticketId, 'w1', { level, tags, comment }, PAD);
  if (!answer.ok) throw new Error(answer.error.message);
};

describe('好差评 records', () => {
  it('a rating carries the record fields, in its webhook and in the export', async () => {
    const { hub: h, bodies, until } = await hubWithWebhooks();
    const ticketId = await servedTicket(h, 'SP-2026-000777');
    rate(h, ticketId, 4, [], '很好');
    await until(() => bodies.some((b) => b.type === 'rating.recorded'));
    const hook = bodies.find((b) => b.type === 'rating.recorded');
    expect(hook?.type === 'rating.recorded' && hook.data).toMatchObject({
      ticketId,
      channel: 'pad',
      caseNumber: 'SP-2026-000777',
      itemCode: ITEM_CODE,
      itemVersion: '3',
      departmentCode: '11330106MB1001111L',
      regionCode: '330106',
      clerkUsername: 'clerk-w1',
      clerkName: 'clerk-w1',
      level: 4,
      levelName: '满意',
      comment: '很好',
    });
    expect(hook && 'applicantName' in hook.data).toBe(false);

    const csv = await h.hub.caseRecords.ratingRecords.exportRecords(
      { from: '2026-09-30', to: '2026-09-30', format: 'csv' },
      SYSTEM_ACTOR,
    );
    if (!csv.ok) throw new Error(csv.error.message);
    const lines = Buffer.from(csv.value.base64, 'base64')
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(lines[0]).toBe(RATING_RECORD_COLUMNS.map(([heading]) => heading).join(','));
    expect(lines[0]).toContain('办件编号 Case number');
    expect(lines[0]).not.toContain('申请人');
    expect(lines[1]).toBe(
      [
        '2026-09-30T10:00:00+08:00',
        'pad',
        'SP-2026-000777',
        ITEM_CODE,
        '3',
        '11330106MB1001111L',
        '330106',
        'clerk-w1',
        'clerk-w1',
        '4',
        '满意',
        '',
        '很好',
        'A001',
        '1',
      ].join(','),
    );
    expect(lines.slice(2)).toEqual(['']);
    // A range without the day has no records; the export is audited.
    const json = await h.hub.caseRecords.ratingRecords.exportRecords(
      { from: '2026-10-01', to: '2026-10-02', format: 'json' },
      SYSTEM_ACTOR,
    );
    expect(json.ok && JSON.parse(Buffer.from(json.value.base64, 'base64').toString()).records).toEqual([]);
    expect(auditTypes(h).filter((t) => t === 'rating:export')).toHaveLength(2);
    const xlsx = await h.hub.caseRecords.ratingRecords.exportRecords(
      { from: '2026-09-30', to: '2026-09-30', format: 'xlsx' },
      SYSTEM_ACTOR,
    );
    expect(xlsx.ok && Buffer.from(xlsx.value.base64, 'base64').subarray(0, 2).toString()).toBe('PK');
  });

  it('adds the applicant, sealed at rest, only when the province requires it', async () => {
    const hall = codedHall({ ratingRecords: { applicantRequired: true, followUpWorkingDays: 3 } });
    const { hub: h } = await hubWithWebhooks({ hall });
    const ticketId = issue(h);
    const identity = {
      idNumber: '11010519491231002X',
      name: '张三',
      birthDate: '1949-12-31',
      cardType: 'resident',
    };
    h.db.transaction(() =>
      h.hub.hall.store.saveIdentity(ticketId, 'key', h.hub.vault.seal(identity), EVE_OF_NATIONAL_DAY),
    )();
    await h.addUser('clerk-w1', 'clerk');
    const clerkId = h.hub.accounts.users()[0]!.id;
    run(h, { type: 'window:sign-in', windowId: 'w1', clerkId });
    run(h, { type: 'window:call-next', windowId: 'w1', clerkId });
    run(h, { type: 'window:finish', windowId: 'w1' });
    rate(h, ticketId, 5);

    const stored = h.db
      .prepare<[], { applicant_ciphertext: Buffer }>('SELECT applicant_ciphertext FROM ratings')
      .get();
    expect(stored?.applicant_ciphertext.toString('utf8')).not.toContain('11010519491231002X');
    const [record] = h.hub.caseRecords.ratingRecords.between('2026-09-30', '2026-09-30');
    expect(record).toMatchObject({ applicantName: '张三', applicantIdNumber: '11010519491231002X' });
    const csv = await h.hub.caseRecords.ratingRecords.exportRecords(
      { from: '2026-09-30', to: '2026-09-30', format: 'csv' },
      SYSTEM_ACTOR,
    );
    const text = csv.ok ? Buffer.from(csv.value.base64, 'base64').toString('utf8') : '';
    expect(text).toContain('申请人姓名 Applicant name,申请人证件号码 Applicant ID number');
    expect(text).toContain('张三,11010519491231002X');

    // Kept no longer than identities are: after the retention the record has no applicant.
    h.clock.advance(181 * 86_400_000);
    await h.hub.tick();
    expect(h.db.prepare('SELECT applicant_ciphertext FROM ratings').get()).toEqual({
      applicant_ciphertext: null,
    });
    expect(h.hub.caseRecords.ratingRecords.between('2026-09-30', '2026-09-30')[0]).not.toHaveProperty(
      'applicantName',
    );
  });
});

describe('差评 follow-ups (整改)', () => {
  it('a 差评 opens one in the rating’s transaction, due 3 working days on (across National Day)', async () => {
    const { hub: h, bodies, until } = await hubWithWebhooks();
    await h.addUser('lead-supervisor', 'supervisor');
    await h.addUser('second-supervisor', 'supervisor');
    const ticketId = await servedTicket(h, 'SP-9');
    rate(h, ticketId, 1, ['attitude'], '等了很久');
    rate(h, await servedTicket(h), 3);

    const [item, ...others] = h.hub.caseRecords.followUps.list(null);
    expect(others).toEqual([]);
    expect(item).toMatchObject({
      ticketId,
      caseNumber: 'SP-9',
      level: 1,
      tags: ['attitude'],
      comment: '等了很久',
      status: 'open',
      assigneeName: 'lead-supervisor',
      // Oct 1–7 are holidays; Thu 8, Fri 9 and the 调休 Saturday 10 are the three working days.
      dueDay: '2026-10-10',
      dueAt: Date.parse('2026-10-10T16:00:00Z'),
      overdue: false,
    });
    // The rating and its follow-up are logged together, rating first.
    const types = auditTypes(h);
    expect(types.indexOf('follow-up:opened')).toBe(types.indexOf('rating:recorded') + 1);
    await until(() => bodies.some((b) => b.type === 'follow_up.changed'));
    const hook = bodies.find((b) => b.type === 'follow_up.changed');
    expect(hook?.type === 'follow_up.changed' && hook.data).toMatchObject({
      followUpId: item!.id,
      status: 'open',
      previousStatus: null,
      dueDay: '2026-10-10',
    });
  });

  it('moves open → contacted → resolved by supervisors, each step audited; overdue raises an alert', async () => {
    const { hub: h, bodies, until } = await hubWithWebhooks();
    await h.addUser('sup', 'supervisor');
    rate(h, await servedTicket(h), 2, ['efficiency']);
    const [item] = h.hub.caseRecords.followUps.list('open');
    const supervisor = await h.connect();
    await supervisor.call('session:login', {
      username: 'sup',
      password: 'correct horse battery',
      windowId: null,
    });
    const clerk = await h.clerkAt('w2');
    expect(await clerk.call('follow-up:list', { status: null })).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });

    const skip = await supervisor.call('follow-up:update', {
      followUpId: item!.id,
      status: 'resolved',
      note: '已处理',
    });
    expect(skip).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } });
    const noNote = await supervisor.call('follow-up:update', {
      followUpId: item!.id,
      status: 'contacted',
      note: ' ',
    });
    expect(noNote).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });

    // Past the end of 2026-10-10 (Shanghai) and still open: overdue, alerted in supervision.
    h.clock.set(Date.parse('2026-10-10T16:00:01Z'));
    const alerts = h.hub.supervision.check().alerts.filter((a) => a.rule === 'follow-up-overdue');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.message.zh).toContain('2026-10-10');
    expect(h.hub.caseRecords.followUps.get(item!.id)?.overdue).toBe(true);
    // Ten days on, the morning's session has expired: the supervisor signs in again.
    const later = await h.connect();
    await later.call('session:login', { username: 'sup', password: 'correct horse battery', windowId: null });

    const contacted = await later.call('follow-up:update', {
      followUpId: item!.id,
      status: 'contacted',
      note: '已电话联系申请人',
    });
    expect(contacted).toMatchObject({ ok: true, data: { followUp: { status: 'contacted' } } });
    const resolved = await later.call('follow-up:update', {
      followUpId: item!.id,
      status: 'resolved',
      note: '窗口人员已整改，申请人认可',
    });
    expect(resolved).toMatchObject({
      ok: true,
      data: {
        followUp: { status: 'resolved', overdue: false, resolvedAt: Date.parse('2026-10-10T16:00:01Z') },
      },
    });
    if (resolved.ok) {
      expect(resolved.data.followUp.notes.map((n) => [n.status, n.byName])).toEqual([
        ['open', null],
        ['contacted', 'sup'],
        ['resolved', 'sup'],
      ]);
    }
    const again = await later.call('follow-up:update', {
      followUpId: item!.id,
      status: 'resolved',
      note: 'x',
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } });
    // Resolved: the alert clears.
    expect(
      h.hub.supervision.check().alerts.filter((a) => a.rule === 'follow-up-overdue' && a.clearedAt === null),
    ).toEqual([]);

    const changes = h.db
      .prepare<[], { actor_kind: string; payload: string }>(
        `SELECT actor_kind, payload FROM events WHERE type = 'follow-up:changed' ORDER BY id`,
      )
      .all()
      .map((r) => ({ actor: r.actor_kind, ...JSON.parse(r.payload) }));
    expect(changes.map((c) => [c.actor, c.previousStatus, c.status, c.note])).toEqual([
      ['user', 'open', 'contacted', '已电话联系申请人'],
      ['user', 'contacted', 'resolved', '窗口人员已整改，申请人认可'],
    ]);
    await until(() => bodies.filter((b) => b.type === 'follow_up.changed').length === 3);
    expect(bodies.filter((b) => b.type === 'follow_up.changed').map((b) => b.data.status)).toEqual([
      'open',
      'contacted',
      'resolved',
    ]);
  });

  it('is unassigned when the hall has no supervisor, and not opened for a fair rating', async () => {
    const { hub: h } = await hubWithWebhooks({ start: Date.UTC(2026, 10, 13, 2) });
    rate(h, await servedTicket(h), 3);
    expect(h.hub.caseRecords.followUps.list(null)).toEqual([]);
    rate(h, await servedTicket(h), 2);
    // Friday 2026-11-13 + 3 working days = Wednesday 2026-11-18.
    expect(h.hub.caseRecords.followUps.list(null)).toMatchObject([
      { assigneeId: null, dueDay: '2026-11-18', status: 'open' },
    ]);
  });
});
