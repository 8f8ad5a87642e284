/** One field's input, typed by the field, as the record form and a table cell edit it. */
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { formatDuration, isNumeric, parseDuration, type AppSpec, type Field } from "@vta/contracts";
import { Combobox, useComboboxSearch } from "../../components/Combobox";
import { byIds, recordKeys } from "./api";
import { recordTitle, text } from "./format";
import type { RecordSource } from "./source";

const INPUT: Partial<Record<Field["type"], string>> = {
  number: "number",
  currency: "number",
  percent: "number",
  date: "date",
  dateTime: "datetime-local",
  email: "email",
  url: "url",
  phone: "tel",
};

/** A stored value as its input holds it: a yes/no as a tick, a date-time in the person's local time. */
/** Tags as an input holds them: one per line (a tag may hold a comma). */
const TAG_LINES = "\n";

export function inputValue(field: Field, value: unknown): string | boolean {
  if (field.type === "boolean") return value === true;
  if (value === null || value === undefined) return "";
  if (field.type === "tags") return (Array.isArray(value) ? value : [value]).map(text).join(TAG_LINES);
  if (field.type === "duration" && typeof value === "number") return formatDuration(value);
  if (field.type === "dateTime") {
    const d = new Date(text(value));
    return Number.isNaN(d.getTime()) ? "" : new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  }
  return text(value);
}

/** An input's value as the record stores it (`null` clears the field). */
export function storedValue(field: Field, v: string | boolean): unknown {
  if (field.type === "boolean") return v === true;
  if (v === "" || v === false) return null;
  if (field.type === "tags") return String(v).split(TAG_LINES).filter(Boolean);
  if (field.type === "duration") return parseDuration(String(v)) ?? String(v); // the server says what it cannot read
  if (isNumeric(field.type)) return Number(v);
  if (field.type === "dateTime") return new Date(String(v)).toISOString();
  return v;
}

export interface FieldInputProps {
  spec: AppSpec;
  source: RecordSource;
  field: Field;
  value: string | boolean;
  onChange: (v: string | boolean) => void;
  /** Enter or leaving the input (a cell's edit ends there). */
  onCommit?: () => void;
  onCancel?: () => void;
  className?: string;
  autoFocus?: boolean;
  label?: string;
}

