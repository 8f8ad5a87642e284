/**
 * Per-request SQL accounting without async context: each request gets its own database handle
 * (`Database.scoped(stats)`) whose statements are charged to the request's counter. (On Node 20,
 * AsyncLocalStorage runs a hook on every promise; measured, it cost about 40% of throughput.)
 */
export interface SqlStats {
  queries: number;
  dbMs: number;
}

export function newSqlStats(): SqlStats {
  return { queries: 0, dbMs: 0 };
}

export function charge(stats: SqlStats, ms: number): void {
  stats.queries += 1;
  stats.dbMs += ms;
}

type Listener = (ms: number, sql: string) => void;
const listeners = new Set<Listener>();

/** Process-wide observers of every statement (metrics, slow-query log). */
export function onStatement(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function recordStatement(ms: number, sql: string): void {
  for (const l of listeners) l(ms, sql);
}

/** Wraps a promise-returning query function so each call is timed and handed to `done`. */
export function timed<A extends unknown[], R>(fn: (...args: A) => Promise<R>, done: (ms: number, first: A[0]) => void) {
  return async (...args: A): Promise<R> => {
    const start = performance.now();
    try {
      return await fn(...args);
    } finally {
      done(performance.now() - start, args[0]);
    }
  };
}

export function serverTimingHeader(stats: SqlStats): string {
  return `db;dur=${stats.dbMs.toFixed(2)};desc="queries=${stats.queries}"`;
}
