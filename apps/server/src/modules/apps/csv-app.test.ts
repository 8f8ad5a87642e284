import { describe, expect, it } from "vitest";
import { AppSpec } from "@vta/contracts";
import { inferSpec } from "./csv-app.js";

describe("an app from a spreadsheet", () => {
  it("names the entity after the file and types each column by its cells", () => {
    const header = ["Customer", "Email", "Amount", "Order date", "Status", "Paid?", "Discount", "Website", "Notes", "Phone", ""];
    const rows = Array.from({ length: 12 }, (_, i) => [
      `Customer ${i}`,
      `c${i}@example.test`,
      `$${(i * 12.5).toFixed(2)}`,
      `2026-0${1 + (i % 9)}-1${i % 9}`,
      ["new", "paid", "shipped"][i % 3]!,
      i % 2 ? "yes" : "no",
      `${i * 5}%`,
      `https://shop.example/${i}`,
      "A long note about this order ".repeat(i % 4 === 0 ? 10 : 1),
      `+1 555 010 ${String(1000 + i)}`,
      i % 3 ? "" : "x",
    ]);
    const spec = inferSpec("Orders 2026.csv", header, rows);
    expect(AppSpec.safeParse(spec).success).toBe(true);
    const entity = spec.entities[0]!;
    expect([entity.name, entity.label, entity.pluralLabel]).toEqual(["order", "Order", "Orders"]);
    expect(entity.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      "customer:text",
      "email:email",
      "amount:currency",
      "orderDate:date",
      "status:enum",
      "paid:boolean",
      "discount:percent",
      "website:url",
      "notes:longText",
      "phone:phone",
      "column11:boolean",
    ]);
    expect(entity.fields.find((f) => f.name === "status")!.options).toEqual(["new", "paid", "shipped"]);
    expect(spec.views.map((v) => v.type)).toEqual(["table", "form", "board", "calendar"]);
  });

  it("keeps names unique and valid, whatever the headers", () => {
    const spec = inferSpec("data.csv", ["2024", "Name", "name", "!!"], [["1", "a", "b", "c"]]);
    expect(spec.entities[0]!.fields.map((f) => f.name)).toEqual(["f2024", "name", "name2", "column4"]);
    expect(AppSpec.safeParse(spec).success).toBe(true);
  });
});
