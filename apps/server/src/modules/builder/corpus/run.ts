/**
 * Runs an engine over corpus files and totals, per split: requested items
 * right, spurious fields, failed builds, edits applied, goals lost unreported, misses surfaced.
 */
import type { AppSpec, GoalTarget } from "@vta/contracts";
import { scoreApp, stepApplied, type CorpusFile, type ExpectedApp } from "./natural.js";

/** What one request gave: the spec (null: nothing changed / failed), goals with status, unclear words. */
export interface Outcome {
  spec: AppSpec | null;
  failed?: string;
  goals: { text: string; target: GoalTarget; status: "met" | "unmet" | "retired"; words?: string | null }[];
  unclear: { text: string; hint: string }[];
  /** Goals met before and unmet now that no unmet goal or repair note reports. */
  silentLosses?: string[];
}

export type Builder = (text: string, before: { spec: AppSpec; goals: Outcome["goals"] } | null) => Outcome;

export interface SplitScore {
  apps: number;
  items: number;
  right: number;
  builtFields: number;
  spurious: number;
  failed: number;
  missed: number;
  surfaced: number;
  steps: number;
  applied: number;
  silentLosses: number;
  /** Requested items right per style of description: [right, items]. */
  styles: Record<string, [number, number]>;
  details: string[];
}

/** A miss is surfaced when an unmet goal or an unclear phrase speaks of it. */
function surfaced(miss: string, outcome: Outcome): boolean {
  const words = miss
    .replace(/[:=|!].*$/, "")
    .split(/[.]/)
    .flatMap((w) =>
      w
        .replace(/([A-Z])/g, " $1")
        .toLowerCase()
        .split(" "),
    )
    .filter((w) => w.length > 2);
  const viewMiss = /^:(\w+)/.exec(miss)?.[1];
  const option = /=(.+)$/.exec(miss)?.[1]?.toLowerCase();
  const said = [
    ...outcome.goals.filter((g) => g.status === "unmet").map((g) => `${g.text} ${g.words ?? ""} ${JSON.stringify(g.target)}`),
    ...outcome.unclear.map((u) => `${u.text} ${u.hint}`),
  ]
    .join(" \n ")
    .toLowerCase();
  if (viewMiss) return said.includes(viewMiss);
  if (option) return said.includes(option);
  const last = words.at(-1);
  return !!last && said.includes(last.replace(/s$/, ""));
}

export function scoreSplit(files: CorpusFile[], build: Builder, opts: { details?: boolean } = {}): SplitScore {
  const s: SplitScore = {
    apps: 0,
    items: 0,
    right: 0,
    builtFields: 0,
    spurious: 0,
    failed: 0,
    missed: 0,
    surfaced: 0,
    steps: 0,
    applied: 0,
    silentLosses: 0,
    styles: {},
    details: [],
  };
  const note = (line: string) => opts.details && s.details.push(line);
  for (const file of files) {
    for (const app of file.apps) {
      s.apps++;
      const outcome = safely(build, app.text, null);
      const score = scoreApp(outcome.spec, app);
      if (!outcome.spec) s.failed++;
      s.items += score.items;
      s.right += score.right;
      const style = (s.styles[app.style ?? "unlabelled"] ??= [0, 0]);
      style[0] += score.right;
      style[1] += score.items;
      s.builtFields += score.builtFields;
      s.spurious += score.spurious.length;
      for (const m of score.misses) {
        s.missed++;
        if (surfaced(m, outcome)) s.surfaced++;
      }
      if (score.misses.length || score.spurious.length || outcome.failed) {
        note(
          `${app.style ?? ""} ${app.text.slice(0, 110)}${outcome.failed ? `\n    FAILED: ${outcome.failed}` : ""}\n    missed: ${score.misses.join(", ")}\n    spurious: ${score.spurious.join(", ")}`,
        );
      }
    }
    for (const seq of file.edits) {
      const start: ExpectedApp | undefined = file.apps[seq.start];
      if (!start) continue;
      let state = safely(build, start.text, null);
      if (!state.spec) {
        s.steps += seq.steps.length;
        continue;
      }
      let current = { spec: state.spec, goals: state.goals };
      for (const step of seq.steps) {
        s.steps++;
        const outcome = safely(build, step.text, current);
        const result = stepApplied(current.spec, outcome.spec, step);
        if (result.applied) s.applied++;
        else
          note(
            `edit "${step.text}"\n    missed: ${result.misses.join(", ")}${outcome.unclear.length ? `\n    unclear: ${outcome.unclear.map((u) => u.text).join(" | ")}` : ""}`,
          );
        s.silentLosses += outcome.silentLosses?.length ?? 0;
        if (outcome.spec) current = { spec: outcome.spec, goals: outcome.goals };
        state = outcome;
      }
    }
  }
  return s;
}

function safely(build: Builder, text: string, before: Parameters<Builder>[1]): Outcome {
  try {
    return build(text, before);
  } catch (err) {
    return { spec: null, failed: (err as Error).message, goals: [], unclear: [] };
  }
}

/** Two scores as one. */
export function addScores(a: SplitScore, b: SplitScore): SplitScore {
  const sum = { ...a, styles: { ...a.styles }, details: [...a.details, ...b.details] };
  for (const k of [
    "apps",
    "items",
    "right",
    "builtFields",
    "spurious",
    "failed",
    "missed",
    "surfaced",
    "steps",
    "applied",
    "silentLosses",
  ] as const)
    sum[k] = a[k] + b[k];
  for (const [style, [r, n]] of Object.entries(b.styles)) {
    const [r0, n0] = sum.styles[style] ?? [0, 0];
    sum.styles[style] = [r0 + r, n0 + n];
  }
  return sum;
}

const pct = (a: number, b: number) => (b ? `${((a / b) * 100).toFixed(1)}%` : "–");

export function formatScore(name: string, s: SplitScore): string {
  return [
    `${name}: ${s.apps} descriptions, ${s.steps} edit steps`,
    `  requested items right ${s.right}/${s.items} (${pct(s.right, s.items)})`,
    `  spurious fields ${s.spurious}/${s.builtFields} (${pct(s.spurious, s.builtFields)})`,
    `  failed builds ${s.failed}`,
    `  edits applied ${s.applied}/${s.steps} (${pct(s.applied, s.steps)})`,
    `  misses surfaced ${s.surfaced}/${s.missed} (${pct(s.surfaced, s.missed)})`,
    `  goals lost unreported ${s.silentLosses}`,
    `  by style: ${Object.entries(s.styles)
      .map(([k, [r, n]]) => `${k} ${pct(r, n)}`)
      .join(", ")}`,
  ].join("\n");
}
