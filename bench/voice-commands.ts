/**
 * Spoken commands end to end: the assistant corpus's apps built by the builder and filled with
 * their records, each command spoken by flite (slt, rms, awb in turn) and streamed in real time to
 * the live endpoint, its final transcription sent as a command; the result judged against what its
 * writer intended (a list by its filters, a question by the number the server computes for the
 * intended question). Also the times: end of speech → command answered, and how far partial words
 * lag behind the audio they cover.
 *
 *   node --import tsx bench/voice-commands.ts [--split held|dev|dev2|dev3] [--limit N] [--voices slt,rms,awb]
 */
import type { AddressInfo } from "node:net";
import { AppDetail, AppRecord, Build, BuildAccepted, CommandResult, RecordGroups, RecordStats, type RecordFilter } from "@vta/contracts";
import { buildApp } from "../apps/server/src/app.js";
import { parseEnv } from "../apps/server/src/env.js";
import { openDatabase } from "../apps/server/src/platform/db/client.js";
import { migrate } from "../apps/server/src/platform/db/migrate.js";
import { corpus, fixture, same, sameFilters, type Command, type Split } from "../apps/server/src/modules/assistant/corpus/score.js";
import { speakLive, spokenPcm } from "../apps/server/test/live-client.js";
import { BENCH_ENV, freshPostgres, summarize } from "./lib.js";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const split = (arg("split") ?? "held") as Split;
const limit = Number(arg("limit") ?? Infinity);
const voices = (arg("voices") ?? "slt,rms,awb").split(",");

const pg = await freshPostgres();
const database = await openDatabase({ databaseUrl: pg.url, dataDir: "", poolSize: 5, statementTimeoutMs: 30_000 });
await migrate(database);
const env = parseEnv({ LOG_LEVEL: "silent", WEB_DIST: "/nonexistent", MAIL_URL: "memory", ...BENCH_ENV });
const { fastify } = await buildApp({ env, database, now: () => new Date(fixture.now) });
await fastify.listen({ host: "127.0.0.1", port: 0 });
const port = (fastify.server.address() as AddressInfo).port;
const base = `http://127.0.0.1:${port}`;

const signup = await fetch(`${base}/api/v1/auth/signup`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ email: `bench-${Date.now()}@example.test`, password: "correct horse battery", name: "Bench" }),
});
const cookie = signup.headers
  .getSetCookie()
  .find((c) => c.startsWith("vta_session="))!
  .split(";")[0]!;
const headers = { cookie, origin: base };
async function api<T>(method: string, path: string, schema: { parse(v: unknown): T }, body?: unknown): Promise<T> {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { ...headers, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json: unknown = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return schema.parse(json);
}

/** The shape of a spec that the corpus depends on: entities, fields, types, choices, links. */
const shape = (spec: AppDetail["spec"]) =>
  JSON.stringify(spec!.entities.map((e) => [e.name, e.fields.map((f) => [f.name, f.type, f.options ?? null, f.ref ?? null])]));

// The corpus's apps as the builder builds them, with their records; an app the builder now builds otherwise is left out.
const apps = new Map<string, { id: string; ids: Map<string, string> }>();
for (const a of fixture.apps) {
  const { appId, buildId } = await api("POST", "/apps", BuildAccepted, { text: a.description });
  let build = await api("GET", `/builds/${buildId}`, Build);
  while (build.status === "queued" || build.status === "running") {
    await new Promise((r) => setTimeout(r, 100));
    build = await api("GET", `/builds/${buildId}`, Build);
  }
  const detail = await api("GET", `/apps/${appId}`, AppDetail);
  if (shape(detail.spec) !== shape(a.spec)) {
    console.log(`skipped ${a.id}: the builder builds it differently from the corpus's (hand-mended) spec`);
    continue;
  }
  const ids = new Map<string, string>();
  for (const entity of a.spec.entities) {
    for (const r of a.records[entity.name] ?? []) {
      const data = Object.fromEntries(
        Object.entries(r.data).map(([k, v]) => [k, entity.fields.find((f) => f.name === k)?.type === "reference" ? ids.get(String(v)) : v]),
      );
      ids.set(r.key, (await api("POST", `/apps/${appId}/records/${entity.name}`, AppRecord, data)).id);
    }
  }
  apps.set(a.id, { id: appId, ids });
}

const mapRefs = (ids: Map<string, string>, v: unknown): unknown =>
  typeof v === "string" && ids.has(v) ? ids.get(v) : Array.isArray(v) ? v.map((x) => mapRefs(ids, x)) : v;
const mapValues = (ids: Map<string, string>, values: Record<string, unknown> = {}) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, mapRefs(ids, v)]));
const mapFilters = (ids: Map<string, string>, filters: RecordFilter[] = []) =>
  filters.map((f) => ({ ...f, value: mapRefs(ids, f.value) as RecordFilter["value"] }));

