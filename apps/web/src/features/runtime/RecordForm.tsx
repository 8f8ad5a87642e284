import { useState, type FormEvent } from "react";
import type { AppRecord, Entity, Field } from "@vta/contracts";
import { ErrorNote } from "../../components/ErrorNote";
import { recordTitle, text } from "./format";

const INPUT: Partial<Record<Field["type"], string>> = { number: "number", currency: "number", date: "date", dateTime: "datetime-local", email: "email", url: "url", phone: "tel" };

function initial(field: Field, value: unknown): string | boolean {
  if (field.type === "boolean") return value === true;
  if (value === null || value === undefined) return "";
  if (field.type === "dateTime") {
    const d = new Date(text(value));
    return Number.isNaN(d.getTime()) ? "" : new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  }
  return text(value);
}

/** A form for one record of an entity, typed by its fields; references pick from the other entity's records. */
export function RecordForm({
  entity,
  record,
  refs,
  refEntity,
  onSave,
  onCancel,
  error,
  pending,
}: {
  entity: Entity;
  record?: AppRecord;
  refs: (entity: string) => AppRecord[];
  refEntity: (name: string) => Entity | undefined;
  onSave: (data: Record<string, unknown>) => void;
  onCancel?: () => void;
  error: unknown;
  pending: boolean;
}) {
  const [values, setValues] = useState<Record<string, string | boolean>>(() => Object.fromEntries(entity.fields.map((f) => [f.name, initial(f, record?.data[f.name])])));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const data: Record<string, unknown> = {};
    for (const f of entity.fields) {
      const v = values[f.name];
      if (f.type === "boolean") data[f.name] = v === true;
      else if (v === "" || v === undefined) {
        if (record) data[f.name] = null;
      } else if (f.type === "number" || f.type === "currency") data[f.name] = Number(v);
      else if (f.type === "dateTime") data[f.name] = new Date(String(v)).toISOString();
      else data[f.name] = v;
    }
    onSave(data);
  };
  const cls = "mt-1 w-full rounded border border-slate-300 px-2 py-1 text-sm";
  return (
    <form onSubmit={submit} className="space-y-3" aria-label={record ? `Edit ${entity.label}` : `New ${entity.label}`}>
      <ErrorNote error={error} />
      {entity.fields.map((f) => {
        const set = (v: string | boolean) => setValues((s) => ({ ...s, [f.name]: v }));
        const value = values[f.name];
        let input;
        if (f.type === "boolean") input = <input type="checkbox" name={f.name} checked={value === true} onChange={(e) => set(e.target.checked)} className="ml-2" />;
        else if (f.type === "longText") input = <textarea name={f.name} value={text(value)} onChange={(e) => set(e.target.value)} className={cls} rows={3} />;
        else if (f.type === "enum")
          input = (
            <select name={f.name} value={text(value)} onChange={(e) => set(e.target.value)} className={cls}>
              <option value="">—</option>
              {f.options?.map((o) => (
                <option key={o}>{o}</option>
              ))}
            </select>
          );
        else if (f.type === "reference")
          input = (
            <RefSelect name={f.name} value={text(value)} onChange={set} records={refs(f.ref ?? "")} entity={refEntity(f.ref ?? "")} className={cls} />
          );
        else input = <input name={f.name} type={INPUT[f.type] ?? "text"} step={f.type === "currency" ? "0.01" : f.type === "number" ? "any" : undefined} value={text(value)} onChange={(e) => set(e.target.value)} className={cls} />;
        return (
          <label key={f.name} className="block text-sm">
            <span className="font-medium">
              {f.label}
              {f.required && <span className="text-red-600"> *</span>}
            </span>
            {input}
          </label>
        );
      })}
      <div className="flex gap-2">
        <button type="submit" disabled={pending} className="rounded bg-indigo-600 px-3 py-1.5 text-sm text-white disabled:opacity-50">
          {record ? "Save" : `Add ${entity.label.toLowerCase()}`}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel} className="rounded border border-slate-300 px-3 py-1.5 text-sm">
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

function RefSelect(props: { name: string; value: string; onChange: (v: string) => void; records: AppRecord[]; entity: Entity | undefined; className: string }) {
  return (
    <select name={props.name} value={props.value} onChange={(e) => props.onChange(e.target.value)} className={props.className}>
      <option value="">—</option>
      {props.records.map((r) => (
        <option key={r.id} value={r.id}>
          {props.entity ? recordTitle(props.entity, r) : r.id}
        </option>
      ))}
    </select>
  );
}
