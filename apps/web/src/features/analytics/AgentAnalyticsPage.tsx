import { useMemo, useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import type { Period } from "@vta/contracts";
import { ErrorNote } from "../../components/ErrorNote";
import { LineChart, type Series } from "../../components/LineChart";
import { useAgent } from "../agents/api";
import { useAgentAnalytics } from "./api";
import { money } from "../../components/money";

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export default function AgentAnalyticsPage() {
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const period = (params.get("period") ?? "daily") as Period;
  // "Today" is fixed when the page opens, so re-renders do not move the default range.
  const [today] = useState(() => day(Date.now()));
  const to = params.get("to") ?? today;
  const from = params.get("from") ?? day(Date.parse(to) - 29 * 86_400_000);
  const set = (key: string, value: string) =>
    setParams((p) => {
      p.set(key, value);
      return p;
    });
  const agent = useAgent(id);
  const { data, error, isPending } = useAgentAnalytics(id, period, from, to);

  // Charts want time ascending; the API answers newest first.
  const charts = useMemo(() => {
    if (!data) return null;
    const rows = [...data.series].reverse();
    const x = rows.map((r) => Date.parse(`${r.date}T00:00:00Z`) / 1000);
    const one = (label: string, values: number[], color: string): Series[] => [{ label, values, color }];
    return {
      x,
      interactions: one("Interactions", rows.map((r) => r.totalInteractions), "#4f46e5"),
      users: one("Unique users", rows.map((r) => r.uniqueUsers), "#0891b2"),
      latency: one("Avg response time (ms)", rows.map((r) => r.avgResponseTime), "#d97706"),
      ratings: [
        { label: "Positive", values: rows.map((r) => r.positiveRatings), color: "#059669" },
        { label: "Negative", values: rows.map((r) => r.negativeRatings), color: "#dc2626" },
      ],
      tokens: one("Tokens", rows.map((r) => r.totalTokens), "#7c3aed"),
      cost: one("Cost ($)", rows.map((r) => r.totalCost), "#334155"),
    };
  }, [data]);

  const t = data?.totals;
  return (
    <section className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="mr-auto text-2xl font-semibold">
          <Link to={`/agents/${id}`} className="hover:underline">
            {agent.data?.name ?? "Agent"}
          </Link>{" "}
          · analytics
        </h1>
        <div role="group" aria-label="Period" className="flex overflow-hidden rounded border border-slate-300">
          {(["daily", "weekly", "monthly"] as const).map((p) => (
            <button
              key={p}
              type="button"
              onClick={() => set("period", p)}
              className={`px-3 py-1 text-sm ${p === period ? "bg-indigo-600 text-white" : "bg-white hover:bg-slate-100"}`}
            >
              {p}
            </button>
          ))}
        </div>
        <label className="text-sm">
          From <input type="date" value={from} max={to} onChange={(e) => e.target.value && set("from", e.target.value)} className="rounded border border-slate-300 px-2 py-1" />
        </label>
        <label className="text-sm">
          To <input type="date" value={to} min={from} onChange={(e) => e.target.value && set("to", e.target.value)} className="rounded border border-slate-300 px-2 py-1" />
        </label>
      </div>
      <ErrorNote error={error} />
      {isPending && <p className="text-slate-500">Loading analytics…</p>}
      {t && (
        <dl data-testid="analytics-totals" className="grid grid-cols-2 gap-3 md:grid-cols-4">
          {[
            ["Interactions", t.totalInteractions.toLocaleString()],
            ["Unique users", t.uniqueUsers.toLocaleString()],
            ["Avg response", `${t.avgResponseTime.toFixed(0)} ms`],
            ["Ratings +/−", `${t.positiveRatings} / ${t.negativeRatings}`],
            ["Tokens", t.totalTokens.toLocaleString()],
            ["Cost", money(t.totalCost)],
          ].map(([label, value]) => (
            <div key={label} className="rounded-lg border border-slate-200 bg-white p-3">
              <dt className="text-xs text-slate-500">{label}</dt>
              <dd className="text-lg font-semibold">{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {charts && (
        <div className="grid gap-4 md:grid-cols-2">
          <LineChart title="Interactions" x={charts.x} series={charts.interactions} />
          <LineChart title="Unique users" x={charts.x} series={charts.users} />
          <LineChart title="Average response time" x={charts.x} series={charts.latency} format={(v) => `${v} ms`} />
          <LineChart title="Ratings" x={charts.x} series={charts.ratings} />
          <LineChart title="Tokens" x={charts.x} series={charts.tokens} />
          <LineChart title="Cost" x={charts.x} series={charts.cost} format={(v) => `$${v}`} />
        </div>
      )}
    </section>
  );
}
