/**
 * The builtin engine against the corpus: ≥ 40 descriptions and ≥ 15 edit sequences with the
 * entities, typed fields, options, relations and views a person expects. Prints the score.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AppSpec } from "@vta/contracts";
import { interpret } from "./builtin/engine.js";
import { carryGoals, enforceIntegrity } from "./integrity.js";
import { has, lacks } from "./corpus/score.js";

interface Description {
  text: string;
  expect: string[];
}
interface Sequence {
  start: string;
  steps: { text: string; expect?: string[]; absent?: string[] }[];
}

const load = <T>(name: string) => JSON.parse(readFileSync(new URL(`./corpus/${name}`, import.meta.url), "utf8")) as T;
const descriptions = load<Description[]>("descriptions.json");
const sequences = load<Sequence[]>("edits.json");

describe("builtin engine on the corpus", () => {
  it("has the corpus the issue asks for", () => {
    expect(descriptions.length).toBeGreaterThanOrEqual(40);
    expect(sequences.length).toBeGreaterThanOrEqual(15);
  });

  it("meets at least 90% of the expected items, builds only valid specs, and never loses a goal silently", () => {
    let met = 0;
    let total = 0;
    const misses: string[] = [];
    const silentLosses: string[] = [];
    const invalid: string[] = [];
    const score = (spec: AppSpec, items: string[], check: typeof has, context: string) => {
      for (const item of items) {
        total++;
        if (check(spec, item)) met++;
        else misses.push(`${context}: ${item}`);
      }
    };
    for (const d of descriptions) {
      const { applied } = interpret(d.text, null);
      if (!AppSpec.safeParse(applied.spec).success) invalid.push(d.text);
      score(applied.spec, d.expect, has, d.text.slice(0, 50));
    }
    for (const s of sequences) {
      const first = interpret(s.start, null);
      let { spec, goals } = enforceIntegrity(carryGoals([], first.requirements, first.applied.spec), first.applied.spec);
      for (const step of s.steps) {
        const plan = interpret(step.text, spec);
        const stored = goals.map((g, i) => ({ ...g, id: g.id ?? `g${i}` }));
        const result = enforceIntegrity(carryGoals(stored, plan.requirements, plan.applied.spec), plan.applied.spec);
        if (!AppSpec.safeParse(result.spec).success) invalid.push(step.text);
        const reported = new Set(result.unrepaired.map((u) => u.goal));
        for (const g of result.goals) {
          if (g.previous === "met" && g.status === "unmet" && !reported.has(g.text)) silentLosses.push(`${step.text}: ${g.text}`);
        }
        score(result.spec, step.expect ?? [], has, step.text);
        score(result.spec, step.absent ?? [], lacks, `${step.text} (absent)`);
        spec = result.spec;
        goals = result.goals;
      }
    }
    const pct = (met / total) * 100;
    console.log(
      `builtin engine corpus score: ${met}/${total} expected items (${pct.toFixed(1)}%) over ${descriptions.length} descriptions and ${sequences.length} edit sequences`,
    );
    if (misses.length) console.log(`missed:\n  ${misses.join("\n  ")}`);
    // Written after the engine, never tuned against: how it does on descriptions it has not seen.
    let heldMet = 0;
    let heldTotal = 0;
    const heldMisses: string[] = [];
    for (const d of load<Description[]>("holdout.json")) {
      const { applied } = interpret(d.text, null);
      if (!AppSpec.safeParse(applied.spec).success) invalid.push(d.text);
      for (const item of d.expect) {
        heldTotal++;
        if (has(applied.spec, item)) heldMet++;
        else heldMisses.push(`${d.text.slice(0, 50)}: ${item}`);
      }
    }
    console.log(
      `held-out descriptions: ${heldMet}/${heldTotal} (${((heldMet / heldTotal) * 100).toFixed(1)}%)${heldMisses.length ? `\n  ${heldMisses.join("\n  ")}` : ""}`,
    );
    expect(invalid).toEqual([]);
    expect(silentLosses).toEqual([]);
    expect(pct).toBeGreaterThanOrEqual(90);
  });
});
