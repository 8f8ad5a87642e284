import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { findUnstorable } from "./storable.js";

describe("text PostgreSQL cannot store", () => {
  it("is found in values and keys, at any depth, in objects of any prototype", () => {
    const query = Object.create(Object.create(null) as object) as Record<string, string>;
    query.search = "a\u0000b";
    expect(findUnstorable(query, "querystring")).toBe("querystring.search");
    expect(findUnstorable({ items: [{ input: "ok" }, { metadata: { deep: ["x", "\ud800"] } }] }, "body")).toBe(
      "body.items.1.metadata.deep.1",
    );
    expect(findUnstorable({ "\u0000": 1 }, "body")).toBe("body.?");
    expect(findUnstorable({ pair: "🙂 is a valid pair", lone: "\udc00" }, "body")).toBe("body.lone");
  });

  it("passes ordinary text, pairs, numbers, and leaves streams and buffers to their parsers", () => {
    expect(findUnstorable({ a: "plain", b: "🙂", c: 1, d: null, e: [true] }, "body")).toBeNull();
    expect(findUnstorable(Buffer.from([0, 0]), "body")).toBeNull();
    expect(findUnstorable(Readable.from(["\u0000"]), "body")).toBeNull();
  });
});
