/**
 * Text PostgreSQL cannot store: a NUL character (text and jsonb refuse it) and a lone UTF-16
 * surrogate (jsonb refuses its escape; text would silently turn it into U+FFFD). Refused for every
 * route before validation — in the body, the query string and the path — so such a value never
 * reaches a shared write and fails another request with it.
 */
import type { FastifyInstance } from "fastify";
import { badRequest } from "./errors.js";

// eslint-disable-next-line no-control-regex -- finding NUL is the point
const SUSPECT = /[\u0000\ud800-\udfff]/;
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const isUnstorable = (s: string) => SUSPECT.test(s) && UNSTORABLE.test(s);

/** The path of the first string (value or key) PostgreSQL cannot store, or null. */
export function findUnstorable(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === "string") return isUnstorable(value) ? path : null;
  if (value === null || typeof value !== "object" || depth > 64) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorable(value[i], `${path}.${i}`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  // Parsed JSON and query strings (whose objects may have no usual prototype); streams and
  // buffers (uploads) are read by their own parsers.
  if (ArrayBuffer.isView(value) || typeof (value as { pipe?: unknown }).pipe === "function") return null;
  for (const [key, v] of Object.entries(value)) {
    if (isUnstorable(key)) return `${path}.${key.replace(UNSTORABLE, "?")}`;
    const found = findUnstorable(v, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}

export function registerStorableInput(app: FastifyInstance): void {
  app.addHook("preValidation", async (request) => {
    const where =
      findUnstorable(request.params, "params") ?? findUnstorable(request.query, "querystring") ?? findUnstorable(request.body, "body");
    if (where) {
      throw badRequest(
        `${where}: contains a NUL character or a broken Unicode character (a lone surrogate), which cannot be stored; remove it and send again`,
        [{ path: where, message: "contains a character that cannot be stored" }],
      );
    }
  });
}
