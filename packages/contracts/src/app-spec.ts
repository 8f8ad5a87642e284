import { z } from "zod";

/**
 * An app is data, not code: entities with typed fields, and views over them. The web app renders
 * it; records are validated against it. `name`s are lowerCamelCase identifiers, `label`s are for people.
 */
export const Identifier = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9]*$/, "must be a lowerCamelCase identifier (letters and digits, starting with a lowercase letter)")
  .max(64);

export const Label = z.string().trim().min(1, "label is required").max(80);

export const FieldType = z.enum([
  "text",
  "longText",
  "number",
  "currency",
  "date",
  "dateTime",
  "boolean",
  "email",
  "phone",
  "url",
  "enum",
  "reference",
  "rating",
  "percent",
  "duration",
  "tags",
  "autoNumber",
  "createdTime",
  "updatedTime",
]);
export type FieldType = z.infer<typeof FieldType>;

/** The types the app fills in itself (1, 2, 3… in the order records are added; when one was added, last changed): never written. */
export const READ_ONLY_TYPES: readonly FieldType[] = ["autoNumber", "createdTime", "updatedTime"];
export const isReadOnly = (type: FieldType | undefined) => type !== undefined && READ_ONLY_TYPES.includes(type);
/** The types that hold a moment (shown in the person's time zone, grouped by the day it falls on there). */
export const MOMENT_TYPES: readonly FieldType[] = ["dateTime", "createdTime", "updatedTime"];
export const isDated = (type: FieldType | undefined) => type === "date" || (type !== undefined && MOMENT_TYPES.includes(type));

/** The types whose values are numbers: summed, averaged, charted, filtered by range. A duration is in minutes, a percent 45 for 45%. */
export const NUMERIC_TYPES: readonly FieldType[] = ["number", "currency", "rating", "percent", "duration"];
export const isNumeric = (type: FieldType | undefined) => type !== undefined && NUMERIC_TYPES.includes(type);

/** A field type as a person says it ("long text", "yes or no"), for goals and diffs. */
export const FIELD_TYPE_WORDS: Record<FieldType, string> = {
  text: "text",
  longText: "long text",
  number: "number",
  currency: "amount of money",
  date: "date",
  dateTime: "date and time",
  boolean: "yes or no",
  email: "email address",
  phone: "phone number",
  url: "link",
  enum: "choice",
  reference: "link",
  rating: "rating",
  percent: "percentage",
  duration: "duration",
  tags: "tags",
  autoNumber: "number the app gives",
  createdTime: "time it was added",
  updatedTime: "time it was last changed",
};

export const Field = z.object({
  name: Identifier,
  label: Label,
  type: FieldType,
  required: z.boolean().default(false),
  /** The choices of an `enum` field; the tags a `tags` field may hold (any when absent). */
  options: z.array(z.string().trim().min(1).max(60)).min(1).max(50).optional(),
  /** The entity a `reference` field points to. */
  ref: Identifier.optional(),
  /** The top of a `rating` ("out of 10"); 5 when absent. */
  max: z.number().int().min(2).max(10).optional(),
});
export type Field = z.infer<typeof Field>;

export const Entity = z.object({
  name: Identifier,
  label: Label,
  pluralLabel: Label,
  fields: z.array(Field).min(1, "an entity needs at least one field").max(60),
});
export type Entity = z.infer<typeof Entity>;

/**
 * A condition on one field, as a list, a total or a saved view applies it. `value` by `op`: contains,
 * is, isNot — one value; in — a list; between — [from, to], either null for open; within — a
 * period ("today", "thisWeek", "thisMonth", "next7Days", "last30Days", "overdue"); empty,
 * notEmpty — none. `createdAt` and `updatedAt` can be filtered like date-and-time fields, `id` with is or in.
 */
export const FilterOp = z.enum(["contains", "is", "isNot", "in", "between", "within", "empty", "notEmpty"]);
export type FilterOp = z.infer<typeof FilterOp>;
export const DATE_PERIODS = ["today", "thisWeek", "thisMonth", "next7Days", "last30Days", "overdue"] as const;
export type DatePeriod = (typeof DATE_PERIODS)[number];
const FilterScalar = z.union([z.string().max(200), z.number(), z.boolean(), z.null()]);
export const RecordFilter = z.object({
  field: Identifier,
  op: FilterOp,
  value: z.union([FilterScalar, z.array(FilterScalar).max(50)]).optional(),
});
export type RecordFilter = z.infer<typeof RecordFilter>;
/** What every record has besides its fields, and filters can test. */
export const RECORD_OWN_FIELDS = ["id", "createdAt", "updatedAt"];

export const ViewType = z.enum(["table", "form", "board", "calendar", "chart", "stats"]);
export type ViewType = z.infer<typeof ViewType>;

/** A field name to sort by, `-` in front for descending. */
export const SortKey = z.string().regex(/^-?[a-z][a-zA-Z0-9]*$/, "sort is a field name, with - in front for descending");

