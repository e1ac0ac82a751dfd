import { type ChildProcess, spawn } from 'node:child_process';
import { REPO_ROOT } from '../../support/browser.ts';

export interface StorageHub {
  readonly child: ChildProcess;
  readonly url: string;
  readonly exited: Promise<NodeJS.Signals | number | null>;
  /** Everything the hub printed so far (its log lines at `logLevel`). */
  output(): string;
}

/**
 * The real hub (bundled main.ts) on a data folder with any extra flags (backup folder, tick), optionally run
 * through a wrapper command (`unshare … sh -c …` for a small disk of its own); resolves once it listens.
 */
export function startStorageHub(
  entry: readonly string[],
  args: readonly string[],
  options: { wrapper?: readonly string[]; logLevel?: string } = {},
): Promise<StorageHub> {
  const command = [...(options.wrapper ?? []), process.execPath, ...entry, '--port', '0', ...args];
  const child = spawn(command[0]!, command.slice(1), {
    cwd: REPO_ROOT,
    env: { ...process.env, HALLQ_LOG_LEVEL: options.logLevel ?? 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /HallQ hub is running: (\S+)/.exec(output);
      if (match?.[1]) {
        child.off('exit', onExit);
        resolve({ child, url: match[1], exited, output: () => output });
      }
    };
    const onExit = (code: number | null) =>
      reject(new Error(`hub exited (${code}) before listening:\n${output}`));
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** SIGKILL, and wait until the process is gone. */
export async function killHub(hub: StorageHub): Promise<void> {
  hub.child.kill('SIGKILL');
  await hub.exited;
}

/** Polls `check` every few milliseconds until it returns a value, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => T | null | undefined | false,
  timeoutMs: number,
  everyMs = 2,
): Promise<T> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (performance.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
