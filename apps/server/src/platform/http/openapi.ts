/** The OpenAPI document's schemas, generated from the routes' zod schemas. */
import { jsonSchemaTransform } from "fastify-type-provider-zod";
import type { z } from "zod";

/** An answer declared without a body (`noBody` in contracts: 204 No Content, redirects). */
const isNoBody = (schema: unknown): schema is z.ZodUndefined => (schema as Partial<z.ZodType> | null)?._zod?.def.type === "undefined";

/**
 * zod's transform, with answers that have no body documented as such: JSON Schema cannot say
 * `undefined`, and `type: "null"` is what @fastify/swagger reads as "no content".
 */
export const openApiTransform: typeof jsonSchemaTransform = (document) => {
  const declared = (document.schema?.response ?? {}) as Record<string, unknown>;
  const empty = Object.entries(declared).filter((entry): entry is [string, z.ZodUndefined] => isNoBody(entry[1]));
  if (empty.length === 0) return jsonSchemaTransform(document);
  const response = Object.fromEntries(Object.entries(declared).filter(([, schema]) => !isNoBody(schema)));
  const transformed = jsonSchemaTransform({ ...document, schema: { ...document.schema, response } });
  const schema = transformed.schema as { hide?: boolean; response?: Record<string, unknown> };
  if (schema.hide) return transformed;
  schema.response = {
    ...schema.response,
    ...Object.fromEntries(empty.map(([status, s]) => [status, { type: "null", description: s.description ?? "No body" }])),
  };
  return transformed;
};
