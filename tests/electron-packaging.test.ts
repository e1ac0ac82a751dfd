/**
 * The Electron shells' packaging (electron-builder.json of the kiosk, counter and lobby), checked as far as a machine
 * without the Electron binary allows: each shell is built with electron-vite, and its packaging configuration must
 * name that build's main entry, ship the files the main process loads (preload, agent), name resources that exist,
 * pin the Electron version installed, and write its packages to a git-ignored folder.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/browser.ts';

interface BuilderConfig {
  readonly appId: string;
  readonly electronVersion: string;
  readonly directories: { readonly output: string };
  readonly extraMetadata: { readonly main: string };
  readonly files: readonly string[];
  readonly extraResources?: readonly { readonly from: string; readonly to: string }[];
}

/** What each shell's main process loads besides itself, relative to the app folder. */
const SHELLS = {
  kiosk: { loads: ['out/preload/preload.cjs', 'out/main/agent.js'] },
  counter: { loads: ['out/preload/index.cjs'] },
  lobby: { loads: [] },
} as const;

const installedElectron = JSON.parse(
  readFileSync(join(REPO_ROOT, 'node_modules', 'electron', 'package.json'), 'utf8'),
) as { version: string };

/** A files pattern of electron-builder as used here: `dir/**\/*` or a plain file. */
const covers = (pattern: string, file: string) =>
  pattern.endsWith('/**/*') ? file.startsWith(pattern.slice(0, -'**/*'.length)) : pattern === file;

describe.each(Object.entries(SHELLS))('the %s shell package', (app, shell) => {
  const dir = join(REPO_ROOT, 'apps', app);
  const config = JSON.parse(readFileSync(join(dir, 'electron-builder.json'), 'utf8')) as BuilderConfig;

  it('its main entry is the electron-vite build, and it ships every file the main process loads', () => {
    const build = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules/.bin/electron-vite'), 'build'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(build.status, build.stderr).toBe(0);
    expect(config.extraMetadata.main).toMatch(/^out\/main\/[\w-]+\.js$/);
    expect(existsSync(join(dir, config.extraMetadata.main))).toBe(true);
    for (const file of [config.extraMetadata.main, ...shell.loads, 'package.json']) {
      expect(existsSync(join(dir, file)), file).toBe(true);
      expect(
        config.files.some((p) => covers(p, file)),
        `${file} is in "files"`,
      ).toBe(true);
    }
    // The shells are ES modules (electron-vite writes ESM for a "type": "module" package): Electron 28+ loads them.
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))).toMatchObject({ type: 'module' });
  });

  it('names resources that exist, the Electron installed, its own app id, and a git-ignored output folder', () => {
    for (const resource of config.extraResources ?? [])
      expect(existsSync(join(dir, resource.from))).toBe(true);
    expect(config.electronVersion).toBe(installedElectron.version);
    expect(config.appId).toBe(`cn.hallq.${app}`);
    const ignored = execFileSync('git', ['check-ignore', join(dir, config.directories.output, 'x')], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(ignored.trim()).not.toBe('');
  });
});

it('the kiosk package ships the hardware profiles where its device agent looks for them', () => {
  // The agent resolves `hardware-profiles/` three folders above its own file (apps/kiosk/agent/main.ts): from
  // resources/app.asar/out/main/agent.js that is resources/, where extraResources puts them.
  const config = JSON.parse(
    readFileSync(join(REPO_ROOT, 'apps/kiosk/electron-builder.json'), 'utf8'),
  ) as BuilderConfig;
  expect(config.extraResources).toContainEqual({ from: '../../hardware-profiles', to: 'hardware-profiles' });
});
