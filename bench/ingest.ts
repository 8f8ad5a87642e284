/**
 * HTTP ingestion on PostgreSQL: batches of 500 with durable acks vs one row per request, side by
 * side in one run, against the real server in its own process (the load generator runs here).
 *   node --import tsx bench/ingest.ts [--seconds 15] [--clients 8]
 */
import { randomUUID } from "node:crypto";
import { uuidv7 } from "../apps/server/src/platform/ids.js";
import { parseArgs } from "node:util";
import { spawnServer } from "../apps/server/test/process.js";
import { BENCH_ENV, freshPostgres, summarize } from "./lib.js";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "15" },
    clients: { type: "string", default: "16" },
    ids: { type: "string", default: "v7" },
  },
});
const newId = values.ids === "v4" ? randomUUID : () => uuidv7();
const SECONDS = Number(values.seconds);
const CLIENTS = Number(values.clients);

const db = await freshPostgres();
const server = await spawnServer(
  { DATABASE_URL: db.url, LOG_LEVEL: "warn", ...BENCH_ENV },
  process.env.BENCH_SERVER_ARGS ? process.env.BENCH_SERVER_ARGS.split(" ") : undefined,
);
try {
  const post = (path: string, body: string, headers: Record<string, string>) =>
    fetch(`${server.url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
  const signup = await post(
    "/api/v1/auth/signup",
    JSON.stringify({ email: "bench@example.test", password: "bench-password", name: "Bench" }),
    {},
  );
  const cookie = signup.headers.get("set-cookie")!.split(";")[0]!;
  const { key } = (await (await post("/api/v1/api-keys", JSON.stringify({ name: "bench" }), { cookie })).json()) as { key: string };
  const auth = { authorization: `Bearer ${key}` };
  const agentIds: string[] = [];
  for (let i = 0; i < 10; i++) {
    const res = await post("/api/v1/agents", JSON.stringify({ name: `Bench agent ${i}` }), auth);
    agentIds.push(((await res.json()) as { id: string }).id);
  }

  // Bodies are built as strings: the load generator must cost less than the server it measures.
  const item = (i: number) =>
    `{"id":"${newId()}","agentId":"${agentIds[i % agentIds.length]}","sessionId":"s-${i % 997}","endUserId":"user-${(i * 7919) % 5000}","responseTimeMs":${i % 3000},"tokensIn":${i % 900},"tokensOut":${i % 400},"cost":0.00${i % 10}123,"userRating":${(i % 5) + 1}}`;

  async function run(batch: number) {
    let rows = 0;
    let failed = 0;
    const latencies: number[] = [];
    const deadline = Date.now() + SECONDS * 1000;
    let seq = 0;
    const client = async () => {
      while (Date.now() < deadline) {
        const items = Array.from({ length: batch }, () => item(seq++));
        const body = batch === 1 ? items[0]! : `{"items":[${items.join(",")}]}`;
        const t = performance.now();
        const res = await post("/api/v1/interactions", body, auth);
        await res.arrayBuffer();
        latencies.push(performance.now() - t);
        if (res.status === 201) rows += batch;
        else failed++;
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: CLIENTS }, client));
    const secs = (performance.now() - started) / 1000;
    return { batch, rowsPerSec: rows / secs, requests: latencies.length, failed, latency: summarize(latencies) };
  }

  const batched = await run(500);
  const single = await run(1);
  console.log(`\nHTTP ingestion, PostgreSQL, ${CLIENTS} concurrent clients, ${SECONDS} s each, acks after commit\n`);
  console.log("| mode | rows/s | requests | failed | p50 | p99 |");
  console.log("|---|---|---|---|---|---|");
  for (const r of [batched, single]) {
    console.log(
      `| ${r.batch === 1 ? "one row per request" : `batches of ${r.batch}`} | ${Math.round(r.rowsPerSec).toLocaleString("en-US")} | ${r.requests} | ${r.failed} | ${r.latency.p50.toFixed(1)} ms | ${r.latency.p99.toFixed(1)} ms |`,
    );
  }
  console.log(`\nbatched / row-at-a-time: ${(batched.rowsPerSec / single.rowsPerSec).toFixed(1)}×`);
} finally {
  await server.stop();
  await db.drop();
}
