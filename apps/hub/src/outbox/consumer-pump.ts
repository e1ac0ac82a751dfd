/**
 * How an outbox consumer (webhooks, SMS) is woken: any number of wakes before it runs make one run of `step` on the
 * next turn of the event loop (a burst of log entries costs one pass, and a wake from inside `step` never recurses),
 * and one timer, for when the consumer's next retry falls due, so a failed delivery is tried again without a new
 * entry to wake it. The timer does not hold the process open.
 */
export function createConsumerPump(step: () => void) {
  let queued = false;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;

  function run(): void {
    queued = false;
    if (!closed) step();
  }

  function wake(): void {
    if (queued || closed) return;
    queued = true;
    setImmediate(run);
  }

  return {
    wake,
    /** Whether a run is waiting for its turn. */
    queued: (): boolean => queued,
    /** Wakes at `at` (by the consumer's clock, read as `now`), replacing the timer set before; null: no timer. */
    wakeAt(at: number | null, now: number): void {
      if (timer) clearTimeout(timer);
      timer = null;
      if (closed || at === null) return;
      timer = setTimeout(wake, Math.max(0, at - now));
      timer.unref();
    },
    /** No more runs, and the timer is cleared. */
    close(): void {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
