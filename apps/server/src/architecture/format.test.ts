import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../../../..");

/** The files Prettier would change, of those git tracks (or would track) and .prettierignore leaves in. */
async function unformatted(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    const file = join(ROOT, path);
    const info = await prettier.getFileInfo(file, { ignorePath: join(ROOT, ".prettierignore") });
    if (info.ignored || !info.inferredParser) continue;
    const options = { ...(await prettier.resolveConfig(file)), filepath: file };
    if (!(await prettier.check(readFileSync(file, "utf8"), options))) out.push(path);
  }
  return out;
}

describe("formatting", () => {
  it("every file is as Prettier writes it (npm run format fixes it)", async () => {
    const tracked = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" })
      .split("\n")
      .filter((p) => p && existsSync(join(ROOT, p)));
    expect(await unformatted(tracked)).toEqual([]);
  }, 120_000);

  it("a file written by hand, off the house style, is told apart", async () => {
    const options = { ...(await prettier.resolveConfig(join(ROOT, "x.ts"))), filepath: join(ROOT, "x.ts") };
    expect(await prettier.check('const a = {b:1,  c : "two"}\n', options)).toBe(false);
    expect(await prettier.check('const a = { b: 1, c: "two" };\n', options)).toBe(true);
  });
});
