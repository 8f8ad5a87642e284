/** The builtin engine as the corpus runner drives it: one request, then goal integrity, as a build does. */
import { interpret } from "../builtin/engine.js";
import { carryGoals, enforceIntegrity } from "../integrity.js";
import type { Builder } from "./run.js";

export const builtinBuilder: Builder = (text, before) => {
  const plan = interpret(text, before?.spec ?? null, before?.goals ?? []);
  if (!before && plan.applied.spec.entities.length === 0) return { spec: null, failed: "nothing to keep track of", goals: [], unclear: [] };
  const stored = (before?.goals ?? []).map((g, i) => ({ ...g, id: `g${i}` }));
  const result = enforceIntegrity(carryGoals(stored, plan.requirements, plan.applied.spec), plan.applied.spec);
  const reported = new Set(result.unrepaired.map((u) => u.goal));
  const silentLosses = result.goals.filter((g) => g.previous === "met" && g.status === "unmet" && !reported.has(g.text)).map((g) => g.text);
  const unchanged = before && JSON.stringify(result.spec) === JSON.stringify(before.spec);
  return { spec: unchanged ? null : result.spec, goals: result.goals, unclear: plan.requirements.unclear, silentLosses };
};
