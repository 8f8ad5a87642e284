/**
 * Goal integrity, pure: carry the goals across a new version (retire what the person asked to
 * remove, move what they renamed), verify every goal against the spec in one pass, and repair a
 * regression — a goal met before and unmet now — when the person did not ask for it.
 */
import {
  checkTarget,
  targetKey,
  type AppSpec,
  type Entity,
  type GoalDraft,
  type GoalStatus,
  type GoalTarget,
  type Unclear,
  type View,
} from "@vta/contracts";
import { describeTarget } from "./goal-text.js";

/** What the Requirements step says about goals: the new ones, and what happens to the old ones. */
export interface Requirements {
  goals: GoalDraft[];
  /** True for targets the person asked to remove: their goals are retired, not regressions. */
  retire: (t: GoalTarget) => boolean;
  /** Renames and retypes: an old target → where it now lives. */
  move: (t: GoalTarget) => GoalTarget;
  summary: string;
  /** The person's words no goal covers (or that could not be done), with what to say instead. */
  unclear: Unclear[];
}

export interface GoalRow {
  /** Null for a goal this build adds. */
  id: string | null;
  text: string;
  target: GoalTarget;
  status: GoalStatus;
  words?: string | null;
  /** Status before this build (null for new goals): a met → unmet change is a regression. */
  previous: GoalStatus | null;
  reason?: string;
}

/** Existing goals moved and retired as the person asked, plus the new ones (deduplicated by target). */
export function carryGoals(
  existing: { id: string; text: string; target: GoalTarget; status: GoalStatus; words?: string | null }[],
  req: Requirements,
  spec: AppSpec,
): GoalRow[] {
  const rows: GoalRow[] = existing.map((g) => {
    if (g.status === "retired") return { ...g, previous: g.status };
    if (req.retire(g.target)) return { ...g, status: "retired", previous: g.status };
    const moved = req.move(g.target);
    const changed = targetKey(moved) !== targetKey(g.target) || JSON.stringify(moved) !== JSON.stringify(g.target);
    if (changed && req.retire(moved)) return { ...g, status: "retired", previous: g.status };
    return { ...g, target: moved, text: changed ? describeTarget(moved, spec) : g.text, previous: g.status };
  });
  const index = new Map<string, GoalRow>();
  for (const row of rows) if (row.status !== "retired") index.set(targetKey(row.target), row);
  for (const draft of req.goals) {
    const key = targetKey(draft.target);
    const same = index.get(key);
    if (same) {
      // Asked again (say, a field retyped to what it was promised as): the newest wording wins.
      if (JSON.stringify(same.target) !== JSON.stringify(draft.target)) Object.assign(same, { target: draft.target, text: draft.text });
      if (draft.words) same.words = draft.words;
      continue;
    }
    const revived = rows.find((r) => r.status === "retired" && targetKey(r.target) === key);
    if (revived) {
      Object.assign(revived, { status: "unmet", text: draft.text, target: draft.target, words: draft.words ?? revived.words });
      index.set(key, revived);
      continue;
    }
    const row: GoalRow = { id: null, text: draft.text, target: draft.target, status: "unmet", previous: null, words: draft.words ?? null };
    rows.push(row);
    index.set(key, row);
  }
  return rows;
}

/** Every goal checked against the spec in one pass (no per-goal queries: the spec is in memory). */
export function verifyGoals(rows: GoalRow[], spec: AppSpec): GoalRow[] {
  for (const row of rows) {
    if (row.status === "retired") continue;
    const result = checkTarget(spec, row.target);
    row.status = result.met ? "met" : "unmet";
    row.reason = result.met ? undefined : result.reason;
  }
  return rows;
}

export const regressions = (rows: GoalRow[]) => rows.filter((r) => r.previous === "met" && r.status === "unmet");

