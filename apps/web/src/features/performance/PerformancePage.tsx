/** The live and historical performance of this instance, its dependencies, and its maintenance. */
import { useState, type ReactNode } from "react";
import type { HistoryRange, MaintenanceRun, MaintenanceSnapshot, PerformanceReport, SampleValues } from "@vta/contracts";
import { useMe } from "../../api/session";
import { Button } from "../../components/Button";
import { ErrorNote } from "../../components/ErrorNote";
import { LineChart } from "../../components/LineChart";
import { Skeleton } from "../../components/Skeleton";
import { notify } from "../../components/toast";
import { useHealth, useHistory, useLiveSamples, useOptimize, usePerformance, useRuns, useSlowQueries } from "./api";
import { cacheEfficiencyRows, describeStep, stepTitle } from "./findings";

const MB = 1_048_576;
const TILES: { key: string; label: string; format: (v: number) => string }[] = [
  { key: "requestsPerSecond", label: "Requests/s", format: (v) => v.toFixed(1) },
  { key: "p50Ms", label: "p50", format: (v) => `${v.toFixed(1)} ms` },
  { key: "p95Ms", label: "p95", format: (v) => `${v.toFixed(1)} ms` },
  { key: "p99Ms", label: "p99", format: (v) => `${v.toFixed(1)} ms` },
  { key: "cpuPercent", label: "CPU", format: (v) => `${v.toFixed(1)}%` },
  { key: "rssBytes", label: "Memory (RSS)", format: (v) => `${(v / MB).toFixed(0)} MB` },
  { key: "heapUsedBytes", label: "Heap used", format: (v) => `${(v / MB).toFixed(0)} MB` },
  { key: "eventLoopLagMs", label: "Event-loop lag p99", format: (v) => `${v.toFixed(1)} ms` },
  { key: "cacheHitRate", label: "Cache hit rate", format: (v) => `${(v * 100).toFixed(1)}%` },
  { key: "sqlPerRequest", label: "SQL per request", format: (v) => v.toFixed(2) },
  { key: "activeConnections", label: "Connections", format: (v) => v.toFixed(0) },
];

const RUN_STATUS_COLOR: Record<MaintenanceRun["status"], string> = {
  queued: "text-amber-700",
  running: "text-amber-700",
  succeeded: "text-green-700",
  failed: "text-red-700",
  skipped: "text-slate-500",
};
const xs = (points: { ts: string }[]) => points.map((p) => Date.parse(p.ts) / 1000);
const col = (points: SampleValues[], key: string) => points.map((p) => p[key] ?? null);

export default function PerformancePage() {
  const me = useMe();
  if (!me.data) return <Skeleton label="Loading performance" />;
  // Nothing here is open to others: no stream, no requests that would only be refused.
  if (!me.data.user.isPlatformAdmin) return <AdminsOnly />;
  return <AdminPerformance />;
}

/** What a person who is not a platform administrator sees: what the page is and who can use it. */
function AdminsOnly() {
  return (
    <div className="max-w-2xl space-y-4">
      <h1 className="text-xl font-semibold">Performance</h1>
      <div
        role="note"
        aria-label="For platform administrators"
        className="space-y-2 rounded border border-indigo-200 bg-indigo-50 p-4 text-sm text-indigo-950"
      >
        <p className="font-medium">This page is for the platform administrators of this instance.</p>
        <p>They see how the whole instance is doing, across every workspace:</p>
        <ul className="list-disc space-y-1 pl-5">
          <li>live requests per second, response times (p50, p95, p99), CPU, memory and the cache hit rate;</li>
          <li>the same numbers over the last hour, day or month;</li>
          <li>whether the database and Redis answer, and the slowest queries;</li>
          <li>maintenance runs (vacuum, rollup checks, retention, clean-ups), which they can also start.</li>
        </ul>
        <p>
          The first account of an instance administers it; the addresses in the server&apos;s <code>ADMIN_EMAILS</code> become
          administrators once confirmed. Ask one of them if you need these numbers.
        </p>
      </div>
    </div>
  );
}

