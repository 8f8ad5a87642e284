/**
 * The running app: one tab per entity; for each, its views (one at a time), a search, filters, the
 * count of what they let through, import and export; a record opens on its own page in a panel.
 * In the Studio, the Assistant above them takes commands typed or spoken.
 */
import { useState } from "react";
import { useSearchParams } from "react-router";
import type { AppRecord, AppSpec, Entity, RecordFilter } from "@vta/contracts";
import { ErrorNote } from "../../components/ErrorNote";
import { AssistantBar } from "../assistant/AssistantBar";
import { useSaveRecord } from "./api";
import { useDeleteWithUndo } from "./DeleteUndo";
import { EntityPane, viewsOf, type ViewActions } from "./EntityPane";
import { filterWords, type Chip } from "./FilterBar";
import { RecordPanel, type PanelTarget } from "./RecordPanel";
import type { RecordSource } from "./source";

export function AppRuntime({ spec, source, viewActions }: { spec: AppSpec; source: RecordSource; viewActions?: ViewActions }) {
  // Which list and which of its views are open is kept in the address: a reload or a link opens them again.
  const [params, setParams] = useSearchParams();
  const current = params.get("entity") ?? spec.entities[0]!.name;
  const setCurrent = (name: string) => setParams((p) => (p.set("entity", name), p.delete("view"), p), { replace: true });
  const [chips, setChips] = useState<Record<string, Chip[]>>({});
  // The last list the Assistant showed: its entity's pane opens afresh (no search left over) in its order.
  const [listed, setListed] = useState<{ entity: string; sort?: string; n: number } | null>(null);
  const [panel, setPanel] = useState<PanelTarget | null>(null);
  const save = useSaveRecord(source);
  const deletes = useDeleteWithUndo(spec, source);
  const entity = spec.entities.find((e) => e.name === current) ?? spec.entities[0]!;
  const views = viewsOf(spec, entity);
  const view = views.find((v) => v.id === params.get("view")) ?? views[0]!;
  const writable = source.writable;
  const remove = (e: Entity, r: AppRecord) => void deletes.remove(e, r).then((done) => done && setPanel(null));
  const showList = (name: string, filters: RecordFilter[], sort?: string) => {
    const target = spec.entities.find((e) => e.name === name);
    if (!target) return;
    setChips((all) => ({ ...all, [name]: filters.map((filter) => ({ filter, label: filterWords(target, filter) })) }));
    setListed((last) => ({ entity: name, sort, n: (last?.n ?? 0) + 1 }));
    setCurrent(name);
    setPanel(null);
  };
  const fromAssistant = listed?.entity === entity.name ? listed : null;
  return (
    <div>
      {source.appId && <AssistantBar spec={spec} source={source} appId={source.appId} onList={showList} />}
      <div role="tablist" aria-label="Lists" className="mb-3 flex flex-wrap gap-1 border-b border-slate-200">
        {spec.entities.map((e) => (
          <button
            key={e.name}
            role="tab"
            aria-selected={e.name === entity.name}
            onClick={() => {
              setListed(null);
              setCurrent(e.name);
            }}
            className={`rounded-t px-3 py-1.5 text-sm ${e.name === entity.name ? "bg-indigo-100 font-medium text-indigo-900" : "hover:bg-slate-100"}`}
          >
            {e.pluralLabel}
          </button>
        ))}
      </div>
      <ErrorNote error={deletes.error ?? (panel ? null : save.error)} />
      <EntityPane
        key={`${entity.name}:${view.id}:${fromAssistant?.n ?? 0}`}
        spec={spec}
        source={source}
        entity={entity}
        view={view}
        views={views}
        onView={(id) => {
          setListed(null);
          setParams((p) => (p.set("entity", entity.name), id ? p.set("view", id) : p.delete("view"), p), { replace: true });
        }}
        viewActions={viewActions}
        chips={chips[entity.name] ?? []}
        onChips={(next) => setChips((all) => ({ ...all, [entity.name]: next }))}
        initialSort={fromAssistant?.sort}
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
              setChips((all) => ({
                ...all,
                [from.name]: [{ filter: { field: field.name, op: "is", value: record.id }, label: `${field.label} is ${title}` }],
              }));
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
