import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startTestHub } from '@hallq/hub/testing';
import { describe, expect, it } from 'vitest';
import { BUILT_CENTRE, startCentreProcess } from '../testing/centre-process.ts';
import { testDatabase } from '../testing/database.ts';
import { visit } from '../testing/hall-activity.ts';
import { caughtUp, centreCopyOf, FAST_RETRY, freePort, hubLogOf } from '../testing/hub-link.ts';
import { startTestCentral } from '../testing/test-central.ts';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

describe('the city centre as npm run build makes it', () => {
  it('registers a hall from its command line and takes the hall’s log with two workers', async () => {
    // The centre's bundle alone (other tests run the hub's own bundle meanwhile).
    execFileSync(process.execPath, ['scripts/build.mjs', '--only', 'city centre'], {
      cwd: REPO,
      stdio: 'ignore',
    });
    const databaseUrl = await testDatabase('built');
    const port = await freePort();
    const centre = await startCentreProcess(databaseUrl, port, 2, { built: true });
    const registered = execFileSync(
      process.execPath,
      [
        BUILT_CENTRE,
        'register-hall',
        '--database-url',
        databaseUrl,
        '--hall-id',
        'b1',
        '--name',
        '北区大厅',
        '--region',
        '北城区',
      ],
      { cwd: REPO, encoding: 'utf8' },
    );
    const token = /--central-token (\S+)/.exec(registered)?.[1];
    if (!token) throw new Error(`register-hall printed no token: ${registered}`);
    const hub = await startTestHub({
      config: { central: { url: `http://127.0.0.1:${port}`, hallId: 'b1', token, retry: FAST_RETRY } },
    });
    try {
      for (let i = 0; i < 40; i += 1) visit(hub, `w${(i % 4) + 1}`);
      await hub.hub.hall.settled();
      hub.hub.central!.wake();
      await caughtUp(hub, 60_000);
      const check = await startTestCentral('built', { databaseUrl });
      try {
        expect(await centreCopyOf(check.central.pool, 'b1')).toEqual(hubLogOf(hub));
      } finally {
        await check.close();
      }
    } finally {
      await hub.close();
      await centre.kill();
    }
  });
});
