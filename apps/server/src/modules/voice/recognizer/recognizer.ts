/**
 * The server's side of the recogniser thread: starts it on first use, hands it one recording at a
 * time (callers queue; one whose request was aborted meanwhile is skipped), and starts a new thread
 * if one dies. The model stays loaded between recordings (≈ 1 s to load).
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { HeardWord } from "./moonshine-model.js";
import type { HearJob, HearReply } from "./recognizer.worker.js";

/** Threads for the model's own math: all cores but one for the server, at most four. */
const THREADS = Math.max(1, Math.min(4, availableParallelism() - 1));

/**
 * The thread's entry. Run from TypeScript sources (development, tests), the thread loads its module
 * through tsx's API: Node 20 does not pass `--import` loaders on to worker threads.
 */
function workerEntry(): URL {
  if (!import.meta.url.endsWith(".ts")) return new URL("./recognizer.worker.js", import.meta.url);
  const code = `import { tsImport } from ${JSON.stringify(import.meta.resolve("tsx/esm/api"))};
await tsImport(${JSON.stringify(new URL("./recognizer.worker.ts", import.meta.url).href)}, import.meta.url);`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

export class Recognizer {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, { resolve: (r: HearReply) => void; reject: (e: Error) => void }>();
  private tail: Promise<unknown> = Promise.resolve();
  private serial = 0;

  constructor(private readonly threads = THREADS) {}

  /** The words heard in 16 kHz samples, with the settings of `HearJob`. */
  hear(
    pcm: Int16Array,
    options: Omit<HearJob, "id" | "pcm"> & { signal: AbortSignal },
  ): Promise<{ words: HeardWord[]; denoised: boolean }> {
    const { signal, ...job } = options;
    const run = this.tail.then(async () => {
      signal.throwIfAborted();
      const reply = await this.send({ id: ++this.serial, pcm, ...job });
      if ("error" in reply) throw new Error(`The recogniser failed: ${reply.error}`);
      return { words: reply.words, denoised: reply.denoised };
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private send(job: HearJob): Promise<HearReply> {
    const worker = (this.worker ??= this.start());
    return new Promise((resolve, reject) => {
      this.waiting.set(job.id, { resolve, reject });
      worker.postMessage(job);
    });
  }

  private start(): Worker {
    const worker = new Worker(workerEntry(), { workerData: { threads: this.threads } });
    worker.unref();
    worker.on("message", (reply: HearReply) => {
      const w = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      w?.resolve(reply);
    });
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`The recogniser stopped (exit code ${code})`)));
    return worker;
  }
}
