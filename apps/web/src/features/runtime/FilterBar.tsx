/**
 * Filters on an entity's fields, as chips a person adds and removes: text contains or is, number
 * and date ranges, "this week" or "overdue", a choice among several, yes or no, empty or not,
 * linked to a given record. Every view and total shows only what they let through.
 */
import { useState, type FormEvent } from "react";
import {
  DATE_PERIODS,
  isDated,
  isNumeric,
  type AppSpec,
  type DatePeriod,
  type Entity,
  type Field,
  type FilterOp,
  type RecordFilter,
} from "@vta/contracts";
import { FieldInput } from "./FieldInput";
import type { RecordSource } from "./source";
import { Button } from "../../components/Button";

export interface Chip {
  filter: RecordFilter;
  /** What the chip says ("Status is open or done"). */
  label: string;
}

const PERIOD_WORDS: Record<DatePeriod, string> = {
  today: "today",
  thisWeek: "this week",
  thisMonth: "this month",
  next7Days: "in the next 7 days",
  last30Days: "in the last 30 days",
  overdue: "overdue (before today)",
};

/** A filter in words ("Status is open or done", "Due date: this week"), for a view's own filters. */
export function filterWords(entity: Entity, f: RecordFilter): string {
  const field = entity.fields.find((x) => x.name === f.field);
  const label =
    field?.label ?? ({ id: "Record", createdAt: "Created", updatedAt: "Updated" } as Record<string, string>)[f.field] ?? f.field;
  const values = (Array.isArray(f.value) ? f.value : [f.value]).map((v) => (v === true ? "yes" : v === false ? "no" : String(v)));
  switch (f.op) {
    case "empty":
      return `${label} is empty`;
    case "notEmpty":
      return `${label} is not empty`;
    case "in":
      return `${label} is ${values.join(" or ")}`;
    case "within":
      return `${label}: ${PERIOD_WORDS[f.value as DatePeriod] ?? String(f.value)}`;
    case "between":
      return `${label} ${values[0] === "null" ? `up to ${values[1]}` : values[1] === "null" ? `from ${values[0]}` : `${values[0]} – ${values[1]}`}`;
    case "contains":
      return `${label} contains ${values[0]}`;
    case "is":
      return field?.type === "reference" ? `${label} is a given ${field.ref ?? "record"}` : `${label} is ${values[0]}`;
    case "isNot":
      return `${label} is not ${values[0]}`;
  }
}

/** The ways a field can be filtered, in the words a person picks from. */
function opsFor(field: Field): { op: FilterOp; words: string }[] {
  const emptiness = [
    { op: "empty" as const, words: "is empty" },
    { op: "notEmpty" as const, words: "is not empty" },
  ];
  switch (field.type) {
    case "number":
    case "currency":
    case "rating":
    case "percent":
    case "duration":
      return [{ op: "between", words: "is between" }, { op: "is", words: "is" }, ...emptiness];
    case "autoNumber":
      return [
        { op: "between", words: "is between" },
        { op: "is", words: "is" },
      ];
    case "date":
    case "dateTime":
    case "createdTime":
    case "updatedTime":
      return [{ op: "within", words: "is" }, { op: "between", words: "is between" }, ...emptiness];
    case "boolean":
      return [{ op: "is", words: "is" }];
    case "enum":
      return [{ op: "in", words: "is any of" }, ...emptiness];
    case "tags":
      return [{ op: "in", words: "has any of" }, ...emptiness];
    case "reference":
      return [{ op: "is", words: "is linked to" }, ...emptiness];
    case "text":
    case "longText":
    case "email":
    case "phone":
    case "url":
      return [{ op: "contains", words: "contains" }, { op: "is", words: "is exactly" }, ...emptiness];
  }
}

export function FilterBar({
  spec,
  source,
  entity,
  chips,
  onChange,
}: {
  spec: AppSpec;
  source: RecordSource;
  entity: Entity;
  chips: Chip[];
  onChange: (chips: Chip[]) => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      {chips.map((chip, i) => (
        <span key={i} className="inline-flex items-center gap-1 rounded-full bg-indigo-50 px-2 py-0.5 text-indigo-900">
          {chip.label}
          <button
            type="button"
            onClick={() => onChange(chips.filter((_, j) => j !== i))}
            aria-label={`Remove filter: ${chip.label}`}
            className="rounded-full px-1 hover:bg-indigo-200"
          >
            ×
          </button>
        </span>
      ))}
      <button
        type="button"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-50"
      >
        + Filter
      </button>
      {chips.length > 1 && (
        <button type="button" onClick={() => onChange([])} className="text-slate-600 underline">
          Clear filters
        </button>
      )}
      {open && (
        <NewFilter
          spec={spec}
          source={source}
          entity={entity}
          onAdd={(chip) => {
            onChange([...chips, chip]);
            setOpen(false);
          }}
        />
      )}
    </div>
  );
}

