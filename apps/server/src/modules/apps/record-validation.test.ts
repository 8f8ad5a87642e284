import { describe, expect, it } from "vitest";
import type { Entity } from "@vta/contracts";
import { referencesOf, validateRecord } from "./record-validation.js";

const gadget: Entity = {
  name: "gadget",
  label: "Gadget",
  pluralLabel: "Gadgets",
  fields: [
    { name: "name", label: "Name", type: "text", required: true },
    { name: "constructor", label: "Constructor", type: "text", required: false },
    { name: "valueOf", label: "Value of", type: "number", required: false },
    { name: "toString", label: "To string", type: "reference", ref: "gadget", required: false },
  ],
};

describe("records whose field names are JavaScript's own", () => {
  it("creates a record that leaves valueOf, constructor and toString out, and one that sets them", () => {
    expect(validateRecord(gadget, { name: "Widget" }, false)).toEqual({ data: { name: "Widget" }, problems: [] });
    const full = validateRecord(
      gadget,
      { name: "W", constructor: "Ada", valueOf: "12", toString: "0b9f8d6e-1c1a-4c55-9f3e-2d1f0b7a9c11" },
      false,
    );
    expect(full.problems).toEqual([]);
    expect({ ...full.data }).toEqual({ name: "W", constructor: "Ada", valueOf: 12, toString: "0b9f8d6e-1c1a-4c55-9f3e-2d1f0b7a9c11" });
    expect(JSON.parse(JSON.stringify(full.data))).toEqual({
      name: "W",
      constructor: "Ada",
      valueOf: 12,
      toString: "0b9f8d6e-1c1a-4c55-9f3e-2d1f0b7a9c11",
    });
  });

  it("finds no reference that was not given", () => {
    expect(referencesOf(gadget, { name: "W" })).toEqual([]);
  });
});

describe("a blank record", () => {
  const note: Entity = {
    name: "note",
    label: "Note",
    pluralLabel: "Notes",
    fields: [
      { name: "body", label: "Body", type: "text", required: false },
      { name: "pinned", label: "Pinned", type: "boolean", required: false },
    ],
  };

  it("is refused when it is new and says so on its title field; an unticked yes/no is no value", () => {
    expect(validateRecord(note, {}, false).problems).toEqual([{ field: "body", message: "A new note needs at least one value" }]);
    expect(validateRecord(note, { body: "  ", pinned: false }, false).problems).toHaveLength(1);
    expect(validateRecord(note, { pinned: true }, false).problems).toEqual([]);
  });

  it("may be the result of an edit that clears every field", () => {
    expect(validateRecord(note, { body: null }, true).problems).toEqual([]);
  });
});

describe("ratings, percentages and durations", () => {
  const film: Entity = {
    name: "film",
    label: "Film",
    pluralLabel: "Films",
    fields: [
      { name: "stars", label: "Stars", type: "rating", required: false },
      { name: "score", label: "Score", type: "rating", max: 10, required: false },
      { name: "seen", label: "Seen", type: "percent", required: false },
      { name: "runtime", label: "Runtime", type: "duration", required: false },
    ],
  };

  it("read as people write them, stored as numbers (a duration in minutes)", () => {
    expect({ ...validateRecord(film, { stars: "★★★★", score: "8/10", seen: "45%", runtime: "1h 30m" }, false).data }).toEqual({
      stars: 4,
      score: 8,
      seen: 45,
      runtime: 90,
    });
    expect({ ...validateRecord(film, { stars: 3, seen: 12.5, runtime: "2:15" }, false).data }).toEqual({
      stars: 3,
      seen: 12.5,
      runtime: 135,
    });
    expect({ ...validateRecord(film, { runtime: "45 min" }, false).data }).toEqual({ runtime: 45 });
  });

  it("refuse what is out of the scale or not a duration, saying what is expected", () => {
    const problems = validateRecord(film, { stars: 6, score: "2.5", seen: "lots", runtime: "a while" }, false).problems.map(
      (p) => p.message,
    );
    expect(problems).toEqual([
      "Stars must be a whole number from 1 to 5",
      "Score must be a whole number from 1 to 10",
      "Seen must be a percentage, such as 45 or 45%",
      "Runtime must be a duration, such as 90 (minutes), 1:30 or 1h 30m",
    ]);
  });
});