function AdminPerformance() {
  const live = useLiveSamples();
  const perf = usePerformance();
  const [range, setRange] = useState<HistoryRange>("1h");
  const history = useHistory(range);
  const latest = live.samples.at(-1);
  const values = live.samples.map((s) => s.values);
  const x = live.samples.map((s) => Date.parse(s.ts) / 1000);
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-baseline gap-3">
        <h1 className="text-xl font-semibold">Performance</h1>
        <span className="text-sm text-slate-500">
          {perf.data
            ? `node ${perf.data.nodeId} · up ${Math.round(perf.data.uptimeSeconds / 60)} min · ${perf.data.totalRequests} requests`
            : ""}
        </span>
        <span className={`ml-auto text-xs ${live.connected ? "text-green-700" : "text-slate-500"}`}>
          {live.connected ? "● live" : "○ connecting…"}
        </span>
      </header>
      {perf.data?.memoryPressure && (
        <p role="alert" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Memory pressure: the heap is near its limit; the in-process cache is shedding entries.
        </p>
      )}
      <section aria-label="Live numbers" className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-6">
        {TILES.map((t) => (
          <div key={t.key} className="rounded bg-white p-3 shadow-sm">
            <div className="text-xs text-slate-500">{t.label}</div>
            <div className="text-lg font-semibold tabular-nums" data-metric={t.key}>
              {latest?.values[t.key] !== undefined ? t.format(latest.values[t.key]!) : "–"}
            </div>
          </div>
        ))}
      </section>
      <section className="grid gap-4 lg:grid-cols-2">
        <LineChart
          title="Requests per second"
          x={x}
          series={[{ label: "req/s", values: col(values, "requestsPerSecond"), color: "#4f46e5" }]}
        />
        <LineChart
          title="Response time (ms)"
          x={x}
          series={[
            { label: "p50", values: col(values, "p50Ms"), color: "#16a34a" },
            { label: "p95", values: col(values, "p95Ms"), color: "#d97706" },
            { label: "p99", values: col(values, "p99Ms"), color: "#dc2626" },
          ]}
        />
        <LineChart
          title="CPU (%) and event-loop lag (ms)"
          x={x}
          series={[
            { label: "CPU %", values: col(values, "cpuPercent"), color: "#0891b2" },
            { label: "lag ms", values: col(values, "eventLoopLagMs"), color: "#9333ea" },
          ]}
        />
        <LineChart
          title="Memory (MB)"
          x={x}
          series={[
            { label: "RSS", values: values.map((v) => (v.rssBytes ?? 0) / MB), color: "#475569" },
            { label: "heap", values: values.map((v) => (v.heapUsedBytes ?? 0) / MB), color: "#4f46e5" },
          ]}
        />
        <LineChart
          title="Cache hit rate and SQL per request"
          x={x}
          series={[
            { label: "hit rate", values: col(values, "cacheHitRate"), color: "#16a34a" },
            { label: "SQL/req", values: col(values, "sqlPerRequest"), color: "#dc2626" },
          ]}
        />
        <LineChart title="Connections" x={x} series={[{ label: "open", values: col(values, "activeConnections"), color: "#0f172a" }]} />
      </section>
      <Panel
        title="History"
        aside={
          <select
            aria-label="Range"
            value={range}
            onChange={(e) => setRange(e.target.value as HistoryRange)}
            className="rounded border border-slate-300 px-2 py-1 text-sm"
          >
            <option value="1h">Last hour (10 s)</option>
            <option value="24h">Last 24 hours (1 min)</option>
            <option value="30d">Last 30 days (1 h)</option>
          </select>
        }
      >
        <ErrorNote error={history.error} />
        {history.data && history.data.points.length > 0 ? (
          <LineChart
            title="p95 (ms), requests/s, CPU %"
            x={xs(history.data.points)}
            series={[
              { label: "p95 ms", values: col(history.data.points, "p95Ms"), color: "#d97706" },
              { label: "req/s", values: col(history.data.points, "requestsPerSecond"), color: "#4f46e5" },
              { label: "CPU %", values: col(history.data.points, "cpuPercent"), color: "#0891b2" },
            ]}
          />
        ) : (
          <p className="text-sm text-slate-500">
            No samples in this range yet (one is written every 10 s; minutes and hours are filled in by maintenance).
          </p>
        )}
      </Panel>
      <div className="grid gap-4 lg:grid-cols-2">
        <Health />
        <SlowQueries />
      </div>
      <Maintenance />
    </div>
  );
}

