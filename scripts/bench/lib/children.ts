import { type ChildProcess, fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

/** A forked TypeScript child (run by tsx) with typed messages both ways and a way to wait for one report. */
export interface Child<Command, Report> {
  readonly process: ChildProcess;
  send(command: Command): void;
  /** Resolves with the first report (already received and not yet taken, or future) that `match` accepts. */
  next<R extends Report>(match: (report: Report) => report is R, timeoutMs?: number): Promise<R>;
  stop(): Promise<void>;
}

export function forkChild<Command, Report>(script: string): Child<Command, Report> {
  const child = fork(join(HERE, script), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const inbox: Report[] = [];
  const waiters: { match: (r: Report) => boolean; resolve: (r: Report) => void }[] = [];
  child.on('message', (message) => {
    const report = message as Report;
    const index = waiters.findIndex((w) => w.match(report));
    if (index >= 0) {
      const [waiter] = waiters.splice(index, 1);
      waiter!.resolve(report);
    } else inbox.push(report);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    process: child,
    send: (command) => {
      child.send(command as object);
    },
    next<R extends Report>(match: (report: Report) => report is R, timeoutMs = 60_000): Promise<R> {
      const index = inbox.findIndex(match);
      if (index >= 0) return Promise.resolve(inbox.splice(index, 1)[0] as R);
      return new Promise<R>((resolve, reject) => {
        const waiter = {
          match,
          resolve: (r: Report) => {
            clearTimeout(timer);
            resolve(r as R);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`child ${script} sent no matching report within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.send({ type: 'close' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
