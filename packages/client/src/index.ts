export { applyHallUpdate, assertNever, isActiveTicket, RECENT_CALLS_LIMIT } from './apply-hall-update.ts';
export {
  type ConnectionStatus,
  createHubClient,
  type HubClient,
  type HubClientOptions,
  type ProtocolError,
  type ViewChange,
  type ViewListener,
} from './hub-client.ts';
export { createStore, notifyAll, type ReadableStore, type WritableStore } from './store.ts';
