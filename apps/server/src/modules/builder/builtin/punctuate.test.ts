/** The punctuation model: built from the corpus by its own script, and it only adds marks. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { modelFile, toExample, train, trainingTexts } from "../corpus/train-punctuation.js";
import { punctuate } from "./punctuate.js";

describe("punctuation for a recognizer's text", () => {
  it("is the model the training script makes from the dev corpus (retrain after changing either)", () => {
    const committed = JSON.parse(readFileSync(modelFile, "utf8")) as unknown;
    expect(train(trainingTexts().map(toExample))).toEqual(committed);
  }, 30_000);

  it("reads a typed text as words and the marks between them", () => {
    expect(toExample("Clients: name, e-mail (work) - and it's done.\nNext")).toEqual({
      words: ["clients", "name", "e", "mail", "work", "and", "its", "done", "next"],
      marks: [":", ",", "", ":", ":", "", "", "."],
    });
  });

  it("puts marks back between the words and never changes a word", () => {
    const said =
      "so i have a dog grooming business um i need to keep track of appointments for each one the dog name the owner phone number the date and whether they paid";
    const out = punctuate(said);
    expect(out.replace(/[,:.]/g, "")).toBe(said);
    expect(out).toMatch(/business\. .*appointments\. for each one the dog name, .*number, the date, and whether they paid$/);
  });
});
