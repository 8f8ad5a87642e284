/** The real server as `npm start` runs it (web build included), on a free port with a fresh PGlite dir. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { repoRoot, spawnServer } from "../apps/server/test/process.js";

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

export interface SeedSpec {
  agents: number;
  email: string;
  password: string;
}

export async function startServer(env: Record<string, string> = {}, seed?: SeedSpec): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "vta-e2e-"));
  if (seed) {
    // `npm run seed` into the fresh data directory before the server opens it.
    const args = [
      "--import",
      "tsx",
      "apps/server/src/cli/seed.ts",
      "--agents",
      String(seed.agents),
      "--tasks",
      "0",
      "--email",
      seed.email,
      "--password",
      seed.password,
    ];
    const res = spawnSync(process.execPath, args, {
      cwd: repoRoot,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" },
      encoding: "utf8",
    });
    if (res.status !== 0) throw new Error(`seed failed: ${res.stderr}`);
  }
  const server = await spawnServer({ DATA_DIR: dataDir, DATABASE_URL: "", ...env }, ["scripts/start.mjs"]);
  return {
    url: server.url,
    stop: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
