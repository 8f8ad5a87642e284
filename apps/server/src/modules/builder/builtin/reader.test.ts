/** The reader's parts on the phrasings the issue names: speech, names, options, loose edits, honesty. */
import { describe, expect, it } from "vitest";
import type { AppSpec } from "@vta/contracts";
import { asRecognizerText, loadCorpus } from "../corpus/natural.js";
import { interpret } from "./engine.js";
import { propertyList } from "./fields.js";
import { resolveField } from "./resolve.js";
import { normalizeSpeech } from "./speech.js";

const fields = (list: string, entity: string | null = null) =>
  propertyList(list, { entity, entities: new Set() }).map((f) => `${f.phrase}:${f.type}${f.options ? `(${f.options.join("|")})` : ""}`);
const spec = (text: string) => interpret(text, null).applied.spec;
const shape = (s: AppSpec) => Object.fromEntries(s.entities.map((e) => [e.name, e.fields.map((f) => `${f.name}:${f.type}`)]));

describe("speech made plain", () => {
  it("drops fillers and false starts, applies corrections, and says numbers and money in digits", () => {
    expect(normalizeSpeech("uh so I need like an app for my um cleaning business")).toBe("i need an app for my cleaning business");
    expect(normalizeSpeech("a rating from one to five actually make that one to ten")).toBe("a rating from 1 to 10");
    expect(normalizeSpeech("the deposit is usually fifty dollars")).toBe("the deposit is usually $50");
    expect(
      normalizeSpeech("the name, the serial number, what it cost... actually no, scratch the cost, I don't care about that."),
    ).not.toMatch(/cost/);
  });
});

describe("properties named as an engineer would", () => {
  it("turns questions and clauses into short typed names", () => {
    expect(fields("whether they RSVP'd, how much I'm charging, did I exercise, the number of sets")).toEqual([
      "rsvped:boolean",
      "price:currency",
      "exercised:boolean",
      "sets:number",
    ]);
    expect(fields("the patient's name, their phone, which doctor they're seeing, the date and time")).toEqual([
      "patient name:text",
      "phone:phone",
      "doctor:text",
      "date time:dateTime",
    ]);
    expect(fields("how many tickets, whether they've checked in at the door", "ticket sale")).toEqual([
      "quantity:number",
      "checked in:boolean",
    ]);
  });

  it("finds options in parentheses, after a colon or 'like', run in, or with slashes, and ends them where properties start", () => {
    expect(fields("priority high medium or low, and whether it's done")).toEqual(["priority:enum(high|medium|low)", "done:boolean"]);
    expect(fields("a status: new, preparing, ready or delivered")).toEqual(["status:enum(new|preparing|ready|delivered)"]);
    expect(fields("a category like starter, main, dessert, drink")).toEqual(["category:enum(starter|main|dessert|drink)"]);
    expect(fields("status open/scheduled/fixed, urgent yes/no")).toEqual(["status:enum(open|scheduled|fixed)", "urgent:boolean"]);
  });
});

describe("descriptions in people's words", () => {
  it("reads a recognizer's text without punctuation", () => {
    const s = spec(
      "i make sugar cookies for parties and i need to keep track of orders so the customers name the party date the theme like birthday baby shower or holiday and the price",
    );
    expect(shape(s).order).toEqual(expect.arrayContaining(["customerName:text", "partyDate:date", "theme:enum", "price:currency"]));
  });

  it("never takes the app's name or the speaker's situation for a thing to track", () => {
    const s = spec(
      "fleet tracker. trucks: plate number, make, model, year, mileage. drivers: name, license number, phone. each truck is assigned to a driver.",
    );
    expect(s.entities.map((e) => e.name)).toEqual(["truck", "driver"]);
    expect(s.entities[0]!.fields.find((f) => f.name === "driver")).toMatchObject({ type: "reference", ref: "driver" });
  });
});

describe("edits in loose words", () => {
  const dogs = spec("Dog: name, breed, size small medium or large, any special notes, and a waiver signed yes/no.");

  it("resolves vague and possessive phrases to the field they mean", () => {
    expect(resolveField(dogs, "the waiver thing")?.field.name).toBe("waiverSigned");
    expect(resolveField(dogs, "the dog's notes")?.field.name).toBe("specialNotes");
    expect(resolveField(dogs, "the colour")).toBeUndefined();
  });

  it("removes, requires, adds options and brings back what was taken away", () => {
    const removed = interpret("get rid of the waiver thing", dogs);
    expect(removed.applied.spec.entities[0]!.fields.map((f) => f.name)).not.toContain("waiverSigned");
    const required = interpret("the dog's notes should be required", dogs);
    expect(required.applied.spec.entities[0]!.fields.find((f) => f.name === "specialNotes")?.required).toBe(true);
    const extra = interpret("add giant to the sizes", dogs);
    expect(extra.applied.spec.entities[0]!.fields.find((f) => f.name === "size")?.options).toContain("giant");
    const back = interpret("add back the waiver", removed.applied.spec, [
      { target: { kind: "field", entity: "dog", field: "waiverSigned", type: "boolean" }, status: "retired" },
    ]);
    expect(back.applied.spec.entities[0]!.fields.find((f) => f.name === "waiverSigned")?.type).toBe("boolean");
  });
});

describe("words that are JavaScript's own", () => {
  it("builds fields named constructor, toString or hasOwnProperty without tripping over Object's methods", () => {
    expect(shape(spec("track gadgets with a name, a constructor and a to string"))).toEqual({
      gadget: ["name:text", "constructor:text", "toString:text"],
    });
    expect(() => spec("track items with a __proto__ and a hasOwnProperty and a valueOf")).not.toThrow();
  });
});

describe("things named like properties", () => {
  it("reads 'track notes with a title and a body' as notes, not as 'track notes'", () => {
    expect(shape(spec("Track notes with a title and a body."))).toEqual({ note: ["title:text", "body:longText"] });
  });
});

describe("honest about what was not understood", () => {
  it("reports words no goal covers, asks about choices given no options, and says when an edit changes nothing", () => {
    const plan = interpret("track deals with a name, a value, a stage and a wobbly frobnicator", null);
    expect(plan.requirements.unclear.map((u) => u.hint)).toContain('Is "stage" a choice? Which options?');
    const noop = interpret("make it look nicer", spec("track deals with a name"));
    expect(noop.requirements.unclear[0]?.hint).toMatch(/not how it looks/);
  });
});

describe("its own marks never reach an app", () => {
  it("leaves no placeholder of its own in any name, label or option, typed or heard", () => {
    const dev = loadCorpus("dev");
    for (const app of [...dev, ...asRecognizerText(dev)].flatMap((f) => f.apps)) {
      expect(JSON.stringify(interpret(app.text, null).applied.spec)).not.toMatch(/optlist\d|yesno|\u00a7|\u00a4/);
    }
  }, 30_000);
});
