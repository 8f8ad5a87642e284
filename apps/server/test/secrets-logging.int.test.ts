/**
 * Secrets never reach the logs: the real server at debug level (one line per request) is driven
 * through sign-up, login, an API key and failures; no password, session token or key appears.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { CreatedApiKey } from "@vta/contracts";
import { parsed } from "./parsed.js";
import { freePort, repoRoot } from "./process.js";

describe("logs", () => {
  it("carry no password, session token or API key, even at debug level", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ["--import", "tsx", "apps/server/src/main.ts"], {
      cwd: repoRoot,
      env: {
        ...process.env,
        DATABASE_URL: inject("databaseUrl"),
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_LEVEL: "debug",
        NODE_ENV: "production",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let logs = "";
    child.stdout.on("data", (d: Buffer) => (logs += d.toString()));
    child.stderr.on("data", (d: Buffer) => (logs += d.toString()));
    const url = `http://127.0.0.1:${port}`;
    try {
      for (let i = 0; i < 300; i++) {
        if (
          await fetch(`${url}/readyz`)
            .then((r) => r.ok)
            .catch(() => false)
        )
          break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const password = `pw-${randomUUID()}`;
      const email = `secret-${randomUUID()}@example.test`;
      const json = { "content-type": "application/json" };
      const signup = await fetch(`${url}/api/v1/auth/signup`, {
        method: "POST",
        headers: json,
        body: JSON.stringify({ email, password, name: "S" }),
      });
      const session = signup.headers.get("set-cookie")!.split(";")[0]!;
      await fetch(`${url}/api/v1/auth/login`, {
        method: "POST",
        headers: json,
        body: JSON.stringify({ email, password: `${password}-wrong` }),
      });
      const login = await fetch(`${url}/api/v1/auth/login`, { method: "POST", headers: json, body: JSON.stringify({ email, password }) });
      const second = login.headers.get("set-cookie")!.split(";")[0]!;
      const created = await parsed(
        await fetch(`${url}/api/v1/api-keys`, {
          method: "POST",
          headers: { ...json, cookie: session },
          body: JSON.stringify({ name: "k" }),
        }),
        CreatedApiKey,
        201,
      );
      await fetch(`${url}/api/v1/agents`, { headers: { authorization: `Bearer ${created.key}` } });
      await fetch(`${url}/api/v1/agents`, { headers: { authorization: `Bearer ${created.key}x` } }); // a bad key: 401, logged
      await fetch(`${url}/api/v1/agents`, { method: "POST", headers: { ...json, cookie: second }, body: "{not json" });
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
    expect(logs).toMatch(/"url":"\/api\/v1\/agents"/); // the request lines are there…
    const secrets = [...logs.matchAll(/vta_session=[\w-]+/g)].map((m) => m[0]);
    expect(secrets).toEqual([]); // …without a session cookie,
    expect(logs).not.toMatch(/pw-[0-9a-f-]{36}/); // a password
    expect(logs).not.toMatch(/vta_[A-Za-z0-9_-]{20,}/); // or an API key
  });
});
