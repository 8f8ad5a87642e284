/**
 * Cards in columns, one per option of a choice field: each column's count is the server's (every
 * record, not the cards loaded) and its cards page in as it scrolls. A card is dragged to another
 * column with the mouse, a finger or the keyboard (Space picks it up, arrows move it, Space drops it).
 */
import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type DragEndEvent,
} from "@dnd-kit/core";
import type { AppRecord, Field, View } from "@vta/contracts";
import { useRecordGroups, useRecordPages } from "./api";
import { FieldValue, recordTitle, text, titleField } from "./format";
import type { EntityViewProps } from "./view-props";

const NONE = "\u0000none";

export function BoardView(props: EntityViewProps & { view: Extract<View, { type: "board" }> }) {
  const { entity, source, query, view, onEdit } = props;
  const field = entity.fields.find((f) => f.name === view.groupBy);
  const groups = useRecordGroups(source, entity.name, query, { groupBy: view.groupBy });
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }), useSensor(KeyboardSensor));
  if (!field) return null;
  const counts = new Map((groups.data?.groups ?? []).map((g) => [g.value === null ? NONE : String(g.value), g.count]));
  const columns = [...(field.options ?? []), ...(counts.get(NONE) ? [NONE] : [])];
  const drop = ({ active, over }: DragEndEvent) => {
    const record = active.data.current?.record as AppRecord | undefined;
    if (!record || !over || !onEdit) return;
    const to = String(over.id) === NONE ? null : String(over.id);
    if (to !== (record.data[field.name] ?? null)) onEdit(record, { [field.name]: to });
  };
  return (
    <DndContext
      sensors={sensors}
      onDragEnd={drop}
      accessibility={{
        screenReaderInstructions: {
          draggable:
            "To move a card to another column, press Space, then the arrow keys, then Space again to drop it, or Escape to cancel.",
        },
      }}
    >
      <div className="flex gap-3 overflow-x-auto pb-2">
        {columns.map((option) => (
          <Column key={option} {...props} field={field} option={option} count={counts.get(option) ?? 0} draggable={Boolean(onEdit)} />
        ))}
      </div>
    </DndContext>
  );
}

function Column({
  entity,
  source,
  query,
  linkTitle,
  onOpen,
  field,
  option,
  count,
  draggable,
}: EntityViewProps & { field: Field; option: string; count: number; draggable: boolean }) {
  const name = option === NONE ? "No value" : option;
  const filters = [
    ...(query.filters ?? []),
    option === NONE ? { field: field.name, op: "empty" as const } : { field: field.name, op: "is" as const, value: option },
  ];
  const cards = useRecordPages(source, entity.name, { search: query.search, filters }, 25);
  const { setNodeRef, isOver } = useDroppable({ id: option });
  return (
    <section
      ref={setNodeRef}
      aria-label={name}
      className={`flex min-w-56 flex-1 flex-col rounded p-2 ${isOver ? "bg-indigo-100" : "bg-slate-100"}`}
    >
      <h4 className="mb-2 text-sm font-semibold">
        {name} <span className="font-normal text-slate-600">{count.toLocaleString()}</span>
      </h4>
      <div className="max-h-[60vh] space-y-2 overflow-y-auto">
        {cards.items.map((r) => (
          <Card key={r.id} record={r} entity={entity} linkTitle={linkTitle} onOpen={onOpen} draggable={draggable} />
        ))}
        {cards.hasNextPage && (
          <button
            type="button"
            onClick={() => void cards.fetchNextPage()}
            className="w-full rounded border border-dashed border-slate-300 py-1 text-xs text-slate-600 hover:bg-white"
          >
            {cards.isFetchingNextPage ? "Loading…" : `Show more (${(count - cards.items.length).toLocaleString()} more)`}
          </button>
        )}
      </div>
    </section>
  );
}

function Card({
  record,
  entity,
  linkTitle,
  onOpen,
  draggable,
}: Pick<EntityViewProps, "entity" | "linkTitle" | "onOpen"> & { record: AppRecord; draggable: boolean }) {
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({
    id: record.id,
    data: { record },
    disabled: !draggable,
  });
  const title = titleField(entity);
  const extra = entity.fields
    .filter(
      (f) =>
        f.name !== title.name && f.type !== "longText" && f.type !== "enum" && f.type !== "reference" && text(record.data[f.name]) !== "",
    )
    .slice(0, 2);
  return (
    <div
      ref={setNodeRef}
      style={transform ? { transform: `translate(${transform.x}px, ${transform.y}px)` } : undefined}
      className={`rounded border border-slate-200 bg-white p-2 text-sm shadow-sm ${isDragging ? "relative z-10 opacity-80 shadow-lg" : ""}`}
    >
      <div className="flex items-start gap-1">
        {draggable && (
          <button
            type="button"
            {...attributes}
            {...listeners}
            aria-label={`Move ${recordTitle(entity, record)}`}
            className="cursor-grab touch-none px-0.5 text-slate-500 hover:text-slate-800"
          >
            ⠿
          </button>
        )}
        <button type="button" onClick={() => onOpen?.(record)} className="text-left font-medium hover:underline">
          <FieldValue field={title} value={record.data[title.name]} refLabel={linkTitle} />
        </button>
      </div>
      {extra.map((f) => (
        <div key={f.name} className="text-xs text-slate-600">
          {f.label}: <FieldValue field={f} value={record.data[f.name]} refLabel={linkTitle} />
        </div>
      ))}
    </div>
  );
}