/** The number the intended question has, computed by the server. */
async function intendedNumber(appId: string, e: Command["expect"], ids: Map<string, string>): Promise<number | null> {
  const filters = encodeURIComponent(JSON.stringify(mapFilters(ids, e.filters)));
  if (e.groupBy) {
    const measure = e.measure === "sum" && e.field ? `&measure=${e.field}` : "";
    const { groups } = await api(
      "GET",
      `/apps/${appId}/records/${e.entity}/groups?groupBy=${e.groupBy}${measure}&filters=${filters}&tz=UTC`,
      RecordGroups,
    );
    const by = (g: (typeof groups)[number]) => (e.measure === "sum" ? (g.sum ?? 0) : g.count);
    const valued = groups.filter((g) => g.value !== null).sort((a, b) => (e.pick === "least" ? by(a) - by(b) : by(b) - by(a)));
    return valued[0] ? by(valued[0]) : null;
  }
  const stats = await api("GET", `/apps/${appId}/records/${e.entity}/stats?filters=${filters}&tz=UTC`, RecordStats);
  if (e.measure === "count" || !e.field) return stats.count;
  const s = stats.fields[e.field]!;
  const v = e.measure === "sum" ? s.sum : s[e.measure as "avg" | "min" | "max"];
  return v === null ? null : Math.round(v * 100) / 100;
}

async function judge(c: CommandResult, e: Command["expect"], appId: string, ids: Map<string, string>): Promise<boolean> {
  if (c.kind !== e.kind) return false;
  if (c.kind === "unclear") return true;
  if (c.entity !== e.entity) return false;
  switch (c.kind) {
    case "create":
      return same(c.changes, mapValues(ids, e.values));
    case "update":
      return c.record?.id === ids.get(e.record!) && same(c.changes, mapValues(ids, e.changes));
    case "delete":
      return c.record?.id === ids.get(e.record!);
    case "filter":
      return sameFilters(c.filter!.filters, mapFilters(ids, e.filters)) && (c.filter!.sort ?? null) === (e.sort ?? null);
    case "answer": {
      const want = await intendedNumber(appId, e, ids);
      return want === null ? c.answer!.value === null : Math.abs((c.answer!.value ?? NaN) - want) < 0.01;
    }
  }
}

const commands = corpus(split)
  .filter((c) => apps.has(c.app))
  .slice(0, limit);
const latencies: number[] = [];
const partialLags: number[] = [];
let ok = 0;
let typedOk = 0;
const LEAD_MS = 300;
for (const [i, c] of commands.entries()) {
  const voice = voices[i % voices.length]!;
  const { id: appId, ids } = apps.get(c.app)!;
  const { pcm, speechEnd } = spokenPcm(c.text, voice);
  let result: CommandResult | null = null;
  /** When the answer would be on screen: the final's arrival plus the command's round trip (a browser sends it at once). */
  let answeredAt = NaN;
  const heard = await speakLive(`ws://127.0.0.1:${port}/api/v1/transcriptions/live?appId=${appId}`, headers, pcm, {
    pace: 1,
    leadSilenceMs: LEAD_MS,
    silenceAfterMs: 2000,
  });
  const final = heard.find((m) => m.type === "final");
  if (final?.transcriptionId && final.text) {
    const sent = performance.now();
    result = await api("POST", `/apps/${appId}/commands`, CommandResult, { transcriptionId: final.transcriptionId, tz: "UTC" });
    answeredAt = final.at + (performance.now() - sent);
  }
  const speechEndMs = LEAD_MS + speechEnd / 16;
  if (!Number.isNaN(answeredAt)) latencies.push(answeredAt - speechEndMs);
  for (const p of heard.filter((m) => m.type === "partial")) partialLags.push(p.at - p.heardMs!);
  const right = result ? await judge(result, c.expect, appId, ids) : c.expect.kind === "unclear";
  const typed = await api("POST", `/apps/${appId}/commands`, CommandResult, { text: c.text, tz: "UTC" });
  if (await judge(typed, c.expect, appId, ids)) typedOk++;
  if (right) ok++;
  console.log(`${right ? "✓" : "✗"} [${voice}] ${c.text}\n    heard: ${final?.text ?? "(nothing)"}`);
}
const l = summarize(latencies);
const p = summarize(partialLags);
console.log(`\n${split} split, ${commands.length} commands over ${apps.size} apps, voices ${voices.join("/")}`);
console.log(
  `spoken end to end: ${ok}/${commands.length} (${((100 * ok) / commands.length).toFixed(1)}%); the same commands typed: ${typedOk}/${commands.length}`,
);
console.log(`end of speech → command answered: p50 ${l.p50.toFixed(0)} ms, p95 ${l.p95.toFixed(0)} ms, max ${l.max.toFixed(0)} ms`);
console.log(`partial words behind the audio they cover: p50 ${p.p50.toFixed(0)} ms, p95 ${p.p95.toFixed(0)} ms (n ${p.n})`);
await fastify.close();
await database.close();
await pg.drop();
