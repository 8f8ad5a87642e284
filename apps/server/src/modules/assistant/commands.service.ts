/**
 * Commands said to a running app: read against the app's spec and newest records (interpret.ts),
 * answered over every record (lists counted, questions computed by the records service), and
 * writes proposed, confirmed (edited or not), applied and undone. Each command is an interaction
 * of the workspace's Assistant agent, so the agents dashboard shows how well it serves.
 */
import type { AppRecord, CommandBody, CommandResult, Entity } from "@vta/contracts";
import type { Db } from "../../platform/db/client.js";
import { toIso } from "../../platform/db/rows.js";
import { badRequest, forbidden, HttpError, notFound } from "../../platform/http/errors.js";
import type { AgentsService } from "../agents/index.js";
import type { RecordsService } from "../apps/index.js";
import type { InteractionsService } from "../interactions/index.js";
import type { TranscriptionsService } from "../voice/index.js";
import { catalogOf, type AppCatalog } from "./catalog.js";
import * as repo from "./commands.repository.js";
import { countOf, filtersText, valuesText, valueText } from "./describe.js";
import { interpret, type Intent, type Question } from "./interpret.js";
import { appPhrases } from "./phrases.js";
import { respell } from "./respell.js";

/** How many of each entity's newest records a command is read against (names, "the last one"). */
const CATALOG_SIZE = 2_000;

export interface Caller {
  workspaceId: string;
  /** Viewers ask and list; members and up write. */
  canWrite: boolean;
}

export interface AssistantDeps {
  /** The pool interactions are written through (outside any request's transaction). */
  db: Db;
  records: RecordsService;
  agents: Pick<AgentsService, "create">;
  interactions: InteractionsService;
  transcriptions: Pick<TranscriptionsService, "get">;
  now?: () => Date;
}

const WRITES = new Set(["create", "update", "delete"]);
const viewerRefused = () => forbidden("Viewers can ask and list, not add, change or delete records; ask a member of the workspace");

function checkedZone(tz: string | undefined): string {
  const zone = tz ?? "UTC";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
  } catch {
    throw badRequest(`tz "${zone}" is not a time zone; use a name such as Europe/Paris or America/New_York`);
  }
  return zone;
}

type Stored = Omit<CommandResult, "id" | "status" | "text" | "interactionId" | "createdAt" | "record"> & { record?: AppRecord };

