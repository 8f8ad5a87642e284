import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ENTRY, SERVER_NODE_FLAGS } from "../../../scripts/build.mjs";
import { repoRoot, spawnServer } from "./process.js";

/** The process `npm start` runs the server in (its child), and how it was started. */
function serverProcessOf(startPid: number) {
  const [pid] = readFileSync(`/proc/${startPid}/task/${startPid}/children`, "utf8").trim().split(/\s+/).map(Number);
  const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  const environ = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
  return { cmdline, nodeOptions: environ.find((e) => e.startsWith("NODE_OPTIONS="))?.slice(13) ?? "" };
}

describe("npm start", () => {
  it("serves from compiled JavaScript with no TypeScript loader in the process, and the seeded demo login works against the same data", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "vta-compiled-"));
    try {
      // `npm run seed` first (the embedded database is one process's at a time), into the directory npm start serves.
      const seed = spawnSync("npm", ["run", "seed", "--", "--agents", "2", "--tasks", "0"], {
        cwd: repoRoot,
        env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" },
        encoding: "utf8",
      });
      expect(seed.status, seed.stderr).toBe(0);
      const login = /Log in with\s+(\S+)\s+\/\s+(\S+)/.exec(seed.stdout);
      expect(login).not.toBeNull();

      const server = await spawnServer({ DATA_DIR: dataDir, DATABASE_URL: "", REDIS_URL: "" }, ["scripts/start.mjs"]);
      try {
        const { cmdline, nodeOptions } = serverProcessOf(server.child.pid!);
        expect(cmdline.slice(1)).toEqual([...SERVER_NODE_FLAGS, ENTRY]);
        expect(ENTRY).toBe(join(repoRoot, "apps/server/dist/bundle/main.js"));
        expect(cmdline.join(" ")).not.toMatch(/tsx|--import|--loader|--experimental-strip-types/);
        expect(nodeOptions).not.toMatch(/tsx|--import|--loader/);
        const res = await fetch(`${server.url}/api/v1/auth/login`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: server.url },
          body: JSON.stringify({ email: login![1], password: login![2] }),
        });
        expect(res.status).toBe(200);
        expect((await fetch(`${server.url}/`)).status).toBe(200);
      } finally {
        await server.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
