/**
 * Throughput and latency, side by side in one run: the warm agents list (cache on, Redis L2),
 * the same list uncached (CACHE_ENABLED=false), and a Fastify hello-world. Each server runs in
 * its own process; autocannon drives them from here.
 *   node --import tsx bench/cache-throughput.ts [--seconds 10] [--connections 32]
 */
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { repoRoot, spawnServer } from "../apps/server/test/process.js";
import { freshPostgres } from "./lib.js";

const { values } = parseArgs({ options: { seconds: { type: "string", default: "10" }, connections: { type: "string", default: "32" } } });
const duration = Number(values.seconds);
const connections = Number(values.connections);

async function load(url: string, headers: Record<string, string> = {}) {
  // As a browser asks: compressed answers welcome.
  const result = await autocannon({ url, connections, duration, headers: { "accept-encoding": "gzip, deflate, br", ...headers } });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
}

async function helloWorld() {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/hello-server.ts"], { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve) => child.stdout.once("data", (d: Buffer) => resolve(d.toString().trim())));
  try {
    return await load(`${url}/hello`);
  } finally {
    child.kill("SIGTERM");
  }
}

async function agentsList(cacheEnabled: boolean, databaseUrl: string) {
  const server = await spawnServer({ DATABASE_URL: databaseUrl, REDIS_URL: process.env.BENCH_NO_REDIS ? "" : "redis://127.0.0.1:6379", CACHE_ENABLED: String(cacheEnabled), LOG_LEVEL: "warn" });
  try {
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "demo@voice-to-app.local", password: "demo-password" }),
    });
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    const url = `${server.url}/api/v1/agents?limit=50`;
    await fetch(url, { headers: { cookie } }); // warm
    return await load(url, { cookie });
  } finally {
    await server.stop();
  }
}

const db = await freshPostgres();
try {
  const seed = spawn(process.execPath, ["--import", "tsx", "apps/server/src/cli/seed.ts", "--agents", "1000", "--tasks", "20"], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: db.url },
    stdio: "ignore",
  });
  await new Promise((r) => seed.once("exit", r));
  const hello = await helloWorld();
  const warm = await agentsList(true, db.url);
  const cold = await agentsList(false, db.url);
  console.log(`\nGET /api/v1/agents?limit=50 (1000 agents × 20 tasks, ~60 KB JSON), ${connections} connections, ${duration} s each\n`);
  console.log("| target | req/s | p50 | p99 | non-2xx | errors | vs hello-world |");
  console.log("|---|---|---|---|---|---|---|");
  for (const [name, r] of [["Fastify hello-world", hello], ["agents list, cached (warm)", warm], ["agents list, uncached", cold]] as const) {
    console.log(`| ${name} | ${Math.round(r.rps).toLocaleString("en-US")} | ${r.p50} ms | ${r.p99} ms | ${r.non2xx} | ${r.errors} | ${((r.rps / hello.rps) * 100).toFixed(0)}% |`);
  }
} finally {
  await db.drop();
}
