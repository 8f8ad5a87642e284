import type { AppSpec, GoalTarget } from "@vta/contracts";

const TYPE_WORDS: Record<string, string> = {
  text: "text",
  longText: "long text",
  number: "a number",
  currency: "an amount of money",
  date: "a date",
  dateTime: "a date and time",
  boolean: "yes or no",
  email: "an email address",
  phone: "a phone number",
  url: "a link",
  enum: "a choice",
  reference: "a link",
};

const words = (identifier: string) => identifier.replace(/([A-Z])/g, " $1").toLowerCase();

/** A goal as a person would say it, using the app's labels where it has them. */
export function describeTarget(t: GoalTarget, spec?: Pick<AppSpec, "entities">): string {
  const entity = spec?.entities.find((e) => e.name === t.entity);
  const many = entity?.pluralLabel.toLowerCase() ?? `${words(t.entity)} records`;
  const one = entity?.label.toLowerCase() ?? words(t.entity);
  const fieldLabel = (name: string) => entity?.fields.find((f) => f.name === name)?.label.toLowerCase() ?? words(name);
  switch (t.kind) {
    case "entity":
      return `Keep track of ${many}`;
    case "field":
      return `Each ${one} has ${/^(?:a|e|i|o|u)/.test(fieldLabel(t.field)) ? "an" : "a"} ${fieldLabel(t.field)} (${TYPE_WORDS[t.type]})`;
    case "required":
      return `A ${one} always has a ${fieldLabel(t.field)}`;
    case "option":
      return `A ${one}'s ${fieldLabel(t.field)} can be "${t.option}"`;
    case "relation":
      return `Each ${one} is linked to a ${spec?.entities.find((e) => e.name === t.ref)?.label.toLowerCase() ?? words(t.ref)}`;
    case "view":
      return t.view === "stats" ? `See totals for ${many}` : `See ${many} ${t.view === "table" ? "in a table" : t.view === "form" ? "in a form" : `on a ${t.view}`}`;
  }
}
