#!/usr/bin/env node
// `npm start`: compiles what changed since the last build (the server and its contracts, the web
// app), then runs the compiled server with plain node (embedded defaults: PGlite in ./data,
// in-process cache and jobs) with the same environment it was given.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildServer, buildWeb, ENTRY, SERVER_NODE_FLAGS, STAMP } from "./build.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));

/** The newest modification time under `path`. */
function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((f) => newest(join(path, f))));
}
const staleSince = (built, sources) =>
  !existsSync(built) || Math.max(...sources.map((p) => newest(join(root, p)))) > statSync(built).mtimeMs;

if (staleSince(STAMP, ["apps/server/src", "apps/server/db", "packages/contracts/src"])) {
  console.log("Compiling the server…");
  await buildServer();
}
if (
  staleSince(join(root, "apps/web/dist/index.html"), [
    "apps/web/src",
    "apps/web/index.html",
    "apps/web/vite.config.ts",
    "packages/contracts/src",
  ])
) {
  console.log("Building the web app…");
  buildWeb();
}

// Browser recordings (WebM/Ogg) reach the offline recogniser through ffmpeg. Installing system
// packages is the operator's call: say the one command, and run without it meanwhile.
if (!existsSync("/usr/bin/ffmpeg") && !existsSync("/usr/local/bin/ffmpeg")) {
  console.log(
    "ffmpeg is not installed, so recordings made in the browser are off (typing and WAV uploads work). To speak to the Studio: sudo apt-get install ffmpeg",
  );
}

const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, ENTRY], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, DATA_DIR: process.env.DATA_DIR ?? join(root, "data") },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.kill(sig));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