/**
 * What every view has. A saved view also keeps which records it shows (`filters`, all of them
 * apply) and their order (`sort`): "open tasks due this week" is a table of tasks with two filters.
 */
const ViewBase = {
  id: Identifier,
  title: Label,
  entity: Identifier,
  filters: z.array(RecordFilter).max(20).optional(),
  sort: SortKey.optional(),
};
export const View = z.discriminatedUnion("type", [
  z.object({ ...ViewBase, type: z.literal("table"), columns: z.array(Identifier).max(60).optional() }),
  z.object({ ...ViewBase, type: z.literal("form") }),
  /** Cards in columns, one column per option of an enum field. */
  z.object({ ...ViewBase, type: z.literal("board"), groupBy: Identifier }),
  z.object({ ...ViewBase, type: z.literal("calendar"), dateField: Identifier }),
  /** Records counted (or a number field summed) per value of `groupBy`. */
  z.object({
    ...ViewBase,
    type: z.literal("chart"),
    groupBy: Identifier,
    measure: Identifier.optional(),
    chart: z.enum(["bar", "pie", "line"]).default("bar"),
  }),
  /** Totals: the record count, and the sum and average of each number or currency field. */
  z.object({ ...ViewBase, type: z.literal("stats") }),
]);
export type View = z.infer<typeof View>;

const AppSpecShape = z.object({
  name: z.string().trim().min(1, "name is required").max(80),
  description: z.string().max(2000).default(""),
  entities: z.array(Entity).min(1, "an app needs at least one entity").max(30),
  views: z.array(View).max(100),
});

/** The whole app, with its cross-references checked (refs, view fields, unique names). */
export const AppSpec = AppSpecShape.superRefine((spec, ctx) => {
  for (const problem of specProblems(spec)) ctx.addIssue({ code: "custom", message: problem.message, path: problem.path });
});
export type AppSpec = z.infer<typeof AppSpec>;

interface Problem {
  path: (string | number)[];
  message: string;
}

/** What makes a well-typed spec inconsistent; empty when it is sound. */
export function specProblems(spec: z.infer<typeof AppSpecShape>): Problem[] {
  const problems: Problem[] = [];
  const entities = new Map(spec.entities.map((e) => [e.name, e]));
  if (entities.size !== spec.entities.length) problems.push({ path: ["entities"], message: "entity names must be unique" });
  spec.entities.forEach((entity, i) => {
    const names = new Set<string>();
    entity.fields.forEach((field, j) => {
      const path = ["entities", i, "fields", j];
      if (names.has(field.name)) problems.push({ path: [...path, "name"], message: `${entity.name} has two fields named ${field.name}` });
      names.add(field.name);
      if (field.type === "enum" && !field.options?.length)
        problems.push({ path: [...path, "options"], message: `${entity.name}.${field.name} is an enum and needs options` });
      if (field.type === "reference" && (!field.ref || !entities.has(field.ref))) {
        problems.push({ path: [...path, "ref"], message: `${entity.name}.${field.name} must reference one of the app's entities` });
      }
    });
  });
  const ids = new Set<string>();
  spec.views.forEach((view, i) => {
    const path = ["views", i];
    if (ids.has(view.id)) problems.push({ path: [...path, "id"], message: `two views have the id ${view.id}` });
    ids.add(view.id);
    const entity = entities.get(view.entity);
    if (!entity) return problems.push({ path: [...path, "entity"], message: `view ${view.id} shows an unknown entity ${view.entity}` });
    const field = (name: string) => entity.fields.find((f) => f.name === name);
    if (view.type === "board" && field(view.groupBy)?.type !== "enum") {
      problems.push({ path: [...path, "groupBy"], message: `board ${view.id} must group by an enum field of ${entity.name}` });
    }
    if (view.type === "calendar" && !isDated(field(view.dateField)?.type)) {
      problems.push({ path: [...path, "dateField"], message: `calendar ${view.id} needs a date field of ${entity.name}` });
    }
    if (view.type === "chart") {
      if (!field(view.groupBy)) problems.push({ path: [...path, "groupBy"], message: `chart ${view.id} groups by an unknown field` });
      if (view.measure && !isNumeric(field(view.measure)?.type)) {
        problems.push({ path: [...path, "measure"], message: `chart ${view.id} must measure a number or currency field` });
      }
    }
    if (view.type === "table") {
      for (const column of view.columns ?? [])
        if (!field(column)) problems.push({ path: [...path, "columns"], message: `table ${view.id} lists an unknown column ${column}` });
    }
    (view.filters ?? []).forEach((filter, j) => {
      if (!field(filter.field) && !RECORD_OWN_FIELDS.includes(filter.field))
        problems.push({ path: [...path, "filters", j, "field"], message: `view ${view.id} filters by an unknown field ${filter.field}` });
    });
    if (view.sort && !field(view.sort.replace(/^-/, "")))
      problems.push({ path: [...path, "sort"], message: `view ${view.id} sorts by an unknown field ${view.sort.replace(/^-/, "")}` });
  });
  return problems;
}
