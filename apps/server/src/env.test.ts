import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env.js";

describe("parseEnv", () => {
  it("gives the embedded defaults with an empty environment", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 3000, DATA_DIR: "./data", ROLE: "all", LOG_LEVEL: "info" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.ADMIN_EMAILS).toEqual([]);
  });

  it("lists every problem at once", () => {
    let caught: unknown;
    try {
      parseEnv({ PORT: "http", ROLE: "boss", DATABASE_URL: "mysql://x", REDIS_URL: "http://x", LOG_LEVEL: "loud" });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(EnvError);
    const problems = (caught as EnvError).problems.map((p) => p.split(":")[0]);
    expect(problems.sort()).toEqual(["DATABASE_URL", "LOG_LEVEL", "PORT", "REDIS_URL", "ROLE"]);
    expect((caught as EnvError).message).toContain("Invalid configuration");
  });

  it("parses ADMIN_EMAILS as a lower-cased list and empty URLs as unset", () => {
    const env = parseEnv({ ADMIN_EMAILS: " A@x.io, b@Y.io ,", DATABASE_URL: "", REDIS_URL: "" });
    expect(env.ADMIN_EMAILS).toEqual(["a@x.io", "b@y.io"]);
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("trusts only named proxies: TRUST_PROXY as addresses, CIDRs or true (this machine and the private network), never hop counts", () => {
    expect(parseEnv({}).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: "true" }).TRUST_PROXY).toBe("loopback,linklocal,uniquelocal");
    expect(parseEnv({ TRUST_PROXY: "10.0.0.2, 192.168.0.0/16, ::1" }).TRUST_PROXY).toBe("10.0.0.2,192.168.0.0/16,::1");
    expect(() => parseEnv({ TRUST_PROXY: "2" })).toThrow(/TRUST_PROXY/);
    expect(() => parseEnv({ TRUST_PROXY: "everyone" })).toThrow(/TRUST_PROXY/);
  });
});