/** Puts back what a target needs; the reason when it cannot without undoing what was asked. */
export function repairTarget(spec: AppSpec, t: GoalTarget): { spec: AppSpec; change: string } | { reason: string } {
  const next = structuredClone(spec);
  let entity = next.entities.find((e) => e.name === t.entity);
  if (!entity) {
    if (t.kind !== "entity") return { reason: `the ${t.entity} entity is gone` };
    entity = {
      name: t.entity,
      label: words(t.entity),
      pluralLabel: `${words(t.entity)}s`,
      fields: [{ name: "name", label: "Name", type: "text", required: true }],
    };
    next.entities.push(entity);
    next.views.push({ id: uniqueId(next, `${t.entity}Table`), type: "table", entity: t.entity, title: entity.pluralLabel });
    return { spec: next, change: `restored ${entity.pluralLabel.toLowerCase()}` };
  }
  const field = "field" in t ? entity.fields.find((f) => f.name === t.field) : undefined;
  switch (t.kind) {
    case "entity":
      return { reason: "nothing to repair" };
    case "field":
      if (field) {
        field.type = t.type;
        if (t.type === "enum") field.options ??= ["Yes", "No"];
      } else
        entity.fields.push({
          name: t.field,
          label: words(t.field),
          type: t.type,
          required: false,
          ...(t.type === "enum" ? { options: ["Yes", "No"] } : {}),
        });
      return { spec: next, change: `restored ${words(t.field)} (${t.type}) on ${entity.pluralLabel.toLowerCase()}` };
    case "required":
      if (!field) return { reason: `${entity.pluralLabel.toLowerCase()} have no ${words(t.field)} field` };
      field.required = true;
      return { spec: next, change: `made ${words(t.field)} required again` };
    case "option":
      if (!field || field.type !== "enum") return { reason: `${words(t.field)} is not a choice any more` };
      field.options = [...(field.options ?? []), t.option];
      return { spec: next, change: `restored the option "${t.option}"` };
    case "relation": {
      if (!next.entities.some((e) => e.name === t.ref)) return { reason: `the ${t.ref} entity is gone` };
      let name = t.ref;
      for (let i = 2; entity.fields.some((f) => f.name === name); i++) name = `${t.ref}${i}`;
      entity.fields.push({ name, label: words(t.ref), type: "reference", ref: t.ref, required: false });
      return { spec: next, change: `linked ${entity.pluralLabel.toLowerCase()} to ${words(t.ref)} again` };
    }
    case "view": {
      const view = viewFor(next, entity, t.view);
      if ("reason" in view) return view;
      next.views.push(view);
      return { spec: next, change: `restored the ${t.view} of ${entity.pluralLabel.toLowerCase()}` };
    }
  }
}

function viewFor(spec: AppSpec, entity: Entity, type: View["type"]): View | { reason: string } {
  const id = uniqueId(spec, `${entity.name}${type[0]!.toUpperCase()}${type.slice(1)}`);
  const title = `${entity.pluralLabel} ${type}`;
  const base = { id, title, entity: entity.name };
  switch (type) {
    case "board": {
      const group = entity.fields.find((f) => f.type === "enum");
      return group
        ? { ...base, type, groupBy: group.name }
        : { reason: `a board needs a field with choices, and ${entity.pluralLabel.toLowerCase()} have none left` };
    }
    case "calendar": {
      const date = entity.fields.find((f) => f.type === "date" || f.type === "dateTime");
      return date
        ? { ...base, type, dateField: date.name }
        : { reason: `a calendar needs a date, and ${entity.pluralLabel.toLowerCase()} have none left` };
    }
    case "chart": {
      const group = entity.fields.find((f) => f.type === "enum") ?? entity.fields[0]!;
      return { ...base, type, groupBy: group.name, chart: "bar" };
    }
    case "table":
    case "form":
    case "stats":
      return { ...base, type };
  }
}

const words = (identifier: string) => {
  const w = identifier.replace(/([A-Z])/g, " $1").toLowerCase();
  return w[0]!.toUpperCase() + w.slice(1);
};

function uniqueId(spec: AppSpec, id: string) {
  let candidate = id;
  for (let i = 2; spec.views.some((v) => v.id === candidate); i++) candidate = `${id}${i}`;
  return candidate;
}

/**
 * Verify, then repair each regression the person did not ask for, then verify again. Returns the
 * final spec, the goals with their statuses, what was repaired and what could not be.
 */
export function enforceIntegrity(rows: GoalRow[], spec: AppSpec) {
  verifyGoals(rows, spec);
  const repaired: string[] = [];
  const unrepaired: { goal: string; reason: string }[] = [];
  let current = spec;
  for (const row of regressions(rows)) {
    const result = repairTarget(current, row.target);
    if ("spec" in result) {
      current = result.spec;
      repaired.push(result.change);
    } else unrepaired.push({ goal: row.text, reason: result.reason });
  }
  if (repaired.length) verifyGoals(rows, current);
  return { spec: current, goals: rows, repaired, unrepaired };
}
