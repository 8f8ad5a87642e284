/**
 * Soak: mixed traffic (lists, details, ingestion, updates, analytics, app records and builds
 * followed over SSE) against the real server (its own process, PostgreSQL and Redis) for a long
 * while, sampling every 10 s its memory, event-loop lag, open resources, p99 and L1 cache size,
 * then the slope of RSS and of the live heap over the run after a warm-up (flat is the goal: no
 * leak). The live heap is read through the server's inspector after a forced full collection, so
 * garbage waiting for the next GC does not pass for growth.
 *   node --import tsx bench/soak.ts [--seconds 600] [--clients 8] [--heap-diff] [--compiled]
 */
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { freePort, spawnServer } from "../apps/server/test/process.js";
import { ENTRY, SERVER_NODE_FLAGS } from "../scripts/build.mjs";
import { connectInspector } from "./inspector.js";
import { BENCH_ENV, freshPostgres } from "./lib.js";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "600" },
    clients: { type: "string", default: "8" },
    "heap-diff": { type: "boolean", default: false },
    /** Run the compiled server (npm run build first) instead of the sources through tsx. */
    compiled: { type: "boolean", default: false },
  },
});
const SECONDS = Number(values.seconds);
const CLIENTS = Number(values.clients);
const MB = 1_048_576;

interface Point {
  t: number;
  rssMb: number;
  heapMb: number;
  liveHeapMb: number;
  l1Mb: number;
  lagP99Ms: number;
  resources: number;
  p99Ms: number;
  requests: number;
}

/** Least-squares slope of y over t (per minute). */
function slopePerMinute(points: Point[], pick: (p: Point) => number): number {
  const n = points.length;
  const mt = points.reduce((s, p) => s + p.t, 0) / n;
  const my = points.reduce((s, p) => s + pick(p), 0) / n;
  const num = points.reduce((s, p) => s + (p.t - mt) * (pick(p) - my), 0);
  const den = points.reduce((s, p) => s + (p.t - mt) ** 2, 0);
  return den ? (num / den) * 60 : 0;
}

const range = (points: Point[], pick: (p: Point) => number) =>
  `${Math.min(...points.map(pick)).toFixed(1)}–${Math.max(...points.map(pick)).toFixed(1)}`;

