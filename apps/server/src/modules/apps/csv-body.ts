/** CSV files as request bodies: up to 64 MB (about a million short rows), as text. */
import type { FastifyInstance } from "fastify";
import { HttpError } from "../../platform/http/errors.js";

export const CSV_LIMIT = 64 * 1024 * 1024;

/** Lets the routes of `app` take `text/csv` bodies. */
export function acceptCsv(app: FastifyInstance) {
  app.addContentTypeParser(["text/csv", "application/csv"], { parseAs: "string", bodyLimit: CSV_LIMIT }, (_request, body, done) =>
    done(null, body),
  );
}

/** The body as the CSV text it must be; a 415 that says how to send it otherwise. */
export function csvBody(body: unknown): string {
  if (typeof body !== "string") throw new HttpError(415, "unsupported_media_type", "Send the file as the body with Content-Type: text/csv");
  return body;
}