function NewFilter({ spec, source, entity, onAdd }: { spec: AppSpec; source: RecordSource; entity: Entity; onAdd: (chip: Chip) => void }) {
  const [name, setName] = useState(entity.fields[0]!.name);
  const field = entity.fields.find((f) => f.name === name)!;
  const ops = opsFor(field);
  const [op, setOp] = useState<FilterOp>(ops[0]!.op);
  const current = ops.find((o) => o.op === op) ?? ops[0]!;
  const [value, setValue] = useState<string | boolean>("");
  const [to, setTo] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const pickField = (next: string) => {
    setName(next);
    setOp(opsFor(entity.fields.find((f) => f.name === next)!)[0]!.op);
    setValue("");
    setTo("");
    setChosen([]);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const filter = filterOf(field, current.op, value, to, chosen);
    if (typeof filter === "string") return setProblem(filter);
    onAdd({ filter, label: filterWords(entity, filter) });
  };
  const cls = "rounded border border-slate-300 px-2 py-1";
  const range = current.op === "between";
  const dated = isDated(field.type);
  return (
    <form
      onSubmit={submit}
      aria-label="New filter"
      className="flex w-full flex-wrap items-end gap-2 rounded border border-slate-200 bg-slate-50 p-2"
    >
      <label className="grid gap-0.5">
        <span className="text-xs text-slate-600">Field</span>
        <select value={name} onChange={(e) => pickField(e.target.value)} className={cls}>
          {entity.fields.map((f) => (
            <option key={f.name} value={f.name}>
              {f.label}
            </option>
          ))}
        </select>
      </label>
      <label className="grid gap-0.5">
        <span className="text-xs text-slate-600">Condition</span>
        <select value={current.op} onChange={(e) => setOp(e.target.value as FilterOp)} className={cls}>
          {ops.map((o) => (
            <option key={o.op} value={o.op}>
              {o.words}
            </option>
          ))}
        </select>
      </label>
      {current.op === "within" && (
        <label className="grid gap-0.5">
          <span className="text-xs text-slate-600">When</span>
          <select value={String(value)} onChange={(e) => setValue(e.target.value)} className={cls}>
            <option value="">Pick a period</option>
            {DATE_PERIODS.map((p) => (
              <option key={p} value={p}>
                {PERIOD_WORDS[p]}
              </option>
            ))}
          </select>
        </label>
      )}
      {current.op === "in" && (
        <fieldset className="flex flex-wrap gap-2">
          <legend className="text-xs text-slate-600">Options</legend>
          {field.options?.map((o) => (
            <label key={o} className="flex items-center gap-1">
              <input
                type="checkbox"
                checked={chosen.includes(o)}
                onChange={(e) => setChosen((c) => (e.target.checked ? [...c, o] : c.filter((x) => x !== o)))}
              />
              {o}
            </label>
          ))}
        </fieldset>
      )}
      {(current.op === "is" || current.op === "contains" || range) && (
        <label className="grid gap-0.5">
          <span className="text-xs text-slate-600">{range ? "From" : "Value"}</span>
          {field.type === "boolean" ? (
            <select value={String(value)} onChange={(e) => setValue(e.target.value)} className={cls}>
              <option value="">Pick</option>
              <option value="true">Yes</option>
              <option value="false">No</option>
            </select>
          ) : (
            <FieldInput
              spec={spec}
              source={source}
              field={dated ? { ...field, type: "date" } : field.type === "longText" ? { ...field, type: "text" } : field}
              value={value}
              onChange={setValue}
              className={cls}
            />
          )}
        </label>
      )}
      {range && (
        <label className="grid gap-0.5">
          <span className="text-xs text-slate-600">To</span>
          <input type={dated ? "date" : "number"} step="any" value={to} onChange={(e) => setTo(e.target.value)} className={cls} />
        </label>
      )}
      <Button type="submit" variant="primary" size="sm">
        Add filter
      </Button>
      {problem && (
        <p role="alert" className="w-full text-red-800">
          {problem}
        </p>
      )}
    </form>
  );
}

/** The filter a person composed and its chip, or what is missing from it. */
/** The filter a person composed, or what is missing from it. */
function filterOf(field: Field, op: FilterOp, value: string | boolean, to: string, chosen: string[]): RecordFilter | string {
  const numeric = isNumeric(field.type) || field.type === "autoNumber";
  const typed = (v: string) => (numeric ? Number(v) : v);
  switch (op) {
    case "empty":
    case "notEmpty":
      return { field: field.name, op };
    case "in":
      return chosen.length ? { field: field.name, op, value: chosen } : "Tick at least one option";
    case "within":
      return value ? { field: field.name, op, value: String(value) } : "Pick a period";
    case "between":
      if (value === "" && to === "") return "Give a lower or an upper end (or both)";
      return { field: field.name, op, value: [value === "" ? null : typed(String(value)), to === "" ? null : typed(to)] };
    case "contains":
    case "is":
    case "isNot":
      if (value === "") return "Give a value";
      return { field: field.name, op, value: field.type === "boolean" ? value === "true" : typed(String(value)) };
  }
}
