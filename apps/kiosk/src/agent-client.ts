/**
 * The renderer's side of the device agent: a Socket.IO client that checks every message against the shared schemas
 * and never throws — an unreachable agent is an answer (`AGENT_UNREACHABLE`), not an exception.
 */
import { createStore, type ReadableStore } from '@hallq/client';
import { io, type Socket } from 'socket.io-client';
import {
  type AgentCommandName,
  type AgentCommandRequest,
  type AgentCommandResponse,
  AgentCommands,
  type AgentEventName,
  type AgentEventPayload,
  AgentEvents,
  agentProblemMessages,
  DEFAULT_AGENT_URL,
  type PrinterReadiness,
  type PrintRequest,
  type PrintResult,
} from './agent-protocol.ts';

export interface AgentClient {
  printerStatus(): Promise<PrinterReadiness>;
  print(request: PrintRequest): Promise<PrintResult>;
  on<E extends AgentEventName>(event: E, listener: (payload: AgentEventPayload<E>) => void): () => void;
  readonly connected: ReadableStore<boolean>;
  close(): void;
}

/** The agent's address: the Electron shell's bridge, then `?agent=`, then the default 127.0.0.1:8091. */
export function agentUrlOf(location: Location, bridged: string | undefined): string {
  return bridged ?? new URLSearchParams(location.search).get('agent') ?? DEFAULT_AGENT_URL;
}

const unreachable = { code: 'AGENT_UNREACHABLE', message: agentProblemMessages.AGENT_UNREACHABLE } as const;
const timedOut = { code: 'TIMEOUT', message: agentProblemMessages.TIMEOUT } as const;

/** A pairing secret in a kiosk link (`#pairing=…`): the agent's of this boot, for a kiosk in a plain browser. */
export const AGENT_PAIRING_PATTERN = /^[A-Za-z0-9_-]{16,256}$/;

/** `pairing` is the agent's secret of this boot; without the right one the agent refuses the connection. */
export function createAgentClient(url: string, pairing: string | null): AgentClient {
  const connected = createStore(false);
  const socket: Socket = io(url, {
    forceNew: true,
    transports: ['websocket'],
    reconnectionDelayMax: 3000,
    auth: { pairing: pairing ?? '' },
  });
  socket.on('connect_error', (error) => {
    if (error.message === 'NOT_PAIRED')
      console.warn('[kiosk] the device agent refused this page: not paired');
  });
  socket.on('connect', () => connected.set(true));
  socket.on('disconnect', () => connected.set(false));

  const send = <C extends AgentCommandName>(
    name: C,
    payload: AgentCommandRequest<C>,
    timeoutMs: number,
    failed: (why: 'unreachable' | 'timeout') => AgentCommandResponse<C>,
  ): Promise<AgentCommandResponse<C>> => {
    if (!socket.connected) return Promise.resolve(failed('unreachable'));
    return new Promise((resolve) => {
      socket.timeout(timeoutMs).emit(name, payload, (error: Error | null, answer: unknown) => {
        if (error) {
          resolve(failed(socket.connected ? 'timeout' : 'unreachable'));
          return;
        }
        const checked = AgentCommands[name].response.safeParse(answer);
        if (checked.success) resolve(checked.data as AgentCommandResponse<C>);
        else {
          console.warn(`[kiosk] invalid answer from the device agent to ${name}`);
          resolve(failed('unreachable'));
        }
      });
    });
  };

  return {
    printerStatus: () =>
      send('printer:status', {}, 8000, (why) => ({
        ready: false,
        ...(why === 'timeout' ? timedOut : unreachable),
      })),
    print: (request) =>
      send('ticket:print', request, 20_000, (why) => ({
        ok: false,
        ...(why === 'timeout' ? timedOut : unreachable),
      })),
    on(event, listener) {
      const handler = (raw: unknown): void => {
        const checked = AgentEvents[event].safeParse(raw);
        if (checked.success) listener(checked.data as AgentEventPayload<typeof event>);
        else console.warn(`[kiosk] invalid ${event} from the device agent`);
      };
      const name: string = event;
      socket.on(name, handler);
      return () => {
        socket.off(name, handler);
      };
    },
    connected,
    close() {
      socket.disconnect();
      connected.set(false);
    },
  };
}