export function createAssistantService(deps: AssistantDeps) {
  const now = deps.now ?? (() => new Date());

  async function assistant(db: Db, workspaceId: string) {
    let rows = await repo.assistantAgents(db, workspaceId);
    if (rows.length === 0) {
      await deps.agents.create(db, workspaceId, {
        name: "Assistant",
        description: "Adds, changes, finds and answers in your apps when you talk to them.",
        role: "assistant",
        status: "active",
        config: {},
      });
      rows = await repo.assistantAgents(db, workspaceId);
    }
    const agent = rows.find((r) => r.live && r.status === "active");
    if (!agent)
      throw new HttpError(409, "conflict", 'No active agent for the Assistant role ("assistant"). Activate one on the Agents page.');
    return agent;
  }

  async function catalogFor(db: Db, workspaceId: string, appId: string): Promise<AppCatalog> {
    const { spec, rows } = await deps.records.recent(db, workspaceId, appId, CATALOG_SIZE);
    return catalogOf(spec, rows);
  }

  /** A question's number, over every record, in a sentence. */
  async function answer(db: Db, workspaceId: string, appId: string, entity: Entity, q: Question, catalog: AppCatalog, tz: string) {
    const where = q.filters.length ? ` (${filtersText(entity, q.filters, catalog, tz)})` : "";
    const field = entity.fields.find((f) => f.name === q.field);
    if (q.groupBy) {
      const groupField = entity.fields.find((f) => f.name === q.groupBy)!;
      const { groups } = await deps.records.groups(db, workspaceId, appId, entity.name, {
        groupBy: q.groupBy,
        ...(q.measure === "sum" && q.field ? { measure: q.field } : {}),
        period: "month",
        filters: q.filters,
        tz,
      });
      const valued = groups.filter((g) => g.value !== null);
      const by = (g: (typeof groups)[number]) => (q.measure === "sum" ? (g.sum ?? 0) : g.count);
      const pick = valued.sort((a, b) => (q.pick === "least" ? by(a) - by(b) : by(b) - by(a)))[0];
      if (!pick)
        return { text: `No ${entity.pluralLabel.toLowerCase()}${where} have a ${groupField.label.toLowerCase()} yet.`, value: null };
      const amount =
        q.measure === "sum"
          ? `${valueText(field, pick.sum ?? 0, catalog, tz)} of ${field?.label.toLowerCase()}`
          : countOf(entity, pick.count);
      return {
        text: `${pick.label} has the ${q.pick === "least" ? "least" : "most"}: ${amount}${where}.`,
        value: by(pick),
        label: pick.label,
      };
    }
    const stats = await deps.records.stats(db, workspaceId, appId, entity.name, { filters: q.filters, tz });
    if (q.measure === "count" || !field) {
      return { text: `${countOf(entity, stats.count)}${where}.`.replace(/^./, (c) => c.toUpperCase()), value: stats.count };
    }
    const s = stats.fields[field.name]!;
    const value = q.measure === "sum" ? s.sum : s[q.measure];
    const what = { sum: "The total", avg: "The average", min: "The lowest", max: "The highest" }[q.measure];
    return {
      text: `${what} ${field.label.toLowerCase()} of ${countOf(entity, s.count)}${where} is ${valueText(field, value === null ? null : Math.round(value * 100) / 100, catalog, tz)}.`,
      value: value === null ? null : Math.round(value * 100) / 100,
    };
  }

  /** The intent as the answer says it (and as it is stored). */
  async function resolve(db: Db, workspaceId: string, appId: string, intent: Intent, catalog: AppCatalog, tz: string): Promise<Stored> {
    const entity = "entity" in intent && intent.entity ? catalog.spec.entities.find((e) => e.name === intent.entity) : undefined;
    const named = entity ? { entity: entity.name } : { entity: null };
    const recordOf = async (id: string) => deps.records.get(db, workspaceId, appId, entity!.name, id);
    switch (intent.kind) {
      case "create":
        return {
          kind: "create",
          ...named,
          changes: intent.values,
          summary: `Add ${entity!.label.toLowerCase()}: ${valuesText(entity!, intent.values, catalog, tz)}`,
        };
      case "update":
        return {
          kind: "update",
          ...named,
          record: await recordOf(intent.record.id),
          changes: intent.changes,
          summary: `Change ${entity!.label.toLowerCase()} ${intent.record.title}: ${valuesText(entity!, intent.changes, catalog, tz)}`,
        };
      case "delete":
        return {
          kind: "delete",
          ...named,
          record: await recordOf(intent.record.id),
          summary: `Delete ${entity!.label.toLowerCase()} ${intent.record.title}`,
        };
      case "filter": {
        const { count } = await deps.records.stats(db, workspaceId, appId, entity!.name, { filters: intent.filters, tz });
        const where = intent.filters.length ? `: ${filtersText(entity!, intent.filters, catalog, tz)}` : "";
        return {
          kind: "filter",
          ...named,
          filter: { filters: intent.filters, ...(intent.sort ? { sort: intent.sort } : {}), count },
          summary: `${countOf(entity!, count)}${where}`.replace(/^./, (c) => c.toUpperCase()),
        };
      }
      case "answer": {
        const a = await answer(db, workspaceId, appId, entity!, intent.question, catalog, tz);
        return { kind: "answer", ...named, answer: a, summary: a.text };
      }
      case "unclear":
        return {
          kind: "unclear",
          ...named,
          hint: intent.hint,
          ...(intent.candidates ? { candidates: intent.candidates.slice(0, 10).map((r) => ({ id: r.id, title: r.title })) } : {}),
          summary: intent.hint,
        };
    }
  }

  const toResult = (row: repo.CommandRow): CommandResult => {
    const stored = row.result as Stored;
    return {
      ...stored,
      id: row.id,
      status: row.status,
      text: row.text,
      ...(row.changes ? { changes: row.changes as Record<string, unknown> } : {}),
      interactionId: row.interactionId,
      createdAt: toIso(row.createdAt),
    };
  };

  /** Writes a proposed command: the values it carries, with the person's edits over them. */
  async function apply(db: Db, workspaceId: string, row: repo.CommandRow, edits?: Record<string, unknown>) {
    const claimed = await repo.moveCommand(db, row.id, "proposed", { status: "applied" });
    if (!claimed) throw new HttpError(409, "conflict", "This command was already confirmed");
    const changes = { ...((row.changes as Record<string, unknown>) ?? {}), ...(edits ?? {}) };
    const { appId, entity } = row;
    try {
      let record: AppRecord | undefined;
      let before: unknown = null;
      if (row.kind === "create") record = await deps.records.create(db, workspaceId, appId, entity!, changes);
      else {
        const current = await deps.records.get(db, workspaceId, appId, entity!, row.recordId!);
        if (row.kind === "update") {
          before = Object.fromEntries(Object.keys(changes).map((k) => [k, current.data[k] ?? null]));
          record = await deps.records.update(db, workspaceId, appId, entity!, row.recordId!, changes);
        } else {
          before = current;
          await deps.records.remove(db, workspaceId, appId, entity!, row.recordId!);
        }
      }
      const result = { ...(row.result as Stored), ...(record ? { record } : {}) };
      const done = await repo.moveCommand(db, row.id, "applied", {
        changes: row.kind === "delete" ? null : changes,
        before,
        recordId: record?.id ?? row.recordId,
        result,
      });
      return toResult(done!);
    } catch (err) {
      await repo.moveCommand(db, row.id, "applied", { status: "proposed" });
      throw err;
    }
  }

  return {
    /** The words people say to this app, for the recogniser: its names, choices and records, in command forms. */
    async vocabulary(db: Db, workspaceId: string, appId: string) {
      const catalog = await catalogFor(db, workspaceId, appId);
      return {
        entities: catalog.spec.entities.map((e) => e.name),
        fields: catalog.spec.entities.flatMap((e) => e.fields.map((f) => f.name)),
        phrases: appPhrases(catalog),
      };
    },

    /** Reads a command and answers it; a write is proposed, or applied at once with `confirm`. */
    async run(db: Db, caller: Caller, appId: string, body: CommandBody): Promise<CommandResult> {
      const started = performance.now();
      const { workspaceId } = caller;
      const text = body.text ?? (await deps.transcriptions.get(db, workspaceId, body.transcriptionId!)).text;
      if (!text.trim()) throw new HttpError(422, "nothing_heard", "Nothing was heard in that recording; say the command again, or type it");
      const tz = checkedZone(body.tz);
      const catalog = await catalogFor(db, workspaceId, appId);
      // A recogniser writes names it does not know as they sound ("pitel"): put back as the app spells them (Patel).
      const intent = interpret(body.transcriptionId ? respell(text, catalog) : text, catalog, { now: now(), tz });
      const writes = WRITES.has(intent.kind);
      if (writes && !caller.canWrite) throw viewerRefused();
      const stored = await resolve(db, workspaceId, appId, intent, catalog, tz);
      const agent = await assistant(db, workspaceId);
      const row = await repo.insertCommand(db, {
        workspaceId,
        appId,
        text,
        kind: stored.kind,
        status: writes ? "proposed" : "done",
        entity: stored.entity,
        recordId: stored.record?.id ?? null,
        changes: stored.changes ?? null,
        result: stored,
      });
      let result = toResult(row);
      if (writes && body.confirm) result = await apply(db, workspaceId, row);
      const { ids } = await deps.interactions.ingest(deps.db, workspaceId, {
        items: [
          {
            agentId: agent.id,
            responseTimeMs: Math.round(performance.now() - started),
            tokensIn: Math.ceil(text.length / 4),
            tokensOut: Math.ceil(result.summary.length / 4),
            cost: 0,
            input: text,
            output: result.summary,
            metadata: { commandId: row.id, appId, kind: result.kind, status: result.status },
          },
        ],
      });
      await repo.linkInteraction(db, row.id, ids[0]!);
      return { ...result, interactionId: ids[0]! };
    },

    async get(db: Db, workspaceId: string, appId: string, commandId: string): Promise<CommandResult> {
      const row = await repo.findCommand(db, workspaceId, appId, commandId);
      if (!row) throw notFound("Command");
      return toResult(row);
    },

    /** Writes a proposal, with the values the person edited on its card. */
    async confirm(db: Db, caller: Caller, appId: string, commandId: string, edits?: Record<string, unknown>): Promise<CommandResult> {
      if (!caller.canWrite) throw viewerRefused();
      const row = await repo.findCommand(db, caller.workspaceId, appId, commandId);
      if (!row) throw notFound("Command");
      if (row.status !== "proposed")
        throw new HttpError(
          409,
          "conflict",
          row.status === "done" ? "This command writes nothing to confirm" : `This command was already ${row.status}`,
        );
      if (edits && row.kind === "delete") throw badRequest("a delete has no values to edit");
      return apply(db, caller.workspaceId, row, edits);
    },

    /** Takes a written command back: a created record deleted, changed values put back, a deleted record restored as it was. */
    async undo(db: Db, caller: Caller, appId: string, commandId: string): Promise<CommandResult> {
      if (!caller.canWrite) throw viewerRefused();
      const { workspaceId } = caller;
      const row = await repo.findCommand(db, workspaceId, appId, commandId);
      if (!row) throw notFound("Command");
      if (row.status !== "applied")
        throw new HttpError(
          409,
          "conflict",
          row.status === "undone" ? "This command was already undone" : "Only a written command can be undone",
        );
      const claimed = await repo.moveCommand(db, row.id, "applied", { status: "undone" });
      if (!claimed) throw new HttpError(409, "conflict", "This command was already undone");
      try {
        if (row.kind === "create") await deps.records.remove(db, workspaceId, appId, row.entity!, row.recordId!, "clear");
        else if (row.kind === "update")
          await deps.records.update(db, workspaceId, appId, row.entity!, row.recordId!, row.before as Record<string, unknown>);
        else await deps.records.restore(db, workspaceId, appId, row.entity!, row.before as AppRecord);
      } catch (err) {
        await repo.moveCommand(db, row.id, "undone", { status: "applied" });
        if (err instanceof HttpError && err.statusCode === 404)
          throw new HttpError(409, "conflict", "The record this command wrote is gone already; there is nothing to undo");
        throw err;
      }
      return toResult(claimed);
    },
  };
}

export type AssistantService = ReturnType<typeof createAssistantService>;
