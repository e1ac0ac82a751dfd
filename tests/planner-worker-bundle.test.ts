/**
 * The staffing planner's worker in the production build: scripts/build.mjs bundles it as its own entry beside the
 * hub's (apps/hub/dist/planner-worker.mjs), and the built hub, run as its own process, answers a plan through it.
 * (From source the same worker runs through tsx: apps/hub/src/planner/planner.test.ts.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createAccounts, openDatabase } from '@hallq/hub/local-tools';
import { connectClient, TEST_PASSWORD, type TestClient, testHall } from '@hallq/hub/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/browser.ts';
import { type HubProcess, prepareHallDir, startHubProcess } from './support/hub-process.ts';

const BUILT_HUB = [join(REPO_ROOT, 'apps/hub/dist/main.mjs')];
let hub: HubProcess | undefined;
let client: TestClient | undefined;

beforeAll(async () => {
  const build = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/build.mjs'), '--servers'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`the server build failed:\n${build.stdout}\n${build.stderr}`);
  const { dir, hallFile } = prepareHallDir(testHall({ windows: 6 }));
  // A first start makes the database; the manager's account is added while the hub is stopped.
  const first = await startHubProcess(dir, hallFile, 0, BUILT_HUB);
  first.child.kill('SIGTERM');
  await first.exited;
  const db = openDatabase(join(dir, 'hallq.db'));
  try {
    await createAccounts(db).addUser({
      username: 'manager',
      displayName: 'Manager',
      staffNumber: '1',
      password: TEST_PASSWORD,
      role: 'admin',
      now: Date.now(),
    });
  } finally {
    db.close();
  }
  hub = await startHubProcess(dir, hallFile, 0, BUILT_HUB);
}, 120_000);

afterAll(async () => {
  client?.close();
  hub?.child.kill('SIGTERM');
  await hub?.exited;
});

describe('the built hub', () => {
  it('answers planner:plan from the bundled worker', async () => {
    client = await connectClient(hub!.url, {});
    const login = await client.call('session:login', {
      username: 'manager',
      password: TEST_PASSWORD,
      windowId: null,
    });
    expect(login.ok).toBe(true);
    const answer = await client.call('planner:plan', {
      day: '2026-11-30',
      counts: [2, 3],
      target: { share: 0.8, maxWaitMinutes: 15 },
    });
    if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
    // No history: the hall's usual day, 9:00–17:00, with the windows asked for and a suggestion.
    expect(answer.data.halfHours).toHaveLength(16);
    expect(answer.data.halfHours.slice(0, 3).map((h) => h.windows)).toEqual([2, 3, 6]);
    expect(answer.data.suggestion?.counts).toHaveLength(16);
    // Nothing to plan for: each half-hour meets the target with no window at all.
    expect(answer.data.suggestion?.met.every(Boolean)).toBe(true);
    expect(existsSync(join(REPO_ROOT, 'apps/hub/dist/planner-worker.mjs'))).toBe(true);
  });
});
