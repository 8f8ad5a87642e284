import { describe, expect, it } from "vitest";
import type { FastifyRequest } from "fastify";
import { readCookie } from "./cookies.js";

const req = (cookie?: string) => ({ headers: { cookie } }) as unknown as FastifyRequest;

describe("readCookie", () => {
  it("finds the named cookie among others, quoted or not, and nothing else", () => {
    expect(readCookie(req("a=1; vta_session=abc_DEF-1; b=2"), "vta_session")).toBe("abc_DEF-1");
    expect(readCookie(req('vta_session="quoted"'), "vta_session")).toBe("quoted");
    expect(readCookie(req("xvta_session=nope; other=1"), "vta_session")).toBeUndefined();
    expect(readCookie(req(), "vta_session")).toBeUndefined();
    expect(readCookie(req(""), "vta_session")).toBeUndefined();
  });
});
