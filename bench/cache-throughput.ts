/**
 * Throughput and latency, side by side in one run: the warm agents list (cache on, Redis L2),
 * the same list uncached (CACHE_ENABLED=false), and a Fastify hello-world. Each server runs in
 * its own process; wrk (Debian's package, C: cheap enough not to be what is measured) drives them.
 * Hello-world and the warm list alternate for `--rounds` rounds (both servers stay up), so a
 * noisy neighbour hits both alike; the ratio is reported per round and as the median.
 *   node --import tsx bench/cache-throughput.ts [--seconds 10] [--rounds 3] [--connections 32]
 */
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { repoRoot, spawnServer } from "../apps/server/test/process.js";
import { ensureDebianPackage } from "./debian.js";
import { BENCH_ENV, freshPostgres } from "./lib.js";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "10" },
    rounds: { type: "string", default: "3" },
    connections: { type: "string", default: "32" },
  },
});
const rounds = Number(values.rounds);
const duration = Number(values.seconds);
const connections = Number(values.connections);

const ms = (v: string, unit: string) => Number(v) * ({ us: 0.001, ms: 1, s: 1000 } as Record<string, number>)[unit]!;

async function load(url: string, headers: Record<string, string> = {}) {
  // As a browser asks: compressed answers welcome. One wrk thread leaves the other core to the server.
  const all = { "accept-encoding": "gzip, deflate, br", ...headers };
  const args = [
    "-t1",
    `-c${connections}`,
    `-d${duration}s`,
    "--latency",
    ...Object.entries(all).flatMap(([k, v]) => ["-H", `${k}: ${v}`]),
    url,
  ];
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn("wrk", args);
    let text = "";
    child.stdout.on("data", (d: Buffer) => (text += d.toString()));
    child.on("exit", (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited ${code}`))));
  });
  const pct = (p: string) => {
    const m = new RegExp(`\\s${p}%\\s+([\\d.]+)(us|ms|s)`).exec(out);
    return m ? ms(m[1]!, m[2]!) : NaN;
  };
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const errors = /Socket errors: (.*)/.exec(out)?.[1] ?? "0";
  return { rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]), p50: pct("50"), p99: pct("99"), non2xx, errors };
}

async function startHello() {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/hello-server.ts"], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve) => child.stdout.once("data", (d: Buffer) => resolve(d.toString().trim())));
  return { url: `${url}/hello`, stop: () => child.kill("SIGTERM") };
}

async function startList(cacheEnabled: boolean, databaseUrl: string) {
  const server = await spawnServer({
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.BENCH_NO_REDIS ? "" : "redis://127.0.0.1:6379",
    CACHE_ENABLED: String(cacheEnabled),
    LOG_LEVEL: "warn",
    ...BENCH_ENV,
  });
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "demo@voice-to-app.local", password: "demo-password" }),
  });
  const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
  const url = `${server.url}/api/v1/agents?limit=50`;
  await fetch(url, { headers: { cookie } }); // warm
  return { url, cookie, stop: () => server.stop() };
}

type Result = Awaited<ReturnType<typeof load>>;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

ensureDebianPackage("wrk", "wrk");
const db = await freshPostgres();
try {
  const seed = spawn(process.execPath, ["--import", "tsx", "apps/server/src/cli/seed.ts", "--agents", "1000", "--tasks", "20"], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: db.url },
    stdio: "ignore",
  });
  await new Promise((r) => seed.once("exit", r));
  const hello = await startHello();
  const warm = await startList(true, db.url);
  const pairs: [Result, Result][] = [];
  try {
    for (let i = 0; i < rounds; i++) pairs.push([await load(hello.url), await load(warm.url, { cookie: warm.cookie })]);
  } finally {
    hello.stop();
    await warm.stop();
  }
  const cold = await startList(false, db.url);
  let uncached: Result;
  try {
    uncached = await load(cold.url, { cookie: cold.cookie });
  } finally {
    await cold.stop();
  }
  const row = (name: string, r: Result, base: number) =>
    `| ${name} | ${Math.round(r.rps).toLocaleString("en-US")} | ${r.p50.toFixed(2)} ms | ${r.p99.toFixed(2)} ms | ${r.non2xx} | ${r.errors} | ${((r.rps / base) * 100).toFixed(0)}% |`;
  console.log(
    `\nGET /api/v1/agents?limit=50 (1000 agents × 20 tasks), wrk -t1 -c${connections}, ${duration} s per measurement, ${rounds} rounds\n`,
  );
  console.log("| target | req/s | p50 | p99 | non-2xx | errors | vs hello-world (same round) |");
  console.log("|---|---|---|---|---|---|---|");
  pairs.forEach(([h, w], i) => {
    console.log(row(`round ${i + 1}: Fastify hello-world`, h, h.rps));
    console.log(row(`round ${i + 1}: agents list, cached (warm)`, w, h.rps));
  });
  console.log(row("agents list, uncached", uncached, median(pairs.map(([h]) => h.rps))));
  const ratios = pairs.map(([h, w]) => w.rps / h.rps);
  console.log(
    `\nwarm list / hello-world, median of ${rounds} rounds: ${(median(ratios) * 100).toFixed(0)}% (rounds: ${ratios.map((r) => `${(r * 100).toFixed(0)}%`).join(", ")})`,
  );
  console.log(`warm / uncached: ${(median(pairs.map(([, w]) => w.rps)) / uncached.rps).toFixed(0)}×`);
} finally {
  await db.drop();
}
