/**
 * One sample a second of this node's key numbers: streamed to live dashboards, averaged into a
 * 10 s row of `perf_samples`, and checked for memory pressure (then the L1 cache sheds entries
 * and a warning is logged — never a forced gc()).
 */
import { getHeapStatistics } from "node:v8";
import type { LiveSample } from "@vta/contracts";
import type { Cache } from "../../platform/cache/cache.js";
import type { Db } from "../../platform/db/client.js";
import type { RequestStats } from "../../platform/observability/requests.js";
import { writeSample, type Sample } from "./perf-history.repository.js";

export interface SamplerDeps {
  db: Db;
  nodeId: string;
  requests: RequestStats;
  cache: Cache;
  connections: () => Promise<number>;
  /** Heap use over its limit beyond which the cache sheds (0.85 = 85%). */
  pressureRatio: number;
  log: { warn(obj: object, msg: string): void; debug(obj: object, msg: string): void };
}

export class Sampler {
  private readonly listeners = new Set<(s: LiveSample) => void>();
  private readonly pending: Sample[] = [];
  private timer: NodeJS.Timeout | null = null;
  private lastWarning = 0;
  latest: LiveSample | null = null;
  memoryPressure = false;

  constructor(private readonly deps: SamplerDeps) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  subscribe(listener: (s: LiveSample) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async tick(): Promise<void> {
    const r = this.deps.requests.snapshot();
    const m = process.memoryUsage();
    const cache = this.deps.cache.stats();
    const heapLimit = getHeapStatistics().heap_size_limit;
    const sample: Sample = {
      requestsPerSecond: r.requestsPerSecond,
      p50Ms: r.p50Ms,
      p95Ms: r.p95Ms,
      p99Ms: r.p99Ms,
      cpuPercent: r.cpuPercent,
      rssBytes: m.rss,
      heapUsedBytes: m.heapUsed,
      heapTotalBytes: m.heapTotal,
      externalBytes: m.external,
      eventLoopLagMs: r.eventLoopLag.p99Ms,
      cacheHitRate: Math.round(cache.hitRate * 10_000) / 10_000,
      sqlPerRequest: r.sqlPerRequest,
      activeConnections: await this.deps.connections(),
    };
    this.checkPressure(m.heapUsed, heapLimit);
    const live = { ts: new Date().toISOString(), values: sample };
    this.latest = live;
    for (const l of this.listeners) l(live);
    this.pending.push(sample);
    if (this.pending.length >= 10) await this.flush();
  }

  /** The average of the samples since the last row, as one 10 s row. */
  private async flush(): Promise<void> {
    const batch = this.pending.splice(0);
    const avg: Sample = {};
    for (const key of Object.keys(batch[0]!))
      avg[key] = Math.round((batch.reduce((s, b) => s + (b[key] ?? 0), 0) / batch.length) * 1000) / 1000;
    const at = new Date(Math.floor(Date.now() / 10_000) * 10_000);
    await writeSample(this.deps.db, this.deps.nodeId, at, avg).catch((err: unknown) =>
      this.deps.log.debug({ err }, "performance sample not written"),
    );
  }

  private checkPressure(heapUsed: number, limit: number): void {
    const ratio = heapUsed / limit;
    this.memoryPressure = ratio >= this.deps.pressureRatio;
    if (!this.memoryPressure) return;
    const shed = this.deps.cache.shed(0.5);
    if (Date.now() - this.lastWarning > 60_000) {
      this.lastWarning = Date.now();
      this.deps.log.warn(
        { heapUsed, limit, ratio: Math.round(ratio * 100) / 100, shedEntries: shed },
        "memory pressure: the in-process cache shed half its entries",
      );
    }
  }
}
