import { formatDuration, type AppRecord, type Entity, type Field } from "@vta/contracts";

/** Any stored value as text (objects never show as "[object Object]"). */
export const text = (v: unknown): string =>
  typeof v === "string"
    ? v
    : typeof v === "number" || typeof v === "boolean"
      ? String(v)
      : v === null || v === undefined
        ? ""
        : JSON.stringify(v);

/** How a value reads in the app: money with two decimals, dates in the person's locale, links clickable. */
export function FieldValue({ field, value, refLabel }: { field: Field; value: unknown; refLabel?: (id: string) => string }) {
  if (value === null || value === undefined || value === "") return <span className="text-slate-400">—</span>;
  switch (field.type) {
    case "currency":
      return <>{Number(value).toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}</>;
    case "number":
      return <>{Number(value).toLocaleString()}</>;
    case "date":
      return <>{new Date(`${text(value)}T00:00:00`).toLocaleDateString()}</>;
    case "dateTime":
    case "createdTime":
    case "updatedTime":
      return <>{new Date(text(value)).toLocaleString()}</>;
    case "autoNumber":
      return <>#{text(value)}</>;
    case "boolean":
      return <>{value ? "Yes" : "No"}</>;
    case "url":
      return /^https?:\/\//.test(text(value)) ? (
        <a href={text(value)} target="_blank" rel="noopener noreferrer" className="text-indigo-700 underline">
          {text(value)}
        </a>
      ) : (
        <>{text(value)}</>
      );
    case "email":
      return (
        <a href={`mailto:${text(value)}`} className="text-indigo-700 underline">
          {text(value)}
        </a>
      );
    case "reference":
      return <>{refLabel ? refLabel(text(value)) : text(value)}</>;
    case "longText":
      return <span className="whitespace-pre-wrap">{text(value)}</span>;
    case "rating": {
      const max = field.max ?? 5;
      const n = Math.max(0, Math.min(max, Math.round(Number(value))));
      return (
        // Large and with contrast enough to read at a glance (amber-700 and slate-500 on white).
        <span role="img" aria-label={`${n} out of ${max}`} className="whitespace-nowrap text-lg leading-none tracking-tight text-amber-700">
          {"★".repeat(n)}
          <span className="text-slate-500">{"☆".repeat(max - n)}</span>
        </span>
      );
    }
    case "tags":
      return (
        <span className="inline-flex flex-wrap gap-1">
          {(Array.isArray(value) ? value : [value]).map((tag) => (
            <span key={text(tag)} className="rounded-full bg-slate-200 px-2 text-xs text-slate-800">
              {text(tag)}
            </span>
          ))}
        </span>
      );
    case "percent":
      return <>{Number(value).toLocaleString(undefined, { maximumFractionDigits: 2 })}%</>;
    case "duration":
      return <>{formatDuration(Number(value))}</>;
    case "text":
    case "phone":
    case "enum":
      return <>{text(value)}</>;
  }
}

/** The field that names a record: its first text-like field. */
export const titleField = (entity: Entity) => entity.fields.find((f) => f.type === "text" || f.type === "email") ?? entity.fields[0]!;

export const recordTitle = (entity: Entity, r: AppRecord) => {
  const v = r.data[titleField(entity).name];
  return v === undefined || v === null || v === "" ? "(untitled)" : text(v);
};
