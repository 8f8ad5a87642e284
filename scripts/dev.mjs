#!/usr/bin/env node
// `npm run dev`, for contributors: the server from TypeScript, restarted on change (tsx watch), and
// Vite's dev server for the web app (http://localhost:5173, /api proxied to the server on 3000).
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const env = { ...process.env, DATA_DIR: process.env.DATA_DIR ?? join(root, "data") };
const children = [
  spawn("npx", ["tsx", "watch", "--clear-screen=false", "apps/server/src/main.ts"], { cwd: root, stdio: "inherit", env }),
  spawn("npm", ["run", "dev", "-w", "apps/web"], { cwd: root, stdio: "inherit", env }),
];
const stop = (sig) => children.forEach((c) => c.kill(sig));
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => stop(sig));
for (const c of children)
  c.on("exit", (code) => {
    stop("SIGTERM");
    process.exit(code ?? 0);
  });
