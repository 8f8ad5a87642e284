/**
 * Build latency, text → running app, builtin engine: POST /api/v1/apps (or /revisions), then the
 * build's event stream until its final status, over real HTTP. Every description and edit of the
 * corpus, `--rounds` times, on PostgreSQL and on PGlite, in one run.
 *   node --import tsx bench/build-latency.ts [--rounds 3]
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { buildApp } from "../apps/server/src/app.js";
import { parseEnv } from "../apps/server/src/env.js";
import { openDatabase } from "../apps/server/src/platform/db/client.js";
import { migrate } from "../apps/server/src/platform/db/migrate.js";
import { BENCH_ENV, fmt, freshPgliteDir, freshPostgres, summarize } from "./lib.js";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "3" } } });
const ROUNDS = Number(values.rounds);
const corpus = (name: string) => JSON.parse(readFileSync(new URL(`../apps/server/src/modules/builder/corpus/${name}`, import.meta.url), "utf8")) as unknown;
const descriptions = (corpus("descriptions.json") as { text: string }[]).map((d) => d.text);
const sequences = corpus("edits.json") as { start: string; steps: { text: string }[] }[];

async function measure(kind: "postgres" | "pglite") {
  const pgdb = kind === "postgres" ? await freshPostgres() : null;
  const database = await openDatabase({ databaseUrl: pgdb?.url, dataDir: kind === "pglite" ? freshPgliteDir() : "", poolSize: 10, statementTimeoutMs: 0 });
  try {
    await migrate(database);
    const { fastify } = await buildApp({ env: parseEnv({ LOG_LEVEL: "silent", INGEST_FLUSH_MS: "2", ...BENCH_ENV }), database });
    const address = await fastify.listen({ port: 0, host: "127.0.0.1" });
    const signup = await fetch(`${address}/api/v1/auth/signup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "bench@example.test", password: "bench-password", name: "Bench" }),
    });
    const cookie = signup.headers.get("set-cookie")!.split(";")[0]!;
    const headers = { cookie, "content-type": "application/json" };
    /** Milliseconds from the request to the final status on the build's event stream. */
    const build = async (text: string, appId?: string) => {
      const t = performance.now();
      const res = await fetch(`${address}/api/v1/apps${appId ? `/${appId}/revisions` : ""}`, { method: "POST", headers, body: JSON.stringify({ text }) });
      if (res.status !== 202) throw new Error(`${res.status}: ${await res.text()}`);
      const { appId: id, buildId } = (await res.json()) as { appId: string; buildId: string };
      const events = await (await fetch(`${address}/api/v1/builds/${buildId}/events`, { headers: { cookie } })).text();
      if (!events.includes('"status":"succeeded"')) throw new Error(`build failed: ${text}\n${events.slice(-500)}`);
      return { ms: performance.now() - t, appId: id };
    };
    await build(descriptions[0]!); // the first build creates the workspace's agents
    const creates: number[] = [];
    const revisions: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const text of descriptions) creates.push((await build(text)).ms);
      for (const s of sequences) {
        const { appId } = await build(s.start);
        for (const step of s.steps) revisions.push((await build(step.text, appId)).ms);
      }
    }
    await fastify.close();
    return { creates: summarize(creates), revisions: summarize(revisions) };
  } finally {
    await database.close();
    await pgdb?.drop();
  }
}

const rows: string[] = [];
for (const kind of ["postgres", "pglite"] as const) {
  const r = await measure(kind);
  for (const [what, s] of [["new app", r.creates], ["revision", r.revisions]] as const) {
    rows.push(`| ${kind} | ${what} | ${s.n} | ${fmt(s.p50)} | ${fmt(s.p95)} | ${fmt(s.p99)} | ${fmt(s.max)} |`);
  }
}
console.log(`\nBuild latency, text → running app (builtin engine), ${ROUNDS} rounds of the corpus (${descriptions.length} descriptions, ${sequences.reduce((n, s) => n + s.steps.length, 0)} edits)\n`);
console.log("| database | build | n | p50 | p95 | p99 | max |\n|---|---|---|---|---|---|---|");
console.log(rows.join("\n"));
