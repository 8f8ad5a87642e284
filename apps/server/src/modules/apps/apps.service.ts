/** Apps: list, detail (spec and goals), versions, diff, revert, delete, share links, export. */
import { randomBytes } from "node:crypto";
import { AppSpec, type AppDetail, type AppSummary, type Goal, type GoalTarget, type SaveViewBody } from "@vta/contracts";
import type { Cache } from "../../platform/cache/cache.js";
import { ns } from "../../platform/cache/namespaces.js";
import type { Db } from "../../platform/db/client.js";
import { toIso } from "../../platform/db/rows.js";
import { decodeCursor, encodeCursor } from "../../platform/http/cursor.js";
import { badRequest, HttpError, notFound } from "../../platform/http/errors.js";
import { carryGoals, describeTarget, verifyGoals } from "../builder/index.js";
import { uuidv7 } from "../../platform/ids.js";
import { inferSpec } from "./csv-app.js";
import { csvRows } from "./record-csv.js";
import * as repo from "./apps.repository.js";
import { diffSpecs } from "./diff.js";
import { appJson } from "./app-json.js";
import { exportHtml } from "./export-html.js";
import type { RecordsService } from "./records.service.js";

const DETAIL_TTL_MS = 5 * 60_000;

/** A spec checked whole (references, view fields); a 400 names the first problem. */
function checkedSpec(spec: AppSpec): AppSpec {
  const result = AppSpec.safeParse(spec);
  if (!result.success) throw badRequest(result.error.issues[0]?.message ?? "This view does not fit the app");
  return result.data;
}

const serializeGoal = (g: repo.GoalDbRow): Goal => ({
  id: g.id,
  text: g.text,
  target: g.target,
  status: g.status,
  words: g.words,
  createdInVersion: g.created_in_version,
});

function serializeDetail(s: NonNullable<Awaited<ReturnType<typeof repo.appState>>>): AppDetail {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    version: s.current_version,
    spec: s.spec,
    goals: s.goals.map(serializeGoal),
    shareToken: s.share_token,
    updatedAt: toIso(s.updated_at),
  };
}

