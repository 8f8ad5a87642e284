import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "./client.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("the embedded database's lock", () => {
  it("refuses a second process (the server has it open) with what to do, and takes over from one that died", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vta-lock-"));
    dirs.push(dir);
    const other = spawn("sleep", ["30"]);
    try {
      writeFileSync(join(dir, "open.pid"), String(other.pid));
      await expect(openDatabase({ dataDir: dir, poolSize: 1, statementTimeoutMs: 0 })).rejects.toThrow(
        /open in another process .*stop it first/,
      );
    } finally {
      other.kill();
      await new Promise((r) => other.once("exit", r));
    }
    // The holder is gone: the lock is stale, and this process takes it.
    const db = await openDatabase({ dataDir: dir, poolSize: 1, statementTimeoutMs: 0 });
    await db.close();
    // A new PGlite directory takes seconds to initialise on a busy machine.
  }, 60_000);
});
