import { describe, expect, it } from "vitest";
import type { AppRecord, AppSpec } from "@vta/contracts";
import { ownData, snapshotSource } from "./source";

describe("records as the runtime reads them", () => {
  it("know only their own fields: an empty valueOf or constructor reads as empty", () => {
    const [r] = ownData<{ id: string; data: Record<string, unknown> }>([{ id: "1", data: { name: "W" } }]);
    const read = (key: string): unknown => r!.data[key];
    expect(read("valueOf")).toBeUndefined();
    expect(read("constructor")).toBeUndefined();
    expect(read("name")).toBe("W");
    expect(JSON.stringify(r)).toBe('{"id":"1","data":{"name":"W"}}');
  });
});

describe("a shared page's records, asked what the server is asked", () => {
  const spec: AppSpec = {
    name: "Shop",
    description: "",
    entities: [
      {
        name: "customer",
        label: "Customer",
        pluralLabel: "Customers",
        fields: [{ name: "name", label: "Name", type: "text", required: true }],
      },
      {
        name: "order",
        label: "Order",
        pluralLabel: "Orders",
        fields: [
          { name: "item", label: "Item", type: "text", required: true },
          { name: "amount", label: "Amount", type: "currency", required: false },
          { name: "status", label: "Status", type: "enum", options: ["open", "paid"], required: false },
          { name: "customer", label: "Customer", type: "reference", ref: "customer", required: false },
        ],
      },
    ],
    views: [],
  };
  const at = (i: number) => `2026-01-0${i}T10:00:00.000Z`;
  const rec = (id: string, i: number, data: Record<string, unknown>): AppRecord => ({ id, data, createdAt: at(i), updatedAt: at(i) });
  const records = {
    customer: [rec("c1", 1, { name: "Jane" })],
    order: [
      rec("o1", 1, { item: "Tea", amount: 4.5, status: "open", customer: "c1" }),
      rec("o2", 2, { item: "Cake", amount: 10, status: "paid", customer: "c1" }),
      rec("o3", 3, { item: "Teapot", amount: 30, status: "paid" }),
    ],
  };
  const source = snapshotSource("t", spec, records);

  it("pages the newest first, filters by choice, range, link and emptiness, and searches text", async () => {
    const first = await source.page("order", {}, null, 2);
    expect(first.items.map((r) => r.id)).toEqual(["o3", "o2"]);
    expect((await source.page("order", {}, first.nextCursor, 2)).items.map((r) => r.id)).toEqual(["o1"]);
    const ids = async (q: Parameters<typeof source.page>[1]) => (await source.page("order", q, null, 50)).items.map((r) => r.id).sort();
    expect(await ids({ filters: [{ field: "status", op: "in", value: ["paid"] }] })).toEqual(["o2", "o3"]);
    expect(await ids({ filters: [{ field: "amount", op: "between", value: [5, null] }] })).toEqual(["o2", "o3"]);
    expect(await ids({ filters: [{ field: "customer", op: "is", value: "c1" }] })).toEqual(["o1", "o2"]);
    expect(await ids({ filters: [{ field: "customer", op: "empty" }] })).toEqual(["o3"]);
    expect(await ids({ search: "tea" })).toEqual(["o1", "o3"]);
    expect((await source.page("order", { sort: "-amount" }, null, 50)).items.map((r) => r.id)).toEqual(["o3", "o2", "o1"]);
  });

  it("totals and groups every record the filters let through, links named by their record", async () => {
    const stats = await source.stats("order", { filters: [{ field: "status", op: "is", value: "paid" }] });
    expect(stats.count).toBe(2);
    expect(stats.fields.amount).toMatchObject({ sum: 40, min: 10, max: 30, avg: 20 });
    const byStatus = await source.groups("order", {}, { groupBy: "status", measure: "amount" });
    expect(byStatus.groups.map((g) => [g.value, g.count, g.sum])).toEqual([
      ["open", 1, 4.5],
      ["paid", 2, 40],
    ]);
    const byCustomer = await source.groups("order", {}, { groupBy: "customer" });
    expect(byCustomer.groups.map((g) => [g.label, g.count])).toEqual([
      ["Jane", 2],
      ["(none)", 1],
    ]);
  });
});
