import { z } from "zod";

/** The one error body every 4xx/5xx answer carries. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const Uuid = z.uuid({ message: "must be a UUID" });

export const IdParams = z.object({ id: Uuid });

/** Keyset page: `nextCursor` is opaque to clients and null on the last page. */
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
/** The type of a `pageOf` answer. */
export type Page<T> = z.infer<ReturnType<typeof pageOf<z.ZodType<T>>>>;

export const Limit = z.coerce
  .number({ message: "limit must be a number" })
  .int("limit must be a whole number")
  .min(1, "limit must be at least 1")
  .max(200, "limit must be at most 200")
  .default(50);

export const Cursor = z.string().max(512, "cursor is too long").optional();

/**
 * An answer without a body (204 No Content, a redirect): `reply.send()` with nothing. The OpenAPI
 * document shows it without content (the server's transform looks for this `undefined`).
 */
export const noBody = (description: string) => z.undefined().describe(description);
export const NoContent = noBody("No content");

/**
 * An answer that is not JSON (a download, an event stream, Prometheus text): a description and its
 * media types, for the OpenAPI document. The server sends text or a stream as it is.
 */
export const textBody = <const T extends string>(description: string, ...mediaTypes: [T, ...T[]]) => ({
  description,
  content: Object.fromEntries(mediaTypes.map((type) => [type, { schema: z.string() }])) as Record<T, { schema: z.ZodString }>,
});
