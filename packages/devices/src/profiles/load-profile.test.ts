import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadProfile, loadProfiles, ProfileError, parseProfile } from './load-profile.ts';

const repoProfile = fileURLToPath(
  new URL('../../../../hardware-profiles/id-card-reader-generic-ga467.json', import.meta.url),
);

const reader = {
  id: 'reader-a',
  kind: 'id-card-reader',
  vendor: 'v',
  model: 'm',
  description: 'd',
  protocol: 'ga467-sam',
  baudRate: 115200,
  autoBaud: true,
  supportsFingerprint: false,
  pollIntervalMs: 300,
  responseTimeoutMs: 1500,
};

describe('profile loader', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hallq-profiles-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads the generic GA 467 reader profile of the repository', async () => {
    const profile = await loadProfile(repoProfile);
    expect(profile).toMatchObject({
      kind: 'id-card-reader',
      protocol: 'ga467-sam',
      baudRate: 115200,
      quirks: [],
    });
  });

  it('loads every JSON file of a directory, sorted', async () => {
    await writeFile(join(dir, 'b.json'), JSON.stringify({ ...reader, id: 'reader-b' }));
    await writeFile(join(dir, 'a.json'), JSON.stringify(reader));
    await writeFile(join(dir, 'notes.txt'), 'ignored');
    expect((await loadProfiles(dir)).map((p) => p.id)).toEqual(['reader-a', 'reader-b']);
    expect(await loadProfiles(join(dir, 'a.json'))).toHaveLength(1);
  });

  it('names the file and the schema issue', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ ...reader, baudRate: 12345, pollIntervalMs: 10 }));
    const error = await loadProfile(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProfileError);
    expect(error).toMatchObject({ code: 'PROFILE_INVALID', file });
    const { issues, message } = error as ProfileError;
    expect(issues.some((issue) => issue.startsWith('baudRate:'))).toBe(true);
    expect(issues.some((issue) => issue.startsWith('pollIntervalMs:'))).toBe(true);
    expect(message).toContain(file);
  });

  it('reports unreadable files, bad JSON and duplicate ids', async () => {
    await expect(loadProfile(join(dir, 'missing.json'))).rejects.toThrow(/cannot read/);
    await writeFile(join(dir, 'broken.json'), '{ nope');
    await expect(loadProfile(join(dir, 'broken.json'))).rejects.toThrow(/not JSON/);
    await rm(join(dir, 'broken.json'));
    await writeFile(join(dir, 'a.json'), JSON.stringify(reader));
    await writeFile(join(dir, 'b.json'), JSON.stringify(reader));
    await expect(loadProfiles(dir)).rejects.toThrow(/already used/);
    await expect(loadProfiles(join(dir, 'nothing-here'))).rejects.toBeInstanceOf(ProfileError);
  });

  it('parses values already in memory', () => {
    expect(() => parseProfile({ kind: 'toaster' }, 'inline')).toThrow(/inline/);
  });
});
