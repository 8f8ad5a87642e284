/** A table cell being edited: Enter or leaving it saves, Escape puts it back; a choice, a tick or a link saves as it is picked. */
import { useRef, useState } from "react";
import type { AppSpec, Field } from "@vta/contracts";
import { FieldInput, inputValue, storedValue } from "./FieldInput";
import type { RecordSource } from "./source";

export function CellEditor({
  spec,
  source,
  field,
  value,
  onDone,
}: {
  spec: AppSpec;
  source: RecordSource;
  field: Field;
  value: unknown;
  onDone: (value: unknown) => void;
}) {
  const [draft, setDraft] = useState(() => inputValue(field, value));
  const finished = useRef(false);
  /** `undefined`: nothing to save (cancelled or unchanged). */
  const finish = (next?: string | boolean) => {
    if (finished.current) return;
    finished.current = true;
    const stored = next === undefined ? undefined : storedValue(field, next);
    onDone(stored === undefined || stored === (value ?? null) ? undefined : stored);
  };
  const immediate =
    field.type === "enum" ||
    field.type === "boolean" ||
    field.type === "reference" ||
    (field.type === "tags" && Boolean(field.options?.length));
  return (
    <FieldInput
      spec={spec}
      source={source}
      field={field}
      value={draft}
      label={field.label}
      autoFocus
      className="w-full min-w-24 rounded border border-indigo-400 px-1 py-0.5"
      onChange={(next) => {
        setDraft(next);
        if (immediate) finish(next);
      }}
      onCommit={() => finish(draft)}
      onCancel={() => finish()}
    />
  );
}
