/**
 * The records as a table: a page of 100 at a time as the person scrolls (only the rows in sight
 * are in the page), sorted by the server, columns they can hide, cells they can edit in place.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type Updater, type VisibilityState } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { isReadOnly, type AppRecord, type Field } from "@vta/contracts";
import { CellEditor } from "./CellEditor";
import { FieldValue, recordTitle } from "./format";
import type { EntityViewProps } from "./view-props";

export function TableView({
  spec,
  entity,
  records,
  more,
  linkTitle,
  onOpen,
  onDelete,
  onEdit,
  sort,
  onSort,
  shown,
  onShown,
  source,
}: EntityViewProps & { sort: string; onSort: (s: string) => void; shown: string[]; onShown: (names: string[]) => void }) {
  const visibility: VisibilityState = Object.fromEntries(entity.fields.map((f) => [f.name, shown.includes(f.name)]));
  const setVisibility = (change: Updater<VisibilityState>) => {
    const next = typeof change === "function" ? change(visibility) : change;
    onShown(entity.fields.map((f) => f.name).filter((name) => next[name] !== false));
  };
  const [editing, setEditing] = useState<{ id: string; field: string } | null>(null);
  const columns = useMemo<ColumnDef<AppRecord>[]>(
    () => entity.fields.map((f) => ({ id: f.name, header: f.label, accessorFn: (r) => r.data[f.name], meta: f })),
    [entity.fields],
  );
  // TanStack Table hands out fresh functions each render; the compiler leaves this component unmemoized, as it should.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: records,
    columns,
    getCoreRowModel: getCoreRowModel(),
    state: { columnVisibility: visibility },
    onColumnVisibilityChange: setVisibility,
    getRowId: (r) => r.id,
  });
  const rows = table.getRowModel().rows;
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => 37, overscan: 12 });
  const items = virtual.getVirtualItems();
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (last >= rows.length - 20) more?.();
  }, [last, rows.length, more]);
  const top = items[0]?.start ?? 0;
  const bottom = virtual.getTotalSize() - (items.at(-1)?.end ?? 0);
  const actions = Boolean(onOpen ?? onDelete);
  const span = table.getVisibleLeafColumns().length + (actions ? 1 : 0);

  return (
    <div>
      <details className="relative mb-2 inline-block text-sm">
        <summary className="cursor-pointer rounded border border-slate-300 px-2 py-1">Columns</summary>
        <fieldset className="absolute z-10 mt-1 min-w-48 rounded border border-slate-200 bg-white p-2 shadow">
          <legend className="sr-only">Columns shown</legend>
          {table.getAllLeafColumns().map((c) => (
            <label key={c.id} className="flex items-center gap-2 py-0.5">
              <input
                type="checkbox"
                checked={c.getIsVisible()}
                onChange={c.getToggleVisibilityHandler()}
                disabled={c.getIsVisible() && table.getVisibleLeafColumns().length === 1}
              />
              {String(c.columnDef.header)}
            </label>
          ))}
        </fieldset>
      </details>
      <div ref={scroller} className="max-h-[70vh] overflow-auto rounded border border-slate-200">
        <table className="w-full text-left text-sm">
          <thead className="sticky top-0 z-[1] bg-slate-50">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id} className="border-b border-slate-200">
                {group.headers.map((h) => (
                  <th
                    key={h.id}
                    className="whitespace-nowrap px-2 py-1.5 font-medium"
                    aria-sort={sort === h.id ? "ascending" : sort === `-${h.id}` ? "descending" : undefined}
                  >
                    <button
                      type="button"
                      onClick={() => onSort(sort === h.id ? `-${h.id}` : sort === `-${h.id}` ? "" : h.id)}
                      className="hover:underline"
                    >
                      {flexRender(h.column.columnDef.header, h.getContext())}
                      {sort === h.id ? " ▲" : sort === `-${h.id}` ? " ▼" : ""}
                    </button>
                  </th>
                ))}
                {actions && (
                  <th className="px-2">
                    <span className="sr-only">Actions</span>
                  </th>
                )}
              </tr>
            ))}
          </thead>
          <tbody>
            {top > 0 && (
              <tr aria-hidden="true">
                <td colSpan={span} style={{ height: top }} />
              </tr>
            )}
            {items.map((item) => {
              const row = rows[item.index]!;
              const r = row.original;
              return (
                <tr
                  key={row.id}
                  data-index={item.index}
                  ref={virtual.measureElement}
                  className="border-b border-slate-100 hover:bg-slate-50"
                >
                  {row.getVisibleCells().map((cell) => {
                    const field = cell.column.columnDef.meta as Field;
                    const isEditing = editing?.id === r.id && editing.field === field.name;
                    const edit = onEdit && !isReadOnly(field.type) ? () => setEditing({ id: r.id, field: field.name }) : undefined;
                    return (
                      <td
                        key={cell.id}
                        tabIndex={edit ? 0 : undefined}
                        onDoubleClick={edit}
                        onKeyDown={(e) => {
                          if (edit && !isEditing && (e.key === "Enter" || e.key === "F2")) {
                            e.preventDefault();
                            edit();
                          }
                        }}
                        title={edit && !isEditing ? "Double-click or press Enter to edit" : undefined}
                        className="px-2 py-1.5 align-top"
                      >
                        {isEditing ? (
                          <CellEditor
                            spec={spec}
                            field={field}
                            value={r.data[field.name]}
                            source={source}
                            onDone={(value) => {
                              setEditing(null);
                              if (value !== undefined) onEdit!(r, { [field.name]: value });
                            }}
                          />
                        ) : (
                          <FieldValue field={field} value={r.data[field.name]} refLabel={linkTitle} />
                        )}
                      </td>
                    );
                  })}
                  {actions && (
                    <td className="whitespace-nowrap px-2 py-1.5 text-right">
                      {onOpen && (
                        <button
                          type="button"
                          onClick={() => onOpen(r)}
                          className="mr-2 text-indigo-700 hover:underline"
                          aria-label={`Open ${recordTitle(entity, r)}`}
                        >
                          Open
                        </button>
                      )}
                      {onDelete && (
                        <button
                          type="button"
                          onClick={() => onDelete(r)}
                          className="text-red-700 hover:underline"
                          aria-label={`Delete ${recordTitle(entity, r)}`}
                        >
                          Delete
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              );
            })}
            {bottom > 0 && (
              <tr aria-hidden="true">
                <td colSpan={span} style={{ height: bottom }} />
              </tr>
            )}
          </tbody>
        </table>
        {records.length === 0 && <p className="p-3 text-sm text-slate-500">No {entity.pluralLabel.toLowerCase()} here.</p>}
      </div>
    </div>
  );
}
