/**
 * Spreadsheets in and out of an entity. Parsing and writing CSV is csv-parse and csv-stringify's
 * job; this file maps columns to fields and cells to values as people type them in spreadsheets
 * ("$1,200.50", "yes", "3/15/2026" is refused as ambiguous, "Mar 15, 2026" is read).
 */
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { guessColumns, isReadOnly, type Entity, type Field } from "@vta/contracts";
import { badRequest } from "../../platform/http/errors.js";

export interface ImportError {
  /** The line of the file (the header is row 1). */
  row: number;
  field: string;
  message: string;
}

/** The rows of a CSV file, header first; a file that is not CSV is a 400 that says where. */
export function csvRows(text: string): string[][] {
  try {
    const rows: string[][] = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, relax_quotes: true, trim: true });
    return rows;
  } catch (err) {
    throw badRequest(`This file is not CSV that can be read: ${(err as Error).message}`);
  }
}

/** Which field each column fills: as the person mapped them (`columns`), else as the header names them (guessColumns); null for a column no field takes. */
export function columnFields(entity: Entity, header: string[], columns?: string[]): (Field | null)[] {
  const names = columns ?? guessColumns(entity, header);
  const taken = new Set<string>();
  const fields = header.map((h, j) => {
    const f = chosenField(entity, names[j] ?? "", h);
    if (f && taken.has(f.name)) throw badRequest(`Two columns fill ${f.label}; pick it for one column only`);
    if (f) taken.add(f.name);
    return f ?? null;
  });
  if (!fields.some(Boolean)) {
    throw badRequest(
      `No column of this file is a field of ${entity.pluralLabel.toLowerCase()}: the header row should name some of ${entity.fields.map((f) => f.label).join(", ")}`,
    );
  }
  return fields;
}

/** The field a person picked for the column headed `header` ("" leaves it out). */
function chosenField(entity: Entity, name: string, header: string): Field | null {
  if (name === "") return null;
  const f = entity.fields.find((x) => x.name === name);
  if (f && isReadOnly(f.type))
    throw badRequest(`Column "${header}" is to fill ${f.label}, which the app fills in itself; leave that column out`);
  if (!f)
    throw badRequest(
      `Column "${header}" is to fill "${name}", which is not a field of ${entity.pluralLabel.toLowerCase()} (fields: ${entity.fields.map((x) => x.name).join(", ")})`,
    );
  return f;
}

const MONTHS = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/i;

/** A cell as the value a record takes for `field` (the record's own checks come after). */
export function cellValue(field: Field, cell: string): unknown {
  switch (field.type) {
    case "number":
    case "currency": {
      // "$1,200.50", "1 200", "(12.50)" as a spreadsheet's negative, "15%" stays refused.
      const negative = /^\(.*\)$/.test(cell);
      const plain = cell.replace(/^\(|\)$/g, "").replace(/[$€£¥\s,]/g, "");
      return /^-?\d+(\.\d+)?$/.test(plain) ? (negative ? `-${plain}` : plain) : cell;
    }
    case "boolean": {
      const word = cell.toLowerCase();
      if (["yes", "y", "true", "1", "x", "✓", "✔"].includes(word)) return true;
      if (["no", "n", "false", "0"].includes(word)) return false;
      return cell;
    }
    case "date":
    case "dateTime": {
      // ISO as it is; a month written in words is read; 3/4/2026 could be March or April, so it is refused.
      if (/^\d{4}[-/]\d{1,2}[-/]\d{1,2}$/.test(cell)) {
        const [y, m, d] = cell.split(/[-/]/);
        return `${y}-${m!.padStart(2, "0")}-${d!.padStart(2, "0")}${field.type === "dateTime" ? "T00:00:00Z" : ""}`;
      }
      if (MONTHS.test(cell) && !Number.isNaN(Date.parse(`${cell} UTC`))) {
        const iso = new Date(Date.parse(`${cell} UTC`)).toISOString();
        return field.type === "date" ? iso.slice(0, 10) : iso;
      }
      return cell;
    }
    case "text":
    case "longText":
      // What an export escaped (see formulaSafe) comes back as it was.
      return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
    case "email":
    case "phone":
    case "url":
    case "enum":
    case "reference":
    case "rating":
    case "percent":
    case "duration":
    case "tags":
    case "autoNumber":
    case "createdTime":
    case "updatedTime":
      return cell;
  }
}

/** A value that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is written as text. */
export const formulaSafe = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/** CSV text of rows (the header row when `header` is given). */
export function csvText(rows: unknown[][], header?: string[]): string {
  return stringify(header ? [header, ...rows] : rows);
}
