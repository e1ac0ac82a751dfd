/**
 * Whether the kiosk can serve visitors now, from what it knows of the hub link: a pure function of the link's
 * state, the hub's refusal (if any) and the time, so that each case has a test and the screen only renders it.
 */
import type { ConnectionStatus } from '@hallq/client';
import type { DevicesStatus } from '../agent-protocol.ts';

/** A link lost for less than this is a blip: the tiles stay, greyed, under a thin strip. */
export const OUT_OF_SERVICE_AFTER_MS = 5000;

export type KioskServiceState =
  /** Linked to the hub with a hall view: tickets can be taken. */
  | 'open'
  /** The link dropped a moment ago (or is being made): wait a little before saying more. */
  | 'connecting'
  /** No hub for OUT_OF_SERVICE_AFTER_MS: 暂停服务, with what to do; it comes back by itself. */
  | 'out-of-service'
  /** The hub refuses this kiosk's token (revoked or unknown): only staff can fix it. */
  | 'not-authorised';

export interface HubLink {
  readonly connection: ConnectionStatus;
  /** The hub's reason for refusing the last connection attempt, or null. */
  readonly refusal: string | null;
  /** Since when the kiosk has had no usable link (null while it has one). */
  readonly lostSince: number | null;
  readonly hasView: boolean;
}

export function kioskServiceState(link: HubLink, now: number): KioskServiceState {
  if (link.refusal === 'UNAUTHENTICATED') return 'not-authorised';
  if (link.connection === 'connected' && link.hasView) return 'open';
  if (link.lostSince !== null && now - link.lostSince >= OUT_OF_SERVICE_AFTER_MS) return 'out-of-service';
  return 'connecting';
}

/**
 * The ID-card reader can take a card: the agent is connected and reports its reader as working. An agent that is
 * up with its reader unplugged (or still handshaking) does not count.
 */
export function readerReady(agentConnected: boolean, devices: DevicesStatus | null): boolean {
  if (!agentConnected || devices === null) return false;
  return devices.components.some((c) => c.component === 'id-reader' && c.state === 'ok');
}
