/**
 * A counting semaphore with a bounded line: at most `concurrency` holders, at most `maxWaiting`
 * waiting; beyond that a request for a slot is refused at once with `refuse()` (a queue, not
 * unbounded memory).
 */
export function semaphore(concurrency: number, maxWaiting: number, refuse: () => Error) {
  let running = 0;
  const waiting: (() => void)[] = [];
  /** A slot: resolves with its release (call it exactly once), or throws `refuse()` when the line is full. */
  async function acquire(): Promise<() => void> {
    if (running >= concurrency) {
      if (waiting.length >= maxWaiting) throw refuse();
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    running++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      running--;
      waiting.shift()?.();
    };
  }
  return {
    acquire,
    async run<T>(work: () => Promise<T>): Promise<T> {
      const release = await acquire();
      try {
        return await work();
      } finally {
        release();
      }
    },
    get active() {
      return running;
    },
    get waiting() {
      return waiting.length;
    },
  };
}
