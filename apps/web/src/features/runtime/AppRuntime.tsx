/**
 * The running app: one tab per entity; for each, its views (one at a time), a search, filters, the
 * count of what they let through, import and export; a record opens on its own page in a panel.
 */
import { useDeferredValue, useState } from "react";
import type { AppRecord, AppSpec, Entity, View } from "@vta/contracts";
import { ErrorNote } from "../../components/ErrorNote";
import { useRecordPages, useRecordStats, useSaveRecord } from "./api";
import { BoardView } from "./BoardView";
import { CalendarView } from "./CalendarView";
import { ChartView, StatsView } from "./ChartView";
import { useDeleteWithUndo } from "./DeleteUndo";
import { FilterBar, type Chip } from "./FilterBar";
import { ImportDialog } from "./ImportDialog";
import { useLinkTitles } from "./links";
import { RecordPanel, type PanelTarget } from "./RecordPanel";
import type { RecordSource } from "./source";
import { TableView } from "./TableView";
import type { EntityViewProps } from "./view-props";

export function AppRuntime({ spec, source }: { spec: AppSpec; source: RecordSource }) {
  const [current, setCurrent] = useState(spec.entities[0]!.name);
  const [chips, setChips] = useState<Record<string, Chip[]>>({});
  const [panel, setPanel] = useState<PanelTarget | null>(null);
  const save = useSaveRecord(source);
  const deletes = useDeleteWithUndo(spec, source);
  const entity = spec.entities.find((e) => e.name === current) ?? spec.entities[0]!;
  const writable = source.writable;
  const remove = (e: Entity, r: AppRecord) => void deletes.remove(e, r).then((done) => done && setPanel(null));
  return (
    <div>
      <div role="tablist" aria-label="Lists" className="mb-3 flex flex-wrap gap-1 border-b border-slate-200">
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
      <ErrorNote error={deletes.error ?? (panel ? null : save.error)} />
      <EntityPane
        key={entity.name}
        spec={spec}
        source={source}
        entity={entity}
        chips={chips[entity.name] ?? []}
        onChips={(next) => setChips((all) => ({ ...all, [entity.name]: next }))}
        onOpen={(r) => setPanel({ entity: entity.name, id: r.id })}
        onNew={writable ? () => setPanel({ entity: entity.name, editing: true }) : undefined}
        onDelete={writable ? (r) => remove(entity, r) : undefined}
        onEdit={writable ? (r, patch) => save.mutate({ entity: entity.name, id: r.id, data: patch }) : undefined}
      />
      {panel && (
        <RecordPanel
          key={`${panel.entity}:${panel.id ?? "new"}:${panel.editing ? "edit" : "view"}`}
          spec={spec}
          source={source}
          target={panel}
          saving={save.isPending}
          saveError={save.error}
          actions={{
            onFollow: (next) => {
              save.reset();
              setPanel(next);
            },
            onShowAll: (from, field, record, title) => {
              setChips((all) => ({ ...all, [from.name]: [{ filter: { field: field.name, op: "is", value: record.id }, label: `${field.label} is ${title}` }] }));
              setCurrent(from.name);
              setPanel(null);
            },
            onDelete: writable ? remove : undefined,
            onSave: writable ? (e, id, data) => save.mutateAsync({ entity: e.name, id, data }) : undefined,
            onClose: () => {
              save.reset();
              setPanel(null);
            },
          }}
        />
      )}
      {deletes.toasts}
    </div>
  );
}

/** An entity's views, the table first (there is always one). */
function viewsOf(spec: AppSpec, entity: Entity): View[] {
  const views = spec.views.filter((v) => v.entity === entity.name && v.type !== "form");
  const table = views.filter((v) => v.type === "table");
  return [...(table.length ? table : [{ id: "table", type: "table" as const, entity: entity.name, title: entity.pluralLabel }]), ...views.filter((v) => v.type !== "table")];
}

