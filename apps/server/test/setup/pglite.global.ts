import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../src/platform/db/client.js";
import { migrate } from "../../src/platform/db/migrate.js";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteDir: string;
  }
}

/** PGlite's first start of a data directory takes seconds: prepare and migrate it once. */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), "vta-pglite-"));
  const database = await openDatabase({ dataDir: dir, poolSize: 1, statementTimeoutMs: 0 });
  await migrate(database);
  await database.close();
  project.provide("pgliteDir", dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
