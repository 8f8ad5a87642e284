/** Charts and totals over every record the filters let through, as the server counts them: bars, a pie or a line, as the view asks. */
import { useState } from "react";
import { isDated, isNumeric, type View } from "@vta/contracts";
import { useRecordGroups, useRecordStats } from "./api";
import type { EntityViewProps } from "./view-props";

type Period = "day" | "week" | "month" | "year";
const COLORS = ["#4f46e5", "#0891b2", "#16a34a", "#ca8a04", "#dc2626", "#9333ea", "#db2777", "#475569"];
const round = (v: number) => Math.round(v * 100) / 100;

export function ChartView({ entity, source, query, view }: EntityViewProps & { view: Extract<View, { type: "chart" }> }) {
  const field = entity.fields.find((f) => f.name === view.groupBy);
  const measure = view.measure ? entity.fields.find((f) => f.name === view.measure) : undefined;
  const dated = isDated(field?.type);
  const [period, setPeriod] = useState<Period>("month");
  const groups = useRecordGroups(source, entity.name, query, {
    groupBy: view.groupBy,
    measure: measure?.name,
    period: dated ? period : undefined,
  });
  const points = (groups.data?.groups ?? []).map((g) => ({
    label: g.value === null ? "(none)" : g.label,
    value: measure ? (g.sum ?? 0) : g.count,
  }));
  const caption = `${measure ? `Total ${measure.label.toLowerCase()}` : `Number of ${entity.pluralLabel.toLowerCase()}`} by ${field?.label.toLowerCase() ?? view.groupBy}${dated ? ` (per ${period})` : ""}`;
  return (
    <figure aria-label={view.title}>
      <figcaption className="mb-2 flex flex-wrap items-center gap-2 text-xs text-slate-600">
        {caption}
        {dated && (
          <select
            aria-label="Per"
            value={period}
            onChange={(e) => setPeriod(e.target.value as Period)}
            className="rounded border border-slate-300 px-1"
          >
            {(["day", "week", "month", "year"] as const).map((p) => (
              <option key={p} value={p}>
                per {p}
              </option>
            ))}
          </select>
        )}
      </figcaption>
      {points.length === 0 ? (
        <p className="text-sm text-slate-600">{groups.isPending ? "Counting…" : "Nothing to chart yet."}</p>
      ) : view.chart === "pie" ? (
        <Pie points={points} />
      ) : view.chart === "line" ? (
        <Line points={points} />
      ) : (
        <Bars points={points} />
      )}
      {groups.data?.truncated && <p className="mt-1 text-xs text-slate-600">Only the 200 largest groups are drawn.</p>}
      <DataTable points={points} caption={caption} />
    </figure>
  );
}

interface Point {
  label: string;
  value: number;
}

function Bars({ points }: { points: Point[] }) {
  const max = Math.max(1, ...points.map((p) => p.value));
  return (
    <div aria-hidden="true">
      {points.map((p) => (
        <div key={p.label} className="mb-1 flex items-center gap-2 text-sm">
          <span className="w-32 shrink-0 truncate text-right">{p.label}</span>
          <span className="h-4 rounded bg-indigo-500" style={{ width: `${(p.value / max) * 70}%` }} />
          <span className="tabular-nums">{round(p.value).toLocaleString()}</span>
        </div>
      ))}
    </div>
  );
}

