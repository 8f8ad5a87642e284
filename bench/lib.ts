/** Small helpers shared by the benchmarks: percentiles and a fresh database per run. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function summarize(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return { n: s.length, mean, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s.at(-1)! };
}

export const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

/** A new empty PostgreSQL database (dropped by the returned function). */
export async function freshPostgres(adminUrl = process.env.BENCH_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres") {
  const name = `vta_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect().catch((err: Error) => {
    throw new Error(
      `The benchmarks need a PostgreSQL server they may create databases on (${adminUrl}: ${err.message}). ` +
        "Start one (npm test starts the local cluster) or point BENCH_PG_ADMIN_URL at one.",
    );
  });
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export const freshPgliteDir = () => mkdtempSync(join(tmpdir(), "vta-bench-"));

/** One client on one address makes all of a benchmark's traffic: rate limits off, so the server is what is measured. */
export const BENCH_ENV = { RATE_LIMIT_KEY_PER_MINUTE: "0", RATE_LIMIT_IP_PER_MINUTE: "0" } as const;
