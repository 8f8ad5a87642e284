/** The real server as `npm start` runs it (web build included), on a free port with a fresh PGlite dir. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnServer } from "../apps/server/test/process.js";

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "vta-e2e-"));
  const server = await spawnServer({ DATA_DIR: dataDir, DATABASE_URL: "", ...env }, ["scripts/start.mjs"]);
  return {
    url: server.url,
    stop: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
