// Loaded with `node --import` into the hub that the soak run drives (the built hub, otherwise untouched). It answers
// the soak's IPC question with process.memoryUsage(); asked with `gc: true` it first runs a full collection (the
// hub is started with --expose-gc for it), so the retained heap can be told apart from garbage not yet collected.
// With it, the size V8 reserved for each heap space: the young generation grows in steps under load.
import { getHeapSpaceStatistics } from 'node:v8';

if (process.send) {
  process.on('message', (message) => {
    if (message?.type !== 'memory') return;
    if (message.gc && typeof globalThis.gc === 'function') globalThis.gc();
    const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, s.space_size]));
    process.send({ type: 'memory', id: message.id, ...process.memoryUsage(), spaces });
  });
}
