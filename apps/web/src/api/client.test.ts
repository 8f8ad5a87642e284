import { describe, expect, it } from "vitest";
import { api, path } from "./client";

describe("API paths", () => {
  it("escape each interpolated value as one segment", () => {
    expect(path`/shared/${"../apps/0b9f8d6e-1c1a-4c55-9f3e-2d1f0b7a9c11"}`).toBe(
      "/shared/..%2Fapps%2F0b9f8d6e-1c1a-4c55-9f3e-2d1f0b7a9c11",
    );
    expect(path`/apps/${"a b"}/records/${"x?y#z"}`).toBe("/apps/a%20b/records/x%3Fy%23z");
    expect(path`/agents/${7}`).toBe("/agents/7");
  });

  it("refuse a path the browser would resolve upwards, before any request leaves", async () => {
    await expect(api("/shared/../apps/1")).rejects.toMatchObject({ status: 400, code: "bad_path" });
    await expect(api(path`/shared/${".."}`)).rejects.toMatchObject({ code: "bad_path" });
  });
});
