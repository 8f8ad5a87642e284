import { describe, expect, it } from "vitest";
import type { AppRecord } from "@vta/contracts";
import { appJson } from "./app-json.js";

const record = (id: string, title: string): AppRecord => ({
  id,
  data: { title },
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
});

async function* pages() {
  yield { entity: "book", records: [record("1", 'a "quoted" title'), record("2", "b")] };
  yield { entity: "book", records: [record("3", "c")] };
  yield { entity: "loan", records: [record("4", "d")] };
}

async function text(pieces: AsyncIterable<string>) {
  let out = "";
  for await (const p of pieces) out += p;
  return out;
}

describe("an app as JSON in pieces", () => {
  it("is the same JSON as the whole object, every entity present, pages joined", async () => {
    const parsed = JSON.parse(
      await text(appJson({ name: "Library", version: 3 }, ["author", "book", "loan", "member"], pages())),
    ) as unknown;
    expect(parsed).toEqual({
      name: "Library",
      version: 3,
      records: {
        book: [record("1", 'a "quoted" title'), record("2", "b"), record("3", "c")],
        loan: [record("4", "d")],
        author: [],
        member: [],
      },
    });
  });

  it("works with no head fields and no records", async () => {
    async function* none() {}
    expect(JSON.parse(await text(appJson({}, ["x"], none())))).toEqual({ records: { x: [] } });
  });
});
