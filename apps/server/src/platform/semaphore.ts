/**
 * A counting semaphore with a bounded line: at most `concurrency` tasks run, at most `maxWaiting`
 * wait; beyond that `run` refuses at once with `refuse()` (a queue, not unbounded memory).
 */
export function semaphore(concurrency: number, maxWaiting: number, refuse: () => Error) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return {
    async run<T>(work: () => Promise<T>): Promise<T> {
      if (running >= concurrency) {
        if (waiting.length >= maxWaiting) throw refuse();
        await new Promise<void>((resolve) => waiting.push(resolve));
      }
      running++;
      try {
        return await work();
      } finally {
        running--;
        waiting.shift()?.();
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
