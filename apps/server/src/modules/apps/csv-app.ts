/**
 * An app from a spreadsheet ("here's my spreadsheet"): one entity named after the file, a field per
 * column named after its header, each typed by what its cells hold (read as an import reads them),
 * a choice where a few values repeat, and the views that fit (a board by the first choice, a
 * calendar by the first date).
 */
import type { AppSpec, Entity, Field, FieldType, View } from "@vta/contracts";
import { camel, label, plural, singular } from "../builder/index.js";
import { cellValue } from "./record-csv.js";
import { check } from "./record-validation.js";

/** Cells looked at per column: enough to tell, few enough for a large file. */
const SAMPLE = 2000;
const MAX_OPTIONS = 12;

/** The entity's name from the file's: "Orders 2026.csv" → order. */
export function entityFromFileName(fileName: string): { name: string; label: string; pluralLabel: string } {
  const words = fileName
    .replace(/\.[a-z0-9]+$/i, "")
    .replace(/[^a-zA-Z]+/g, " ")
    .trim()
    .toLowerCase();
  const one = singular(words || "record")
    .split(" ")
    .slice(-3)
    .join(" ");
  return { name: camel(one) || "record", label: label(one), pluralLabel: label(plural(one)) };
}

/** The type whose every filled cell reads as that type (the narrowest first), with its choices for a choice. */
function columnType(header: string, cells: string[]): Pick<Field, "type" | "options"> {
  const filled = cells.map((c) => c.trim()).filter(Boolean);
  if (!filled.length) return { type: "text" };
  const all = (type: FieldType, extra: Partial<Field> = {}) =>
    filled.every(
      (c) =>
        check(
          { name: "x", label: "x", type, required: false, ...extra },
          cellValue({ name: "x", label: "x", type, required: false, ...extra }, c),
        ).ok,
    );
  if (filled.every((c) => /^(?:yes|no|y|n|true|false|x|✓|✔)$/i.test(c))) return { type: "boolean" };
  if (filled.every((c) => /%$/.test(c)) && all("percent")) return { type: "percent" };
  if (all("number"))
    return {
      type:
        filled.some((c) => /[$€£¥]/.test(c)) || /\b(?:price|cost|amount|total|fee|salary|budget|paid|revenue|balance)\b/i.test(header)
          ? "currency"
          : "number",
    };
  if (all("date")) return { type: "date" };
  if (filled.every((c) => /\d{1,2}:\d{2}/.test(c)) && all("dateTime")) return { type: "dateTime" };
  if (all("email")) return { type: "email" };
  if (filled.every((c) => /^https?:\/\//i.test(c)) && all("url")) return { type: "url" };
  if (filled.every((c) => (c.match(/\d/g)?.length ?? 0) >= 7) && all("phone")) return { type: "phone" };
  const distinct = [...new Set(filled)];
  if (distinct.length <= MAX_OPTIONS && filled.length >= distinct.length * 2 && distinct.every((d) => d.length <= 40))
    return { type: "enum", options: distinct };
  const longest = Math.max(...filled.map((c) => c.length));
  return { type: longest > 200 || filled.reduce((a, c) => a + c.length, 0) / filled.length > 80 ? "longText" : "text" };
}

export function inferSpec(fileName: string, header: string[], rows: string[][]): AppSpec {
  const named = entityFromFileName(fileName);
  const sample = rows.slice(0, SAMPLE);
  const used = new Set<string>();
  const fields: Field[] = header.slice(0, 60).map((h, j) => {
    let name = (/[a-z0-9]/i.test(h) ? camel(h) : `column${j + 1}`).slice(0, 60);
    for (let i = 2; used.has(name); i++) name = `${name.replace(/\d+$/, "")}${i}`;
    used.add(name);
    return {
      name,
      label: label(h.trim() || `Column ${j + 1}`),
      required: false,
      ...columnType(
        h,
        sample.map((r) => r[j] ?? ""),
      ),
    };
  });
  const entity: Entity = { ...named, fields: fields.length ? fields : [{ name: "name", label: "Name", type: "text", required: false }] };
  const views: View[] = [
    { id: `${entity.name}Table`, type: "table", entity: entity.name, title: entity.pluralLabel },
    { id: `${entity.name}Form`, type: "form", entity: entity.name, title: `New ${entity.label.toLowerCase()}` },
  ];
  const choice = entity.fields.find((f) => f.type === "enum");
  if (choice)
    views.push({
      id: `${entity.name}Board`,
      type: "board",
      entity: entity.name,
      title: `${entity.pluralLabel} by ${choice.label.toLowerCase()}`,
      groupBy: choice.name,
    });
  const date = entity.fields.find((f) => f.type === "date" || f.type === "dateTime");
  if (date)
    views.push({
      id: `${entity.name}Calendar`,
      type: "calendar",
      entity: entity.name,
      title: `${entity.pluralLabel} calendar`,
      dateField: date.name,
    });
  return { name: `${entity.pluralLabel}`, description: `Made from the spreadsheet ${fileName}`.slice(0, 2000), entities: [entity], views };
}
