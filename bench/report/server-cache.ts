/**
 * The server cache under eviction: the seed's OptimizedCache (eviction scans every key for the
 * oldest access) beside our L1 through its whole read path (`Cache.getOrLoad`: async,
 * single-flight, byte-bounded), both bounded to the same number of ~1 KB entries, under uniform
 * reads over a key space 10× larger (mostly misses, so mostly evictions).
 */
import { Cache } from "../../apps/server/src/platform/cache/cache.js";
import { SeedOptimizedCache } from "../reference/seed-cache.js";
import type { Row } from "./row.js";

const VALUE = "x".repeat(1000);

function workload(n: number, space: number) {
  let s = 12345;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return `k${s % space}`;
  });
}

export interface EvictionResult {
  entries: number;
  ops: number;
  seedMs: number;
  oursMs: number;
  seedHitRate: number;
  oursHitRate: number;
  evictions: number;
}

export async function evictionRun(entries: number, ops: number): Promise<EvictionResult> {
  const keys = workload(ops, entries * 10);
  const seed = new SeedOptimizedCache<string>(entries);
  let t = performance.now();
  for (const k of keys) if (seed.get(k) === undefined) seed.set(k, VALUE);
  const seedMs = performance.now() - t;

  const entryBytes = Math.ceil(VALUE.length * 3.3) + 40 + 200;
  const cache = new Cache({ l1MaxBytes: entries * entryBytes, nodeId: "bench" });
  const loader = async () => VALUE;
  t = performance.now();
  for (const k of keys) await cache.getOrLoad("bench", k, loader, { ttlMs: 300_000 });
  const oursMs = performance.now() - t;
  const st = cache.stats();
  await cache.close();
  return { entries, ops, seedMs, oursMs, seedHitRate: seed.hits / ops, oursHitRate: st.l1.hitRate, evictions: st.l1.evictions };
}

export async function measureServerCache(log: (l: string) => void, entries = 10_000, ops = 200_000): Promise<Row[]> {
  const r = await evictionRun(entries, ops);
  const perSec = (ms: number) => ops / (ms / 1000);
  log(`  server cache: seed ${Math.round(perSec(r.seedMs))} ops/s, ours ${Math.round(perSec(r.oursMs))} ops/s`);
  return [
    {
      area: `Server cache, ${entries.toLocaleString("en-US")} entries, eviction-heavy`,
      seedTechnique: "OptimizedCache: linear-scan LRU",
      ourTechnique: "our L1 (getOrLoad)",
      seed: perSec(r.seedMs),
      ours: perSec(r.oursMs),
      unit: "ops/s",
      better: "higher",
      note: `${ops.toLocaleString("en-US")} reads, miss → set; hit rate ${(r.oursHitRate * 100).toFixed(1)}% ours / ${(r.seedHitRate * 100).toFixed(1)}% seed`,
    },
  ];
}
