/** One entity in the running app: its view switcher, search, count, filters, import and export, and the view itself. */
import { useDeferredValue, useState, type FormEvent } from "react";
import type { AppDetail, AppRecord, AppSpec, Entity, SaveViewBody, View } from "@vta/contracts";
import { ErrorNote } from "../../components/ErrorNote";
import { useRecordPages, useRecordStats } from "./api";
import { BoardView } from "./BoardView";
import { CalendarView } from "./CalendarView";
import { ChartView, StatsView } from "./ChartView";
import { FilterBar, filterWords, type Chip } from "./FilterBar";
import { ImportDialog } from "./ImportDialog";
import { useLinkTitles } from "./links";
import type { RecordSource } from "./source";
import { TableView } from "./TableView";
import type { EntityViewProps } from "./view-props";
import { Button, buttonClass } from "../../components/Button";

/** An entity's views, the table first (there is always one). */
export function viewsOf(spec: AppSpec, entity: Entity): View[] {
  const views = spec.views.filter((v) => v.entity === entity.name && v.type !== "form");
  const table = views.filter((v) => v.type === "table");
  return [
    ...(table.length ? table : [{ id: "table", type: "table" as const, entity: entity.name, title: entity.pluralLabel }]),
    ...views.filter((v) => v.type !== "table"),
  ];
}

/** Saving the view on screen with its filters, order and columns, and removing a saved one (the Studio has them; a shared page does not). */
export interface ViewActions {
  save: (body: SaveViewBody) => Promise<AppDetail>;
  remove: (viewId: string) => Promise<unknown>;
  pending: boolean;
  error: unknown;
}

