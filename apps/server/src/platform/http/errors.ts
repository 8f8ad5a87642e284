import type { FastifyError, FastifyInstance, FastifyReply } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { ClosedError, QueueFullError } from "../db/group-commit.js";

/** An error whose message is meant for the client: thrown by services, answered as-is. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new HttpError(404, "not_found", `${what} not found`);
export const badRequest = (message: string, details?: unknown) => new HttpError(400, "bad_request", message, details);
export const forbidden = (message: string) => new HttpError(403, "forbidden", message);
export const conflict = (message: string, details?: unknown) => new HttpError(409, "conflict", message, details);
export const unauthorized = (message = "Sign in or send an API key (Authorization: Bearer <key>)") =>
  new HttpError(401, "unauthorized", message);

export function sendError(reply: FastifyReply, status: number, code: string, message: string, details?: unknown) {
  return reply.status(status).send({ error: { code, message, ...(details === undefined ? {} : { details }) } });
}

/** Fastify's own client-error codes mapped to our codes. */
const FASTIFY_CODES: Record<string, [number, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, "payload_too_large"],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, "unsupported_media_type"],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, "bad_request"],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, "invalid_json"],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, "invalid_json"],
  FST_ERR_VALIDATION: [400, "validation_failed"],
  FST_REQ_FILE_TOO_LARGE: [413, "payload_too_large"],
  FST_FILES_LIMIT: [413, "payload_too_large"],
  FST_PARTS_LIMIT: [413, "payload_too_large"],
  FST_FIELDS_LIMIT: [413, "payload_too_large"],
  FST_INVALID_MULTIPART_CONTENT_TYPE: [415, "unsupported_media_type"],
  FST_PROTO_VIOLATION: [400, "bad_request"],
  FST_MP_PREMATURE_CLOSE: [400, "bad_request"],
};

const MESSAGES: Record<string, string> = {
  payload_too_large: "The request body is larger than this endpoint accepts",
  unsupported_media_type: "Send the body as application/json",
};

const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08006",
]);

/** The database (or a dependency) is down or restarting: the client should retry, not give up. */
export function isUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && CONNECTION_CODES.has(code)) return true;
    const message = (e as { message?: unknown }).message;
    if (
      typeof message === "string" &&
      /Connection terminated|connection timeout|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(
        message,
      )
    )
      return true;
  }
  return false;
}

/** Every 4xx/5xx leaves as `{error: {code, message, details?}}`; a client's mistake is never a 500. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpError) {
      const retry = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      if (retry) void reply.header("retry-after", String(retry));
      return sendError(reply, error.statusCode, error.code, error.message, error.details);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? "request";
      const details = error.validation.map((v) => ({
        path: [where, ...v.instancePath.split("/").filter(Boolean)].join("."),
        message: v.message ?? "is invalid",
      }));
      const first = details[0];
      return sendError(reply, 400, "validation_failed", first ? `${first.path}: ${first.message}` : "Invalid request", details);
    }
    if (error instanceof SyntaxError) return sendError(reply, 400, "invalid_json", `Malformed JSON: ${error.message}`);
    const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (mapped) {
      const [status, code] = mapped;
      return sendError(reply, status, code, MESSAGES[code] ?? error.message);
    }
    if (error instanceof QueueFullError) {
      void reply.header("retry-after", String(error.retryAfterSeconds));
      return sendError(reply, 503, "overloaded", error.message);
    }
    if (error instanceof ClosedError || isUnavailable(error)) {
      void reply.header("retry-after", "2");
      return sendError(
        reply,
        503,
        "unavailable",
        error instanceof ClosedError ? error.message : "The database is unavailable; retry shortly",
      );
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return sendError(reply, status, status === 429 ? "rate_limited" : "bad_request", error.message);
    }
    if (status === 503) return sendError(reply, 503, "unavailable", error.message);
    request.log.error({ err: error }, "unhandled error");
    return sendError(reply, 500, "internal", "Something went wrong on our side; it has been logged");
  });
}
