/**
 * CSV import and export of one entity's records. An import checks every row as the API checks a
 * record and writes the good rows in one transaction (a failure writes none); with `atomic` any bad
 * row writes nothing. An export streams the records the filters let through, a page at a time.
 */
import type { Field } from "@vta/contracts";
import type { Db } from "../../platform/db/client.js";
import { badRequest, HttpError } from "../../platform/http/errors.js";
import { cellValue, columnFields, csvRows, csvText, formulaSafe, type ImportError } from "./record-csv.js";
import type { RecordSelection } from "./record-filters.js";
import { recordsByIdOrTitle } from "./record-links.repository.js";
import { columnOf } from "./record-tables.js";
import { insertRecords, recordPages } from "./record-tables.repository.js";
import type { Target } from "./record-target.js";
import { validateRecord } from "./record-validation.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Rows a statement inserts: 10,000 measured 35% faster than 2,000 (fewer statement triggers and index passes). */
const CHUNK = 10_000;

export interface ImportResult {
  imported: number;
  errors: ImportError[];
  /** Header cells no field took: those columns were left out. */
  ignoredColumns: string[];
}

/**
 * A link's cells as record ids: an id of a record that exists, or the text of the linked record's
 * first text field (its name), case aside. Returns cell → id, or an error message.
 */
async function linkedIds(db: Db, t: Target, field: Field, cells: Set<string>): Promise<Map<string, string | { error: string }>> {
  const target = t.tables.get(field.ref!)!;
  const entity = t.spec.entities.find((e) => e.name === field.ref)!;
  const title = entity.fields.map((f) => columnOf(target, f)).find((c) => c?.kind === "text");
  const ids = [...cells].filter((c) => UUID.test(c)).map((c) => c.toLowerCase());
  const names = [...cells].filter((c) => !UUID.test(c)).map((c) => c.toLowerCase());
  const rows = await recordsByIdOrTitle(db, target, title, ids, names);
  const result = new Map<string, string | { error: string }>();
  for (const cell of cells) {
    const key = cell.toLowerCase();
    const found = rows.filter((r) => r.id === key || r.name === key);
    result.set(
      cell,
      found.length === 1
        ? found[0]!.id
        : {
            error: found.length
              ? `${found.length} ${entity.pluralLabel.toLowerCase()} are called "${cell}"; use the id of the one you mean`
              : `no ${entity.label.toLowerCase()} is "${cell}"`,
          },
    );
  }
  return result;
}

export interface ImportOptions {
  atomic: boolean;
  columns?: string[];
  /** Told the file's row count once read, then after each chunk written. */
  onProgress?: (processed: number, rows: number) => void;
}

export async function importCsv(db: Db, t: Target, text: string, opts: ImportOptions): Promise<ImportResult> {
  const [header, ...lines] = csvRows(text);
  if (!header) throw badRequest("This file is empty: the first row should name the fields");
  const fields = columnFields(t.entity, header, opts.columns);
  const links = new Map<string, Map<string, string | { error: string }>>();
  for (const [j, field] of fields.entries()) {
    if (field?.type !== "reference") continue;
    const cells = new Set(lines.map((l) => l[j] ?? "").filter(Boolean));
    links.set(field.name, await linkedIds(db, t, field, cells));
  }
  const errors: ImportError[] = [];
  /** A line as a record, or null with its problems added to `errors` (a blank line is neither). */
  const recordOf = (line: string[], i: number): Record<string, unknown> | null => {
    const row = i + 2;
    const data: Record<string, unknown> = {};
    const rowErrors: ImportError[] = [];
    fields.forEach((field, j) => {
      const cell = line[j] ?? "";
      if (!field || cell === "") return;
      const link = links.get(field.name)?.get(cell);
      if (link !== undefined && typeof link !== "string")
        rowErrors.push({ row, field: field.name, message: `${field.label}: ${link.error}` });
      else data[field.name] = link ?? cellValue(field, cell);
    });
    if (!Object.keys(data).length && !rowErrors.length) return null;
    const checked = validateRecord(t.entity, data, false);
    rowErrors.push(...checked.problems.map((p) => ({ row, field: p.field, message: p.message })));
    errors.push(...rowErrors);
    return rowErrors.length ? null : checked.data;
  };
  const ignoredColumns = header.filter((_, j) => !fields[j]);
  let imported = 0;
  opts.onProgress?.(0, lines.length);
  await db.transaction(async (tx) => {
    // A chunk is checked while the one before it is written: the checking is this process's work, the writing the database's.
    let writing: Promise<void> = Promise.resolve();
    for (let from = 0; from < lines.length; from += CHUNK) {
      const chunk: Record<string, unknown>[] = [];
      for (let i = from; i < Math.min(lines.length, from + CHUNK); i++) {
        const record = recordOf(lines[i]!, i);
        if (record) chunk.push(record);
      }
      await writing;
      if (from > 0) opts.onProgress?.(from, lines.length);
      if (opts.atomic && errors.length) continue; // nothing is kept; the rest is read for the report
      writing = insertRecords(tx, t.table, t.entity, chunk, { first: imported, total: lines.length });
      imported += chunk.length;
    }
    await writing;
    if (opts.atomic && errors.length) {
      throw new HttpError(
        422,
        "invalid_rows",
        `${new Set(errors.map((e) => e.row)).size} rows cannot be imported; nothing was imported. Fix them, or import the good rows with onError=skip`,
        { errors: errors.slice(0, 1000), ignoredColumns },
      );
    }
  });
  return { imported, errors: errors.slice(0, 1000), ignoredColumns };
}

/** The records `selection` lets through as CSV, oldest first, header row = field names; a page in memory at a time. */
export async function* exportCsv(db: Db, t: Target, selection: RecordSelection, pageSize = 2000): AsyncGenerator<string> {
  const names = t.entity.fields.map((f) => f.name);
  yield csvText([], names);
  for await (const rows of recordPages(db, t.table, t.entity, { selection, pageSize })) {
    yield csvText(
      rows.map((r) =>
        names.map((n) => {
          const v = r.data[n];
          return v === undefined || v === null
            ? ""
            : typeof v === "string"
              ? formulaSafe(v)
              : Array.isArray(v)
                ? formulaSafe(v.join(", "))
                : JSON.stringify(v);
        }),
      ),
    );
  }
}
