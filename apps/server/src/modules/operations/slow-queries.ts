/**
 * Statements slower than a threshold, grouped by their normalized text (literals and parameters
 * replaced), with count, total and worst time. Bounded: the 200 groups seen most recently.
 */
import type { SlowQuery } from "@vta/contracts";

export function normalizeSql(sql: string): string {
  return sql
    .replace(/'(?:[^']|'')*'/g, "?")
    .replace(/\$\d+/g, "?")
    .replace(/\b\d+(?:\.\d+)?\b/g, "?")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 2000);
}

export class SlowQueryLog {
  private readonly groups = new Map<string, SlowQuery>();

  constructor(readonly thresholdMs: number) {}

  record(ms: number, sql: string): void {
    if (ms < this.thresholdMs) return;
    const key = normalizeSql(sql);
    const g = this.groups.get(key) ?? { sql: key, count: 0, totalMs: 0, maxMs: 0, lastAt: "" };
    this.groups.delete(key); // re-inserted last: Map order is recency
    g.count++;
    g.totalMs += ms;
    g.maxMs = Math.max(g.maxMs, ms);
    g.lastAt = new Date().toISOString();
    this.groups.set(key, g);
    if (this.groups.size > 200) this.groups.delete(this.groups.keys().next().value!);
  }

  /** Worst total time first. */
  top(n = 50): SlowQuery[] {
    return [...this.groups.values()]
      .sort((a, b) => b.totalMs - a.totalMs)
      .slice(0, n)
      .map((g) => ({ ...g, totalMs: Math.round(g.totalMs * 100) / 100, maxMs: Math.round(g.maxMs * 100) / 100 }));
  }
}
