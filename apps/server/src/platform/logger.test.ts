import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { loggerOptions } from "./logger.js";

/** A logger with the app's options that writes into a string. */
function captured() {
  let text = "";
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return { log: pino({ ...loggerOptions("info"), transport: undefined }, sink), out: () => text };
}

describe("logger", () => {
  it("redacts credentials wherever a log call passes them", () => {
    const { log, out } = captured();
    log.info(
      {
        req: { headers: { authorization: "Bearer vta_supersecretkey", cookie: "vta_session=abc" } },
        res: { headers: { "set-cookie": "vta_session=def" } },
        body: { password: "hunter2", token: "t0k3n", apiKey: "k3y" },
      },
      "request",
    );
    expect(out()).not.toMatch(/supersecret|vta_session=|hunter2|t0k3n|k3y/);
    expect(out().match(/\[redacted\]/g)?.length).toBe(6);
  });

  it("never writes the bound values of a failed query (other tenants' text) to the log", () => {
    const { log, out } = captured();
    const cause = new Error('invalid byte sequence for encoding "UTF8": 0x00');
    const err = new DrizzleQueryError("insert into interactions (input) values ($1), ($2)", ["victim's private text", "\u0000"], cause);
    log.error({ err }, "unhandled error");
    expect(out()).not.toContain("victim's private text");
    expect(out()).toContain("insert into interactions");
    expect(out()).toContain("invalid byte sequence");
    expect(out()).toContain("params: [redacted]");
  });
});
