/**
 * A child process that plays kiosks and clerks against a hub over real sockets and reports every command's ack
 * latency. Kiosks issue tickets either paced (open loop: a send every 1/rate s whether or not the last one was
 * answered, so a slow answer cannot hide the ones queued behind it) or closed loop (a fixed number in flight).
 * Clerks call the next ticket and finish it, paced.
 */
import { randomUUID } from 'node:crypto';
import { PROTOCOL_VERSION } from '@hallq/protocol';
import { io, type Socket } from 'socket.io-client';
import { monotonicMs, sleep } from './stats.ts';

export type LoadPlan =
  | { readonly kind: 'kiosk-paced'; readonly perSecond: number; readonly serviceIds: readonly string[] }
  | { readonly kind: 'kiosk-closed'; readonly inFlight: number; readonly serviceIds: readonly string[] }
  | { readonly kind: 'clerk'; readonly perSecond: number; readonly windowId: string };

export interface LoadClient {
  readonly auth: Readonly<Record<string, string>>;
  readonly login: { readonly username: string; readonly password: string; readonly windowId: string } | null;
  readonly plan: LoadPlan;
}

export type LoadCommand =
  | { readonly type: 'connect'; readonly url: string; readonly clients: readonly LoadClient[] }
  | { readonly type: 'go'; readonly durationMs: number }
  | { readonly type: 'close' };

export interface CommandSamples {
  /** Ack latency of each answered command, ms. */
  readonly latencies: number[];
  /** When each answer arrived (monotonicMs), for rates per second. */
  readonly answeredAt: number[];
  readonly refused: Record<string, number>;
}

export type LoadReport =
  | { readonly type: 'ready'; readonly count: number }
  | { readonly type: 'failed'; readonly error: string }
  | {
      readonly type: 'done';
      readonly issue: CommandSamples;
      readonly callNext: CommandSamples;
      readonly finish: CommandSamples;
    };

interface Answer {
  readonly ok: boolean;
  readonly error?: { readonly code?: string };
}

const samples = (): CommandSamples => ({ latencies: [], answeredAt: [], refused: {} });
const issue = samples();
const callNext = samples();
const finish = samples();
const sockets: { socket: Socket; client: LoadClient }[] = [];

function send(report: LoadReport): void {
  process.send?.(report);
}

async function timed(socket: Socket, into: CommandSamples, name: string, payload: unknown): Promise<Answer> {
  const t0 = monotonicMs();
  const answer = (await socket.emitWithAck(name, payload)) as Answer;
  const at = monotonicMs();
  into.latencies.push(at - t0);
  into.answeredAt.push(at);
  if (!answer.ok) {
    const code = answer.error?.code ?? 'UNKNOWN';
    into.refused[code] = (into.refused[code] ?? 0) + 1;
  }
  return answer;
}

async function connect(url: string, client: LoadClient): Promise<Socket> {
  const socket = io(url, {
    auth: { protocolVersion: PROTOCOL_VERSION, ...client.auth },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 30_000,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  if (client.login) {
    const answer = (await socket.emitWithAck('session:login', client.login)) as Answer;
    if (!answer.ok) throw new Error(`login refused: ${answer.error?.code}`);
  }
  return socket;
}

async function drive(socket: Socket, plan: LoadPlan, until: number): Promise<void> {
  switch (plan.kind) {
    case 'kiosk-paced': {
      const pending: Promise<Answer>[] = [];
      const interval = 1000 / plan.perSecond;
      // A random phase, so the kiosks do not all fire in the same millisecond.
      let next = monotonicMs() + Math.random() * interval;
      let k = 0;
      while (next < until) {
        const wait = next - monotonicMs();
        if (wait > 0) await sleep(wait);
        const serviceId = plan.serviceIds[k % plan.serviceIds.length]!;
        k += 1;
        pending.push(
          timed(socket, issue, 'ticket:issue', { requestId: randomUUID(), serviceId, identity: null }),
        );
        next += interval;
      }
      await Promise.all(pending);
      return;
    }
    case 'kiosk-closed': {
      let k = 0;
      const lane = async () => {
        while (monotonicMs() < until) {
          const serviceId = plan.serviceIds[k % plan.serviceIds.length]!;
          k += 1;
          await timed(socket, issue, 'ticket:issue', { requestId: randomUUID(), serviceId, identity: null });
        }
      };
      await Promise.all(Array.from({ length: plan.inFlight }, lane));
      return;
    }
    case 'clerk': {
      const interval = 1000 / plan.perSecond;
      let next = monotonicMs() + Math.random() * interval;
      while (next < until) {
        const wait = next - monotonicMs();
        if (wait > 0) await sleep(wait);
        const called = await timed(socket, callNext, 'window:call-next', { windowId: plan.windowId });
        if (called.ok) await timed(socket, finish, 'window:finish', { windowId: plan.windowId });
        next += interval;
      }
      return;
    }
  }
}

process.on('message', (command: LoadCommand) => {
  switch (command.type) {
    case 'connect':
      Promise.all(
        command.clients.map(async (client) =>
          sockets.push({ socket: await connect(command.url, client), client }),
        ),
      )
        .then(() => send({ type: 'ready', count: sockets.length }))
        .catch((error: unknown) => send({ type: 'failed', error: String(error) }));
      return;
    case 'go': {
      const until = monotonicMs() + command.durationMs;
      Promise.all(sockets.map(({ socket, client }) => drive(socket, client.plan, until)))
        .then(() => send({ type: 'done', issue, callNext, finish }))
        .catch((error: unknown) => send({ type: 'failed', error: String(error) }));
      return;
    }
    case 'close':
      for (const { socket } of sockets) socket.disconnect();
      setTimeout(() => process.exit(0), 50);
      return;
  }
});
process.on('disconnect', () => process.exit(0));
