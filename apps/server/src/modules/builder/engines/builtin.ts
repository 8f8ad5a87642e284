import { AppSpec } from "@vta/contracts";
import { interpret, type BuiltinPlan } from "../builtin/engine.js";
import { repairTarget } from "../integrity.js";
import { EngineError, estimateTokens, type Engine } from "./engine.js";

/**
 * The builtin engine. Its Architect applies the plan its Requirements step made; given goals from
 * another engine, it builds what each new goal needs, one target at a time.
 */
export function builtinEngine(): Engine {
  const plans = new WeakMap<object, BuiltinPlan>();
  return {
    requirements(input) {
      const plan = interpret(input.text, input.spec, input.goals);
      if (!input.spec && plan.applied.spec.entities.length === 0) {
        throw new EngineError(
          'Could not find anything to keep track of in the description. Try: "an app to track books with a title, an author and a rating".',
        );
      }
      plans.set(plan.requirements, plan);
      const output = JSON.stringify({ goals: plan.requirements.goals, unclear: plan.requirements.unclear });
      return Promise.resolve({
        requirements: plan.requirements,
        usage: { tokensIn: estimateTokens(input.text), tokensOut: estimateTokens(output), output },
      });
    },
    architect(input) {
      const plan = plans.get(input.requirements);
      let spec: AppSpec;
      let changes: string[];
      if (plan) {
        spec = plan.applied.spec;
        changes = [...plan.applied.changes, ...plan.applied.skipped.map((s) => `could not: ${s.hint}`)];
      } else {
        if (!input.spec && input.requirements.goals.length === 0) throw new EngineError("The requirements named nothing to build");
        spec = input.spec ?? { name: "New App", description: input.text.slice(0, 2000), entities: [], views: [] };
        changes = [];
        // Entities first, so fields and relations have somewhere to go.
        const ordered = [...input.requirements.goals].sort(
          (a, b) => Number(b.target.kind === "entity") - Number(a.target.kind === "entity"),
        );
        for (const goal of ordered) {
          const result = repairTarget(spec, goal.target);
          if ("spec" in result) {
            spec = result.spec;
            changes.push(result.change);
          }
        }
      }
      const parsed = AppSpec.safeParse(spec);
      if (!parsed.success)
        throw new EngineError(`The builtin architect made an invalid spec: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
      const output = JSON.stringify(parsed.data);
      return Promise.resolve({
        spec: parsed.data,
        changes,
        usage: { tokensIn: estimateTokens(input.text), tokensOut: estimateTokens(output), output: changes.join("; ") },
      });
    },
  };
}
