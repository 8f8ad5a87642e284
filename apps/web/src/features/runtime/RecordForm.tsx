import { useState, type FormEvent } from "react";
import { isReadOnly, type AppRecord, type AppSpec, type Entity } from "@vta/contracts";
import { ErrorNote } from "../../components/ErrorNote";
import { FieldInput, inputValue, storedValue } from "./FieldInput";
import type { RecordSource } from "./source";
import { Button } from "../../components/Button";

/**
 * A form for one record of an entity, typed by its fields. Required fields are marked and checked
 * before sending, and a new record needs at least one value (the server says the same).
 */
export function RecordForm({
  spec,
  source,
  entity,
  record,
  onSave,
  onCancel,
  error,
  pending,
}: {
  spec: AppSpec;
  source: RecordSource;
  entity: Entity;
  record?: AppRecord;
  onSave: (data: Record<string, unknown>) => void;
  onCancel?: () => void;
  error: unknown;
  pending: boolean;
}) {
  const [values, setValues] = useState<Record<string, string | boolean>>(() =>
    Object.fromEntries(entity.fields.map((f) => [f.name, inputValue(f, record?.data[f.name])])),
  );
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const data: Record<string, unknown> = {};
    for (const f of entity.fields) {
      if (isReadOnly(f.type)) continue;
      const v = storedValue(f, values[f.name] ?? "");
      if (v !== null || record) data[f.name] = v;
    }
    const missing = entity.fields.filter((f) => f.required && (data[f.name] === null || data[f.name] === undefined));
    if (missing.length) return setProblem(`${missing.map((f) => f.label).join(", ")} ${missing.length === 1 ? "is" : "are"} required`);
    if (!record && !Object.values(data).some((v) => v !== null && v !== false))
      return setProblem(`Fill in at least one field of the ${entity.label.toLowerCase()}`);
    setProblem(null);
    onSave(data);
  };
  const cls = "mt-1 w-full rounded border border-slate-300 px-2 py-1 text-sm";
  return (
    <form onSubmit={submit} className="space-y-3" aria-label={record ? `Edit ${entity.label}` : `New ${entity.label}`} noValidate>
      {problem && (
        <p role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {problem}
        </p>
      )}
      <ErrorNote error={error} />
      {entity.fields
        .filter((f) => !isReadOnly(f.type))
        .map((f) => (
          <label key={f.name} className="block text-sm">
            <span className="font-medium">
              {f.label}
              {f.required && <span className="text-red-700"> *</span>}
            </span>
            <FieldInput
              spec={spec}
              source={source}
              field={f}
              value={values[f.name] ?? ""}
              onChange={(v) => setValues((s) => ({ ...s, [f.name]: v }))}
              className={cls}
            />
          </label>
        ))}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={pending}>
          {record ? "Save" : `Add ${entity.label.toLowerCase()}`}
        </Button>
        {onCancel && <Button onClick={onCancel}>Cancel</Button>}
      </div>
    </form>
  );
}
