/**
 * The client cache, in Debian's Chromium on the server's origin: the seed's localStorage cache
 * (bench/reference/local-storage-cache.js) beside ours (TanStack Query's client cache with the web
 * app's options), reading the agents list the dashboard shows (a page of 200 cards) from the real
 * server. The page's files are served by the browser's request routing; the API calls go to the
 * server with the signed-in session.
 */
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { repoRoot } from "../../apps/server/test/process.js";
import { launchChromium } from "../../e2e/chromium.js";
import { ensureDebianPackage } from "../debian.js";
import type { BenchContext } from "./context.js";
import type { Row } from "./row.js";

const FILES: [prefix: string, dir: string][] = [
  ["/__bench/query-core/", "node_modules/@tanstack/query-core/build/modern"],
  ["/__bench/reference/", "bench/reference"],
  ["/__bench/", "bench/client-cache"],
];
const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript" };

/** Times in ms: the first read of a list, and the mean of a cached read. */
interface PageResult {
  firstSeed: number;
  firstOurs: number;
  hitSeed: number;
  hitOurs: number;
  hitRequests: number;
  bytes: number;
  staleSeed: number;
  staleOurs: number;
  searchesUntilQuota: number | null;
  quotaError?: string;
}

export async function measureClientCache(ctx: BenchContext, reads = 200, writes = 10): Promise<{ rows: Row[]; browser: string }> {
  ensureDebianPackage(process.env.CHROMIUM_PATH ?? "chromium", "chromium");
  const browser = await launchChromium();
  try {
    const context = await browser.newContext();
    const [name, value] = ctx.cookie.split("=") as [string, string];
    await context.addCookies([{ name, value, url: ctx.serverUrl }]);
    const page = await context.newPage();
    await page.route(`${ctx.serverUrl}/__bench/**`, async (route) => {
      const path = new URL(route.request().url()).pathname;
      const [prefix, dir] = FILES.find(([p]) => path.startsWith(p))!;
      const file = normalize(join(repoRoot, dir, path.slice(prefix.length)));
      if (!file.startsWith(join(repoRoot, dir))) return route.fulfill({ status: 404 });
      try {
        await route.fulfill({ status: 200, contentType: TYPES[extname(file)] ?? "application/octet-stream", body: await readFile(file) });
      } catch {
        await route.fulfill({ status: 404, body: `no ${path}` });
      }
    });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${ctx.serverUrl}/__bench/index.html`);
    await page.waitForFunction("window.benchReady === true", undefined, { timeout: 15_000 }).catch(() => {
      throw new Error(`the client cache page did not start: ${errors.join("; ") || "no error reported"}`);
    });
    const r = await page.evaluate<PageResult>(`window.runClientCacheBench(${JSON.stringify({ reads, writes })})`);
    ctx.log(
      `  client cache: cached read seed ${(r.hitSeed * 1000).toFixed(1)} µs, ours ${(r.hitOurs * 1000).toFixed(1)} µs; stale after write seed ${r.staleSeed}/${writes}, ours ${r.staleOurs}/${writes}; quota after ${r.searchesUntilQuota} lists`,
    );
    if (r.hitRequests !== 0) throw new Error(`cached reads made ${r.hitRequests} requests`);
    const area = "Client cache (dashboard list, 200 cards)";
    const kb = Math.round(r.bytes / 1024);
    return {
      browser: `Chromium ${browser.version()}`,
      rows: [
        {
          area,
          seedTechnique: "localStorage + JSON.parse per read",
          ourTechnique: "TanStack Query cache",
          seed: r.hitSeed * 1000,
          ours: r.hitOurs * 1000,
          unit: "µs",
          better: "lower",
          note: `mean of ${reads} cached reads, on the main thread; the seed's entry is ${kb} K characters`,
        },
        {
          area,
          seedTechnique: "first read: fetch + JSON.stringify into localStorage",
          ourTechnique: "fetch into memory",
          seed: r.firstSeed,
          ours: r.firstOurs,
          unit: "ms",
          better: "lower",
          note: "one sample each (a cold read happens once per list)",
        },
        {
          area,
          seedTechnique: "reads showing the list from before the person's own edit",
          ourTechnique: "same",
          seed: r.staleSeed,
          ours: r.staleOurs,
          unit: "count",
          better: "none",
          note: `of ${writes} edits; the seed keeps serving its copy for 5 minutes`,
        },
        {
          area,
          seedTechnique: "lists kept before localStorage's quota makes the page fail",
          ourTechnique: "bounded in memory (unused lists collected after 5 min)",
          seed: r.searchesUntilQuota ?? Infinity,
          ours: Infinity,
          unit: "count",
          better: "none",
          note: r.searchesUntilQuota ? `then ${r.quotaError}: the seed's fetchAgents throws on every new search` : "quota not reached",
        },
      ],
    };
  } finally {
    await browser.close();
  }
}
