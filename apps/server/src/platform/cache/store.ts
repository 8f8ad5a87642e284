/**
 * L1, this process's cache entries: bounded in bytes (the least recently used go first), indexed
 * by namespace so a namespace's entries can be dropped at once, with their hit, miss and eviction
 * counts. Keys are `ns|version|key`; which version is current is not this store's business.
 */
import { LRUCache } from "lru-cache";

/** A cached value as callers get it. */
export interface Entry {
  value: string;
  /** The value parsed once, for callers that read it as an object (treat as immutable). */
  parsed?: unknown;
}

interface L1Entry extends Entry {
  ns: string;
  at: number;
}

const ENTRY_OVERHEAD = 200;

export class L1Store {
  private readonly lru: LRUCache<string, L1Entry>;
  private readonly byNs = new Map<string, Set<string>>();
  /** Hits and misses are counted by the reader (one miss per read, however many looks it took). */
  readonly counts = { hits: 0, misses: 0, evictions: 0 };
  /** Entries found but not trusted (too old while degraded). */
  staleRejected = 0;

  constructor(readonly maxBytes: number) {
    this.lru = new LRUCache<string, L1Entry>({
      maxSize: maxBytes,
      // The string (UTF-16), the UTF-8 and compressed copies its senders keep per entry, and the key.
      sizeCalculation: (e, key) => Math.ceil(e.value.length * 3.5) + key.length * 2 + ENTRY_OVERHEAD,
      ttlAutopurge: false,
      dispose: (e, key, reason) => {
        if (reason === "evict") this.counts.evictions++;
        const set = this.byNs.get(e.ns);
        set?.delete(key);
        if (set?.size === 0) this.byNs.delete(e.ns);
      },
    });
  }

  /** The entry under `full`, unless `trustMs` is given and it is at least that old. */
  get(full: string, trustMs?: number): Entry | undefined {
    const hit = this.lru.get(full);
    if (!hit) return undefined;
    if (trustMs !== undefined && Date.now() - hit.at >= trustMs) {
      this.staleRejected++;
      return undefined;
    }
    return hit;
  }

  set(ns: string, full: string, value: string, ttlMs: number): Entry {
    const entry: L1Entry = { value, ns, at: Date.now() };
    this.lru.set(full, entry, { ttl: ttlMs });
    if (this.lru.has(full)) {
      let set = this.byNs.get(ns);
      if (!set) this.byNs.set(ns, (set = new Set()));
      set.add(full);
    }
    return entry;
  }

  /** Drops every entry of a namespace (its version moved on). */
  dropNs(ns: string): void {
    const keys = this.byNs.get(ns);
    if (!keys) return;
    for (const k of [...keys]) this.lru.delete(k);
    this.byNs.delete(ns);
  }

  /** Drops everything (nothing cached before a gap in the invalidation stream is trusted after it). */
  clear(): void {
    this.byNs.clear();
    this.lru.clear();
  }

  get bytes(): number {
    return this.lru.calculatedSize;
  }

  get size(): number {
    return this.lru.size;
  }

  /** Drops the least recently used `fraction` of the entries (memory pressure); returns how many went. */
  shed(fraction: number): number {
    const n = Math.floor(this.lru.size * fraction);
    let dropped = 0;
    for (const key of this.lru.rkeys()) {
      if (dropped >= n) break;
      this.lru.delete(key);
      dropped++;
    }
    return dropped;
  }

  /** Removes expired entries now rather than when next touched (maintenance). */
  prune(): { entries: number; bytes: number; removed: number } {
    const before = this.lru.size;
    this.lru.purgeStale();
    return { entries: this.lru.size, bytes: this.lru.calculatedSize, removed: before - this.lru.size };
  }
}
