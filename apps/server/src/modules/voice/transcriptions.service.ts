/**
 * Speech to text: an upload streamed to a private temp folder (emptied on every path), converted to
 * the decoder's format, transcribed by the engine of the workspace's Transcriber agent, stored, and
 * recorded as that agent's interaction. Concurrent transcriptions are bounded.
 */
import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Transcription } from "@vta/contracts";
import type { Db } from "../../platform/db/client.js";
import { toIso } from "../../platform/db/rows.js";
import { HttpError, notFound } from "../../platform/http/errors.js";
import { semaphore } from "../../platform/semaphore.js";
import type { AgentsService } from "../agents/index.js";
import type { InteractionsService } from "../interactions/index.js";
import { encodeWav, PAD_S, prepareAudio } from "./audio.js";
import type { SttEngine, SttResult } from "./engines/engine.js";
import { LiveSession, RATE, type LiveMessage } from "./live/live-session.js";
import type { Vocabulary } from "./lm/ngram.js";
import * as repo from "./transcriptions.repository.js";

export const TEMP_PREFIX = "vta-stt-";
/** Silence around live speech, as around an upload (a first word said at once was otherwise lost). */
const PAD_SAMPLES = Math.round(PAD_S * RATE);

const NOTHING_HEARD = "No speech was recognized in the recording; speak closer to the microphone, or type the description";

export interface TranscriptionsDeps {
  db: Db;
  engines: { builtin: SttEngine; openai: SttEngine };
  interactions: InteractionsService;
  maxSeconds: number;
  concurrency: number;
  /** Waiting beyond this answers 503 (a queue, not unbounded memory). */
  maxWaiting: number;
  /** The Transcriber agent is made through the agents module (its caches stay true). */
  agents: Pick<AgentsService, "create">;
  /** The words of one app (from the assistant): what a person says to it. */
  appVocabulary?: (db: Db, workspaceId: string, appId: string) => Promise<Vocabulary>;
  /** At most this many live sessions at once on this node. */
  maxLive: number;
}

