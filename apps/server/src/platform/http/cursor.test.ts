import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, likePattern } from "./cursor.js";
import { HttpError } from "./errors.js";

describe("keyset cursors", () => {
  it("round-trips the exact timestamp text and id", () => {
    const c = { ts: "2026-11-27 12:00:00.123456+00", id: "0b9f8d6e-1c1a-4c55-9f3e-2d1f0b7a9c11" };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    expect(decodeCursor(undefined)).toBeNull();
    expect(decodeCursor("")).toBeNull();
  });

  it.each([
    ["not base64 json", "@@@"],
    ["json of the wrong shape", Buffer.from('{"a":1}').toString("base64url")],
    [
      "sql in the timestamp",
      Buffer.from(JSON.stringify(["now()); drop table agents;--", "0b9f8d6e-1c1a-4c55-9f3e-2d1f0b7a9c11"])).toString("base64url"),
    ],
    ["a bad id", Buffer.from(JSON.stringify(["2026-11-27 12:00:00+00", "1"])).toString("base64url")],
    [
      "a 36-character id that is no UUID",
      Buffer.from(JSON.stringify(["2026-11-27 12:00:00+00", "------------------------------------"])).toString("base64url"),
    ],
    [
      "the 31st of February",
      Buffer.from(JSON.stringify(["2026-02-31 10:00:00", "0b9f8d6e-1c1a-4c55-9f3e-2d1f0b7a9c11"])).toString("base64url"),
    ],
    ["year zero", Buffer.from(JSON.stringify(["0000-01-01 00:00:00", "0b9f8d6e-1c1a-4c55-9f3e-2d1f0b7a9c11"])).toString("base64url")],
    ["hour 25", Buffer.from(JSON.stringify(["2026-01-01 25:00:00", "0b9f8d6e-1c1a-4c55-9f3e-2d1f0b7a9c11"])).toString("base64url")],
  ])("rejects %s with a 400", (_name, raw) => {
    expect(() => decodeCursor(raw)).toThrow(HttpError);
    try {
      decodeCursor(raw);
    } catch (err) {
      expect((err as HttpError).statusCode).toBe(400);
    }
  });
});

describe("likePattern", () => {
  it("escapes LIKE wildcards and backslashes", () => {
    expect(likePattern("50%_off\\")).toBe("%50\\%\\_off\\\\%");
    expect(likePattern("plain")).toBe("%plain%");
  });
});
