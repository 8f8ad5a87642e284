/**
 * A saved list's condition in a person's words, read against the entity's fields: "open" is an
 * option of a choice, "unpaid" a yes/no that is not ticked, "due this week" a period of its due
 * date. Words that name nothing of the entity are returned, so the build can say what it did not use.
 */
import type { DatePeriod, Entity, Field, RecordFilter } from "@vta/contracts";

const PERIODS: [RegExp, DatePeriod][] = [
  [/\b(?:overdue|past due|late)\b/, "overdue"],
  [/\btoday\b/, "today"],
  [/\bthis week\b/, "thisWeek"],
  [/\bthis month\b/, "thisMonth"],
  [/\b(?:next week|in the next (?:7|seven) days|tomorrow|soon)\b/, "next7Days"],
  [/\bin the last (?:30|thirty) days\b/, "last30Days"],
];

const FILLER = /\b(?:that|which|who|are|is|were|and|or|due|yet|in|the|next|last|days?|7|seven|30|thirty)\b/g;

export function readCondition(entity: Entity, words: string): { filters: RecordFilter[]; unused: string[] } {
  let rest = ` ${words.toLowerCase()} `;
  const filters: RecordFilter[] = [];
  const period = PERIODS.find(([re]) => re.test(rest));
  if (period) {
    const dates = entity.fields.filter((f) => f.type === "date" || f.type === "dateTime");
    // "due this week", "overdue": the due date when there is one; else the entity's first date.
    const field = (/\bdue\b|overdue|past due|late/.test(rest) ? dates.find((f) => /due|deadline/i.test(f.name)) : undefined) ?? dates[0];
    if (field) {
      filters.push({ field: field.name, op: "within", value: period[1] });
      rest = rest.replace(period[0], " ").replace(/\bdue\b/, " ");
    }
  }
  for (const field of entity.fields) {
    const found = stateOf(field, rest);
    if (!found) continue;
    filters.push(found.filter);
    rest = rest.replace(found.words, " ");
  }
  const unused = rest.replace(FILLER, " ").split(/\s+/).filter(Boolean);
  return { filters, unused };
}

/** A choice's options or a yes/no named in the words ("open or done", "unpaid", "not paid"). */
function stateOf(field: Field, text: string): { filter: RecordFilter; words: RegExp } | null {
  if (field.type === "enum") {
    const named = (field.options ?? []).filter((o) => new RegExp(`\\b${escape(o.toLowerCase())}\\b`).test(text));
    if (!named.length) return null;
    return {
      filter: { field: field.name, op: "in", value: named },
      words: new RegExp(named.map((o) => `\\b${escape(o.toLowerCase())}\\b`).join("|"), "g"),
    };
  }
  if (field.type === "boolean") {
    const word = escape(field.label.toLowerCase().replace(/^is /, ""));
    const negated = new RegExp(`\\b(?:not (?:yet )?${word}|un${word})\\b`);
    if (negated.test(text)) return { filter: { field: field.name, op: "is", value: false }, words: negated };
    const plain = new RegExp(`\\b${word}\\b`);
    if (plain.test(text)) return { filter: { field: field.name, op: "is", value: true }, words: plain };
  }
  return null;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
