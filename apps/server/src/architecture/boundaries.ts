/**
 * The import rules the architecture states, checked over source text (npm test runs them):
 * a module uses another only through its index.ts; platform never imports a module; the web app
 * never imports server code; every module has an index.ts; SQL is written only in repositories.
 */
import { dirname, join, normalize } from "node:path";

export interface SourceFile {
  /** Relative to the repository root, with forward slashes. */
  path: string;
  text: string;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)[^"'\n]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;
const moduleOf = (path: string) => /^apps\/server\/src\/modules\/([^/]+)\//.exec(path)?.[1];

export function boundaryProblems(files: SourceFile[]): string[] {
  const problems: string[] = [];
  const modules = new Set(files.map((f) => moduleOf(f.path)).filter((m): m is string => m !== undefined));
  for (const m of modules)
    if (!files.some((f) => f.path === `apps/server/src/modules/${m}/index.ts`)) problems.push(`modules/${m} has no index.ts`);
  for (const file of files) {
    for (const match of file.text.matchAll(IMPORT)) {
      const spec = match[1] ?? match[2]!;
      if (
        file.path.startsWith("apps/web/") &&
        (spec.startsWith("@vta/server") || (spec.startsWith(".") && normalize(join(dirname(file.path), spec)).startsWith("apps/server/")))
      ) {
        problems.push(`${file.path} imports server code (${spec}): the web app talks to the API and shares only @vta/contracts`);
        continue;
      }
      if (!spec.startsWith(".")) continue;
      const target = normalize(join(dirname(file.path), spec)).replace(/\\/g, "/");
      const to = moduleOf(target);
      if (!to) continue;
      if (file.path.startsWith("apps/server/src/platform/"))
        problems.push(`${file.path} imports ${target}: platform code never depends on a module`);
      else if (moduleOf(file.path) !== to && target !== `apps/server/src/modules/${to}/index.js`)
        problems.push(`${file.path} imports ${target}: use modules/${to}/index.ts (a module is used only through its index)`);
    }
  }
  return problems;
}

/**
 * Where SQL may be written: `*.repository.ts` files and the database layer itself
 * (`platform/db/`). Anywhere else a value import from drizzle-orm, `queryRows` or `.execute(` is
 * SQL that belongs in a repository; `import type` is fine (a service may name a `Db` or a row type).
 */
const SQL_HOME = /^apps\/server\/src\/(?:.+\.repository\.ts|platform\/db\/.+\.ts)$/;
const SQL_USE = [
  { pattern: /(?:^|\n)\s*import\s+(?!type\b)[^;]*?from\s*["']drizzle-orm(?:\/[^"']*)?["']/, what: "imports drizzle-orm" },
  { pattern: /\bqueryRows\s*[<(]/, what: "runs queryRows" },
  { pattern: /\.execute\(\s*sql\b/, what: "executes SQL" },
];

export function sqlProblems(files: SourceFile[]): string[] {
  return files
    .filter((f) => f.path.startsWith("apps/server/src/") && !SQL_HOME.test(f.path))
    .flatMap((f) => SQL_USE.filter((u) => u.pattern.test(f.text)).map((u) => `${f.path} ${u.what}: SQL belongs in a *.repository.ts`));
}
