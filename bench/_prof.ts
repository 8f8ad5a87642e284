import { spawnSync } from "node:child_process";
import { spawnServer, repoRoot } from "../apps/server/test/process.js";
import { freshPostgres } from "./lib.js";
const db = await freshPostgres();
spawnSync(process.execPath, ["--import", "tsx", "apps/server/src/cli/seed.ts", "--agents", "1000", "--tasks", "20"], { cwd: repoRoot, env: { ...process.env, DATABASE_URL: db.url }, stdio: "ignore" });
const args = process.env.PROF ? ["--cpu-prof", "--cpu-prof-dir=/tmp/prof6", "--import", "tsx", "apps/server/src/main.ts"] : undefined;
const server = await spawnServer({ DATABASE_URL: db.url, LOG_LEVEL: "warn", REDIS_URL: "redis://127.0.0.1:6379" }, args);
const login = await fetch(`${server.url}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "demo@voice-to-app.local", password: "demo-password" }) });
const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
for (const p of (process.env.PATHS ?? "/api/v1/agents?limit=50").split(",")) {
  const out = spawnSync("wrk", ["-t1", "-c32", "-d6s", "-H", process.env.NOCOOKIE ? "x-a: b" : `cookie: ${cookie}`, "-H", "accept-encoding: gzip, deflate, br", `${server.url}${p}`], { encoding: "utf8" });
  console.log(p, /Requests\/sec:.*/.exec(out.stdout)?.[0]);
}
await server.stop();
await db.drop();
