import { isReadOnly, type Entity } from "./app-spec.js";

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/**
 * The field each header cell names, by name or label (case, spaces and punctuation aside), each
 * field once; "" for a column no field takes. Columns the app fills in itself (an exported file's
 * "Created" or "Number") are left out. The server imports by it; the import dialog shows it to change.
 */
export function guessColumns(entity: Entity, header: string[]): string[] {
  const taken = new Set<string>();
  return header.map((h) => {
    const f = entity.fields.find(
      (x) => !isReadOnly(x.type) && !taken.has(x.name) && (squash(x.name) === squash(h) || squash(x.label) === squash(h)),
    );
    if (f) taken.add(f.name);
    return f?.name ?? "";
  });
}
