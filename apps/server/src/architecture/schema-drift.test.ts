import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const SERVER = join(import.meta.dirname, "../..");

/** What drizzle-kit would generate for `schema` on top of a copy of the committed migrations: the new files. */
function pendingMigrations(schema: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), "vta-drift-"));
  try {
    cpSync(join(SERVER, "db/migrations"), join(dir, "migrations"), { recursive: true });
    // drizzle-kit reads `out` relative to its working directory.
    writeFileSync(
      join(dir, "drizzle.config.mjs"),
      `export default { dialect: "postgresql", schema: ${JSON.stringify(schema)}, out: ${JSON.stringify(relative(SERVER, join(dir, "migrations")))} };`,
    );
    const before = new Set(readdirSync(join(dir, "migrations")));
    const run = spawnSync(
      process.execPath,
      [join(SERVER, "../../node_modules/drizzle-kit/bin.cjs"), "generate", "--config", join(dir, "drizzle.config.mjs")],
      { cwd: SERVER, encoding: "utf8" },
    );
    if (run.status !== 0 || /Error/.test(run.stderr)) throw new Error(`drizzle-kit failed: ${run.stderr || run.stdout}`);
    return readdirSync(join(dir, "migrations")).filter((f) => !before.has(f));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("the schema and the committed migrations", () => {
  it("agree: generating from db/schema.ts adds no migration (run npm run db:generate after changing the schema)", () => {
    expect(pendingMigrations(join(SERVER, "db/schema.ts"))).toEqual([]);
  });

  it("would be told apart when they do not (a schema with one more column)", () => {
    // Inside the repository (its imports resolve the same way) but outside the sources, whose
    // times say whether npm start must compile again.
    const drifted = join(SERVER, "../../test-results", `drift-${process.pid}.ts`);
    mkdirSync(dirname(drifted), { recursive: true });
    const schema = readFileSync(join(SERVER, "db/schema.ts"), "utf8");
    const changed = schema.replace(
      'export const workspaces = pgTable("workspaces", {',
      'export const workspaces = pgTable("workspaces", {\n  drifted: text("drifted"),',
    );
    expect(changed).not.toBe(schema);
    try {
      writeFileSync(drifted, changed);
      expect(pendingMigrations(drifted).some((f) => f.endsWith(".sql"))).toBe(true);
    } finally {
      rmSync(drifted, { force: true });
    }
  });
});
