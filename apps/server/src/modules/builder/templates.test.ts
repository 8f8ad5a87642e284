import { describe, expect, it } from "vitest";
import { TEMPLATES } from "@vta/contracts";
import { interpret } from "./builtin/engine.js";

/** What each example on the Studio's first page must build: entities with their fields (type), and the views asked for. */
const EXPECTED: Record<string, { entities: Record<string, string[]>; views: string[] }> = {
  "Salon appointments": {
    entities: {
      client: ["name:text", "phone:phone", "email:email"],
      appointment: ["dateTime:dateTime", "price:currency", "service:enum", "client:reference"],
    },
    views: ["calendar:appointment"],
  },
  "Tasks by priority": { entities: { task: ["title:text", "dueDate:date", "done:boolean", "priority:enum"] }, views: ["board:task"] },
  "Stock and suppliers": {
    entities: {
      product: ["name:text", "sku:text", "quantity:number", "price:currency", "supplier:reference"],
      supplier: ["name:text", "email:email"],
    },
    views: ["chart:product"],
  },
  "Reading list": { entities: { book: ["title:text", "author:text", "rating:rating", "status:enum"] }, views: ["board:book"] },
};

describe("the Studio's examples", () => {
  it.each(TEMPLATES.map((t) => [t.title, t.text] as const))("%s builds the app it describes", (title, text) => {
    const spec = interpret(text, null).applied?.spec;
    expect(spec).toBeDefined();
    const entities = Object.fromEntries(spec.entities.map((e) => [e.name, e.fields.map((f) => `${f.name}:${f.type}`)]));
    expect(entities).toEqual(EXPECTED[title]!.entities);
    for (const view of EXPECTED[title]!.views) expect(spec.views.map((v) => `${v.type}:${v.entity}`)).toContain(view);
  });
});