export function EntityPane({
  spec,
  source,
  entity,
  view,
  views,
  onView,
  viewActions,
  chips,
  onChips,
  initialSort,
  onOpen,
  onNew,
  onDelete,
  onEdit,
}: {
  spec: AppSpec;
  source: RecordSource;
  entity: Entity;
  view: View;
  views: View[];
  onView: (id: string) => void;
  viewActions?: ViewActions;
  chips: Chip[];
  onChips: (chips: Chip[]) => void;
  /** The order to open with instead of the view's (a list the Assistant was asked for). */
  initialSort?: string;
  onOpen: (r: AppRecord) => void;
  onNew?: () => void;
  onDelete?: (r: AppRecord) => void;
  onEdit?: (r: AppRecord, patch: Record<string, unknown>) => void;
}) {
  const [search, setSearch] = useState("");
  const [sort, setSort] = useState(initialSort ?? view.sort ?? "");
  const allColumns = entity.fields.map((f) => f.name);
  const viewColumns = view.type === "table" && view.columns?.length ? view.columns : allColumns;
  const [shown, setShown] = useState(viewColumns);
  const [importing, setImporting] = useState(false);
  const [naming, setNaming] = useState<string | null>(null);
  const query = { search: useDeferredValue(search), filters: [...(view.filters ?? []), ...chips.map((c) => c.filter)] };
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
  const saved = spec.views.some((v) => v.id === view.id);
  const changed = chips.length > 0 || sort !== (view.sort ?? "") || shown.join() !== viewColumns.join();
  const exportUrl = source.appId
    ? `/api/v1/apps/${encodeURIComponent(source.appId)}/records/${encodeURIComponent(entity.name)}/export?${new URLSearchParams({ tz: Intl.DateTimeFormat().resolvedOptions().timeZone, ...(query.search ? { search: query.search } : {}), ...(query.filters.length ? { filters: JSON.stringify(query.filters) } : {}) })}`
    : null;
  const saveView = (e: FormEvent) => {
    e.preventDefault();
    if (!viewActions || !naming?.trim()) return;
    const title = naming.trim();
    void viewActions
      .save({
        basedOn: view.id,
        title,
        filters: query.filters,
        sort: sort || undefined,
        columns: view.type === "table" && shown.join() !== allColumns.join() ? shown : undefined,
      })
      .then((app) => {
        const made = app.spec?.views.filter((v) => v.entity === entity.name && v.title === title).at(-1);
        if (made) onView(made.id);
      })
      .catch(() => undefined); // the error shows with the view's other errors
  };
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        {views.length > 1 && (
          <div role="group" aria-label="Views" className="flex flex-wrap overflow-hidden rounded border border-slate-300 text-sm">
            {views.map((v) => (
              <button
                key={v.id}
                type="button"
                aria-pressed={v.id === view.id}
                onClick={() => onView(v.id)}
                className={`px-3 py-1 ${v.id === view.id ? "bg-indigo-100 font-medium text-indigo-900" : "hover:bg-slate-50"}`}
              >
                {v.title}
              </button>
            ))}
          </div>
        )}
        <input
          type="search"
          aria-label={`Search ${plural}`}
          placeholder={`Search ${plural}…`}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          className="min-w-0 flex-1 basis-48 rounded border border-slate-300 px-3 py-1 text-sm"
        />
        <span className="text-sm tabular-nums text-slate-600" aria-live="polite">
          {stats.data
            ? `${stats.data.count.toLocaleString()} ${(stats.data.count === 1 ? entity.label : entity.pluralLabel).toLowerCase()}`
            : "…"}
        </span>
        {onNew && (
          <Button variant="primary" size="sm" onClick={onNew}>
            New {entity.label.toLowerCase()}
          </Button>
        )}
        {onNew && (
          <Button size="sm" onClick={() => setImporting(true)}>
            Import CSV
          </Button>
        )}
        {exportUrl && (
          <a href={exportUrl} download className={buttonClass({ size: "sm" })}>
            Export CSV
          </a>
        )}
      </div>
      {view.filters?.length ? (
        <p className="text-sm text-slate-600">
          This view shows {entity.pluralLabel.toLowerCase()} where {view.filters.map((f) => filterWords(entity, f)).join(" and ")}.
        </p>
      ) : null}
      <div className="flex flex-wrap items-start gap-2">
        <div className="min-w-0 flex-1">
          <FilterBar spec={spec} source={source} entity={entity} chips={chips} onChange={onChips} />
        </div>
        {viewActions && saved && changed && naming === null && (
          <Button size="sm" onClick={() => setNaming("")}>
            Save as a view
          </Button>
        )}
        {viewActions && saved && (view.filters?.length || view.sort) && (
          <Button
            size="sm"
            onClick={() => {
              if (window.confirm(`Remove the view "${view.title}"? Its records stay.`))
                void viewActions
                  .remove(view.id)
                  .then(() => onView(""))
                  .catch(() => undefined);
            }}
            className="text-red-700"
          >
            Remove this view
          </Button>
        )}
      </div>
      {naming !== null && (
        <form
          onSubmit={saveView}
          aria-label="Save as a view"
          className="flex flex-wrap items-end gap-2 rounded border border-slate-200 bg-slate-50 p-2 text-sm"
        >
          <label className="grid gap-0.5">
            <span className="text-xs text-slate-600">Name of the view</span>
            <input
              autoFocus
              required
              maxLength={80}
              value={naming}
              onChange={(e) => setNaming(e.target.value)}
              className="rounded border border-slate-300 px-2 py-1"
            />
          </label>
          <Button type="submit" variant="primary" size="sm" disabled={viewActions?.pending}>
            Save view
          </Button>
          <Button size="sm" onClick={() => setNaming(null)}>
            Cancel
          </Button>
        </form>
      )}
      <ErrorNote error={pages.error ?? stats.error ?? viewActions?.error} />
      <section aria-label={view.title} className="rounded border border-slate-200 bg-white p-3">
        {view.type === "table" && <TableView {...props} sort={sort} onSort={setSort} shown={shown} onShown={setShown} />}
        {view.type === "board" && <BoardView {...props} view={view} />}
        {view.type === "calendar" && <CalendarView {...props} view={view} />}
        {view.type === "chart" && <ChartView {...props} view={view} />}
        {view.type === "stats" && <StatsView {...props} />}
      </section>
      {importing && <ImportDialog source={source} entity={entity} onClose={() => setImporting(false)} />}
    </div>
  );
}
