/**
 * Which keys are requested most, tracked in bounded memory: a count-min sketch estimates each
 * key's frequency, a small candidate map keeps the current top keys, and counts halve every
 * `resetAfter` increments so yesterday's favourites fade (TinyLFU's aging).
 */
export class FrequencySketch {
  private readonly table: Uint32Array;
  private readonly width: number;
  private readonly depth = 4;
  private additions = 0;
  private readonly top = new Map<string, number>();

  constructor(
    private readonly capacity = 256,
    width = 4096,
    private readonly resetAfter = 100_000,
  ) {
    this.width = width;
    this.table = new Uint32Array(width * this.depth);
  }

  private index(key: string, row: number): number {
    // FNV-1a with a per-row seed.
    let h = 0x811c9dc5 ^ (row * 0x9e3779b1);
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
    return row * this.width + ((h >>> 0) % this.width);
  }

  estimate(key: string): number {
    let min = Infinity;
    for (let r = 0; r < this.depth; r++) min = Math.min(min, this.table[this.index(key, r)]!);
    return min;
  }

  /** Counts one access; true when the key is (now) among the hottest. */
  add(key: string): boolean {
    for (let r = 0; r < this.depth; r++) this.table[this.index(key, r)]! += 1;
    const count = this.estimate(key);
    let hot = true;
    if (this.top.has(key) || this.top.size < this.capacity) {
      this.top.set(key, count);
    } else {
      let minKey: string | null = null;
      let minCount = Infinity;
      for (const [k, c] of this.top) if (c < minCount) [minKey, minCount] = [k, c];
      if (minKey !== null && count > minCount) {
        this.top.delete(minKey);
        this.top.set(key, count);
      } else {
        hot = false;
      }
    }
    if (++this.additions >= this.resetAfter) this.age();
    return hot;
  }

  isHot(key: string): boolean {
    return this.top.has(key);
  }

  private age(): void {
    this.additions = 0;
    for (let i = 0; i < this.table.length; i++) this.table[i]! >>>= 1;
    for (const [k, c] of this.top) this.top.set(k, c >>> 1);
  }

  /** The hottest keys, most frequent first. */
  hottest(n = this.capacity): string[] {
    return [...this.top.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k]) => k);
  }
}