/** A white card with a heading; `aside` sits beside the heading (a status, a control). */
function Panel({ title, aside, children }: { title: string; aside?: ReactNode; children: ReactNode }) {
  return (
    <section aria-label={title} className="rounded bg-white p-4 shadow-sm">
      <div className="mb-2 flex items-center gap-2">
        <h2 className="font-semibold">{title}</h2>
        {aside}
      </div>
      {children}
    </section>
  );
}

function Health() {
  const health = useHealth();
  return (
    <Panel title="Dependencies" aside={<span className="text-sm text-slate-500">{health.data?.status}</span>}>
      <ul className="space-y-1 text-sm">
        {Object.entries(health.data?.checks ?? {}).map(([name, c]) => (
          <li key={name}>
            <span className={c.status === "up" ? "text-green-700" : "text-red-700"}>{c.status === "up" ? "●" : "○"}</span> {name}{" "}
            {c.latency_ms !== undefined && <span className="text-slate-500">{c.latency_ms} ms</span>}
            {c.detail && <span className="text-slate-500"> — {c.detail}</span>}
          </li>
        ))}
      </ul>
    </Panel>
  );
}

function SlowQueries() {
  const slow = useSlowQueries();
  return (
    <Panel title="Slow queries" aside={<span className="text-sm text-slate-500">over {slow.data?.thresholdMs ?? "…"} ms</span>}>
      {slow.data?.queries.length === 0 && <p className="text-sm text-slate-500">None so far.</p>}
      <table className="w-full text-left text-xs">
        <tbody>
          {slow.data?.queries.slice(0, 10).map((q) => (
            <tr key={q.sql} className="border-b border-slate-100 align-top">
              <td className="py-1 pr-2 font-mono">{q.sql.slice(0, 160)}</td>
              <td className="whitespace-nowrap py-1">
                {q.count}× · {q.totalMs} ms total · worst {q.maxMs} ms
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}

function Maintenance() {
  const runs = useRuns();
  const optimize = useOptimize();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Panel
      title="Maintenance"
      aside={
        <Button
          variant="primary"
          onClick={() =>
            optimize.mutate(undefined, {
              onSuccess: (r) => {
                setOpen(r.runId);
                notify.done("Maintenance started");
              },
              onError: (err) => notify.error(err, "Maintenance did not start"),
            })
          }
          disabled={optimize.isPending}
        >
          Optimize now
        </Button>
      }
    >
      <ErrorNote error={optimize.error ?? runs.error} />
      {runs.isPending && <Skeleton label="Loading maintenance runs" count={2} />}
      {runs.data?.items.length === 0 && <p className="text-sm text-slate-500">No run yet: one runs every day, or start one now.</p>}
      <ul className="space-y-2 text-sm">
        {runs.data?.items.slice(0, 10).map((r) => (
          <li key={r.id} data-run={r.id} data-status={r.status} className="rounded border border-slate-200 p-2">
            <button type="button" onClick={() => setOpen(open === r.id ? null : r.id)} className="flex w-full gap-2 text-left">
              <b>{r.trigger}</b>
              <span title={r.error ?? undefined} className={RUN_STATUS_COLOR[r.status]}>
                {r.status}
              </span>
              <span className="text-slate-500">{new Date(r.createdAt).toLocaleString()}</span>
              {r.durationMs !== null && <span className="text-slate-500">{(r.durationMs / 1000).toFixed(1)} s</span>}
            </button>
            {(open === r.id || r.status === "running" || r.status === "queued") && <RunDetail run={r} />}
          </li>
        ))}
      </ul>
    </Panel>
  );
}

/** The monthly report, in the page and as a Markdown download. */
function ReportSummary({ runId, report }: { runId: string; report: PerformanceReport }) {
  return (
    <section aria-label="Performance report" className="space-y-2 rounded bg-slate-50 p-2">
      <p className="font-medium">
        Report {report.period.from} – {report.period.to} ·{" "}
        <a href={`/api/v1/maintenance/runs/${runId}/report`} className="text-indigo-700 underline">
          download (Markdown)
        </a>
      </p>
      <table className="text-left">
        <caption className="text-left font-medium">Cache</caption>
        <tbody>
          {cacheEfficiencyRows(report.cacheEfficiency).map(([label, value]) => (
            <tr key={label}>
              <th scope="row" className="pr-3 font-normal text-slate-600">
                {label}
              </th>
              <td className="tabular-nums">{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.slowestRoutes.length > 0 && (
        <table className="text-left">
          <caption className="text-left font-medium">Slowest routes</caption>
          <thead>
            <tr className="text-slate-600">
              <th className="pr-3 font-normal">Route</th>
              <th className="pr-3 font-normal">Average</th>
              <th className="font-normal">Requests</th>
            </tr>
          </thead>
          <tbody>
            {report.slowestRoutes.slice(0, 5).map((r) => (
              <tr key={r.route}>
                <td className="pr-3 font-mono">{r.route}</td>
                <td className="pr-3 tabular-nums">{r.avgMs} ms</td>
                <td className="tabular-nums">{r.count.toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const STEP_MARK: Record<string, string> = { succeeded: "✓", failed: "✗", running: "…" };

/** Before → after of a run's key numbers, in a table. */
function Impact({ impact }: { impact: NonNullable<MaintenanceRun["impact"]> }) {
  const rows: [string, (v: MaintenanceSnapshot) => string][] = [
    ["Memory (RSS)", (v) => `${(v.rssBytes / MB).toFixed(0)} MB`],
    ["Heap used", (v) => `${(v.heapUsedBytes / MB).toFixed(0)} MB`],
    ["Cache entries", (v) => v.cacheEntries.toLocaleString()],
    ["Sessions", (v) => v.sessions.toLocaleString()],
    ["Performance samples", (v) => v.perfSamples.toLocaleString()],
  ];
  return (
    <table aria-label="Impact" className="text-left">
      <thead>
        <tr className="text-slate-600">
          <th className="pr-3 font-normal">Impact</th>
          <th className="pr-3 font-normal">Before</th>
          <th className="font-normal">After</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, f]) => (
          <tr key={label}>
            <th scope="row" className="pr-3 font-normal text-slate-600">
              {label}
            </th>
            <td className="pr-3 tabular-nums">{f(impact.before)}</td>
            <td className="tabular-nums">{f(impact.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RunDetail({ run }: { run: MaintenanceRun }) {
  return (
    <div className="mt-2 space-y-3 text-xs">
      {run.status === "skipped" && run.error && <p className="text-slate-600">Skipped: {run.error}.</p>}
      <ol className="space-y-2">
        {run.steps.map((s) => {
          const d = describeStep(s.name, s.findings);
          return (
            <li key={s.name} data-step={s.name} data-status={s.status}>
              <p>
                <span aria-hidden>{STEP_MARK[s.status] ?? "…"}</span> <b>{stepTitle(s.name)}</b>
                <span className="sr-only"> {s.status}</span>
                {s.durationMs !== null && <span className="text-slate-500"> · {s.durationMs} ms</span>}
                {s.error && <span className="text-red-700"> — {s.error}</span>}
              </p>
              {d.sentences.length > 0 && <p className="ml-4 text-slate-700">{d.sentences.join(" ")}</p>}
              {d.table && (
                <table className="ml-4 mt-1 text-left">
                  <caption className="text-left text-slate-600">{d.table.caption}</caption>
                  <thead>
                    <tr>
                      {d.table.headers.map((h) => (
                        <th key={h} className="pr-3 font-medium">
                          {h}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {d.table.rows.map((r, i) => (
                      <tr key={i} className="align-top">
                        {r.map((cell, j) => (
                          <td key={j} className={`pr-3 ${j === 1 ? "font-mono" : ""}`}>
                            {cell}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </li>
          );
        })}
      </ol>
      {run.impact && <Impact impact={run.impact} />}
      {"report" in run.findings && <ReportSummary runId={run.id} report={run.findings.report as PerformanceReport} />}
    </div>
  );
}
