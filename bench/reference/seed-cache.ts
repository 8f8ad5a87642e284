/**
 * A faithful TypeScript port of the seed's `OptimizedCache` (Python): a dict of (value, expiry),
 * a dict of access times, and LRU eviction that scans every key for the oldest access (`min()`).
 * Kept here only as the reference our L1 is measured against.
 */
export class SeedOptimizedCache<V> {
  private readonly cache = new Map<string, [V, number]>();
  private readonly accessTimes = new Map<string, number>();
  hits = 0;
  misses = 0;
  private clock = 0;

  constructor(
    private readonly maxSize = 1000,
    private readonly defaultTtl = 300,
  ) {}

  // time.time() resolution is not enough to order accesses in a tight loop; a counter is what it means.
  private now() {
    return ++this.clock;
  }

  get(key: string): V | undefined {
    const item = this.cache.get(key);
    if (item) {
      const [value, expiry] = item;
      if (Date.now() / 1000 < expiry) {
        this.accessTimes.set(key, this.now());
        this.hits++;
        return value;
      }
      this.cache.delete(key);
      this.accessTimes.delete(key);
    }
    this.misses++;
    return undefined;
  }

  set(key: string, value: V, ttl?: number): void {
    if (this.cache.size >= this.maxSize && !this.cache.has(key)) this.evictLru();
    this.cache.set(key, [value, Date.now() / 1000 + (ttl ?? this.defaultTtl)]);
    this.accessTimes.set(key, this.now());
  }

  private evictLru(): void {
    if (this.accessTimes.size === 0) return;
    let lruKey: string | undefined;
    let min = Infinity;
    for (const [k, t] of this.accessTimes) {
      if (t < min) {
        min = t;
        lruKey = k;
      }
    }
    if (lruKey === undefined) return;
    this.cache.delete(lruKey);
    this.accessTimes.delete(lruKey);
  }
}