function Pie({ points }: { points: Point[] }) {
  const total = points.reduce((a, p) => a + Math.max(0, p.value), 0) || 1;
  const sweeps = points.map((p) => (Math.max(0, p.value) / total) * Math.PI * 2);
  const starts = sweeps.map((_, i) => -Math.PI / 2 + sweeps.slice(0, i).reduce((a, b) => a + b, 0));
  const arcs = points.map((p, i) => {
    const [sweep, from] = [sweeps[i]!, starts[i]!];
    const [x0, y0] = [Math.cos(from), Math.sin(from)];
    const [x1, y1] = [Math.cos(from + sweep), Math.sin(from + sweep)];
    const d =
      sweep >= Math.PI * 2 - 1e-9
        ? "M 0 -1 A 1 1 0 1 1 0 1 A 1 1 0 1 1 0 -1 Z"
        : `M 0 0 L ${x0} ${y0} A 1 1 0 ${sweep > Math.PI ? 1 : 0} 1 ${x1} ${y1} Z`;
    return { d, color: COLORS[i % COLORS.length]!, ...p };
  });
  return (
    <div className="flex flex-wrap items-center gap-4" aria-hidden="true">
      <svg viewBox="-1.05 -1.05 2.1 2.1" className="h-40 w-40">
        {arcs.map((a) => (
          <path key={a.label} d={a.d} fill={a.color} stroke="#fff" strokeWidth={0.01} />
        ))}
      </svg>
      <ul className="text-sm">
        {arcs.map((a) => (
          <li key={a.label} className="flex items-center gap-2">
            <span className="inline-block h-3 w-3 rounded-sm" style={{ background: a.color }} />
            {a.label}{" "}
            <span className="tabular-nums text-slate-600">
              {round(a.value).toLocaleString()} ({Math.round((Math.max(0, a.value) / total) * 100)}%)
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Line({ points }: { points: Point[] }) {
  const [w, h, pad] = [600, 200, 28];
  const max = Math.max(1, ...points.map((p) => p.value));
  const x = (i: number) => pad + (points.length === 1 ? (w - 2 * pad) / 2 : (i / (points.length - 1)) * (w - 2 * pad));
  const y = (v: number) => h - pad - (v / max) * (h - 2 * pad);
  const every = Math.max(1, Math.ceil(points.length / 8));
  return (
    <svg viewBox={`0 0 ${w} ${h}`} className="h-52 w-full" aria-hidden="true">
      <line x1={pad} y1={h - pad} x2={w - pad} y2={h - pad} stroke="#cbd5e1" />
      <text x={4} y={pad} fontSize="11" fill="#475569">
        {round(max).toLocaleString()}
      </text>
      <polyline fill="none" stroke="#4f46e5" strokeWidth={2} points={points.map((p, i) => `${x(i)},${y(p.value)}`).join(" ")} />
      {points.map((p, i) => (
        <g key={p.label}>
          <circle cx={x(i)} cy={y(p.value)} r={3} fill="#4f46e5" />
          {i % every === 0 && (
            <text x={x(i)} y={h - 8} fontSize="11" textAnchor="middle" fill="#475569">
              {p.label}
            </text>
          )}
        </g>
      ))}
    </svg>
  );
}

/** The chart's numbers as a table, for screen readers. */
function DataTable({ points, caption }: { points: Point[]; caption: string }) {
  return (
    <table className="sr-only">
      <caption>{caption}</caption>
      <tbody>
        {points.map((p) => (
          <tr key={p.label}>
            <th scope="row">{p.label}</th>
            <td>{round(p.value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Count and totals over every record the filters let through, as the server computes them. */
export function StatsView({ entity, source, query }: EntityViewProps) {
  const stats = useRecordStats(source, entity.name, query);
  const numeric = entity.fields.filter((f) => isNumeric(f.type));
  return (
    <div className="flex flex-wrap gap-3">
      <div className="rounded bg-slate-100 px-4 py-2">
        <div className="text-xl font-semibold tabular-nums">{stats.data?.count.toLocaleString() ?? "…"}</div>
        <div className="text-xs text-slate-600">{entity.pluralLabel}</div>
      </div>
      {numeric.map((f) => {
        const t = stats.data?.fields[f.name];
        return (
          <div key={f.name} className="rounded bg-slate-100 px-4 py-2">
            <div className="text-xl font-semibold tabular-nums">{t ? round(t.sum).toLocaleString() : "…"}</div>
            <div className="text-xs text-slate-600">
              Total {f.label.toLowerCase()} · average {t?.avg != null ? round(t.avg).toLocaleString() : "—"}
            </div>
          </div>
        );
      })}
    </div>
  );
}
