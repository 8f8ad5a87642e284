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

import { createRequire } from "node:module";

/** Readable lines for a person at a terminal (when pino-pretty is installed); JSON lines otherwise. */
function prettyTransport(): LoggerOptions["transport"] {
  if (!process.stdout.isTTY || process.env.NODE_ENV === "production") return undefined;
  try {
    createRequire(import.meta.url).resolve("pino-pretty");
    return { target: "pino-pretty", options: { translateTime: "HH:MM:ss", ignore: "pid,hostname" } };
  } catch {
    return undefined;
  }
}

export function loggerOptions(level: string): LoggerOptions {
  return { level, redact: { paths: REDACT_PATHS, censor: "[redacted]" }, transport: prettyTransport() };
}