export function FieldInput({
  spec,
  source,
  field,
  value,
  onChange,
  onCommit,
  onCancel,
  className = "",
  autoFocus,
  label,
}: FieldInputProps) {
  const keys = (e: React.KeyboardEvent) => {
    if (e.key === "Escape" && onCancel) {
      e.preventDefault();
      onCancel();
    } else if (e.key === "Enter" && onCommit && field.type !== "longText") {
      e.preventDefault();
      onCommit();
    }
  };
  const common = { name: field.name, autoFocus, onKeyDown: keys, onBlur: onCommit, "aria-label": label };
  if (field.type === "boolean")
    return <input type="checkbox" {...common} checked={value === true} onChange={(e) => onChange(e.target.checked)} className="ml-2" />;
  if (field.type === "longText")
    return <textarea {...common} value={text(value)} onChange={(e) => onChange(e.target.value)} className={className} rows={3} />;
  if (field.type === "rating")
    return (
      <select {...common} value={text(value)} onChange={(e) => onChange(e.target.value)} className={className}>
        <option value="">—</option>
        {Array.from({ length: field.max ?? 5 }, (_, i) => (
          <option key={i} value={String(i + 1)}>
            {"★".repeat(i + 1)} ({i + 1})
          </option>
        ))}
      </select>
    );
  if (field.type === "tags") {
    const chosen = String(value).split(TAG_LINES).filter(Boolean);
    const toggle = (tag: string, on: boolean) => onChange((on ? [...chosen, tag] : chosen.filter((t) => t !== tag)).join(TAG_LINES));
    if (!field.options?.length)
      return (
        <input
          {...common}
          type="text"
          placeholder="urgent, billing"
          value={chosen.join(", ")}
          onChange={(e) => onChange(e.target.value.split(/\s*,\s*/).join(TAG_LINES))}
          className={className}
        />
      );
    return (
      <span role="group" aria-label={label ?? field.label} className="mt-1 flex flex-wrap gap-x-3 gap-y-1">
        {field.options.map((tag) => (
          <label key={tag} className="flex items-center gap-1 text-sm font-normal">
            <input type="checkbox" checked={chosen.includes(tag)} onChange={(e) => toggle(tag, e.target.checked)} onKeyDown={keys} />
            {tag}
          </label>
        ))}
      </span>
    );
  }
  if (field.type === "duration")
    return (
      <input
        {...common}
        type="text"
        placeholder="1h 30m"
        value={text(value)}
        onChange={(e) => onChange(e.target.value)}
        className={className}
      />
    );
  if (field.type === "enum")
    return (
      <select {...common} value={text(value)} onChange={(e) => onChange(e.target.value)} className={className}>
        <option value="">—</option>
        {field.options?.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
    );
  if (field.type === "reference") {
    const target = spec.entities.find((e) => e.name === field.ref);
    return target ? (
      <LinkPicker
        {...common}
        source={source}
        target={target.name}
        spec={spec}
        value={text(value)}
        onChange={onChange}
        className={className}
      />
    ) : null;
  }
  return (
    <input
      {...common}
      type={INPUT[field.type] ?? "text"}
      step={field.type === "currency" ? "0.01" : field.type === "number" ? "any" : undefined}
      value={text(value)}
      onChange={(e) => onChange(e.target.value)}
      className={className}
    />
  );
}

/**
 * A link to another record, picked by searching that entity's records as one types (a combobox:
 * arrows move, Enter picks, Escape closes), so a customer is found among thousands.
 */
function LinkPicker(props: {
  spec: AppSpec;
  source: RecordSource;
  target: string;
  value: string;
  onChange: (id: string) => void;
  className: string;
  name: string;
  autoFocus?: boolean;
  onKeyDown: (e: React.KeyboardEvent) => void;
  onBlur?: () => void;
  "aria-label"?: string;
}) {
  const { spec, source, target, value, onChange } = props;
  const entity = spec.entities.find((e) => e.name === target)!;
  const search = useComboboxSearch();
  const found = useQuery({
    queryKey: [...recordKeys.entity(source, target), "pick", search.term],
    queryFn: ({ signal }) => source.page(target, { search: search.term }, null, 20, signal),
    enabled: search.open,
    staleTime: 10_000,
  });
  const current = useQuery(byIds(source, target, value ? [value] : []));
  // The title of what was just picked, while the lookup of its id is on its way.
  const [picked, setPicked] = useState<{ id: string; label: string } | null>(null);
  const currentTitle = value
    ? current.data?.items[0]
      ? recordTitle(entity, current.data.items[0])
      : picked?.id === value
        ? picked.label
        : current.isPending
          ? "…"
          : "(deleted)"
    : "";
  const options = [
    { id: "", label: `— No ${entity.label.toLowerCase()}`, muted: true },
    ...(found.data?.items ?? []).map((r) => ({ id: r.id, label: recordTitle(entity, r) })),
  ];
  return (
    <div className="relative">
      <Combobox
        search={search}
        shown={currentTitle}
        options={options}
        onPick={(o) => {
          if (!o) return;
          setPicked(o);
          onChange(o.id);
        }}
        listLabel={`${entity.pluralLabel} found`}
        searching={found.isFetching}
        inputProps={{
          name: props.name,
          "aria-label": props["aria-label"],
          autoFocus: props.autoFocus,
          placeholder: `Search ${entity.pluralLabel.toLowerCase()}…`,
          className: props.className,
        }}
        onOtherKey={props.onKeyDown}
        onBlur={props.onBlur}
      />
    </div>
  );
}
