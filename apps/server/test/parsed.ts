import type { LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import type { z } from "zod";

/**
 * An API answer read through its contract: asserts the status (the body shows when it differs), then
 * parses the body with `schema`, so a field missing or of another type fails here by name. From
 * `inject` it answers at once; from `fetch`, a promise.
 */
export function parsed<S extends z.ZodType>(res: LightMyRequestResponse, schema: S, status?: number): z.output<S>;
export function parsed<S extends z.ZodType>(res: Response, schema: S, status?: number): Promise<z.output<S>>;
export function parsed<S extends z.ZodType>(
  res: LightMyRequestResponse | Response,
  schema: S,
  status = 200,
): z.output<S> | Promise<z.output<S>> {
  const check = (code: number, body: string) => {
    expect(code, body).toBe(status);
    return schema.parse(JSON.parse(body));
  };
  return res instanceof Response ? res.text().then((body) => check(res.status, body)) : check(res.statusCode, res.body);
}
