#!/usr/bin/env node
// `npm run build`: the server and its contracts compiled to JavaScript (esbuild, one file per source
// file, the folder layout kept so paths relative to a file still hold), the server's entry bundled
// from them (dist/bundle/main.js, what `npm start` runs), then the web app (Vite). Plain node runs
// the result: no TypeScript compiler in the process.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const server = join(root, "apps/server");
const out = join(server, "dist");
const contractsOut = join(out, "contracts");
/** Written last: its time says when the build finished (what `npm start` compares sources with). */
export const STAMP = join(out, ".built");
/** The server's entry as one file (and the chunks it loads on demand). */
export const ENTRY = join(out, "bundle/main.js");
/**
 * How node runs the server (npm start, the container image): a young generation of at most
 * 2 × 4 MB, where V8's default grows to 2 × 16 MB. Under the soak mix it serves as many requests per
 * second with about 20 MB less RSS (docs/BENCHMARKS.md, "Compiled vs tsx").
 */
export const SERVER_NODE_FLAGS = ["--max-semi-space-size=4"];
/**
 * Pure-JavaScript ES-module packages bundled into the entry: node's loader would otherwise read
 * about 400 small files of theirs and ours at each start (the bundle starts in about half the
 * time). Packages with native parts, WebAssembly, worker files or optional loading stay external.
 */
const BUNDLED = new Set(["@vta/contracts", "zod", "drizzle-orm", "csv-parse", "csv-stringify", "fastify-type-provider-zod", "lru-cache"]);

/** Every file under `dir` (relative paths). */
const filesIn = (dir) => readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((p) => statSync(join(dir, p)).isFile());
const isSource = (p) => p.endsWith(".ts") && !p.endsWith(".test.ts") && !p.endsWith(".d.ts");

export async function buildServer() {
  // Loaded only when there is something to compile: `npm start` imports this file every time.
  const { build, stop } = await import("esbuild");
  try {
    await compileServer(build);
  } finally {
    // esbuild's service process would otherwise live on beside the server npm start runs.
    await stop();
  }
}

async function compileServer(build) {
  rmSync(out, { recursive: true, force: true });
  const contractsSrc = join(root, "packages/contracts/src");
  const options = { format: "esm", platform: "node", target: "node20", sourcemap: "linked", logLevel: "warning" };
  // dist/ mirrors apps/server (src/, db/), so a path one file takes relative to itself still holds.
  const entries = ["src", "db"].flatMap((dir) =>
    filesIn(join(server, dir))
      .filter(isSource)
      .map((p) => join(server, dir, p)),
  );
  await build({ ...options, entryPoints: entries, outdir: out, outbase: server });
  await build({
    ...options,
    entryPoints: filesIn(contractsSrc)
      .filter(isSource)
      .map((p) => join(contractsSrc, p)),
    outdir: contractsOut,
    outbase: contractsSrc,
  });
  // Data the code reads beside itself: corpora, the punctuation model, the migrations.
  for (const p of filesIn(join(server, "src")).filter((f) => f.endsWith(".json"))) cpSync(join(server, "src", p), join(out, "src", p));
  cpSync(join(server, "db/migrations"), join(out, "db/migrations"), { recursive: true });
  // The contracts package is TypeScript for the tools; compiled code imports its compiled copy.
  for (const p of filesIn(out).filter((f) => f.endsWith(".js") && !f.startsWith("contracts/"))) {
    const file = join(out, p);
    const text = readFileSync(file, "utf8");
    if (!text.includes("@vta/contracts")) continue;
    let target = relative(dirname(file), join(contractsOut, "index.js"));
    if (!target.startsWith(".")) target = `./${target}`;
    writeFileSync(file, text.replaceAll('"@vta/contracts"', JSON.stringify(target)));
  }
  await bundleEntry(build);
  writeFileSync(STAMP, new Date().toISOString());
}

/**
 * dist/bundle/main.js: the server's code and BUNDLED in one file, with what it imports on demand
 * (BullMQ's queue, PGlite, the migrators) split into chunks beside it so it still loads only when
 * used. A source file that reads something beside itself (`import.meta.url`: the migrations, the
 * corpora, the recogniser's worker) is given its own compiled copy's URL in the mirrored dist/.
 */
async function bundleEntry(build) {
  const packageOf = (spec) => (spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]);
  const bundleDir = dirname(ENTRY);
  await build({
    entryPoints: [join(server, "src/main.ts")],
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    outdir: bundleDir,
    sourcemap: "linked",
    logLevel: "warning",
    // Bundled CommonJS code may call require.
    banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
    plugins: [
      {
        name: "external-packages-and-own-urls",
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (a) =>
            a.path.startsWith("node:") || !BUNDLED.has(packageOf(a.path)) ? { path: a.path, external: true } : undefined,
          );
          b.onLoad({ filter: /[\\/]apps[\\/]server[\\/](?:src|db)[\\/].*\.ts$/ }, (a) => {
            const text = readFileSync(a.path, "utf8");
            if (!text.includes("import.meta.url")) return { contents: text, loader: "ts" };
            const mirrored = relative(bundleDir, join(out, relative(server, a.path)).replace(/\.ts$/, ".js")).replaceAll("\\", "/");
            return {
              contents: text.replaceAll("import.meta.url", `new URL(${JSON.stringify(mirrored)}, import.meta.url).href`),
              loader: "ts",
            };
          });
        },
      },
    ],
  });
}

export function buildWeb() {
  const r = spawnSync("npm", ["run", "build", "-w", "apps/web"], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  await buildServer();
  console.log(`Compiled the server to ${relative(root, out)} in ${Math.round(performance.now() - started)} ms`);
  buildWeb();
  if (!existsSync(ENTRY)) process.exit(1);
}
