/**
 * Request numbers for the live dashboard: totals, a rolling window of durations for percentiles,
 * requests per second over the last minute, CPU share, event-loop lag. Bounded memory.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";

const WINDOW = 4096;

export class RequestStats {
  total = 0;
  errors = 0;
  private sumMs = 0;
  private readonly recent = new Float64Array(WINDOW);
  private filled = 0;
  private next = 0;
  /** Requests per second, one slot a second, the last 60 s. */
  private readonly perSecond = new Uint32Array(60);
  private second = Math.floor(Date.now() / 1000);
  private readonly loop = monitorEventLoopDelay({ resolution: 20 });
  private cpu = process.cpuUsage();
  private cpuAt = performance.now();
  private sqlStatements = 0;

  constructor() {
    this.loop.enable();
  }

  record(ms: number, status: number, statements: number): void {
    this.total++;
    if (status >= 500) this.errors++;
    this.sumMs += ms;
    this.sqlStatements += statements;
    this.recent[this.next] = ms;
    this.next = (this.next + 1) % WINDOW;
    this.filled = Math.min(this.filled + 1, WINDOW);
    this.tick();
    this.perSecond[this.second % 60]!++;
  }

  private tick(): void {
    const now = Math.floor(Date.now() / 1000);
    for (let s = this.second + 1; s <= now && s <= this.second + 60; s++) this.perSecond[s % 60] = 0;
    this.second = Math.max(this.second, now);
  }

  /** A snapshot; CPU share and loop lag are measured since the previous snapshot. */
  snapshot() {
    this.tick();
    const sorted = Array.from(this.recent.subarray(0, this.filled)).sort((a, b) => a - b);
    const pct = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0);
    // The current second is incomplete: the rate is over the 59 whole seconds before it.
    let last59 = 0;
    for (let s = 1; s < 60; s++) last59 += this.perSecond[(this.second - s + 60) % 60]!;
    const cpu = process.cpuUsage(this.cpu);
    const elapsedMs = performance.now() - this.cpuAt;
    this.cpu = process.cpuUsage();
    this.cpuAt = performance.now();
    // A histogram with no sample yet (a node just started) has a NaN mean: no lag measured is 0.
    const lag = { meanMs: (this.loop.count ? this.loop.mean : 0) / 1e6, p99Ms: this.loop.percentile(99) / 1e6, maxMs: this.loop.max / 1e6 };
    this.loop.reset();
    const r2 = (v: number) => Math.round(v * 100) / 100;
    return {
      totalRequests: this.total,
      errors5xx: this.errors,
      avgResponseMs: r2(this.total ? this.sumMs / this.total : 0),
      p50Ms: r2(pct(50)),
      p95Ms: r2(pct(95)),
      p99Ms: r2(pct(99)),
      requestsPerSecond: r2(last59 / 59),
      sqlPerRequest: r2(this.total ? this.sqlStatements / this.total : 0),
      cpuPercent: r2(elapsedMs > 0 ? ((cpu.user + cpu.system) / 1000 / elapsedMs) * 100 : 0),
      eventLoopLag: { meanMs: r2(lag.meanMs), p99Ms: r2(lag.p99Ms), maxMs: r2(lag.maxMs) },
    };
  }

  close(): void {
    this.loop.disable();
  }
}
