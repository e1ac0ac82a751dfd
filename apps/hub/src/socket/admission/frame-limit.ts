/**
 * How large a WebSocket message one connection may send, enforced by `ws` from each frame's header: a frame over
 * the limit ends the connection before its body is read, so an anonymous sender's 1.9 MB costs the hub nothing
 * but the header. Engine.io gives every connection the server-wide `maxHttpBufferSize`; `ws` has no public way
 * to change one connection's limit, so this sets its receiver's `_maxPayload` (ws 8). When that shape is not
 * there (another ws, the polling transport) it returns false and the server-wide limit and the per-frame check
 * in socket-admission.ts still apply.
 */
interface WsReceiverShape {
  _maxPayload?: unknown;
}

export function limitIncomingFrames(transport: unknown, bytes: number): boolean {
  const t = transport as { name?: unknown; socket?: { _receiver?: WsReceiverShape } } | null;
  if (t?.name !== 'websocket') return false;
  const receiver = t.socket?._receiver;
  if (!receiver || typeof receiver._maxPayload !== 'number') return false;
  receiver._maxPayload = bytes;
  return true;
}

/**
 * Ends a WebSocket connection's TCP socket at once (ws `terminate()`), instead of the closing handshake: after
 * ws refused a frame as too large, a graceful close would keep reading (and discarding) whatever the sender
 * still pipes in — tens of megabytes from a flooding client — until it answers the close or 30 s pass.
 */
export function terminateWebSocket(transport: unknown): void {
  const t = transport as { name?: unknown; socket?: { terminate?: unknown } } | null;
  if (t?.name !== 'websocket' || typeof t.socket?.terminate !== 'function') return;
  (t.socket.terminate as () => void).call(t.socket);
}
