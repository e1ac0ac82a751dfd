import type { Role } from '@hallq/protocol';

/**
 * What one message may weigh and what it costs, worked out from the raw Socket.IO frame before anything parses
 * it. Pure: the admission layer (socket-admission.ts) applies it to live connections.
 */

/** The largest frame (in characters) each kind of sender may send; anything bigger is refused unread. */
export interface PayloadLimits {
  /** No device token, no session: only `session:login` is for them, and a login is a few hundred characters. */
  readonly anonymous: number;
  /** Kiosks, counters, lobby displays, signs, pads: a ticket request or a status report. */
  readonly device: number;
  /** Clerks and supervisors: window commands, notes, queries. */
  readonly person: number;
  /** Admins: a hall file or the notices, the largest messages there are. */
  readonly admin: number;
}

export function payloadLimitOf(role: Role | null, limits: PayloadLimits): number {
  switch (role) {
    case null:
      return limits.anonymous;
    case 'admin':
      return limits.admin;
    case 'clerk':
    case 'guide':
    case 'supervisor':
      return limits.person;
    default:
      return limits.device;
  }
}

/**
 * The cost of a message in rate-limiter tokens: one for the message, one per KiB received beyond the first, one
 * per validation issue the schema found (the 450,000-element window made one each) and one per millisecond of
 * validation beyond the first five (no valid message takes that long; a garbage-collection pause seldom does).
 * A small command costs exactly 1.
 */
export const messageCost = {
  arrival: (chars: number): number => 1 + Math.floor(chars / 1024),
  validation: (ms: number, issues: number): number => issues + Math.floor(Math.max(0, ms - 5)),
};

/** The head of a Socket.IO text packet: `<type>[<attachments>-][/<nsp>,][<ack id>][<json>]`. */
export interface PacketHead {
  readonly type: number;
  readonly attachments: number;
  /** Empty for the main namespace. */
  readonly nsp: string;
  readonly ackId: string;
  /** For an EVENT, the event's name (the first element of the JSON array), if it is a short plain string. */
  readonly event: string | null;
}

const HEAD = /^([0-6])(?:(\d{1,6})-)?(\/[^,]{0,100},)?(\d{0,16})/;
const EVENT_NAME = /^\["((?:[^"\\]|\\.){0,200})"/;
export const PACKET_EVENT = 2;
export const PACKET_BINARY_EVENT = 5;

/** Reads the head of a packet from its first few hundred characters: cheap whatever the frame's size. */
export function packetHead(frame: string): PacketHead | null {
  const head = HEAD.exec(frame.slice(0, 160));
  if (!head) return null;
  const type = Number(head[1]);
  const rest = frame.slice(head[0].length, head[0].length + 420);
  let event: string | null = null;
  if (type === PACKET_EVENT || type === PACKET_BINARY_EVENT) {
    const name = EVENT_NAME.exec(rest);
    if (name) {
      try {
        event = JSON.parse(`"${name[1]}"`) as string;
      } catch {
        event = null;
      }
    }
  }
  return {
    type,
    attachments: Number(head[2] ?? 0),
    nsp: head[3] ? head[3].slice(0, -1) : '',
    ackId: head[4] ?? '',
    event,
  };
}

/** Why the admission layer answered a message itself, carried to the dispatcher in place of the frame. */
export interface Refusal {
  readonly code: 'PAYLOAD_TOO_LARGE' | 'UNAUTHENTICATED' | 'UNKNOWN_EVENT';
  readonly event: string;
  readonly chars: number;
}

/**
 * The small EVENT packet that replaces a refused frame, so Socket.IO parses a few dozen characters instead of
 * the sender's megabyte and the refusal still reaches the sender's ack. `sentinel` is an event name no client
 * can guess (it carries a per-process nonce).
 */
export function refusalFrame(head: PacketHead, sentinel: string, refusal: Refusal): string {
  const nsp = head.nsp ? `${head.nsp},` : '';
  return `${PACKET_EVENT}${nsp}${head.ackId}${JSON.stringify([sentinel, refusal])}`;
}
