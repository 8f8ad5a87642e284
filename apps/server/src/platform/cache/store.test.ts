import { describe, expect, it } from "vitest";
import { L1Store } from "./store.js";

describe("L1 store", () => {
  it("stays within its byte bound, evicting the least recently used and counting evictions", () => {
    const store = new L1Store(10_000);
    for (let i = 0; i < 100; i++) store.set("n", `n|1|k${i}`, "x".repeat(100), 60_000);
    expect(store.bytes).toBeLessThanOrEqual(10_000);
    expect(store.size).toBeLessThan(100);
    expect(store.counts.evictions).toBe(100 - store.size);
    expect(store.get("n|1|k99")?.value).toBe("x".repeat(100));
    expect(store.get("n|1|k0")).toBeUndefined();
  });

  it("drops one namespace's entries and leaves the others", () => {
    const store = new L1Store(1 << 20);
    store.set("a", "a|1|x", "1", 60_000);
    store.set("a", "a|1|y", "2", 60_000);
    store.set("b", "b|1|x", "3", 60_000);
    store.dropNs("a");
    expect(store.get("a|1|x")).toBeUndefined();
    expect(store.get("a|1|y")).toBeUndefined();
    expect(store.get("b|1|x")?.value).toBe("3");
    expect(store.counts.evictions).toBe(0);
    store.clear();
    expect(store.size).toBe(0);
  });

  it("rejects an entry older than the trust window it is asked with, and counts it", () => {
    const store = new L1Store(1 << 20);
    store.set("a", "a|1|x", "1", 60_000);
    expect(store.get("a|1|x", 60_000)?.value).toBe("1");
    expect(store.get("a|1|x", 0)).toBeUndefined();
    expect(store.staleRejected).toBe(1);
  });

  it("sheds the least recently used fraction", () => {
    const store = new L1Store(1 << 20);
    for (let i = 0; i < 10; i++) store.set("n", `n|1|k${i}`, "v", 60_000);
    store.get("n|1|k0");
    expect(store.shed(0.5)).toBe(5);
    expect(store.get("n|1|k0")?.value).toBe("v");
    expect(store.get("n|1|k1")).toBeUndefined();
  });
});
