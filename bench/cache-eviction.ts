/**
 * Eviction-heavy workload, same run: our L1 (lru-cache, O(1) eviction, through Cache.getOrLoad)
 * vs a faithful port of the seed's OptimizedCache (eviction scans every key), both bounded to the
 * same number of ~1 KB entries, under uniform reads over a key space 10× larger (mostly misses).
 *   node --import tsx bench/cache-eviction.ts [--ops 200000] [--entries 1000,10000]
 */
import { parseArgs } from "node:util";
import { evictionRun } from "./report/server-cache.js";

const { values } = parseArgs({
  options: { ops: { type: "string", default: "200000" }, entries: { type: "string", default: "1000,10000" } },
});
const OPS = Number(values.ops);

const rows: string[] = [];
for (const entries of values.entries.split(",").map(Number)) {
  const r = await evictionRun(entries, OPS);
  const opsPerSec = (ms: number) => Math.round(OPS / (ms / 1000)).toLocaleString("en-US");
  rows.push(
    `| ${entries.toLocaleString("en-US")} | ${opsPerSec(r.seedMs)} | ${opsPerSec(r.oursMs)} | ${(r.seedMs / r.oursMs).toFixed(1)}× | ${(r.oursHitRate * 100).toFixed(1)}% / ${(r.seedHitRate * 100).toFixed(1)}% | ${r.evictions.toLocaleString("en-US")} |`,
  );
}
console.log(`\nEviction-heavy: ${OPS.toLocaleString("en-US")} reads, uniform over 10× more keys than fit, miss → set (ops/s)\n`);
console.log("| capacity (entries) | seed OptimizedCache | our L1 (getOrLoad) | ours vs seed | hit rate ours / seed | our evictions |");
console.log("|---|---|---|---|---|---|");
for (const r of rows) console.log(r);
