/** The view types an AppSpec can ask for, over a list of records. */
import { useMemo, useState } from "react";
import type { AppRecord, Entity, RecordStats, View } from "@vta/contracts";
import { FieldValue, recordTitle, text, titleField } from "./format";

export interface ViewProps {
  entity: Entity;
  records: AppRecord[];
  refLabel: (id: string) => string;
  onOpen?: (record: AppRecord) => void;
  onDelete?: (record: AppRecord) => void;
  onMove?: (record: AppRecord, field: string, value: string) => void;
}

export function TableView({ entity, records, refLabel, onOpen, onDelete, view, sort, onSort }: ViewProps & { view?: Extract<View, { type: "table" }>; sort: string; onSort: (s: string) => void }) {
  const columns = view?.columns?.length ? entity.fields.filter((f) => view.columns!.includes(f.name)) : entity.fields;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead>
          <tr className="border-b border-slate-200">
            {columns.map((f) => (
              <th key={f.name} className="px-2 py-1.5 font-medium">
                <button type="button" onClick={() => onSort(sort === f.name ? `-${f.name}` : f.name)} className="hover:underline">
                  {f.label}
                  {sort === f.name ? " ▲" : sort === `-${f.name}` ? " ▼" : ""}
                </button>
              </th>
            ))}
            {(onOpen ?? onDelete) && <th className="px-2" />}
          </tr>
        </thead>
        <tbody>
          {records.map((r) => (
            <tr key={r.id} className="border-b border-slate-100 hover:bg-slate-50">
              {columns.map((f) => (
                <td key={f.name} className="px-2 py-1.5 align-top">
                  <FieldValue field={f} value={r.data[f.name]} refLabel={refLabel} />
                </td>
              ))}
              {(onOpen ?? onDelete) && (
                <td className="whitespace-nowrap px-2 py-1.5 text-right">
                  {onOpen && (
                    <button type="button" onClick={() => onOpen(r)} className="mr-2 text-indigo-700 hover:underline">
                      Edit
                    </button>
                  )}
                  {onDelete && (
                    <button type="button" onClick={() => onDelete(r)} className="text-red-700 hover:underline" aria-label={`Delete ${recordTitle(entity, r)}`}>
                      Delete
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {records.length === 0 && <p className="p-3 text-sm text-slate-500">No {entity.pluralLabel.toLowerCase()} yet.</p>}
    </div>
  );
}

export function BoardView({ entity, records, refLabel, onOpen, onMove, view }: ViewProps & { view: Extract<View, { type: "board" }> }) {
  const field = entity.fields.find((f) => f.name === view.groupBy);
  const columns = [...(field?.options ?? []), ""];
  const title = titleField(entity);
  return (
    <div className="flex gap-3 overflow-x-auto pb-2">
      {columns.map((option) => {
        const cards = records.filter((r) => text(r.data[view.groupBy]) === option);
        if (option === "" && cards.length === 0) return null;
        return (
          <section key={option || "none"} aria-label={option || "No value"} className="min-w-40 flex-1 rounded bg-slate-100 p-2">
            <h4 className="mb-2 text-sm font-semibold">
              {option || "No value"} <span className="font-normal text-slate-500">{cards.length}</span>
            </h4>
            {cards.map((r) => (
              <div key={r.id} className="mb-2 rounded border border-slate-200 bg-white p-2 text-sm shadow-sm">
                <button type="button" onClick={() => onOpen?.(r)} className="text-left font-medium hover:underline">
                  <FieldValue field={title} value={r.data[title.name]} refLabel={refLabel} />
                </button>
                {onMove && field && (
                  <select aria-label="Move to" value={text(r.data[view.groupBy])} onChange={(e) => onMove(r, view.groupBy, e.target.value)} className="mt-1 block w-full rounded border border-slate-200 text-xs">
                    {field.options?.map((o) => (
                      <option key={o}>{o}</option>
                    ))}
                  </select>
                )}
              </div>
            ))}
          </section>
        );
      })}
    </div>
  );
}

export function CalendarView({ entity, records, refLabel, onOpen, view }: ViewProps & { view: Extract<View, { type: "calendar" }> }) {
  const dated = records.filter((r) => typeof r.data[view.dateField] === "string");
  const first = dated.map((r) => String(r.data[view.dateField]).slice(0, 7)).sort()[0];
  const [month, setMonth] = useState(() => first ?? new Date().toISOString().slice(0, 7));
  const [y, m] = month.split("-").map(Number) as [number, number];
  const start = new Date(Date.UTC(y, m - 1, 1));
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const lead = (start.getUTCDay() + 6) % 7; // weeks start on Monday
  const byDay = new Map<number, AppRecord[]>();
  for (const r of dated) {
    const v = String(r.data[view.dateField]);
    const local = v.length > 10 ? new Date(v).toLocaleDateString("sv") : v; // dateTime → the person's local day
    if (local.slice(0, 7) !== month) continue;
    const d = Number(local.slice(8, 10));
    byDay.set(d, [...(byDay.get(d) ?? []), r]);
  }
  const shift = (delta: number) => setMonth(new Date(Date.UTC(y, m - 1 + delta, 1)).toISOString().slice(0, 7));
  const title = titleField(entity);
  return (
    <div>
      <div className="mb-2 flex items-center gap-2 text-sm">
        <button type="button" onClick={() => shift(-1)} className="rounded border px-2" aria-label="Previous month">
          ‹
        </button>
        <span className="font-medium">{start.toLocaleDateString(undefined, { month: "long", year: "numeric", timeZone: "UTC" })}</span>
        <button type="button" onClick={() => shift(1)} className="rounded border px-2" aria-label="Next month">
          ›
        </button>
      </div>
      <div className="grid grid-cols-7 gap-1 text-xs">
        {["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map((d) => (
          <div key={d} className="font-semibold text-slate-500">
            {d}
          </div>
        ))}
        {Array.from({ length: lead }, (_, i) => (
          <div key={`lead${i}`} />
        ))}
        {Array.from({ length: days }, (_, i) => (
          <div key={i} className="min-h-16 rounded border border-slate-200 bg-white p-1">
            <div className="text-slate-400">{i + 1}</div>
            {(byDay.get(i + 1) ?? []).map((r) => (
              <button key={r.id} type="button" onClick={() => onOpen?.(r)} className="block w-full truncate rounded bg-indigo-50 px-1 text-left text-indigo-900">
                <FieldValue field={title} value={r.data[title.name]} refLabel={refLabel} />
              </button>
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}

export function ChartView({ entity, records, refLabel, view }: ViewProps & { view: Extract<View, { type: "chart" }> }) {
  const field = entity.fields.find((f) => f.name === view.groupBy);
  const measure = view.measure ? entity.fields.find((f) => f.name === view.measure) : undefined;
  const bars = useMemo(() => {
    const totals = new Map<string, number>();
    for (const r of records) {
      const raw = r.data[view.groupBy];
      const key = raw === undefined || raw === null || raw === "" ? "(none)" : field?.type === "reference" ? refLabel(text(raw)) : field?.type === "dateTime" || field?.type === "date" ? text(raw).slice(0, 10) : text(raw);
      totals.set(key, (totals.get(key) ?? 0) + (measure ? Number(r.data[measure.name]) || 0 : 1));
    }
    return [...totals].sort((a, b) => (field?.type === "date" ? a[0].localeCompare(b[0]) : b[1] - a[1]));
  }, [records, view.groupBy, measure, field, refLabel]);
  const max = Math.max(1, ...bars.map(([, v]) => v));
  return (
    <figure aria-label={view.title}>
      <figcaption className="mb-2 text-xs text-slate-500">{measure ? `Total ${measure.label.toLowerCase()}` : `Number of ${entity.pluralLabel.toLowerCase()}`} by {field?.label.toLowerCase() ?? view.groupBy}</figcaption>
      {bars.map(([label, value]) => (
        <div key={label} className="mb-1 flex items-center gap-2 text-sm">
          <span className="w-32 truncate text-right">{label}</span>
          <span className="h-4 rounded bg-indigo-500" style={{ width: `${(value / max) * 70}%` }} />
          <span className="tabular-nums">{Math.round(value * 100) / 100}</span>
        </div>
      ))}
      {bars.length === 0 && <p className="text-sm text-slate-500">Nothing to chart yet.</p>}
    </figure>
  );
}

/**
 * Count and totals: the server's, over every record (`stats`), in the Studio; where there is no
 * server to ask (a shared page), over the records shown.
 */
export function StatsView({ entity, records, stats }: ViewProps & { stats?: RecordStats }) {
  const numeric = entity.fields.filter((f) => f.type === "number" || f.type === "currency");
  const totals = stats ?? localStats(numeric.map((f) => f.name), records);
  const round = (v: number) => Math.round(v * 100) / 100;
  return (
    <div className="flex flex-wrap gap-3">
      <div className="rounded bg-slate-100 px-4 py-2">
        <div className="text-xl font-semibold tabular-nums">{totals.count}</div>
        <div className="text-xs text-slate-600">{entity.pluralLabel}</div>
      </div>
      {numeric.map((f) => {
        const t = totals.fields[f.name];
        return (
          <div key={f.name} className="rounded bg-slate-100 px-4 py-2">
            <div className="text-xl font-semibold tabular-nums">{round(t?.sum ?? 0)}</div>
            <div className="text-xs text-slate-600">
              Total {f.label.toLowerCase()} · average {t?.avg != null ? round(t.avg) : "—"}
            </div>
          </div>
        );
      })}
    </div>
  );
}

function localStats(fields: string[], records: AppRecord[]): RecordStats {
  return {
    count: records.length,
    fields: Object.fromEntries(
      fields.map((name) => {
        const values = records.map((r) => Number(r.data[name])).filter((v) => Number.isFinite(v));
        const sum = values.reduce((a, b) => a + b, 0);
        return [name, { count: values.length, sum, avg: values.length ? sum / values.length : null, min: values.length ? Math.min(...values) : null, max: values.length ? Math.max(...values) : null }];
      }),
    ),
  };
}
