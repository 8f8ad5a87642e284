/**
 * The builtin engine on the natural corpus (descriptions and edits written by people who never saw
 * it): the scores per split, and floors that a change must not fall below. The held-out split is
 * measured here and never read while the engine changes.
 */
import { describe, expect, it } from "vitest";
import { builtinBuilder } from "./corpus/builtin-builder.js";
import { asRecognizerText, loadCorpus } from "./corpus/natural.js";
import { formatScore, scoreSplit } from "./corpus/run.js";

describe("builtin engine on the natural corpus", () => {
  const dev = loadCorpus("dev");
  const held = loadCorpus("held");

  it("has the corpus the issue asks for: ≥ 300 descriptions in ≥ 40 domains and six styles, ≥ 60 edit sequences", () => {
    const apps = [...dev, ...held].flatMap((f) => f.apps);
    expect(apps.length).toBeGreaterThanOrEqual(300);
    expect(new Set(apps.map((a) => a.domain).filter(Boolean)).size).toBeGreaterThanOrEqual(40);
    expect(new Set(apps.map((a) => a.style).filter(Boolean))).toEqual(
      new Set(["terse", "rambling", "disfluent", "list-like", "multi-entity", "recognizer"]),
    );
    expect([...dev, ...held].flatMap((f) => f.edits).length).toBeGreaterThanOrEqual(60);
    expect(held.flatMap((f) => f.apps).length).toBeGreaterThanOrEqual(100);
  });

  it("scores both splits and stays above its measured floors", () => {
    const d = scoreSplit(dev, builtinBuilder);
    const h = scoreSplit(held, builtinBuilder);
    console.log(`${formatScore("dev", d)}\n${formatScore("held-out", h)}`);
    // Floors from the last measured run, a little below it: a change that loses ground fails here.
    expect(d.right / d.items).toBeGreaterThan(0.69);
    expect(h.right / h.items).toBeGreaterThan(0.57);
    expect(d.applied / d.steps).toBeGreaterThan(0.74);
    expect(h.applied / h.steps).toBeGreaterThan(0.58);
    expect(h.failed).toBe(0);
    expect(d.failed).toBeLessThanOrEqual(3);
    expect(d.silentLosses + h.silentLosses).toBe(0);
  }, 60_000);

  it("reads the held-out split as a recognizer gives it (lowercase, no punctuation) above its floor", () => {
    const h = scoreSplit(asRecognizerText(held), builtinBuilder);
    console.log(formatScore("held-out as recognizer text", h));
    // The punctuation model's wider window (chosen on the dev split) took items from 36.0% to 37.9% and edits
    // from 53.9% to 48.7% here; the dev split's edits did not move (83/138 either way).
    expect(h.right / h.items).toBeGreaterThan(0.36);
    expect(h.applied / h.steps).toBeGreaterThan(0.45);
    expect(h.failed).toBe(0);
  }, 60_000);
});
