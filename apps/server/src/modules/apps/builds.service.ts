/**
 * Builds: a request (typed or transcribed) becomes a job; the job runs Requirements → Architecture
 * → Verification (→ Repair) as the workspace's agents, each stage a task and an interaction, and
 * commits a new version with its goals in one write. Jobs are idempotent: a retried or recovered
 * build starts its stages over and never writes a version twice.
 */
import { isDeepStrictEqual } from "node:util";
import { AppSpec, REPEAT_BELOW, type Build, type BuildRequest, type BuildStage, type StageName } from "@vta/contracts";
import type { Cache } from "../../platform/cache/cache.js";
import { ns } from "../../platform/cache/namespaces.js";
import type { Db } from "../../platform/db/client.js";
import { toIso, toIsoOrNull } from "../../platform/db/rows.js";
import type { EventBus } from "../../platform/events/bus.js";
import { HttpError, notFound } from "../../platform/http/errors.js";
import { uuidv7 } from "../../platform/ids.js";
import { QueueUnavailableError, type Queue } from "../../platform/queue/index.js";
import type { AgentsService } from "../agents/index.js";
import {
  carryGoals,
  EngineError,
  enforceIntegrity,
  type Engine,
  type Requirements,
  type StageAgent,
  type Usage,
} from "../builder/index.js";
import type { InteractionsService } from "../interactions/index.js";
import * as repo from "./apps.repository.js";
import { findTranscriptionText } from "./builds.repository.js";
import { pipelineAgents, requireAll } from "./pipeline-agents.js";
import type { Renames } from "./record-tables.js";

export const BUILD_JOB = "build";

export interface BuildsDeps {
  db: Db;
  cache: Cache;
  queue: Queue;
  bus: EventBus;
  interactions: InteractionsService;
  /** Pipeline agents are made, and their tasks written, through the agents module (its caches stay true). */
  agents: Pick<AgentsService, "create" | "createTask" | "updateTask">;
  engines: { builtin: Engine; openai: Engine };
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

export type BuildEvent = { type: "stage"; stage: BuildStage } | { type: "status"; build: Build };

export const buildChannel = (id: string) => `build:${id}`;

/** Equal as stored: key order (jsonb sorts keys) and undefined properties do not count. */
const sameValue = (a: unknown, b: unknown) => isDeepStrictEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));

export function serializeBuild(r: repo.BuildRow): Build {
  return {
    id: r.id,
    appId: r.app_id,
    kind: r.kind,
    text: r.input_text,
    status: r.status,
    stages: r.stages,
    unclear: r.unclear ?? [],
    ...(r.error ? { error: r.error } : {}),
    version: r.version,
    rating: r.rating,
    createdAt: toIso(r.created_at),
    finishedAt: toIsoOrNull(r.finished_at),
  };
}

/** The entities and fields a request renamed, as its requirements move their goals: their records go with them. */
export function renamesOf(spec: AppSpec | null, requirements: Pick<Requirements, "move">): Renames {
  const renames: Renames = { entities: [], fields: [] };
  for (const e of spec?.entities ?? []) {
    const moved = requirements.move({ kind: "entity", entity: e.name });
    if (moved.kind === "entity" && moved.entity !== e.name) renames.entities.push({ from: e.name, to: moved.entity });
    for (const f of e.fields) {
      const to = requirements.move({ kind: "field", entity: e.name, field: f.name, type: f.type });
      if (to.kind === "field" && to.field !== f.name) renames.fields.push({ entity: to.entity, from: f.name, to: to.field });
    }
  }
  return renames;
}

