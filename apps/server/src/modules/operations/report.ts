/** The monthly performance report as Markdown: trends, slowest routes, slow queries, cache efficiency. */
import type { PerformanceReport } from "@vta/contracts";

const cell = (v: string | number | null | undefined) => (v === null || v === undefined ? "–" : String(v).replace(/\|/g, "\\|"));

export function reportMarkdown(r: PerformanceReport): string {
  const lines = [
    `# Performance report ${r.period.from} – ${r.period.to}`,
    "",
    "## Daily trends",
    "",
    "| day | p95 ms | req/s | CPU % | cache hit rate |",
    "|---|---|---|---|---|",
  ];
  for (const t of r.trends)
    lines.push(`| ${t.day} | ${cell(t.p95Ms)} | ${cell(t.requestsPerSecond)} | ${cell(t.cpuPercent)} | ${cell(t.cacheHitRate)} |`);
  if (r.trends.length === 0) lines.push("| (no hourly samples yet) | | | | |");
  lines.push("", "## Slowest routes", "", "| route | requests | average ms |", "|---|---|---|");
  for (const s of r.slowestRoutes) lines.push(`| ${cell(s.route)} | ${s.count} | ${s.avgMs} |`);
  lines.push("", "## Slow queries", "", "| statement | count | total ms | worst ms |", "|---|---|---|---|");
  for (const q of r.slowQueries) lines.push(`| \`${cell(q.sql.slice(0, 200))}\` | ${q.count} | ${q.totalMs} | ${q.maxMs} |`);
  lines.push("", "## Cache efficiency", "");
  for (const [k, v] of Object.entries(r.cacheEfficiency)) lines.push(`- ${k}: ${cell(v)}`);
  return `${lines.join("\n")}\n`;
}
