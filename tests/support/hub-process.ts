import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HallConfig } from '@hallq/protocol';
import { REPO_ROOT } from './browser.ts';

export interface HubProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Resolves when the process has exited, with its signal. */
  readonly exited: Promise<NodeJS.Signals | number | null>;
  /** Everything it wrote to stdout and stderr so far. */
  readonly output: () => string;
}

/** A hall data folder with a hall file, as an operator would prepare one. */
export function prepareHallDir(hall: HallConfig): { dir: string; hallFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hallq-proc-'));
  const hallFile = join(dir, 'hall.json');
  writeFileSync(hallFile, JSON.stringify(hall));
  return { dir, hallFile };
}

/** How the hub is run: from source through tsx (default), or a prebuilt bundle of the same main.ts. */
export const HUB_FROM_SOURCE: readonly string[] = [
  '--import',
  'tsx',
  join(REPO_ROOT, 'apps/hub/src/main.ts'),
];

/** Starts the real hub (apps/hub/src/main.ts) as its own process on a free port and waits until it listens. */
export function startHubProcess(
  dir: string,
  hallFile: string,
  port = 0,
  entry: readonly string[] = HUB_FROM_SOURCE,
  /** More hub flags (`--public-port 0` …). */
  extraArgs: readonly string[] = [],
): Promise<HubProcess> {
  const child = spawn(
    process.execPath,
    [...entry, '--data', dir, '--hall', hallFile, '--port', String(port), ...extraArgs],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, HALLQ_LOG_LEVEL: process.env.HALLQ_LOG_LEVEL ?? 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  return new Promise((resolve, reject) => {
    let output = '';
    let listening = false;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (listening) return;
      const match = /HallQ hub is running: (\S+)/.exec(output);
      if (match?.[1]) {
        listening = true;
        resolve({ child, url: match[1], exited, output: everything });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const everything = () => output;
    child.once('exit', (code) => reject(new Error(`hub exited (${code}) before listening:\n${output}`)));
  });
}
