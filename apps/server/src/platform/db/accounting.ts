import { AsyncLocalStorage } from "node:async_hooks";

/** SQL statements issued while serving one request (or one job), and their summed duration. */
export interface SqlStats {
  queries: number;
  dbMs: number;
}

const storage = new AsyncLocalStorage<SqlStats>();

export function newSqlStats(): SqlStats {
  return { queries: 0, dbMs: 0 };
}

/** Runs `fn` with its own SQL counter; every statement issued inside is charged to `stats`. */
export function withSqlStats<T>(stats: SqlStats, fn: () => T): T {
  return storage.run(stats, fn);
}

export function currentSqlStats(): SqlStats | undefined {
  return storage.getStore();
}

type Listener = (ms: number, sql: string) => void;
const listeners = new Set<Listener>();

/** Process-wide observers of every statement (metrics, slow-query log). */
export function onStatement(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Charges a finished statement to `stats`: callers capture the store when the statement starts,
 * because driver callbacks run in the socket's async context, not the request's.
 */
export function recordStatement(ms: number, sql: string, stats: SqlStats | undefined): void {
  if (stats) {
    stats.queries += 1;
    stats.dbMs += ms;
  }
  for (const l of listeners) l(ms, sql);
}

/** Wraps a promise-returning query function so each call is counted and timed. */
export function timed<A extends unknown[], R>(fn: (...args: A) => Promise<R>, sqlOf: (first: A[0]) => string) {
  return async (...args: A): Promise<R> => {
    const stats = storage.getStore();
    const start = performance.now();
    try {
      return await fn(...args);
    } finally {
      recordStatement(performance.now() - start, sqlOf(args[0]), stats);
    }
  };
}

export function serverTimingHeader(stats: SqlStats): string {
  return `db;dur=${stats.dbMs.toFixed(2)};desc="queries=${stats.queries}"`;
}
