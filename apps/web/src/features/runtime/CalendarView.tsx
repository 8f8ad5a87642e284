/** Records on a month or a week by one of their dates: only the records of the days shown are fetched. */
import { useEffect, useState } from "react";
import { addDays, type AppRecord, type View } from "@vta/contracts";
import { useRecordPages } from "./api";
import { FieldValue, text, titleField } from "./format";
import type { EntityViewProps } from "./view-props";

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
/** At most this many records of the days shown (a busy month still renders at once). */
const MAX = 1000;
const today = () => new Date().toLocaleDateString("sv");
const mondayOf = (day: string) => addDays(day, -((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7));

export function CalendarView({
  entity,
  source,
  query,
  linkTitle,
  onOpen,
  view,
}: EntityViewProps & { view: Extract<View, { type: "calendar" }> }) {
  const [mode, setMode] = useState<"month" | "week">("month");
  const [anchor, setAnchor] = useState(today);
  const first = mode === "month" ? `${anchor.slice(0, 8)}01` : mondayOf(anchor);
  const last = mode === "month" ? addDays(`${addDays(first, 31).slice(0, 8)}01`, -1) : addDays(first, 6);
  const field = entity.fields.find((f) => f.name === view.dateField);
  const filters = [...(query.filters ?? []), { field: view.dateField, op: "between" as const, value: [first, last] }];
  const pages = useRecordPages(source, entity.name, { search: query.search, filters, sort: view.dateField }, 200);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = pages;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && pages.items.length < MAX) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage, pages.items.length]);

  const byDay = new Map<string, AppRecord[]>();
  for (const r of pages.items) {
    const v = text(r.data[view.dateField]);
    const day = field && field.type !== "date" ? new Date(v).toLocaleDateString("sv") : v.slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), r]);
  }
  const start = mode === "month" ? mondayOf(first) : first;
  const cells = Math.ceil(((Date.parse(last) - Date.parse(start)) / 86_400_000 + 1) / 7) * 7;
  const move = (delta: number) => {
    const [y, m] = first.split("-").map(Number) as [number, number];
    setAnchor(mode === "month" ? new Date(Date.UTC(y, m - 1 + delta, 1)).toISOString().slice(0, 10) : addDays(first, 7 * delta));
  };
  const title = titleField(entity);
  const heading =
    mode === "month"
      ? new Date(`${first}T00:00:00Z`).toLocaleDateString(undefined, { month: "long", year: "numeric", timeZone: "UTC" })
      : `${new Date(`${first}T00:00:00Z`).toLocaleDateString(undefined, { day: "numeric", month: "short", timeZone: "UTC" })} – ${new Date(`${last}T00:00:00Z`).toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" })}`;
  return (
    <div>
      <div className="mb-2 flex flex-wrap items-center gap-2 text-sm">
        <button
          type="button"
          onClick={() => move(-1)}
          className="rounded border border-slate-300 px-2"
          aria-label={mode === "month" ? "Previous month" : "Previous week"}
        >
          ‹
        </button>
        <span className="min-w-40 text-center font-medium" aria-live="polite">
          {heading}
        </span>
        <button
          type="button"
          onClick={() => move(1)}
          className="rounded border border-slate-300 px-2"
          aria-label={mode === "month" ? "Next month" : "Next week"}
        >
          ›
        </button>
        <button type="button" onClick={() => setAnchor(today())} className="rounded border border-slate-300 px-2">
          Today
        </button>
        <div role="group" aria-label="Calendar span" className="ml-auto flex overflow-hidden rounded border border-slate-300">
          {(["month", "week"] as const).map((m) => (
            <button
              key={m}
              type="button"
              aria-pressed={mode === m}
              onClick={() => setMode(m)}
              className={`px-2 ${mode === m ? "bg-indigo-100 font-medium" : ""}`}
            >
              {m === "month" ? "Month" : "Week"}
            </button>
          ))}
        </div>
      </div>
      {/* Scrolls sideways on a phone: focusable, so the keyboard can scroll it too. */}
      <div className="overflow-x-auto" tabIndex={0} role="region" aria-label={`${mode === "month" ? "Month" : "Week"} grid`}>
        <div className="grid min-w-[36rem] grid-cols-7 gap-1 text-xs">
          {WEEKDAYS.map((d) => (
            <div key={d} className="font-semibold text-slate-600">
              {d}
            </div>
          ))}
          {Array.from({ length: cells }, (_, i) => {
            const day = addDays(start, i);
            const inside = day >= first && day <= last;
            const records = byDay.get(day) ?? [];
            const shown = mode === "month" ? records.slice(0, 4) : records;
            return (
              <div
                key={day}
                aria-label={
                  inside
                    ? new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, {
                        weekday: "long",
                        day: "numeric",
                        month: "long",
                        timeZone: "UTC",
                      })
                    : undefined
                }
                role={inside ? "group" : undefined}
                className={`rounded border p-1 ${mode === "week" ? "min-h-64" : "min-h-20"} ${inside ? "border-slate-200 bg-white" : "border-transparent bg-slate-50 text-slate-400"} ${day === today() ? "ring-2 ring-indigo-400" : ""}`}
              >
                <div className="text-slate-600">{Number(day.slice(8))}</div>
                {inside &&
                  shown.map((r) => (
                    <button
                      key={r.id}
                      type="button"
                      onClick={() => onOpen?.(r)}
                      className="mb-0.5 block w-full truncate rounded bg-indigo-50 px-1 text-left text-indigo-900 hover:bg-indigo-100"
                    >
                      {field && field.type !== "date" && (
                        <span className="text-indigo-700">
                          {new Date(String(r.data[view.dateField])).toLocaleTimeString(undefined, {
                            hour: "2-digit",
                            minute: "2-digit",
                          })}{" "}
                        </span>
                      )}
                      <FieldValue field={title} value={r.data[title.name]} refLabel={linkTitle} />
                    </button>
                  ))}
                {inside && records.length > shown.length && <div className="text-slate-600">+{records.length - shown.length} more</div>}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
