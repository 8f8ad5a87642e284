/** The running app: one tab per entity, its views over its records, a form to add and edit them. */
import { useMemo, useState } from "react";
import { useQueries } from "@tanstack/react-query";
import type { AppRecord, AppSpec, Entity, RecordStats, View } from "@vta/contracts";
import { ApiError } from "../../api/client";
import { ErrorNote } from "../../components/ErrorNote";
import { fetchRecords, recordKeys, useDeleteRecord, useRecords, useRecordStats, useSaveRecord } from "./api";
import { recordTitle, text } from "./format";
import { RecordForm } from "./RecordForm";
import { BoardView, CalendarView, ChartView, StatsView, TableView, type ViewProps } from "./views";

export type RuntimeSource = { kind: "live"; appId: string } | { kind: "snapshot"; records: Record<string, AppRecord[]> };

export function AppRuntime({ spec, source }: { spec: AppSpec; source: RuntimeSource }) {
  const [current, setCurrent] = useState(spec.entities[0]!.name);
  const entity = spec.entities.find((e) => e.name === current) ?? spec.entities[0]!;
  return (
    <div>
      <div role="tablist" className="mb-3 flex flex-wrap gap-1 border-b border-slate-200">
        {spec.entities.map((e) => (
          <button
            key={e.name}
            role="tab"
            aria-selected={e.name === entity.name}
            onClick={() => setCurrent(e.name)}
            className={`rounded-t px-3 py-1.5 text-sm ${e.name === entity.name ? "bg-indigo-100 font-medium text-indigo-900" : "hover:bg-slate-100"}`}
          >
            {e.pluralLabel}
          </button>
        ))}
      </div>
      {source.kind === "live" ? <LiveEntity key={entity.name} spec={spec} entity={entity} appId={source.appId} /> : <SnapshotEntity key={entity.name} spec={spec} entity={entity} records={source.records} />}
    </div>
  );
}

const refNames = (entity: Entity) => [...new Set(entity.fields.filter((f) => f.type === "reference" && f.ref).map((f) => f.ref!))];

/** A referenced record's title, looked up among the records at hand. */
const refLabelFor = (spec: AppSpec, lookup: (entity: string) => AppRecord[]) => (id: string) => {
  for (const e of spec.entities) {
    const r = lookup(e.name).find((x) => x.id === id);
    if (r) return recordTitle(e, r);
  }
  return "(deleted)";
};

function LiveEntity({ spec, entity, appId }: { spec: AppSpec; entity: Entity; appId: string }) {
  const [search, setSearch] = useState("");
  const [sort, setSort] = useState("");
  const [editing, setEditing] = useState<AppRecord | null>(null);
  const [added, setAdded] = useState(0); // a new blank form after each record added
  const records = useRecords(appId, entity.name, search, sort);
  const stats = useRecordStats(appId, entity.name, search, spec.views.some((v) => v.entity === entity.name && v.type === "stats"));
  const save = useSaveRecord(appId, entity.name);
  const remove = useDeleteRecord(appId, entity.name);
  const refs = refNames(entity);
  const refQueries = useQueries({
    queries: refs.map((name) => ({
      queryKey: recordKeys.list(appId, name, "", ""),
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchRecords(appId, name, new URLSearchParams({ limit: "200" }), signal),
    })),
  });
  const items = useMemo(() => records.data?.items ?? [], [records.data]);
  const lookup = (name: string) => (name === entity.name ? items : (refQueries[refs.indexOf(name)]?.data?.items ?? []));
  const refLabel = refLabelFor(spec, lookup);
  const props: ViewProps = {
    entity,
    records: items,
    refLabel,
    onOpen: setEditing,
    // A record others link to: the server says which; the person decides whether to unlink them.
    onDelete: (r) =>
      remove.mutate(
        { id: r.id },
        {
          onError: (err) => {
            if (err instanceof ApiError && err.code === "referenced" && window.confirm(`${err.message.replace(/; delete it with references=clear.*$/, "")}. Delete it anyway and leave them without it?`)) {
              remove.mutate({ id: r.id, clearLinks: true });
            }
          },
        },
      ),
    onMove: (r, field, value) => save.mutate({ id: r.id, data: { [field]: value } }),
  };
  return (
    <div className="grid gap-4 lg:grid-cols-[1fr_18rem]">
      <div className="min-w-0 space-y-4">
        <input type="search" aria-label={`Search ${entity.pluralLabel.toLowerCase()}`} placeholder={`Search ${entity.pluralLabel.toLowerCase()}…`} value={search} onChange={(e) => setSearch(e.target.value)} className="w-full rounded border border-slate-300 px-3 py-1.5 text-sm" />
        <ErrorNote error={records.error ?? remove.error} />
        <Views spec={spec} props={props} sort={sort} onSort={setSort} stats={stats.data} />
      </div>
      <aside className="rounded border border-slate-200 bg-white p-3">
        <h3 className="mb-2 text-sm font-semibold">{editing ? `Edit ${recordTitle(entity, editing)}` : `New ${entity.label.toLowerCase()}`}</h3>
        <RecordForm
          key={editing?.id ?? `new${added}`}
          entity={entity}
          record={editing ?? undefined}
          refs={lookup}
          refEntity={(name) => spec.entities.find((e) => e.name === name)}
          pending={save.isPending}
          error={save.error}
          onCancel={editing ? () => setEditing(null) : undefined}
          onSave={(data) =>
            save.mutate(
              { id: editing?.id, data },
              {
                onSuccess: () => {
                  setEditing(null);
                  setAdded((n) => n + 1);
                },
              },
            )
          }
        />
      </aside>
    </div>
  );
}

function SnapshotEntity({ spec, entity, records }: { spec: AppSpec; entity: Entity; records: Record<string, AppRecord[]> }) {
  const [sort, setSort] = useState("");
  const refLabel = refLabelFor(spec, (name) => records[name] ?? []);
  const items = useMemo(() => {
    const list = [...(records[entity.name] ?? [])];
    if (!sort) return list;
    const field = sort.replace(/^-/, "");
    const dir = sort.startsWith("-") ? -1 : 1;
    return list.sort((a, b) => dir * text(a.data[field]).localeCompare(text(b.data[field]), undefined, { numeric: true }));
  }, [records, entity.name, sort]);
  return <Views spec={spec} props={{ entity, records: items, refLabel }} sort={sort} onSort={setSort} />;
}

function Views({ spec, props, sort, onSort, stats }: { spec: AppSpec; props: ViewProps; sort: string; onSort: (s: string) => void; stats?: RecordStats }) {
  const views = spec.views.filter((v) => v.entity === props.entity.name && v.type !== "form");
  const shown: View[] = views.some((v) => v.type === "table") ? views : [{ id: "table", type: "table", entity: props.entity.name, title: props.entity.pluralLabel }, ...views];
  return (
    <>
      {shown.map((view) => (
        <section key={view.id} className="rounded border border-slate-200 bg-white p-3" aria-label={view.title}>
          <h3 className="mb-2 text-sm font-semibold">{view.title}</h3>
          {view.type === "table" && <TableView {...props} view={view} sort={sort} onSort={onSort} />}
          {view.type === "board" && <BoardView {...props} view={view} />}
          {view.type === "calendar" && <CalendarView {...props} view={view} />}
          {view.type === "chart" && <ChartView {...props} view={view} />}
          {view.type === "stats" && <StatsView {...props} stats={stats} />}
        </section>
      ))}
    </>
  );
}
