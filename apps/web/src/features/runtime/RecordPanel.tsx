/**
 * A record's own page, in a panel over the app: its fields, the records that link to it with their
 * totals ("Jane: 12 orders, 1,340.00"), and links to follow both ways. Adding and editing happen here too.
 */
import { useEffect, useRef, type ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import { formatDuration, isNumeric, type AppRecord, type AppSpec, type Entity, type Field } from "@vta/contracts";
import { byIds, useRecordPages, useRecordStats } from "./api";
import { FieldValue, recordTitle } from "./format";
import { linksTo, useLinkTitles } from "./links";
import { RecordForm } from "./RecordForm";
import type { RecordSource } from "./source";
import { Button } from "../../components/Button";
import { Skeleton } from "../../components/Skeleton";

/** What the panel shows: a record (to read or edit), or a form for a new one. */
export type PanelTarget = { entity: string; id: string; editing?: boolean } | { entity: string; id?: undefined; editing: true };

export interface PanelActions {
  onFollow: (target: PanelTarget) => void;
  /** Show every record of `entity` that links here by `field` (the list, filtered). */
  onShowAll: (entity: Entity, field: Field, record: AppRecord, title: string) => void;
  onDelete?: (entity: Entity, record: AppRecord) => void;
  onSave?: (entity: Entity, id: string | undefined, data: Record<string, unknown>) => Promise<unknown>;
  onClose: () => void;
}

export function RecordPanel({
  spec,
  source,
  target,
  actions,
  saveError,
  saving,
}: {
  spec: AppSpec;
  source: RecordSource;
  target: PanelTarget;
  actions: PanelActions;
  saveError: unknown;
  saving: boolean;
}) {
  const entity = spec.entities.find((e) => e.name === target.entity)!;
  const record = useQuery(byIds(source, entity.name, target.id ? [target.id] : []));
  const current = record.data?.items[0];
  const title = target.id
    ? current
      ? recordTitle(entity, current)
      : record.isPending
        ? "…"
        : "Not found"
    : `New ${entity.label.toLowerCase()}`;
  let body: ReactNode;
  if (target.editing && actions.onSave && (!target.id || current)) {
    body = (
      <RecordForm
        key={`${target.entity}:${target.id ?? "new"}`}
        spec={spec}
        source={source}
        entity={entity}
        record={current}
        pending={saving}
        error={saveError}
        onCancel={() => (target.id ? actions.onFollow({ entity: entity.name, id: target.id }) : actions.onClose())}
        onSave={(data) =>
          void actions.onSave!(entity, target.id, data)
            .then(() => (target.id ? actions.onFollow({ entity: entity.name, id: target.id }) : actions.onClose()))
            .catch(() => undefined)
        }
      />
    );
  } else if (current) {
    body = <RecordPage spec={spec} source={source} entity={entity} record={current} actions={actions} />;
  } else {
    body = record.isPending ? (
      <Skeleton label="Loading the record" count={4} />
    ) : (
      <p className="text-sm text-slate-600">This record was deleted.</p>
    );
  }
  return (
    <Drawer title={title} onClose={actions.onClose}>
      {body}
    </Drawer>
  );
}

function RecordPage({
  spec,
  source,
  entity,
  record,
  actions,
}: {
  spec: AppSpec;
  source: RecordSource;
  entity: Entity;
  record: AppRecord;
  actions: PanelActions;
}) {
  const linkTitle = useLinkTitles(spec, source, entity, [record]);
  return (
    <div className="space-y-5">
      <div className="flex gap-2">
        {actions.onSave && (
          <Button variant="primary" size="sm" onClick={() => actions.onFollow({ entity: entity.name, id: record.id, editing: true })}>
            Edit
          </Button>
        )}
        {actions.onDelete && (
          <Button variant="dangerQuiet" size="sm" onClick={() => actions.onDelete!(entity, record)} className="border border-red-200">
            Delete
          </Button>
        )}
      </div>
      <dl className="grid grid-cols-[minmax(6rem,auto)_1fr] gap-x-4 gap-y-2 text-sm">
        {entity.fields.map((f) => (
          <div key={f.name} className="contents">
            <dt className="font-medium text-slate-600">{f.label}</dt>
            <dd className="min-w-0 break-words">
              {f.type === "reference" && f.ref && typeof record.data[f.name] === "string" ? (
                <button
                  type="button"
                  onClick={() => actions.onFollow({ entity: f.ref!, id: String(record.data[f.name]) })}
                  className="text-indigo-700 underline"
                >
                  {linkTitle(String(record.data[f.name]))}
                </button>
              ) : (
                <FieldValue field={f} value={record.data[f.name]} />
              )}
            </dd>
          </div>
        ))}
      </dl>
      {linksTo(spec, entity).map(({ entity: from, field }) => (
        <Related
          key={`${from.name}.${field.name}`}
          source={source}
          record={record}
          from={from}
          field={field}
          title={recordTitle(entity, record)}
          several={linksTo(spec, entity).filter((l) => l.entity.name === from.name).length > 1}
          actions={actions}
        />
      ))}
    </div>
  );
}

/** The records of `from` whose `field` links to `record`: how many, their totals, the first ten. */
function Related({
  source,
  record,
  from,
  field,
  title,
  several,
  actions,
}: {
  source: RecordSource;
  record: AppRecord;
  from: Entity;
  field: Field;
  title: string;
  several: boolean;
  actions: PanelActions;
}) {
  const query = { filters: [{ field: field.name, op: "is" as const, value: record.id }] };
  const stats = useRecordStats(source, from.name, query);
  const first = useRecordPages(source, from.name, query, 10);
  const count = stats.data?.count ?? 0;
  const totals = from.fields.filter((f) => isNumeric(f.type)).map((f) => summary(f, stats.data?.fields[f.name]));
  const heading = `${from.pluralLabel}${several ? ` (by ${field.label.toLowerCase()})` : ""}`;
  return (
    <section aria-label={heading} className="rounded border border-slate-200 p-3">
      <h4 className="text-sm font-semibold">
        {heading}{" "}
        <span className="font-normal text-slate-600">
          {stats.data ? `${count.toLocaleString()} ${(count === 1 ? from.label : from.pluralLabel).toLowerCase()}` : "…"}
        </span>
      </h4>
      {count > 0 && totals.length > 0 && <p className="text-xs text-slate-600">{totals.join(" · ")}</p>}
      <ul className="mt-2 space-y-1 text-sm">
        {first.items.map((r) => (
          <li key={r.id}>
            <button
              type="button"
              onClick={() => actions.onFollow({ entity: from.name, id: r.id })}
              className="text-indigo-700 hover:underline"
            >
              {recordTitle(from, r)}
            </button>
          </li>
        ))}
      </ul>
      {count > first.items.length && (
        <button
          type="button"
          onClick={() => actions.onShowAll(from, field, record, title)}
          className="mt-2 text-xs text-indigo-700 underline"
        >
          Show all {count.toLocaleString()} {from.pluralLabel.toLowerCase()}
        </button>
      )}
    </section>
  );
}

/** A number field over some records as a person reads it: money and time added up, ratings and percentages averaged. */
function summary(f: Field, t: { sum: number; avg: number | null } | undefined): string {
  const name = f.label.toLowerCase();
  if (f.type === "rating" || f.type === "percent")
    return `Average ${name}: ${t?.avg == null ? "—" : `${(Math.round(t.avg * 10) / 10).toLocaleString()}${f.type === "percent" ? "%" : ` of ${f.max ?? 5}`}`}`;
  const sum = t?.sum ?? 0;
  const shown =
    f.type === "currency"
      ? sum.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 })
      : f.type === "duration"
        ? formatDuration(sum)
        : sum.toLocaleString();
  return `Total ${name}: ${shown}`;
}

/** A panel over the page (a sheet on a phone), modal: focus stays in it, Escape closes it. */
function Drawer({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      aria-label={title}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      className="m-0 ml-auto h-full max-h-none w-full max-w-lg overflow-y-auto bg-white p-0 shadow-xl backdrop:bg-slate-900/30"
    >
      <div className="sticky top-0 flex items-center justify-between gap-2 border-b border-slate-200 bg-white px-4 py-3">
        <h3 className="truncate font-semibold">{title}</h3>
        <button type="button" onClick={onClose} aria-label="Close" className="rounded px-2 text-lg hover:bg-slate-100">
          ×
        </button>
      </div>
      <div className="p-4">{children}</div>
    </dialog>
  );
}
