// Loaded with `node --import` into the hub that the soak run drives (the built hub, otherwise untouched). It answers
// the soak's IPC question with process.memoryUsage(); asked with `gc: true` it first runs a full collection (the
// hub is started with --expose-gc for it), so the retained heap can be told apart from garbage not yet collected.
if (process.send) {
  process.on('message', (message) => {
    if (message?.type !== 'memory') return;
    if (message.gc && typeof globalThis.gc === 'function') globalThis.gc();
    process.send({ type: 'memory', id: message.id, ...process.memoryUsage() });
  });
}
