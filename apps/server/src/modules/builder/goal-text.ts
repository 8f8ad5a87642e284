import { FIELD_TYPE_WORDS, type AppSpec, type FieldType, type GoalTarget } from "@vta/contracts";
import { spoken as words } from "./builtin/words.js";

/** Words whose label already says the type: "due date" needs no "(date)". */
const SAYS_TYPE: Partial<Record<FieldType, RegExp>> = {
  date: /\b(?:date|day|birthday|deadline|due)\b/,
  dateTime: /\b(?:date and time|date time|datetime|time)\b/,
  email: /\bemail\b/,
  phone: /\bphone\b/,
  url: /\b(?:link|url|website)\b/,
  currency: /\b(?:price|cost|amount|fee|total|budget|salary|rent|pay|deposit|balance|tip|value)\b/,
  number: /\b(?:number|count|quantity|age|year|rating|score|minutes|hours|pages)\b/,
};

/** "notes", "ingredients": said without "a". */
const article = (label: string) =>
  /(?:[^s]s|ies)$/.test(label) || /^(?:equipment|information|feedback|inventory|mileage|progress|attendance)$/.test(label)
    ? ""
    : /^[aeiou]/.test(label)
      ? "an "
      : "a ";

/** A goal as a person would say it, using the app's labels where it has them. */
export function describeTarget(t: GoalTarget, spec?: Pick<AppSpec, "entities">): string {
  const entity = spec?.entities.find((e) => e.name === t.entity);
  const many = entity?.pluralLabel.toLowerCase() ?? `${words(t.entity)} records`;
  const one = entity?.label.toLowerCase() ?? words(t.entity);
  const fieldLabel = (name: string) => entity?.fields.find((f) => f.name === name)?.label.toLowerCase() ?? words(name);
  switch (t.kind) {
    case "entity":
      return `Keep track of ${many}`;
    case "field": {
      const label = fieldLabel(t.field);
      if (t.type === "boolean") return `Each ${one} has a yes or no for ${label}`;
      const obvious = t.type === "text" || t.type === "longText" || SAYS_TYPE[t.type]?.test(label);
      return `Each ${one} has ${article(label)}${label}${obvious ? "" : ` (${FIELD_TYPE_WORDS[t.type]})`}`;
    }
    case "required":
      return `A ${one} always has ${article(fieldLabel(t.field)) || "its "}${fieldLabel(t.field)}`;
    case "option":
      return `A ${one}'s ${fieldLabel(t.field)} can be "${t.option}"`;
    case "relation":
      return `Each ${one} is linked to ${article(spec?.entities.find((e) => e.name === t.ref)?.label.toLowerCase() ?? words(t.ref)) || "a "}${spec?.entities.find((e) => e.name === t.ref)?.label.toLowerCase() ?? words(t.ref)}`;
    case "view":
      return t.view === "stats"
        ? `See totals for ${many}`
        : `See ${many} ${t.view === "table" ? "in a table" : t.view === "form" ? "in a form" : `on a ${t.view}`}`;
  }
}