function EntityPane({
  spec,
  source,
  entity,
  chips,
  onChips,
  onOpen,
  onNew,
  onDelete,
  onEdit,
}: {
  spec: AppSpec;
  source: RecordSource;
  entity: Entity;
  chips: Chip[];
  onChips: (chips: Chip[]) => void;
  onOpen: (r: AppRecord) => void;
  onNew?: () => void;
  onDelete?: (r: AppRecord) => void;
  onEdit?: (r: AppRecord, patch: Record<string, unknown>) => void;
}) {
  const views = viewsOf(spec, entity);
  const [viewId, setViewId] = useState(views[0]!.id);
  const view = views.find((v) => v.id === viewId) ?? views[0]!;
  const [search, setSearch] = useState("");
  const [sort, setSort] = useState("");
  const [importing, setImporting] = useState(false);
  const query = { search: useDeferredValue(search), filters: chips.map((c) => c.filter) };
  const pages = useRecordPages(source, entity.name, { ...query, sort });
  const stats = useRecordStats(source, entity.name, query);
  const linkTitle = useLinkTitles(spec, source, entity, pages.items);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = pages;
  const props: EntityViewProps = {
    spec,
    entity,
    source,
    query,
    records: pages.items,
    more: () => {
      if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
    },
    linkTitle,
    onOpen,
    onDelete,
    onEdit,
  };
  const plural = entity.pluralLabel.toLowerCase();
  const exportUrl = source.appId ? `/api/v1/apps/${encodeURIComponent(source.appId)}/records/${encodeURIComponent(entity.name)}/export?${new URLSearchParams({ tz: Intl.DateTimeFormat().resolvedOptions().timeZone, ...(query.search ? { search: query.search } : {}), ...(query.filters.length ? { filters: JSON.stringify(query.filters) } : {}) })}` : null;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        {views.length > 1 && (
          <div role="group" aria-label="Views" className="flex flex-wrap overflow-hidden rounded border border-slate-300 text-sm">
            {views.map((v) => (
              <button key={v.id} type="button" aria-pressed={v.id === view.id} onClick={() => setViewId(v.id)} className={`px-3 py-1 ${v.id === view.id ? "bg-indigo-100 font-medium text-indigo-900" : "hover:bg-slate-50"}`}>
                {v.title}
              </button>
            ))}
          </div>
        )}
        <input type="search" aria-label={`Search ${plural}`} placeholder={`Search ${plural}…`} value={search} onChange={(e) => setSearch(e.target.value)} className="min-w-0 flex-1 basis-48 rounded border border-slate-300 px-3 py-1 text-sm" />
        <span className="text-sm tabular-nums text-slate-600" aria-live="polite">
          {stats.data ? `${stats.data.count.toLocaleString()} ${(stats.data.count === 1 ? entity.label : entity.pluralLabel).toLowerCase()}` : "…"}
        </span>
        {onNew && (
          <button type="button" onClick={onNew} className="rounded bg-indigo-600 px-3 py-1 text-sm text-white">
            New {entity.label.toLowerCase()}
          </button>
        )}
        {onNew && (
          <button type="button" onClick={() => setImporting(true)} className="rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-50">
            Import CSV
          </button>
        )}
        {exportUrl && (
          <a href={exportUrl} download className="rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-50">
            Export CSV
          </a>
        )}
      </div>
      <FilterBar spec={spec} source={source} entity={entity} chips={chips} onChange={onChips} />
      <ErrorNote error={pages.error ?? stats.error} />
      <section aria-label={view.title} className="rounded border border-slate-200 bg-white p-3">
        {view.type === "table" && <TableView {...props} sort={sort} onSort={setSort} columns={view.columns} />}
        {view.type === "board" && <BoardView {...props} view={view} />}
        {view.type === "calendar" && <CalendarView {...props} view={view} />}
        {view.type === "chart" && <ChartView {...props} view={view} />}
        {view.type === "stats" && <StatsView {...props} />}
      </section>
      {importing && <ImportDialog source={source} entity={entity} onClose={() => setImporting(false)} />}
    </div>
  );
}
