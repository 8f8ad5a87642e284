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
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const Limit = z.coerce
  .number({ message: "limit must be a number" })
  .int("limit must be a whole number")
  .min(1, "limit must be at least 1")
  .max(200, "limit must be at most 200")
  .default(50);

export const Cursor = z.string().max(512, "cursor is too long").optional();
