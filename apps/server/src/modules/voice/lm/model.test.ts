import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { speechModel } from "./model.js";

describe("speech models on disk", () => {
  it("are kept per workspace, the newest two only, and reused when the vocabulary is the same", async () => {
    const root = mkdtempSync(join(tmpdir(), "vta-models-"));
    const vocabularies = [["book"], ["book", "loan"], ["book", "loan", "member"]].map((entities) => ({ entities, fields: ["title"] }));
    const built = [];
    for (const v of vocabularies) built.push(await speechModel(root, "ws-a", v));
    await speechModel(root, "ws-b", vocabularies[0]!);
    const again = await speechModel(root, "ws-a", vocabularies[2]!);
    expect(built.map((m) => m.built)).toEqual([true, true, true]);
    expect(again.built).toBe(false);
    const models = (owner: string) => readdirSync(join(root, owner)).filter((f) => f.endsWith(".json")).length;
    expect(models("ws-a")).toBe(2);
    expect(models("ws-b")).toBe(1);
    expect(readdirSync(join(root, "ws-a")).filter((f) => f.endsWith(".arpa")).length).toBe(2);
    expect(() => speechModel(root, "../escape", vocabularies[0]!)).toThrow(/owner/);
  }, 60_000);
});
