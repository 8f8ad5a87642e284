import type { APIResponse } from "playwright-core";
import { expect } from "vitest";
import type { z } from "zod";

/**
 * An API answer a browser test got through Playwright's request context, read through its contract
 * (as `parsed` does for the server's tests): the status asserted, the body parsed by `schema`.
 */
export async function answer<S extends z.ZodType>(res: APIResponse, schema: S, status = 200): Promise<z.output<S>> {
  const body = await res.text();
  expect(res.status(), body).toBe(status);
  return schema.parse(JSON.parse(body));
}
