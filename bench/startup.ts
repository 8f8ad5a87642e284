/**
 * Compiled vs tsx, side by side in one run: time from spawn to /readyz and idle RSS after 5 s, on
 * PostgreSQL (a fresh database each start) and PGlite. Build first (npm run build).
 *   node --import tsx bench/startup.ts [--runs 5]
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { spawnServer } from "../apps/server/test/process.js";
import { freshPgliteDir, freshPostgres, summarize } from "./lib.js";

const { values } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
const RUNS = Number(values.runs);
const MODES = { compiled: ["apps/server/dist/src/main.js"], tsx: ["--import", "tsx", "apps/server/src/main.ts"] } as const;

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;

const rows: string[] = [];
for (const database of ["postgres", "pglite"] as const) {
  const results: Record<string, { start: number[]; rss: number[] }> = { compiled: { start: [], rss: [] }, tsx: { start: [], rss: [] } };
  // Interleaved, so both modes see the same machine.
  for (let run = 0; run < RUNS; run++) {
    for (const [mode, args] of Object.entries(MODES)) {
      const env: Record<string, string> = database === "postgres" ? { DATABASE_URL: (await freshPostgres()).url } : { DATABASE_URL: "", DATA_DIR: freshPgliteDir() };
      const started = performance.now();
      const server = await spawnServer({ ...env, REDIS_URL: "", LOG_LEVEL: "warn" }, [...args]);
      results[mode]!.start.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 5_000));
      results[mode]!.rss.push(rssMb(server.child.pid!));
      await server.stop();
      console.log(`${database} ${mode}: ready in ${results[mode]!.start.at(-1)!.toFixed(0)} ms, idle RSS ${results[mode]!.rss.at(-1)!.toFixed(0)} MB`);
    }
  }
  for (const [mode, r] of Object.entries(results)) {
    const s = summarize(r.start);
    rows.push(`| ${database} | ${mode} | ${(s.p50 / 1000).toFixed(2)} s (${(Math.min(...r.start) / 1000).toFixed(2)}–${(Math.max(...r.start) / 1000).toFixed(2)}) | ${summarize(r.rss).p50.toFixed(0)} MB (${Math.min(...r.rss).toFixed(0)}–${Math.max(...r.rss).toFixed(0)}) |`);
  }
}
console.log(`\n${RUNS} starts each (the first PGlite start of a directory included: each start gets a new one)\n`);
console.log("| database | server | spawn → /readyz, median (range) | idle RSS after 5 s, median (range) |\n|---|---|---|---|");
console.log(rows.join("\n"));
