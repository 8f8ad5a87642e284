import { describe, expect, it } from "vitest";
import { ownData } from "./api";

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
