import { z } from 'zod';

export const PROTOCOL_VERSION = 1;

/** Who may be on the other end of a connection. */
/** `guide`: the help desk (导办 / 预约服务台): books, looks up and cancels appointments for visitors, nothing else. */
export const Role = z.enum([
  'kiosk',
  'counter',
  'lobby',
  'sign',
  'pad',
  'clerk',
  'guide',
  'supervisor',
  'admin',
]);
export type Role = z.infer<typeof Role>;

/** Registered hall devices; a device's kind is its role. */
export const DeviceKind = z.enum(['kiosk', 'counter', 'lobby', 'sign', 'pad']);
export type DeviceKind = z.infer<typeof DeviceKind>;

/** The Socket.IO handshake `auth` payload. */
export const HandshakeAuth = z.object({
  protocolVersion: z.number().int(),
  /** A registered device's token (kiosk, counter terminal, lobby display, sign, evaluation pad). */
  deviceToken: z.string().min(16).max(200).optional(),
  /** A signed-in person's session token (from `session:login`), to resume after a reconnect. */
  sessionToken: z.string().min(16).max(200).optional(),
});
export type HandshakeAuth = z.infer<typeof HandshakeAuth>;