export function createTranscriptionsService(deps: TranscriptionsDeps) {
  const { db: baseDb, engines } = deps;
  const slots = semaphore(
    deps.concurrency,
    deps.maxWaiting,
    () => new HttpError(503, "busy", "Too many transcriptions are running; try again in a few seconds", { retryAfterSeconds: 5 }),
  );
  const active = new Map<string, AbortController>();
  let liveCount = 0;

  /** The workspace's Transcriber: its provider picks the engine. Created the first time, like the pipeline's agents. */
  async function transcriber(db: Db, workspaceId: string) {
    const find = () => repo.transcriberAgents(db, workspaceId);
    let rows = await find();
    if (rows.length === 0) {
      await deps.agents.create(db, workspaceId, {
        name: "Transcriber",
        description: "Turns what you say into text: offline with Moonshine, or a Whisper-class service.",
        role: "transcriber",
        status: "active",
        config: {},
      });
      rows = await find();
    }
    const agent = rows.find((r) => r.live && r.status === "active");
    if (!agent)
      throw new HttpError(409, "conflict", 'No active agent for the Transcriber role ("transcriber"). Activate one on the Agents page.');
    return agent;
  }

  /** A transcription stored and recorded as the Transcriber's interaction. */
  async function store(
    workspaceId: string,
    agentId: string,
    engine: SttEngine["name"],
    result: SttResult,
    durationMs: number,
    processingMs: number,
  ): Promise<Transcription> {
    const reason = result.text.trim() ? undefined : NOTHING_HEARD;
    const row = await repo.insertTranscription(baseDb, {
      workspaceId,
      engine,
      text: result.text,
      durationMs,
      processingMs,
      words: result.words,
      confidence: result.confidence ?? null,
      reason: reason ?? null,
    });
    await deps.interactions.ingest(baseDb, workspaceId, {
      items: [
        {
          agentId,
          responseTimeMs: processingMs,
          tokensIn: 0,
          tokensOut: Math.ceil(result.text.length / 4),
          cost: 0,
          output: result.text.slice(0, 100_000),
          metadata: { transcriptionId: row.id, engine, durationMs },
        },
      ],
    });
    return {
      id: row.id,
      text: result.text,
      engine,
      durationMs,
      processingMs,
      ...(result.words ? { words: result.words } : {}),
      ...(result.confidence !== undefined ? { confidence: result.confidence } : {}),
      ...(reason ? { reason } : {}),
      createdAt: toIso(row.created_at),
    };
  }

  /** The words to expect: the app's own (its names, choices, records, commands) when one is named, else the workspace's. */
  const vocabularyFor = async (db: Db, workspaceId: string, appId?: string) =>
    appId && deps.appVocabulary ? deps.appVocabulary(db, workspaceId, appId) : repo.vocabulary(db, workspaceId);

  function engineFor(provider: "builtin" | "openai"): SttEngine {
    const engine = provider === "openai" ? engines.openai : engines.builtin;
    const status = engine.availability();
    if (!status.available) {
      throw new HttpError(
        503,
        "no_speech_engine",
        `Speech recognition is not available: ${status.reason}. Type the description instead, or ${provider === "openai" ? "set STT_BASE_URL" : "run npm ci"}.`,
      );
    }
    return engine;
  }

  return {
    engines() {
      return Object.values(engines).map((e) => {
        const a = e.availability();
        return { name: e.name, available: a.available, ...(a.available ? {} : { reason: a.reason }) };
      });
    },

    /** A fresh private folder for one upload; the caller removes it (`discard`) whatever happens. */
    workDir: () => mkdtemp(join(tmpdir(), TEMP_PREFIX)),
    discard: (dir: string) => rm(dir, { recursive: true, force: true }),

    /** Transcribes the uploaded file at `original` (inside `workDir`). */
    async transcribe(
      db: Db,
      workspaceId: string,
      upload: { original: string; workDir: string; signal: AbortSignal; appId?: string },
    ): Promise<Transcription> {
      const agent = await transcriber(db, workspaceId);
      const engine = engineFor(agent.provider);
      const controller = new AbortController();
      const abort = () => controller.abort();
      upload.signal.addEventListener("abort", abort);
      active.set(upload.workDir, controller);
      try {
        return await slots.run(async () => {
          const wav = join(upload.workDir, "decoder.wav");
          const { durationMs } = await prepareAudio(upload.original, wav, deps.maxSeconds, controller.signal);
          const started = performance.now();
          const result = await engine.transcribe({
            wav,
            original: upload.original,
            workDir: upload.workDir,
            workspaceId,
            vocabulary: await vocabularyFor(db, workspaceId, upload.appId),
            signal: controller.signal,
          });
          const processingMs = Math.round(performance.now() - started);
          return store(workspaceId, agent.id, engine.name, result, durationMs, processingMs);
        });
      } finally {
        upload.signal.removeEventListener("abort", abort);
        active.delete(upload.workDir);
      }
    },

    /**
     * A live session: the caller feeds it 16 kHz samples as they come; it sends partial words, and
     * the final text (stored as a transcription) when the speaker stops. 503 when too many run.
     */
    async live(db: Db, workspaceId: string, appId: string | undefined, send: (m: LiveMessage) => void, done: () => void) {
      if (liveCount >= deps.maxLive)
        throw new HttpError(503, "busy", "Too many people are speaking to this server right now; try again in a few seconds", {
          retryAfterSeconds: 5,
        });
      const agent = await transcriber(db, workspaceId);
      const engine = engineFor(agent.provider);
      const vocabulary = await vocabularyFor(db, workspaceId, appId);
      const padded = (pcm: Int16Array) => {
        const out = new Int16Array(pcm.length + 2 * PAD_SAMPLES);
        out.set(pcm, PAD_SAMPLES);
        return out;
      };
      const heard = (pcm: Int16Array, signal: AbortSignal, quick: boolean) =>
        slots.run(async () => {
          if (engine.hearPcm) return engine.hearPcm(padded(pcm), { vocabulary, signal, quick });
          // A remote engine reads files: the utterance as a WAV in a private folder, removed after.
          const dir = await mkdtemp(join(tmpdir(), TEMP_PREFIX));
          try {
            const wav = join(dir, "live.wav");
            await writeFile(
              wav,
              encodeWav(
                Float32Array.from(pcm, (x) => x / 32768),
                RATE,
              ),
            );
            return await engine.transcribe({ wav, original: wav, workDir: dir, workspaceId, vocabulary, signal });
          } finally {
            await rm(dir, { recursive: true, force: true });
          }
        });
      liveCount++;
      let open = true;
      const session = new LiveSession({
        ...(engine.hearPcm ? { partial: async (pcm, signal) => (await heard(pcm, signal, true)).text } : {}),
        final: (pcm, signal) => heard(pcm, signal, false),
        store: (result, durationMs, processingMs) => store(workspaceId, agent.id, engine.name, result, durationMs, processingMs),
        send,
        done: () => {
          if (open) liveCount--;
          open = false;
          done();
        },
      });
      return {
        session,
        /** The client went away (or the server is closing). */
        close() {
          session.abort();
          if (open) liveCount--;
          open = false;
        },
      };
    },

    async get(db: Db, workspaceId: string, id: string): Promise<Transcription> {
      const r = await repo.findTranscription(db, workspaceId, id);
      if (!r) throw notFound("Transcription");
      return {
        id: r.id,
        text: r.text,
        engine: r.engine,
        durationMs: r.durationMs,
        processingMs: r.processingMs,
        ...(r.words ? { words: r.words as Transcription["words"] } : {}),
        ...(r.confidence !== null ? { confidence: r.confidence } : {}),
        ...(r.reason ? { reason: r.reason } : {}),
        createdAt: toIso(r.createdAt),
      };
    },

    /** Shutdown: stop every decoder; the request handlers then remove their folders. */
    abortAll() {
      for (const c of active.values()) c.abort();
    },

    /** Folders a crashed process left behind (older than an hour). */
    async removeOrphans(olderThanMs = 3_600_000) {
      let removed = 0;
      for (const name of await readdir(tmpdir()).catch(() => [] as string[])) {
        if (!name.startsWith(TEMP_PREFIX)) continue;
        const path = join(tmpdir(), name);
        const info = await stat(path).catch(() => null);
        if (info && Date.now() - info.mtimeMs > olderThanMs) {
          await rm(path, { recursive: true, force: true });
          removed++;
        }
      }
      return removed;
    },
  };
}

export type TranscriptionsService = ReturnType<typeof createTranscriptionsService>;
