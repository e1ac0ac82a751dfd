export { applyHallUpdate, assertNever, isActiveTicket, RECENT_CALLS_LIMIT } from './apply-hall-update.ts';
export { createStore, notifyAll, type ReadableStore, type WritableStore } from './store.ts';
