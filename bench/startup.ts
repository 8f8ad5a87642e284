/**
 * Compiled vs tsx, side by side in one run, on PostgreSQL and PGlite: time from spawn to /readyz
 * on a new database (the first start, every migration runs) and on the same database again (a
 * restart: what a deploy or a crash costs), and the idle RSS 5 s after the restart. Build first
 * (npm run build).
 *   node --import tsx bench/startup.ts [--runs 5]
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { spawnServer } from "../apps/server/test/process.js";
import { ENTRY, SERVER_NODE_FLAGS } from "../scripts/build.mjs";
import { freshPgliteDir, freshPostgres, summarize } from "./lib.js";

const { values } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
const RUNS = Number(values.runs);
/** Compiled: as npm start runs it. */
const MODES = { compiled: [...SERVER_NODE_FLAGS, ENTRY], tsx: ["--import", "tsx", "apps/server/src/main.ts"] };

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;
const seconds = (ms: number[]) =>
  `${(summarize(ms).p50 / 1000).toFixed(2)} s (${(Math.min(...ms) / 1000).toFixed(2)}–${(Math.max(...ms) / 1000).toFixed(2)})`;

const rows: string[] = [];
for (const database of ["postgres", "pglite"] as const) {
  const results: Record<string, { first: number[]; restart: number[]; rss: number[] }> = {};
  for (const mode of Object.keys(MODES)) results[mode] = { first: [], restart: [], rss: [] };
  // Interleaved, so both modes see the same machine.
  for (let run = 0; run < RUNS; run++) {
    for (const [mode, args] of Object.entries(MODES)) {
      const env: Record<string, string> =
        database === "postgres" ? { DATABASE_URL: (await freshPostgres()).url } : { DATABASE_URL: "", DATA_DIR: freshPgliteDir() };
      const r = results[mode]!;
      for (const phase of ["first", "restart"] as const) {
        const started = performance.now();
        const server = await spawnServer({ ...env, REDIS_URL: "", LOG_LEVEL: "warn" }, [...args]);
        r[phase].push(performance.now() - started);
        if (phase === "restart") {
          await new Promise((resolve) => setTimeout(resolve, 5_000));
          r.rss.push(rssMb(server.child.pid!));
        }
        await server.stop();
      }
      console.log(
        `${database} ${mode}: first start ${r.first.at(-1)!.toFixed(0)} ms, restart ${r.restart.at(-1)!.toFixed(0)} ms, idle RSS ${r.rss.at(-1)!.toFixed(0)} MB`,
      );
    }
  }
  for (const [mode, r] of Object.entries(results)) {
    rows.push(
      `| ${database} | ${mode} | ${seconds(r.first)} | ${seconds(r.restart)} | ${summarize(r.rss).p50.toFixed(0)} MB (${Math.min(...r.rss).toFixed(0)}–${Math.max(...r.rss).toFixed(0)}) |`,
    );
  }
}
console.log(`\n${RUNS} runs each: a new database, started, stopped and started again\n`);
console.log(
  "| database | server | spawn → /readyz, new database | spawn → /readyz, restart | idle RSS 5 s after the restart |\n|---|---|---|---|---|",
);
console.log(rows.join("\n"));
