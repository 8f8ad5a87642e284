import type { LoggerOptions } from "pino";

/** Secrets never reach the logs, whatever a log call passes in. */
export const REDACT_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  'res.headers["set-cookie"]',
  "*.password",
  "*.key",
  "*.apiKey",
  "*.token",
];

export function loggerOptions(level: string): LoggerOptions {
  return { level, redact: { paths: REDACT_PATHS, censor: "[redacted]" } };
}
