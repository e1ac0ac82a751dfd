import type { QueueCommand } from '@hallq/core';
import type { TestHub } from '@hallq/hub/testing';

const SYSTEM = { kind: 'system', id: null, deviceId: null } as const;

/** Runs a queue command on a test hub as the system; throws if the hall refused it. */
export function run(hub: TestHub, command: QueueCommand): void {
  const outcome = hub.hub.hall.execute(command, SYSTEM);
  if (!outcome.ok) throw new Error(outcome.error.message);
}

export const issue = (hub: TestHub, serviceId = 'svc-1') =>
  run(hub, { type: 'ticket:issue', serviceId, visitorClass: 'normal', visitorKey: null, kioskId: null });

/** A visitor's whole visit at a window: issued, called, served, finished (four log entries and more). */
export function visit(hub: TestHub, windowId = 'w1', serviceId = 'svc-1'): void {
  issue(hub, serviceId);
  run(hub, { type: 'window:call-next', windowId, clerkId: null });
  run(hub, { type: 'window:start', windowId });
  run(hub, { type: 'window:finish', windowId });
}
