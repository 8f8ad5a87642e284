#!/usr/bin/env node
// `npm start`: builds the web app when its sources are newer than the build, then runs the server
// (embedded defaults: PGlite in ./data, in-process cache and jobs) with the same env it was given.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const web = join(root, "apps/web");
const built = join(web, "dist/index.html");

function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((f) => newest(join(path, f))));
}

const sources = ["src", "index.html", "vite.config.ts", "../../packages/contracts/src"].map((p) => join(web, p));
if (!existsSync(built) || Math.max(...sources.map(newest)) > statSync(built).mtimeMs) {
  console.log("Building the web app…");
  const r = spawnSync("npm", ["run", "build", "-w", "apps/web"], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// Browser recordings (WebM/Ogg) reach the offline recogniser through ffmpeg: installed when missing
// and this user may, else the Studio takes WAV uploads and typed text only.
if (!existsSync("/usr/bin/ffmpeg") && !process.env.VTA_SKIP_APT && existsSync("/usr/bin/apt-get")) {
  const asRoot = process.getuid?.() === 0;
  const run = (args) => spawnSync(asRoot ? args[0] : "sudo", asRoot ? args.slice(1) : ["-n", ...args], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  console.log("Installing ffmpeg (for recordings made in the browser)…");
  const ok = run(["apt-get", "update", "-qq"]).status === 0 && run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "ffmpeg"]).status === 0;
  if (!ok) console.log("Could not install ffmpeg; recordings from the browser stay off (typing works). Install it with apt-get to speak to the Studio.");
}

const server = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
  cwd: join(root, "apps/server"),
  stdio: "inherit",
  env: { ...process.env, DATA_DIR: process.env.DATA_DIR ?? join(root, "data") },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.kill(sig));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
