import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
/** What `npm run build` makes of it (scripts/lib/build-plan.mjs), as a city's server runs it. */
export const BUILT_CENTRE = fileURLToPath(new URL('../../dist/main.mjs', import.meta.url));

/** The centre as its own process (`tsx apps/central/src/main.ts`), for tests that kill it. */
export interface CentreProcess {
  readonly child: ChildProcess;
  /** SIGKILL: no shutdown, whatever it was doing. Resolves once it is gone. */
  kill(): Promise<void>;
}

export function startCentreProcess(
  databaseUrl: string,
  port: number,
  workers = 1,
  options: { readonly built?: boolean } = {},
): Promise<CentreProcess> {
  const child = spawn(
    process.execPath,
    [
      ...(options.built ? [BUILT_CENTRE] : ['--import', 'tsx', MAIN]),
      '--database-url',
      databaseUrl,
      '--port',
      String(port),
      '--log-level',
      'error',
      '--workers',
      String(workers),
    ],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('HallQ city centre is running')) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve({
          child,
          kill: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGKILL');
            }),
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) =>
      reject(new Error(`the centre exited (${code}) before it listened: ${output}`)),
    );
  });
}
