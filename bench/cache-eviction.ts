/**
 * Eviction-heavy workload, same run: our L1 (lru-cache, O(1) eviction, through Cache.getOrLoad)
 * vs a faithful port of the seed's OptimizedCache (eviction scans every key), both bounded to the
 * same number of ~1 KB entries, under uniform reads over a key space 10× larger (mostly misses).
 *   node --import tsx bench/cache-eviction.ts [--ops 200000] [--entries 1000,10000]
 */
import { parseArgs } from "node:util";
import { LRUCache } from "lru-cache";
import { Cache } from "../apps/server/src/platform/cache/cache.js";
import { SeedOptimizedCache } from "./seed-cache.js";

const { values } = parseArgs({ options: { ops: { type: "string", default: "200000" }, entries: { type: "string", default: "1000,10000" } } });
const OPS = Number(values.ops);
const value = "x".repeat(1000);

function keys(n: number, space: number) {
  let s = 12345;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return `k${s % space}`;
  });
}

const rows: string[] = [];
for (const entries of values.entries.split(",").map(Number)) {
  const workload = keys(OPS, entries * 10);

  const seed = new SeedOptimizedCache<string>(entries);
  let t = performance.now();
  for (const k of workload) if (seed.get(k) === undefined) seed.set(k, value);
  const seedMs = performance.now() - t;

  const lru = new LRUCache<string, string>({ max: entries });
  t = performance.now();
  for (const k of workload) if (lru.get(k) === undefined) lru.set(k, value);
  const lruMs = performance.now() - t;

  // Our whole L1 path: getOrLoad (async, single-flight, byte-bounded) with a trivial loader.
  const entryBytes = Math.ceil(value.length * 3.3) + 40 + 200;
  const cache = new Cache({ l1MaxBytes: entries * entryBytes, nodeId: "bench" });
  const loader = async () => value;
  t = performance.now();
  for (const k of workload) await cache.getOrLoad("bench", k, loader, { ttlMs: 300_000 });
  const oursMs = performance.now() - t;
  const st = cache.stats();
  await cache.close();

  const opsPerSec = (ms: number) => Math.round(OPS / (ms / 1000)).toLocaleString("en-US");
  rows.push(
    `| ${entries.toLocaleString("en-US")} | ${opsPerSec(seedMs)} | ${opsPerSec(lruMs)} | ${opsPerSec(oursMs)} | ${(seedMs / oursMs).toFixed(1)}× | ${(st.l1.hitRate * 100).toFixed(1)}% / ${(seed.hits / OPS * 100).toFixed(1)}% | ${st.l1.evictions.toLocaleString("en-US")} |`,
  );
}
console.log(`\nEviction-heavy: ${OPS.toLocaleString("en-US")} reads, uniform over 10× more keys than fit, miss → set (ops/s)\n`);
console.log("| capacity (entries) | seed OptimizedCache | lru-cache alone | our L1 (getOrLoad) | ours vs seed | hit rate ours / seed | our evictions |");
console.log("|---|---|---|---|---|---|---|");
for (const r of rows) console.log(r);
