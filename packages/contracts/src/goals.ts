import { z } from "zod";
import { FieldType, Identifier, ViewType, type AppSpec } from "./app-spec.js";
import { Uuid } from "./common.js";

/** What a goal promises, in a form a machine can check against an AppSpec. */
export const GoalTarget = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("entity"), entity: Identifier }),
  z.object({ kind: z.literal("field"), entity: Identifier, field: Identifier, type: FieldType }),
  z.object({ kind: z.literal("required"), entity: Identifier, field: Identifier }),
  z.object({ kind: z.literal("option"), entity: Identifier, field: Identifier, option: z.string().trim().min(1).max(60) }),
  /** `entity` has a reference field pointing at `ref`. */
  z.object({ kind: z.literal("relation"), entity: Identifier, ref: Identifier }),
  z.object({ kind: z.literal("view"), entity: Identifier, view: ViewType }),
]);
export type GoalTarget = z.infer<typeof GoalTarget>;

export const GoalStatus = z.enum(["met", "unmet", "retired"]);
export type GoalStatus = z.infer<typeof GoalStatus>;

export const Goal = z.object({
  id: Uuid,
  text: z.string(),
  target: GoalTarget,
  status: GoalStatus,
  /** The person's own words the goal came from, when it came from a request. */
  words: z.string().nullable().optional(),
  createdInVersion: z.number().int(),
});
export type Goal = z.infer<typeof Goal>;

/** A goal before it is stored. */
export const GoalDraft = z.object({ text: z.string().trim().min(1).max(300), target: GoalTarget, words: z.string().max(300).optional() });

/**
 * Words of a request that no goal covers, or that could not be done: what the person said, what to
 * say instead, and a request that would do it (one click in the Studio).
 */
export const Unclear = z.object({
  text: z.string().max(300),
  hint: z.string().max(300),
  suggestion: z.string().max(300).optional(),
  /** A short question's answer as a request: "{answer}" stands for what the person types ("stage can be {answer}"). */
  ask: z.string().max(300).optional(),
});
export type Unclear = z.infer<typeof Unclear>;
export type GoalDraft = z.infer<typeof GoalDraft>;

/** Two targets that promise the same thing. */
export const sameTarget = (a: GoalTarget, b: GoalTarget) => targetKey(a) === targetKey(b);

export function targetKey(t: GoalTarget): string {
  switch (t.kind) {
    case "entity":
      return `entity:${t.entity}`;
    case "field":
      return `field:${t.entity}.${t.field}`;
    case "required":
      return `required:${t.entity}.${t.field}`;
    case "option":
      return `option:${t.entity}.${t.field}=${t.option.toLowerCase()}`;
    case "relation":
      return `relation:${t.entity}->${t.ref}`;
    case "view":
      return `view:${t.entity}:${t.view}`;
  }
}

/** Whether `spec` keeps the promise of `target`; the reason when it does not. */
export function checkTarget(spec: AppSpec, t: GoalTarget): { met: true } | { met: false; reason: string } {
  const entity = spec.entities.find((e) => e.name === t.entity);
  if (!entity) return { met: false, reason: `there is no ${t.entity} entity` };
  const unmet = (reason: string) => ({ met: false as const, reason });
  switch (t.kind) {
    case "entity":
      return { met: true };
    case "relation":
      return entity.fields.some((f) => f.type === "reference" && f.ref === t.ref)
        ? { met: true }
        : unmet(`${t.entity} does not refer to ${t.ref}`);
    case "view":
      return spec.views.some((v) => v.entity === t.entity && v.type === t.view)
        ? { met: true }
        : unmet(`${t.entity} has no ${t.view} view`);
    case "field":
    case "required":
    case "option":
      break;
  }
  const field = entity.fields.find((f) => f.name === t.field);
  if (!field) return unmet(`${t.entity} has no ${t.field} field`);
  switch (t.kind) {
    case "field":
      return field.type === t.type ? { met: true } : unmet(`${t.entity}.${t.field} is ${field.type}, not ${t.type}`);
    case "required":
      return field.required ? { met: true } : unmet(`${t.entity}.${t.field} is optional`);
    case "option":
      return field.options?.some((o) => o.toLowerCase() === t.option.toLowerCase())
        ? { met: true }
        : unmet(`${t.entity}.${t.field} has no option "${t.option}"`);
  }
}
