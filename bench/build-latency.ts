/**
 * Build latency, text → running app, builtin engine: POST /api/v1/apps (or /revisions), then the
 * build's event stream until its final status, over real HTTP. Every description and edit of the
 * in-repo corpus and of the natural corpus (both splits), `--rounds` times, on PostgreSQL and on
 * PGlite, in one run. A refinement that changes nothing ends "failed" (not understood): its time
 * counts like any other.
 *   node --import tsx bench/build-latency.ts [--rounds 1]
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { buildApp } from "../apps/server/src/app.js";
import { parseEnv } from "../apps/server/src/env.js";
import { openDatabase } from "../apps/server/src/platform/db/client.js";
import { migrate } from "../apps/server/src/platform/db/migrate.js";
import { loadCorpus } from "../apps/server/src/modules/builder/corpus/natural.js";
import { BENCH_ENV, fmt, freshPgliteDir, freshPostgres, summarize } from "./lib.js";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "1" } } });
const ROUNDS = Number(values.rounds);
const corpus = (name: string) =>
  JSON.parse(readFileSync(new URL(`../apps/server/src/modules/builder/corpus/${name}`, import.meta.url), "utf8")) as unknown;
const natural = [...loadCorpus("dev"), ...loadCorpus("held")];
const descriptions = [
  ...(corpus("descriptions.json") as { text: string }[]).map((d) => d.text),
  ...natural.flatMap((f) => f.apps.map((a) => a.text)),
];
const sequences = [
  ...(corpus("edits.json") as { start: string; steps: { text: string }[] }[]),
  ...natural.flatMap((f) =>
    f.edits.filter((e) => f.apps[e.start]).map((e) => ({ start: f.apps[e.start]!.text, steps: e.steps.map((s) => ({ text: s.text })) })),
  ),
];

async function measure(kind: "postgres" | "pglite") {
  const pgdb = kind === "postgres" ? await freshPostgres() : null;
  const database = await openDatabase({
    databaseUrl: pgdb?.url,
    dataDir: kind === "pglite" ? freshPgliteDir() : "",
    poolSize: 10,
    statementTimeoutMs: 0,
  });
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
    let failed = 0;
    /** Milliseconds from the request to the final status on the build's event stream. */
    const build = async (text: string, appId?: string) => {
      const t = performance.now();
      const res = await fetch(`${address}/api/v1/apps${appId ? `/${appId}/revisions` : ""}`, {
        method: "POST",
        headers,
        body: JSON.stringify({ text }),
      });
      if (res.status !== 202) throw new Error(`${res.status}: ${await res.text()}`);
      const { appId: id, buildId } = (await res.json()) as { appId: string; buildId: string };
      const events = await (await fetch(`${address}/api/v1/builds/${buildId}/events`, { headers: { cookie } })).text();
      // The last "status" event carries the build's final status (stage events carry their own).
      const final = [...events.matchAll(/event: status\ndata: (.*)\n/g)].at(-1)?.[1];
      const status = final ? (JSON.parse(final) as { status: string }).status : "none";
      const ok = status === "succeeded";
      if (!ok && status !== "failed") throw new Error(`build did not finish: ${text}\n${events.slice(-500)}`);
      if (!ok) failed++;
      return { ms: performance.now() - t, appId: id, ok };
    };
    await build(descriptions[0]!); // the first build creates the workspace's agents
    const creates: number[] = [];
    const revisions: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const text of descriptions) creates.push((await build(text)).ms);
      for (const s of sequences) {
        const { appId, ok } = await build(s.start);
        if (ok) for (const step of s.steps) revisions.push((await build(step.text, appId)).ms);
      }
    }
    await fastify.close();
    return { creates: summarize(creates), revisions: summarize(revisions), failed };
  } finally {
    await database.close();
    await pgdb?.drop();
  }
}

const rows: string[] = [];
for (const kind of ["postgres", "pglite"] as const) {
  const r = await measure(kind);
  console.log(`${kind}: ${r.failed} builds ended failed (descriptions with nothing to track, refinements not understood)`);
  for (const [what, s] of [
    ["new app", r.creates],
    ["revision", r.revisions],
  ] as const) {
    rows.push(`| ${kind} | ${what} | ${s.n} | ${fmt(s.p50)} | ${fmt(s.p95)} | ${fmt(s.p99)} | ${fmt(s.max)} |`);
  }
}
console.log(
  `\nBuild latency, text → running app (builtin engine), ${ROUNDS} rounds of the corpus (${descriptions.length} descriptions, ${sequences.reduce((n, s) => n + s.steps.length, 0)} edits)\n`,
);
console.log("| database | build | n | p50 | p95 | p99 | max |\n|---|---|---|---|---|---|---|");
console.log(rows.join("\n"));
