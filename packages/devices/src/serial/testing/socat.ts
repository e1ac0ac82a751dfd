import { type ChildProcess, spawn } from 'node:child_process';
import { lstat, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A pair of connected pseudo-terminals made by socat: `pathA` and `pathB` behave like the two ends of a null-
 * modem cable (baud rate is ignored, modem lines are unsupported). `unplug()` kills socat — both links vanish
 * and open ports see a disconnect — and `replug()` starts it again with the same link names.
 */
export interface SocatPair {
  readonly pathA: string;
  readonly pathB: string;
  readonly running: boolean;
  unplug(): Promise<void>;
  replug(): Promise<void>;
  /** Kills socat and removes the temporary directory. */
  close(): Promise<void>;
}

export interface SocatPairOptions {
  /** Directory for the links; a fresh temporary directory by default. */
  readonly dir?: string;
  readonly socatPath?: string;
  /** How long to wait for socat to create both links (default 10 s, generous for loaded machines). */
  readonly readyTimeoutMs?: number;
}

export class SocatError extends Error {
  readonly code = 'SOCAT_FAILED';
  constructor(message: string) {
    super(message);
    this.name = 'SocatError';
  }
}

const exists = async (path: string): Promise<boolean> => {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
};

const waitForExit = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    child.once('exit', () => resolve());
  });

export async function startSocatPair(options: SocatPairOptions = {}): Promise<SocatPair> {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'hallq-socat-')));
  const pathA = join(dir, 'ttyA');
  const pathB = join(dir, 'ttyB');
  const socatPath = options.socatPath ?? 'socat';
  const readyTimeoutMs = options.readyTimeoutMs ?? 10_000;
  let child: ChildProcess | undefined;

  const launch = async (): Promise<void> => {
    // Leftover links (socat killed hard) would make socat refuse to create them.
    await rm(pathA, { force: true });
    await rm(pathB, { force: true });
    const proc = spawn(
      socatPath,
      ['-d', '-d', `pty,raw,echo=0,link=${pathA}`, `pty,raw,echo=0,link=${pathB}`],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child = proc;
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      const timeout = setTimeout(
        () => fail(new SocatError(`socat did not create ${pathA} and ${pathB} within ${readyTimeoutMs} ms`)),
        readyTimeoutMs,
      );
      const finish = (): void => {
        clearTimeout(timeout);
        proc.stderr?.off('data', onStderr);
        proc.off('exit', onExit);
        proc.off('error', fail);
      };
      function fail(error: Error): void {
        finish();
        proc.kill('SIGKILL');
        reject(error);
      }
      const onExit = (code: number | null): void =>
        fail(new SocatError(`socat exited early (code ${code}): ${stderr.trim()}`));
      const onStderr = (chunk: Buffer): void => {
        stderr += chunk.toString('utf8');
        // socat logs this once both ptys (and their links) exist.
        if (!stderr.includes('starting data transfer loop')) return;
        void Promise.all([exists(pathA), exists(pathB)]).then(([a, b]) => {
          if (!a || !b) {
            fail(new SocatError(`socat is running but a link is missing: ${stderr.trim()}`));
            return;
          }
          finish();
          resolve();
        });
      };
      proc.stderr?.on('data', onStderr);
      proc.once('exit', onExit);
      proc.once('error', fail);
    });
    // Keep draining stderr so socat never blocks on a full pipe.
    proc.stderr?.resume();
  };

  const kill = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    if (!proc) return;
    const exited = waitForExit(proc);
    proc.kill('SIGTERM');
    await exited;
    await rm(pathA, { force: true });
    await rm(pathB, { force: true });
  };

  await launch();

  return {
    pathA,
    pathB,
    get running() {
      return child !== undefined;
    },
    unplug: kill,
    async replug() {
      if (child) return;
      await launch();
    },
    async close() {
      await kill();
      if (ownDir) await rm(dir, { recursive: true, force: true });
    },
  };
}