export function createBuildsService(deps: BuildsDeps) {
  const { db: baseDb, cache, queue, bus, interactions, agents: agentsModule } = deps;

  async function textOf(db: Db, workspaceId: string, body: BuildRequest): Promise<{ text: string; transcriptionId: string | null }> {
    if ("text" in body) return { text: body.text, transcriptionId: null };
    const transcription = await findTranscriptionText(db, workspaceId, body.transcriptionId);
    if (!transcription) throw notFound("Transcription");
    const text = transcription.text.trim();
    if (text.length < 3)
      throw new HttpError(422, "empty_transcription", "The transcription is empty; record again or type the description");
    const { confidence } = transcription;
    if (confidence !== null && confidence < REPEAT_BELOW) {
      throw new HttpError(
        422,
        "unclear_recording",
        `The recording was hard to hear (about ${Math.round(confidence * 100)}% sure of "${text.slice(0, 120)}"); record it again somewhere quieter, or send the text if it is right`,
      );
    }
    return { text, transcriptionId: body.transcriptionId };
  }

  async function enqueue(buildId: string) {
    await queue.enqueue(BUILD_JOB, { buildId }, { jobId: buildId });
  }

  const queueDown = () =>
    new HttpError(
      503,
      "unavailable",
      "The build queue is unreachable right now; nothing was saved, send the request again in a few seconds",
      { retryAfterSeconds: 5 },
    );

  /** Refuses before anything is written when the queue cannot take the build (one bounded round trip). */
  async function queueUp() {
    if (!(await queue.reachable())) throw queueDown();
  }

  /** Queues a build just written; if the queue went away meanwhile, takes the write back and answers 503. */
  async function enqueueOrUndo(buildId: string, undo: () => Promise<unknown>) {
    try {
      await enqueue(buildId);
    } catch (err) {
      if (!(err instanceof QueueUnavailableError)) throw err;
      await undo();
      throw queueDown();
    }
  }

  const engineFor = (agent: StageAgent) => (agent.config.provider === "openai" ? deps.engines.openai : deps.engines.builtin);

  /** One stage: a task for its agent, the work, the task closed, one interaction with the numbers. */
  async function stage<T>(
    build: repo.BuildRow,
    stages: BuildStage[],
    name: StageName,
    agent: StageAgent,
    work: () => Promise<{ result: T; usage: Usage; summary: string }>,
  ): Promise<T> {
    const current: BuildStage = {
      name,
      status: "running",
      agentId: agent.id,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      summary: "",
    };
    stages.push(current);
    await publishStage(build, stages, current);
    // An agent deleted meanwhile has no task to write; the stage still runs.
    const task = await agentsModule
      .createTask(baseDb, build.workspace_id, agent.id, {
        title: `${name[0]!.toUpperCase()}${name.slice(1)}: ${build.input_text.slice(0, 80)}`,
        kind: `build.${name}`,
        input: { buildId: build.id, text: build.input_text.slice(0, 2000) },
      })
      .catch(() => null);
    const started = performance.now();
    try {
      const { result, usage, summary } = await work();
      const ms = Math.round(performance.now() - started);
      Object.assign(current, { status: "succeeded", finishedAt: new Date().toISOString(), summary });
      if (task) await agentsModule.updateTask(baseDb, build.workspace_id, agent.id, task.id, { status: "completed", output: { summary } });
      const cost = (usage.tokensIn / 1000) * agent.config.priceInputPer1k + (usage.tokensOut / 1000) * agent.config.priceOutputPer1k;
      const { ids } = await interactions.ingest(baseDb, build.workspace_id, {
        items: [
          {
            agentId: agent.id,
            taskId: task?.id,
            sessionId: build.id,
            responseTimeMs: ms,
            tokensIn: usage.tokensIn,
            tokensOut: usage.tokensOut,
            cost: Math.round(cost * 1e6) / 1e6,
            input: build.input_text.slice(0, 100_000),
            output: usage.output.slice(0, 100_000),
            metadata: { buildId: build.id, appId: build.app_id, stage: name, model: agent.config.model },
          },
        ],
      });
      current.interactionId = ids[0];
      await publishStage(build, stages, current);
      return result;
    } catch (err) {
      Object.assign(current, {
        status: "failed",
        finishedAt: new Date().toISOString(),
        summary: err instanceof EngineError ? err.message : "failed",
      });
      if (task)
        await agentsModule
          .updateTask(baseDb, build.workspace_id, agent.id, task.id, { status: "failed", output: { error: (err as Error).message } })
          .catch(() => undefined);
      await publishStage(build, stages, current).catch(() => undefined);
      throw err;
    }
  }

  async function publishStage(build: repo.BuildRow, stages: BuildStage[], stage: BuildStage) {
    await repo.updateBuild(baseDb, build.id, { stages });
    await bus.publish(buildChannel(build.id), { type: "stage", stage } satisfies BuildEvent);
  }

  async function finish(buildId: string, workspaceId: string, patch: { status: "succeeded" | "failed"; error?: string }) {
    await repo.updateBuild(baseDb, buildId, { status: patch.status, error: patch.error ?? null, finished: true });
    const row = await repo.findBuild(baseDb, workspaceId, buildId);
    if (row) await bus.publish(buildChannel(buildId), { type: "status", build: serializeBuild(row) } satisfies BuildEvent);
  }

  /** The job: safe to run again after a crash, a retry or a restart. */
  async function run(buildId: string, attempt: number, maxAttempts: number): Promise<void> {
    const build = await repo.findBuild(baseDb, null, buildId);
    if (!build || build.status === "succeeded" || build.status === "failed") return;
    if (build.version !== null) return finish(build.id, build.workspace_id, { status: "succeeded" });
    await repo.updateBuild(baseDb, build.id, { status: "running", stages: [], started: true });
    await bus.publish(buildChannel(build.id), {
      type: "status",
      build: serializeBuild({ ...build, status: "running", stages: [] }),
    } satisfies BuildEvent);
    const stages: BuildStage[] = [];
    try {
      const state = await repo.appState(baseDb, build.workspace_id, build.app_id);
      if (!state) return;
      const agents = requireAll(await pipelineAgents(baseDb, build.workspace_id, agentsModule));
      const goals = state.goals.map((g) => ({ id: g.id, text: g.text, target: g.target, status: g.status, words: g.words }));
      const input = { text: build.input_text, spec: state.spec, goals };

      const requirements = await stage(build, stages, "requirements", agents.requirements, async () => {
        const { requirements, usage } = await engineFor(agents.requirements).requirements(input, agents.requirements);
        return { result: requirements, usage, summary: requirements.summary };
      });
      // Said at once, so the person sees what was not understood while the rest is built.
      await repo.updateBuild(baseDb, build.id, { unclear: requirements.unclear });
      const designed = await stage(build, stages, "architecture", agents.architect, async () => {
        const { spec, changes, usage } = await engineFor(agents.architect).architect({ ...input, requirements }, agents.architect);
        const valid = AppSpec.safeParse(spec);
        if (!valid.success)
          throw new EngineError(
            `The architect's spec is invalid: ${valid.error.issues
              .slice(0, 5)
              .map((i) => i.message)
              .join("; ")}`,
          );
        return { result: { spec: valid.data, changes }, usage, summary: changes.length ? changes.join("; ") : "no changes" };
      });
      const verified = await stage(build, stages, "verification", agents.verifier, () => {
        const rows = carryGoals(goals, requirements, designed.spec);
        const result = enforceIntegrity(rows, designed.spec);
        const count = (s: string) => result.goals.filter((g) => g.status === s).length;
        const parts = [`${count("met")} met`, `${count("unmet")} unmet`, `${count("retired")} retired`];
        if (result.unrepaired.length) parts.push(`regressions: ${result.unrepaired.map((u) => `${u.goal} (${u.reason})`).join("; ")}`);
        const output = JSON.stringify(result.goals.map((g) => ({ text: g.text, status: g.status, reason: g.reason })));
        return Promise.resolve({ result, usage: { tokensIn: 0, tokensOut: 0, output }, summary: parts.join(", ") });
      });
      if (verified.repaired.length) {
        await stage(build, stages, "repair", agents.architect, () =>
          Promise.resolve({
            result: null,
            usage: { tokensIn: 0, tokensOut: 0, output: verified.repaired.join("; ") },
            summary: `repaired: ${verified.repaired.join("; ")}`,
          }),
        );
      }
      // A refinement that changes nothing is not a new version: it was not understood.
      if (
        state.spec &&
        sameValue(verified.spec, state.spec) &&
        !verified.goals.some((g) => g.id === null || (g.previous !== g.status && g.status === "retired"))
      ) {
        const reason = requirements.unclear[0]?.hint ?? "Nothing in this request changes the app.";
        await finish(build.id, build.workspace_id, { status: "failed", error: `Not understood: nothing was changed. ${reason}` });
        return;
      }
      const version = state.current_version + 1;
      const committed = await repo.commitVersion(baseDb, {
        workspaceId: build.workspace_id,
        appId: build.app_id,
        buildId: build.id,
        version,
        spec: verified.spec,
        summary: [...designed.changes, ...verified.repaired.map((r) => `repair: ${r}`)].join("; ").slice(0, 2000) || "no changes",
        goals: verified.goals.map((g) => ({
          id: g.id ?? uuidv7(),
          text: g.text,
          target: g.target,
          status: g.status,
          words: g.words ?? null,
          createdInVersion: g.id ? (state.goals.find((s) => s.id === g.id)?.created_in_version ?? version) : version,
        })),
        renames: renamesOf(state.spec, requirements),
      });
      if (!committed) throw new Error(`version ${version} of app ${build.app_id} was written by another build first`);
      await cache.invalidate(ns.app(build.app_id), ns.apps(build.workspace_id), ns.records(build.app_id));
      await finish(build.id, build.workspace_id, { status: "succeeded" });
    } catch (err) {
      const userFacing = err instanceof EngineError || (err as { statusCode?: number }).statusCode === 409;
      if (!userFacing && attempt < maxAttempts) {
        deps.log.warn({ err, buildId, attempt }, "build failed; it will be retried");
        throw err;
      }
      if (!userFacing) deps.log.error({ err, buildId }, "build failed");
      await finish(build.id, build.workspace_id, {
        status: "failed",
        error: userFacing ? (err as Error).message : "The build failed on the server after several attempts; try again",
      });
    }
  }

  return {
    run,

    /** Builds a process lost (killed mid-job, or queued in memory at shutdown) are queued again. */
    async recover() {
      const ids = await repo.unfinishedBuildIds(baseDb);
      for (const id of ids) await enqueue(id);
      return ids.length;
    },

    /** The agent of each stage, null where the workspace has none yet (the first build, or `create`, makes them). */
    async pipeline(db: Db, workspaceId: string, opts = { create: false }) {
      return pipelineAgents(db, workspaceId, agentsModule, opts);
    },

    async create(db: Db, workspaceId: string, userId: string | null, body: BuildRequest) {
      await queueUp();
      requireAll(await pipelineAgents(db, workspaceId, agentsModule));
      const { text, transcriptionId } = await textOf(db, workspaceId, body);
      const { app_id: appId, build_id: buildId } = await repo.insertAppWithBuild(db, { workspaceId, userId, text, transcriptionId });
      await enqueueOrUndo(buildId, () => repo.discardNewApp(db, workspaceId, appId));
      await cache.invalidate(ns.apps(workspaceId));
      return { appId, buildId };
    },

    async revise(db: Db, workspaceId: string, userId: string | null, appId: string, body: BuildRequest) {
      await queueUp();
      requireAll(await pipelineAgents(db, workspaceId, agentsModule));
      const { text, transcriptionId } = await textOf(db, workspaceId, body);
      const buildId = await repo.insertRevisionBuild(db, { workspaceId, appId, userId, text, transcriptionId });
      if (!buildId) throw notFound("App");
      await enqueueOrUndo(buildId, () => repo.discardBuild(db, workspaceId, buildId));
      return { appId, buildId };
    },

    async get(db: Db, workspaceId: string, id: string): Promise<Build> {
      const row = await repo.findBuild(db, workspaceId, id);
      if (!row) throw notFound("Build");
      return serializeBuild(row);
    },

    async list(db: Db, workspaceId: string, appId: string): Promise<Build[]> {
      const rows = await repo.listBuilds(db, workspaceId, appId);
      if (rows.length === 0 && !(await repo.appExists(db, workspaceId, appId))) throw notFound("App");
      return rows.map(serializeBuild);
    },

    /** The build's rating lands on every interaction it made, so it shows in each agent's analytics. */
    async rate(db: Db, workspaceId: string, id: string, rating: number) {
      const row = await repo.rateBuild(db, workspaceId, id, rating);
      if (!row) throw notFound("Build");
      for (const s of row.stages) {
        if (s.interactionId) await interactions.rate(db, workspaceId, s.interactionId, rating).catch(() => undefined);
      }
      return { id, rating };
    },

    subscribe: (id: string, listener: (event: BuildEvent) => void) => bus.subscribe(buildChannel(id), listener as (m: unknown) => void),
  };
}

export type BuildsService = ReturnType<typeof createBuildsService>;