export function createAppsService(cache: Cache, records: RecordsService) {
  async function state(db: Db, workspaceId: string, id: string) {
    const s = await repo.appState(db, workspaceId, id);
    if (!s) throw notFound("App");
    return s;
  }

  async function builtSpec(db: Db, workspaceId: string, id: string) {
    const s = await state(db, workspaceId, id);
    if (!s.spec) throw new HttpError(409, "not_built", "This app has no version yet; wait for its first build to finish");
    return { ...s, spec: s.spec };
  }

  /**
   * `spec` as the app's next version (not from a build: a revert, a saved view). The goals carry
   * over and are verified against it; those in `retired` are retired (the person went back before them).
   */
  async function commit(
    db: Db,
    s: NonNullable<Awaited<ReturnType<typeof repo.appState>>>,
    spec: AppSpec,
    summary: string,
    retired = new Set<string>(),
  ) {
    const rows = carryGoals(
      s.goals.map((g) => ({
        id: g.id,
        text: g.text,
        target: g.target,
        words: g.words,
        status: retired.has(g.id) ? ("retired" as const) : g.status,
      })),
      { goals: [], retire: () => false, move: (t) => t, summary: "", unclear: [] },
      spec,
    );
    verifyGoals(rows, spec);
    const committed = await repo.commitVersion(db, {
      workspaceId: s.workspace_id,
      appId: s.id,
      buildId: null,
      version: s.current_version + 1,
      spec,
      summary,
      goals: rows.map((g) => ({
        id: g.id!,
        text: g.text,
        target: g.target,
        status: g.status,
        words: g.words ?? null,
        createdInVersion: s.goals.find((x) => x.id === g.id)!.created_in_version,
      })),
    });
    if (!committed) throw new HttpError(409, "conflict", "The app changed at the same time; try again");
    await cache.invalidate(ns.app(s.id), ns.apps(s.workspace_id), ns.records(s.id));
    return serializeDetail((await repo.appState(db, s.workspace_id, s.id))!);
  }

  return {
    async list(db: Db, workspaceId: string, q: { limit: number; cursor?: string }) {
      const rows = await repo.listApps(db, workspaceId, decodeCursor(q.cursor), q.limit + 1);
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      return {
        items: page.map((r): AppSummary => ({
          id: r.id,
          name: r.name,
          description: r.description,
          version: r.current_version,
          goals: { met: r.met, unmet: r.unmet, retired: r.retired },
          updatedAt: toIso(r.updated_at),
        })),
        nextCursor: rows.length > q.limit && last ? encodeCursor({ ts: last.created_at, id: last.id }) : null,
      };
    },

    /** Cached: the Studio and the running app read it on every view. */
    get(db: Db, workspaceId: string, id: string) {
      return cache.getOrLoad(
        ns.app(id),
        `detail:${workspaceId}`,
        async () => JSON.stringify(serializeDetail(await state(db, workspaceId, id))),
        { ttlMs: DETAIL_TTL_MS },
      );
    },

    async versions(db: Db, workspaceId: string, id: string) {
      await state(db, workspaceId, id);
      const rows = await repo.listVersions(db, workspaceId, id);
      return { items: rows.map((r) => ({ version: r.version, summary: r.summary, buildId: r.build_id, createdAt: toIso(r.created_at) })) };
    },

    async version(db: Db, workspaceId: string, id: string, version: number) {
      const row = await repo.findVersion(db, workspaceId, id, version);
      if (!row) throw notFound(`Version ${version}`);
      return { version: row.version, summary: row.summary, buildId: row.build_id, createdAt: toIso(row.created_at), spec: row.spec };
    },

    async diff(db: Db, workspaceId: string, id: string, from: number, to: number) {
      const [a, b] = await Promise.all([repo.findVersion(db, workspaceId, id, from), repo.findVersion(db, workspaceId, id, to)]);
      if (!a) throw notFound(`Version ${from}`);
      if (!b) throw notFound(`Version ${to}`);
      return { from, to, changes: diffSpecs(a.spec, b.spec) };
    },

    /**
     * Going back to a version is a new version with that spec. Goals added after it are retired
     * (the person asked to go back); the others are verified against it.
     */
    async revert(db: Db, workspaceId: string, id: string, version: number) {
      const s = await state(db, workspaceId, id);
      const target = await repo.findVersion(db, workspaceId, id, version);
      if (!target) throw notFound(`Version ${version}`);
      if (version === s.current_version) throw new HttpError(409, "conflict", `Version ${version} is already the current one`);
      const later = new Set(s.goals.filter((g) => g.created_in_version > version).map((g) => g.id));
      return commit(db, s, target.spec, `reverted to version ${version}`, later);
    },

    /**
     * An app from a spreadsheet: its spec inferred from the file (see csv-app.ts), its goals what it
     * was given, and the file's rows imported (the good ones; the others are listed).
     */
    async createFromCsv(db: Db, workspaceId: string, userId: string | null, fileName: string, text: string) {
      const [header, ...rows] = csvRows(text);
      if (!header?.some((h) => h.trim())) throw badRequest("This file has no header row: its first row should name the columns");
      const spec = checkedSpec(inferSpec(fileName, header, rows));
      const entity = spec.entities[0]!;
      const targets: GoalTarget[] = [
        { kind: "entity", entity: entity.name },
        ...entity.fields.map((f): GoalTarget => ({ kind: "field", entity: entity.name, field: f.name, type: f.type })),
        ...spec.views
          .filter((v) => v.type === "board" || v.type === "calendar")
          .map((v): GoalTarget => ({ kind: "view", entity: entity.name, view: v.type })),
      ];
      const goals = verifyGoals(
        carryGoals(
          [],
          {
            goals: targets.map((target) => ({ text: describeTarget(target, spec), target })),
            retire: () => false,
            move: (t) => t,
            summary: "",
            unclear: [],
          },
          spec,
        ),
        spec,
      );
      const appId = await repo.insertApp(db, { workspaceId, userId, name: spec.name, description: spec.description });
      const committed = await repo.commitVersion(db, {
        workspaceId,
        appId,
        buildId: null,
        version: 1,
        spec,
        summary: `made from the spreadsheet ${fileName}`.slice(0, 2000),
        goals: goals.map((g) => ({ id: uuidv7(), text: g.text, target: g.target, status: g.status, words: null, createdInVersion: 1 })),
      });
      if (!committed) throw new Error(`version 1 of the new app ${appId} was already written`);
      await cache.invalidate(ns.apps(workspaceId));
      const imported = await records.importCsv(db, workspaceId, appId, entity.name, text, { atomic: false });
      return { app: serializeDetail((await repo.appState(db, workspaceId, appId))!), import: imported };
    },

    /** A view saved from the running app (a copy of one with its filters, order and columns): a new version. */
    async saveView(db: Db, workspaceId: string, id: string, body: SaveViewBody) {
      const s = await builtSpec(db, workspaceId, id);
      const base = s.spec.views.find((v) => v.id === body.basedOn);
      if (!base) throw notFound(`View ${body.basedOn}`);
      let n = 1;
      while (s.spec.views.some((v) => v.id === `${base.entity}View${n}`)) n++;
      const viewId = `${base.entity}View${n}`;
      const view = {
        ...base,
        id: viewId,
        title: body.title,
        filters: body.filters.length ? body.filters : undefined,
        sort: body.sort,
        ...(base.type === "table" ? { columns: body.columns } : {}),
      };
      return commit(db, s, checkedSpec({ ...s.spec, views: [...s.spec.views, view] }), `saved the view "${body.title}"`);
    },

    async removeView(db: Db, workspaceId: string, id: string, viewId: string) {
      const s = await builtSpec(db, workspaceId, id);
      const view = s.spec.views.find((v) => v.id === viewId);
      if (!view) throw notFound(`View ${viewId}`);
      return commit(db, s, checkedSpec({ ...s.spec, views: s.spec.views.filter((v) => v !== view) }), `removed the view "${view.title}"`);
    },

    async remove(db: Db, workspaceId: string, id: string) {
      if (!(await repo.softDeleteApp(db, workspaceId, id))) throw notFound("App");
      await cache.invalidate(ns.app(id), ns.apps(workspaceId), ns.records(id));
    },

    /** A read-only link anyone can open; revoking it makes the old link 404. */
    async share(db: Db, workspaceId: string, id: string, on: boolean) {
      const token = on ? randomBytes(24).toString("base64url") : null;
      if (!(await repo.setShareToken(db, workspaceId, id, token))) throw notFound("App");
      await cache.invalidate(ns.app(id));
      return { shareToken: token };
    },

    /** A shared app as JSON text in pieces (its newest 500 records per entity), for streaming. */
    async shared(db: Db, token: string): Promise<AsyncGenerator<string>> {
      const found = await repo.findByShareToken(db, token);
      if (!found) throw new HttpError(404, "not_found", "This share link does not exist or was revoked");
      const s = await builtSpec(db, found.workspace_id, found.id);
      const entities = s.spec.entities.map((e) => e.name);
      return appJson({ name: s.name, version: s.current_version, spec: s.spec }, entities, records.snapshot(db, s.id, s.spec, 500));
    },

    /** The app as one HTML file (its newest 1000 records per entity), in pieces for streaming. */
    async export(db: Db, workspaceId: string, id: string) {
      const s = await builtSpec(db, workspaceId, id);
      const data = appJson(
        { id, spec: s.spec },
        s.spec.entities.map((e) => e.name),
        records.snapshot(db, id, s.spec, 1000),
      );
      const html = exportHtml(
        { id, version: s.current_version, spec: s.spec, exportedAt: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC" },
        data,
      );
      const file = `${
        s.name
          .replace(/[^A-Za-z0-9]+/g, "-")
          .replace(/^-|-$/g, "")
          .toLowerCase() || "app"
      }-v${s.current_version}.html`;
      return { html, file };
    },
  };
}

export type AppsService = ReturnType<typeof createAppsService>;
