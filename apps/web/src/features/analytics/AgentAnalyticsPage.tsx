import { useMemo, useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import type { Period } from "@vta/contracts";
import { buttonClass } from "../../components/Button";
import { bucketLabel, bucketTick, compactNumber, partialBuckets } from "../../components/chart";
import { ErrorNote } from "../../components/ErrorNote";
import { LineChart, type Series } from "../../components/LineChart";
import { Skeleton } from "../../components/Skeleton";
import { useAgent } from "../agents/api";
import { useAgentAnalytics } from "./api";
import { money } from "../../components/money";

const ms = (v: number) => `${compactNumber(Math.round(v))} ms`;
const PERIOD_NOUN: Record<Period, string> = { daily: "day", weekly: "week", monthly: "month" };

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
    const dates = new Map(x.map((t, i) => [t, rows[i]!.date]));
    const one = (label: string, values: (number | null)[], color: string): Series[] => [{ label, values, color }];
    const partial = partialBuckets(
      data.period,
      rows.map((r) => r.date),
      data.from,
      data.to,
      today,
    );
    const dateOf = (t: number) => dates.get(t) ?? new Date(t * 1000).toISOString().slice(0, 10);
    return {
      partial,
      /** What every chart of the page shares: the days, which are partial, their labels and ticks. */
      axis: {
        utc: true,
        zerosAreEmpty: true,
        x,
        partial,
        formatX: (t: number) => bucketLabel(data.period, dateOf(t)),
        // Weeks and months get a tick under each point; days keep uPlot's date ticks.
        tickAtPoints: data.period === "daily" ? undefined : (t: number) => bucketTick(data.period, dateOf(t)),
      },
      interactions: one(
        "Interactions",
        rows.map((r) => r.totalInteractions),
        "#4f46e5",
      ),
      users: one(
        "Unique users",
        rows.map((r) => r.uniqueUsers),
        "#0891b2",
      ),
      // A period without interactions has no average (a gap), not an average of zero.
      latency: one(
        "Avg response time",
        rows.map((r) => (r.totalInteractions ? r.avgResponseTime : null)),
        "#d97706",
      ),
      ratings: [
        { label: "Positive", values: rows.map((r) => r.positiveRatings), color: "#059669" },
        { label: "Negative", values: rows.map((r) => r.negativeRatings), color: "#dc2626" },
      ],
      tokens: one(
        "Tokens",
        rows.map((r) => r.totalTokens),
        "#7c3aed",
      ),
      cost: one(
        "Cost",
        rows.map((r) => r.totalCost),
        "#334155",
      ),
    };
  }, [data, today]);

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
              aria-pressed={p === period}
              onClick={() => set("period", p)}
              className={`px-3 py-1 text-sm ${p === period ? "bg-indigo-600 text-white" : "bg-white hover:bg-slate-100"}`}
            >
              {p}
            </button>
          ))}
        </div>
        <label className="text-sm">
          From{" "}
          <input
            type="date"
            value={from}
            max={to}
            onChange={(e) => e.target.value && set("from", e.target.value)}
            className="rounded border border-slate-300 px-2 py-1"
          />
        </label>
        <label className="text-sm">
          To{" "}
          <input
            type="date"
            value={to}
            min={from}
            onChange={(e) => e.target.value && set("to", e.target.value)}
            className="rounded border border-slate-300 px-2 py-1"
          />
        </label>
      </div>
      <ErrorNote error={error} />
      {isPending && <Skeleton label="Loading analytics" shape="chart" count={4} />}
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
      {charts && t && t.totalInteractions === 0 && (
        <div
          data-testid="analytics-empty"
          className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600"
        >
          <p className="font-medium">No interactions in this period.</p>
          <p className="mt-1 text-sm">
            Charts appear once the agent has interactions: the Studio records its builds, and scripts send them with{" "}
            <code>POST /api/v1/interactions</code> (an{" "}
            <Link to="/api-keys" className="text-indigo-700 underline">
              API key
            </Link>{" "}
            in <code>Authorization: Bearer</code>). Or widen the dates above.
          </p>
          <Link to="/interactions" className={buttonClass({ className: "mt-3" })}>
            Open the interaction log
          </Link>
        </div>
      )}
      {charts && t && t.totalInteractions > 0 && (
        <>
          {charts.partial.some(Boolean) && (
            <p className="text-xs text-slate-600">
              <span aria-hidden className="mr-1 inline-block w-6 border-t-2 border-dashed border-slate-500 align-middle" />
              Dashed: a {PERIOD_NOUN[data.period]} the range cuts or that is not over yet; its numbers are partial.
            </p>
          )}
          <div className="grid gap-4 md:grid-cols-2">
            <LineChart
              {...charts.axis}
              title="Interactions"
              integers
              series={charts.interactions}
              emptyText="No interactions in this period."
            />
            <LineChart
              {...charts.axis}
              title="Unique users"
              integers
              series={charts.users}
              emptyText="No end users were named (send endUserId)."
            />
            <LineChart
              {...charts.axis}
              title="Average response time"
              series={charts.latency}
              format={ms}
              emptyText="No response times in this period."
            />
            <LineChart {...charts.axis} title="Ratings" integers series={charts.ratings} emptyText="No ratings in this period." />
            <LineChart {...charts.axis} title="Tokens" integers series={charts.tokens} emptyText="No tokens counted in this period." />
            <LineChart {...charts.axis} title="Cost" series={charts.cost} format={money} emptyText="No cost recorded in this period." />
          </div>
        </>
      )}
    </section>
  );
}
