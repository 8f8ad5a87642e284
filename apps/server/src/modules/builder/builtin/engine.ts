/** The builtin engine: our grammar over the words, no network, same answer every time. */
import type { AppSpec, Goal, GoalTarget } from "@vta/contracts";
import type { Requirements } from "../integrity.js";
import { applyOps, type Applied } from "./apply.js";
import { parse } from "./parse.js";
import { uncovered } from "./unclear.js";

export interface BuiltinPlan {
  requirements: Requirements;
  applied: Applied;
}

/** Reads a request against the current spec (null for a new app): its goals, and the spec it asks for. */
export function interpret(text: string, spec: AppSpec | null, goals: Pick<Goal, "target" | "status">[] = []): BuiltinPlan {
  const history = goals.filter((g) => g.status === "retired").map((g) => g.target);
  const { ops, clauses } = parse(text, spec, history);
  const applied = applyOps(spec, ops, text);
  const { retire, move } = applied.effects;
  const unclear = [...applied.skipped, ...uncovered(clauses, ops, applied.spec.entities.map((e) => e.name))];
  const changed = !spec || JSON.stringify(applied.spec) !== JSON.stringify(spec) || retire.length > 0;
  if (!changed && unclear.length === 0) {
    unclear.push({ text: text.slice(0, 300), hint: 'Nothing in this changes the app. Say what to change, for example: "add notes to tasks", "remove the priority", "show tasks on a calendar".' });
  }
  const requirements: Requirements = {
    goals: applied.goals,
    retire: (t: GoalTarget) => retire.some((r) => r(t)),
    move: (t: GoalTarget) => move.reduce((acc, m) => m(acc), t),
    summary: summarize(applied),
    unclear: unclear.slice(0, 12),
  };
  return { requirements, applied };
}

function summarize(applied: Applied): string {
  const parts = [`${applied.goals.length} goal${applied.goals.length === 1 ? "" : "s"} from the request`];
  if (applied.skipped.length) parts.push(`could not: ${applied.skipped.map((s) => s.hint).join("; ")}`);
  return parts.join("; ");
}
