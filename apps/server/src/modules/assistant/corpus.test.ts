/**
 * The assistant's corpus as a regression guard: the dev sets' scores may not fall below where they
 * stand (docs/BENCHMARKS.md has the numbers, corpus/report.ts prints them), no command on any split
 * writes to a record other than the one meant, and every unclear answer says what to say instead.
 */
import { describe, expect, it } from "vitest";
import { score } from "./corpus/score.js";

describe("the assistant's command corpus", () => {
  it("keeps its dev scores, typed and as a recogniser writes them", () => {
    expect(score("dev", false).ok / 168).toBeGreaterThanOrEqual(0.92);
    expect(score("dev", true).ok / 168).toBeGreaterThanOrEqual(0.87);
    expect(score("dev2", false).ok / 144).toBeGreaterThanOrEqual(0.87);
    expect(score("dev3", false).ok / 144).toBeGreaterThanOrEqual(0.8);
  });

  it("never writes to a record other than the one meant, and never leaves an unclear answer without a hint", () => {
    for (const split of ["dev", "dev2", "dev3", "held"] as const) {
      for (const spoken of [false, true]) {
        const r = score(split, spoken);
        expect(r.silentUnclear, `${split} ${spoken ? "spoken" : "typed"}`).toBe(0);
        expect(r.wrongRecord, `${split} ${spoken ? "spoken" : "typed"}`).toBe(0);
      }
    }
  });
});