const db = await freshPostgres();
const inspectPort = await freePort();
/** The first administrator signs up with the instance's one-time token (the performance numbers are theirs). */
const SETUP_TOKEN = "soak-setup-token-0123456789abcdef";
const server = await spawnServer(
  { DATABASE_URL: db.url, REDIS_URL: "redis://127.0.0.1:6379", LOG_LEVEL: "warn", SETUP_TOKEN, ...BENCH_ENV },
  [
    `--inspect=127.0.0.1:${inspectPort}`,
    ...(values.compiled ? [...SERVER_NODE_FLAGS, ENTRY] : ["--import", "tsx", "apps/server/src/main.ts"]),
  ],
);
const inspector = await connectInspector(inspectPort);
try {
  const json = { "content-type": "application/json" };
  const signup = await fetch(`${server.url}/api/v1/auth/signup`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ email: "soak@example.test", password: "soak-password", name: "Soak", setupToken: SETUP_TOKEN }),
  });
  const cookie = signup.headers.get("set-cookie")!.split(";")[0]!; // a platform admin, by the setup token
  const { key } = (await (
    await fetch(`${server.url}/api/v1/api-keys`, { method: "POST", headers: { ...json, cookie }, body: JSON.stringify({ name: "soak" }) })
  ).json()) as { key: string };
  const auth = { ...json, authorization: `Bearer ${key}` };
  const agents: string[] = [];
  for (let i = 0; i < 20; i++)
    agents.push(
      (
        (await (
          await fetch(`${server.url}/api/v1/agents`, { method: "POST", headers: auth, body: JSON.stringify({ name: `soak ${i}` }) })
        ).json()) as { id: string }
      ).id,
    );

  // One app to add records to; builds of new apps also run throughout (jobs, SSE, event bus).
  const build = async (text: string) => {
    const res = await fetch(`${server.url}/api/v1/apps`, { method: "POST", headers: auth, body: JSON.stringify({ text }) });
    if (res.status !== 202) return res;
    const { appId, buildId } = (await res.json()) as { appId: string; buildId: string };
    const events = await fetch(`${server.url}/api/v1/builds/${buildId}/events`, { headers: auth });
    const succeeded = (await events.text()).includes('"status":"succeeded"');
    return { status: succeeded ? 200 : 500, appId, arrayBuffer: async () => undefined };
  };
  const first = await build("Keep track of customers with a name, an email and a phone number.");
  const appId = (first as { appId?: string }).appId;
  if (!appId) throw new Error(`the first build failed (${first.status})`);

  let stop = false;
  let requests = 0;
  let failures = 0;
  const mix: Record<string, number> = {};
  const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
  const interactions = (agent: string) =>
    JSON.stringify({
      items: Array.from({ length: 10 }, () => ({
        id: randomUUID(),
        agentId: agent,
        responseTimeMs: 20,
        endUserId: `u${Math.floor(Math.random() * 500)}`,
        userRating: 1 + Math.floor(Math.random() * 5),
      })),
    });
  // [share, name, request]: lists and details dominate, as on a dashboard; writes of every kind.
  const traffic: [number, string, (agent: string) => Promise<{ status: number; arrayBuffer(): Promise<unknown> }>][] = [
    [0.55, "agents list", () => fetch(`${server.url}/api/v1/agents?limit=20`, { headers: auth })],
    [0.1, "agent detail", (a) => fetch(`${server.url}/api/v1/agents/${a}`, { headers: auth })],
    [0.12, "ingest 10", (a) => fetch(`${server.url}/api/v1/interactions`, { method: "POST", headers: auth, body: interactions(a) })],
    [
      0.04,
      "agent update",
      (a) =>
        fetch(`${server.url}/api/v1/agents/${a}`, {
          method: "PATCH",
          headers: auth,
          body: JSON.stringify({ description: `at ${Date.now()}` }),
        }),
    ],
    [0.06, "analytics", (a) => fetch(`${server.url}/api/v1/agents/${a}/analytics?period=daily`, { headers: auth })],
    [
      0.06,
      "record add",
      () =>
        fetch(`${server.url}/api/v1/apps/${appId}/records/customer`, {
          method: "POST",
          headers: auth,
          body: JSON.stringify({ name: `C ${requests}`, email: `c${requests}@example.test`, phone: "+44 20 7946 0000" }),
        }),
    ],
    [0.05, "records list", () => fetch(`${server.url}/api/v1/apps/${appId}/records/customer?limit=20`, { headers: auth })],
    [
      0.02,
      "build",
      () =>
        build(
          pick([
            "Track recipes with a title and a rating",
            "A reading list of books with a title, an author and a status of to read, reading or done",
          ]),
        ),
    ],
  ];
  const client = async () => {
    while (!stop) {
      let r = Math.random();
      const [, name, send] = traffic.find(([share]) => (r -= share) < 0) ?? traffic[0]!;
      const res = await send(pick(agents));
      await res.arrayBuffer();
      requests++;
      mix[name] = (mix[name] ?? 0) + 1;
      if (res.status >= 400) failures++;
    }
  };
  const started = Date.now();
  const load = Promise.all(Array.from({ length: CLIENTS }, client));
  const points: Point[] = [];
  // With --heap-diff: a heap snapshot after the warm-up third and one at the end, compared per
  // constructor, names what grew.
  let warmHeap: Awaited<ReturnType<typeof inspector.heapByConstructor>> | undefined;
  while (Date.now() - started < SECONDS * 1000) {
    if (values["heap-diff"] && !warmHeap && Date.now() - started >= (SECONDS * 1000) / 3) warmHeap = await inspector.heapByConstructor();
    await new Promise((r) => setTimeout(r, 10_000));
    const perf = (await (await fetch(`${server.url}/api/v1/performance`, { headers: { cookie } })).json()) as {
      memory: { rss: number; heapUsed: number };
      eventLoopLag: { p99Ms: number };
      p99Ms: number;
      cacheStats: { l1: { bytes: number } };
    };
    const liveHeap = await inspector.liveHeapBytes();
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    const resources = [...metrics.matchAll(/^nodejs_active_resources\{[^}]*\} (\d+)/gm)].reduce((s, m) => s + Number(m[1]), 0);
    const p: Point = {
      t: (Date.now() - started) / 1000,
      rssMb: perf.memory.rss / MB,
      heapMb: perf.memory.heapUsed / MB,
      liveHeapMb: liveHeap / MB,
      l1Mb: perf.cacheStats.l1.bytes / MB,
      lagP99Ms: perf.eventLoopLag.p99Ms,
      resources,
      p99Ms: perf.p99Ms,
      requests,
    };
    points.push(p);
    console.log(
      `${p.t.toFixed(0).padStart(5)} s  rss ${p.rssMb.toFixed(1)} MB  heap ${p.heapMb.toFixed(1)} MB  live heap ${p.liveHeapMb.toFixed(1)} MB  L1 ${p.l1Mb.toFixed(1)} MB  lag p99 ${p.lagP99Ms.toFixed(1)} ms  resources ${p.resources}  p99 ${p.p99Ms.toFixed(1)} ms  requests ${p.requests}`,
    );
  }
  const endHeap = warmHeap && (await inspector.heapByConstructor());
  stop = true;
  await load;
  if (warmHeap && endHeap) {
    const grown = [...endHeap]
      .map(([name, e]) => ({ name, count: e.count - (warmHeap.get(name)?.count ?? 0), bytes: e.bytes - (warmHeap.get(name)?.bytes ?? 0) }))
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 12);
    console.log(`\nheap growth from the end of warm-up to the end (live objects after a full GC):`);
    for (const g of grown)
      console.log(`  ${(g.bytes / 1024).toFixed(0).padStart(8)} KB  ${String(g.count).padStart(7)} objects  ${g.name}`);
  }
  // The first third is warm-up (JIT, caches filling, pools growing); the slope is taken after it.
  const steady = points.slice(Math.floor(points.length / 3));
  console.log(`\nSoak: ${SECONDS} s, ${CLIENTS} clients, ${requests} requests (${(requests / SECONDS).toFixed(0)}/s), ${failures} failed`);
  console.log(
    `mix: ${Object.entries(mix)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ")}`,
  );
  console.log(
    `after warm-up (${steady.length} samples): RSS ${range(steady, (p) => p.rssMb)} MB, slope ${slopePerMinute(steady, (p) => p.rssMb).toFixed(2)} MB/min; live heap ${range(steady, (p) => p.liveHeapMb)} MB, slope ${slopePerMinute(steady, (p) => p.liveHeapMb).toFixed(2)} MB/min; heap before GC slope ${slopePerMinute(steady, (p) => p.heapMb).toFixed(2)} MB/min; L1 ${range(steady, (p) => p.l1Mb)} MB; resources ${Math.min(...steady.map((p) => p.resources))}–${Math.max(...steady.map((p) => p.resources))}, p99 ${Math.min(...steady.map((p) => p.p99Ms)).toFixed(1)}–${Math.max(...steady.map((p) => p.p99Ms)).toFixed(1)} ms`,
  );
} finally {
  inspector.close();
  await server.stop();
  await db.drop();
}
