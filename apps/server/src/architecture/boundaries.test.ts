import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { boundaryProblems, sqlProblems, type SourceFile } from "./boundaries.js";

const ROOT = join(import.meta.dirname, "../../../..");

function sources(dir: string): SourceFile[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((p) => /\.tsx?$/.test(p) && !/\.test\.tsx?$/.test(p))
    .map((p) => ({ path: `${dir}/${p.replace(/\\/g, "/")}`, text: readFileSync(join(ROOT, dir, p), "utf8") }));
}

describe("the import rules", () => {
  it("hold in the tree", () => {
    expect(boundaryProblems([...sources("apps/server/src"), ...sources("apps/web/src")])).toEqual([]);
  });

  it("catch a module reaching into another, platform using a module, the web importing the server, a module without index.ts", () => {
    const files: SourceFile[] = [
      {
        path: "apps/server/src/modules/apps/builds.service.ts",
        text: 'import { insertAgent } from "../agents/agents.repository.js";\nimport type { AgentsService } from "../agents/index.js";',
      },
      { path: "apps/server/src/modules/apps/index.ts", text: "" },
      { path: "apps/server/src/modules/agents/index.ts", text: "" },
      { path: "apps/server/src/modules/agents/agents.repository.ts", text: 'import { x } from "./agents.service.js";' },
      {
        path: "apps/server/src/modules/voice/engines/engine.ts",
        text: 'import { y } from "../../apps/records.service.js";\nimport { z } from "../lm/ngram.js";',
      },
      { path: "apps/server/src/platform/cache/cache.ts", text: 'export { ns } from "../../modules/apps/index.js";' },
      { path: "apps/web/src/features/x.tsx", text: 'import { z } from "../../../server/src/env.js";\nconst lazy = import("@vta/server");' },
    ];
    expect(boundaryProblems(files)).toEqual([
      "modules/voice has no index.ts",
      expect.stringContaining("builds.service.ts imports apps/server/src/modules/agents/agents.repository.js: use modules/agents/index.ts"),
      expect.stringContaining("voice/engines/engine.ts imports apps/server/src/modules/apps/records.service.js"),
      expect.stringContaining(
        "platform/cache/cache.ts imports apps/server/src/modules/apps/index.js: platform code never depends on a module",
      ),
      expect.stringContaining("features/x.tsx imports server code (../../../server/src/env.js)"),
      expect.stringContaining("features/x.tsx imports server code (@vta/server)"),
    ]);
  });

  it("keep SQL in repositories", () => {
    expect(sqlProblems(sources("apps/server/src"))).toEqual([]);
  });

  it("catch SQL outside a repository and leave type imports and repositories alone", () => {
    const files: SourceFile[] = [
      {
        path: "apps/server/src/modules/apps/records.service.ts",
        text: 'import type { SQL } from "drizzle-orm";\nimport { sql } from "drizzle-orm";',
      },
      { path: "apps/server/src/modules/accounts/members.service.ts", text: "const rows = await queryRows<{ id: string }>(db, q);" },
      { path: "apps/server/src/modules/operations/maintenance.service.ts", text: "await db.execute(sql`analyze agents`);" },
      {
        path: "apps/server/src/modules/agents/agents.service.ts",
        text: 'import type { SQL } from "drizzle-orm";\nimport { x } from "./agents.repository.js";',
      },
      {
        path: "apps/server/src/modules/agents/agents.repository.ts",
        text: 'import { and, eq, sql } from "drizzle-orm";\nawait queryRows(db, sql`select 1`);',
      },
      { path: "apps/server/src/platform/db/migrate.ts", text: 'import { sql } from "drizzle-orm";' },
    ];
    expect(sqlProblems(files)).toEqual([
      "apps/server/src/modules/apps/records.service.ts imports drizzle-orm: SQL belongs in a *.repository.ts",
      "apps/server/src/modules/accounts/members.service.ts runs queryRows: SQL belongs in a *.repository.ts",
      "apps/server/src/modules/operations/maintenance.service.ts executes SQL: SQL belongs in a *.repository.ts",
    ]);
  });
});
