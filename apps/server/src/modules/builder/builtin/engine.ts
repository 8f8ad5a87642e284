/** The builtin engine: our grammar over the words, no network, same answer every time. */
import { FIELD_TYPE_WORDS, type AppSpec, type Goal, type GoalTarget, type Unclear } from "@vta/contracts";
import type { Op } from "./ops.js";
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
  const unclear = [
    ...applied.skipped,
    ...questions(ops),
    ...uncovered(
      clauses,
      ops,
      applied.spec.entities.map((e) => e.name),
    ),
  ];
  const changed = !spec || JSON.stringify(applied.spec) !== JSON.stringify(spec) || retire.length > 0;
  if (!changed && unclear.length === 0) {
    unclear.push({
      text: text.slice(0, 300),
      hint: 'Nothing in this changes the app. Say what to change, for example: "add notes to tasks", "remove the priority", "show tasks on a calendar".',
    });
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

/**
 * Short questions: "Is 'stage' a choice? Which options?" for what sounds like a choice given no
 * options, and "Read as 'next cleaning' (a date)" for a name guessed from a clause or a long phrase.
 */
function questions(ops: Op[]): Unclear[] {
  const out: Unclear[] = [];
  for (const op of ops) {
    if (op.op !== "field") continue;
    const label = op.field.phrase;
    const said = (op.field.words ?? label).slice(0, 300);
    if (op.field.askOptions) out.push({ text: said, hint: `Is "${label}" a choice? Which options?`, ask: `${label} can be {answer}` });
    else if (op.field.unsure)
      out.push({
        text: said,
        hint: `Read as "${label}" (${FIELD_TYPE_WORDS[op.field.type]}). If that is not it, give it a better name.`,
        ask: `rename ${label} to {answer}`,
      });
  }
  return out.slice(0, 8);
}

function summarize(applied: Applied): string {
  const parts = [`${applied.goals.length} goal${applied.goals.length === 1 ? "" : "s"} from the request`];
  if (applied.skipped.length) parts.push(`could not: ${applied.skipped.map((s) => s.hint).join("; ")}`);
  return parts.join("; ");
}
