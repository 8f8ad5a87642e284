/**
 * Warm-up of hot keys: a count-min sketch counts reads per key, how to re-load a key is remembered
 * while it is among the hottest, and the hottest keys of an invalidated namespace are re-loaded in
 * the background. The hot list can be saved (as JSON lines) and re-loaded at the next start.
 */
import { FrequencySketch } from "./sketch.js";

/** How a key can be re-loaded: a registered warmer's kind and its arguments. */
export interface WarmSpec {
  kind: string;
  args: unknown;
}

type Loader = (args: never) => Promise<unknown>;

export class Warmer {
  private readonly sketch = new FrequencySketch(256);
  private readonly loaders = new Map<string, Loader>();
  private readonly specs = new Map<string, WarmSpec & { ns: string }>();
  private readonly queue = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private tick = 0;
  /** Keys re-loaded so far. */
  warmed = 0;

  constructor(private readonly onError?: (err: unknown, where: string) => void) {}

  register<A>(kind: string, loader: (args: A) => Promise<unknown>): void {
    this.loaders.set(kind, loader);
  }

  /** Counts the access; remembers how to re-load it only while it is among the hottest keys. */
  track(ns: string, key: string, warm: WarmSpec): void {
    // One read in four is enough to rank keys by frequency, at a quarter of the cost.
    if ((this.tick++ & 3) !== 0) return;
    const id = `${ns}\u0001${key}`;
    if (this.sketch.add(id) && !this.specs.has(id)) {
      this.specs.set(id, { ns, kind: warm.kind, args: warm.args });
      if (this.specs.size > 1024) for (const k of this.specs.keys()) if (!this.sketch.isHot(k)) this.specs.delete(k);
    }
  }

  /** Re-loads the hottest keys of these namespaces (all hot keys when none are given), in the background. */
  schedule(namespaces?: string[]): void {
    const wanted = namespaces ? new Set(namespaces) : null;
    for (const id of this.sketch.hottest(64)) {
      const w = this.specs.get(id);
      if (w && (!wanted || wanted.has(w.ns))) this.queue.add(id);
    }
    if (this.queue.size === 0 || this.timer) return;
    this.timer = setTimeout(() => void this.run(), 50);
    this.timer.unref();
  }

  private async run(): Promise<void> {
    this.timer = null;
    const ids = [...this.queue];
    this.queue.clear();
    for (const id of ids) {
      const w = this.specs.get(id);
      const loader = w && this.loaders.get(w.kind);
      if (!w || !loader) continue;
      try {
        await (loader as (a: unknown) => Promise<unknown>)(w.args);
        this.warmed++;
      } catch (err) {
        this.onError?.(err, `warm ${w.kind}`);
      }
    }
  }

  /** The hottest keys with how to re-load them, one JSON text each, for the next start of any node. */
  hotList(): string[] {
    return this.sketch
      .hottest(64)
      .map((id) => this.specs.get(id))
      .filter((w) => w !== undefined)
      .map((w) => JSON.stringify(w));
  }

  /** Re-loads a saved hot list now; answers how many keys it named. */
  async warmSaved(saved: string[]): Promise<number> {
    saved.forEach((raw, i) => {
      const id = `saved\u0001${i}`;
      this.specs.set(id, JSON.parse(raw) as WarmSpec & { ns: string });
      this.queue.add(id);
    });
    await this.run();
    return saved.length;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}
