/** Runs the real server as a child process on a free port, for tests that need signals and restarts. */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Sends SIGTERM and resolves with the exit code and how long the drain took. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; ms: number }>;
}

/** Sends a signal and resolves with the exit code and how long the exit took (at once if it is gone). */
const stopper =
  (child: ChildProcess) =>
  async (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, ms: 0 };
    const started = Date.now();
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    child.kill(signal);
    return { code: await exited, ms: Date.now() - started };
  };

/** `args` default to the server entry; e2e passes scripts/start.mjs (which also builds the web app). */
export async function spawnServer(
  env: Record<string, string>,
  args = ["--import", "tsx", "apps/server/src/main.ts"],
): Promise<ServerProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, HOST: "127.0.0.1", LOG_LEVEL: "warn", ...env, PORT: String(port) },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("server did not become ready in 90 s");
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    url,
    child,
    stop: stopper(child),
  };
}

/** A `ROLE=worker` process (it listens on nothing): ready once it logs that it started. */
export async function spawnWorker(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "apps/server/src/main.ts"], {
    cwd: repoRoot,
    env: { ...process.env, ...env, ROLE: "worker", LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error("worker did not start in 90 s")), 90_000);
    child.stdout.on("data", (d: Buffer) => {
      seen = (seen + d.toString()).slice(-10_000);
      if (seen.includes("worker started")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => reject(new Error(`worker exited with ${code}`)));
  });
  child.stdout.resume();
  return {
    url: "",
    child,
    stop: stopper(child),
  };
}
