import { describe, expect, it } from "vitest";
import { ClosedError, GroupCommit, QueueFullError } from "./group-commit.js";

const deferred = () => {
  let release!: () => void;
  const promise = new Promise<void>((r) => (release = r));
  return { promise, release };
};

describe("GroupCommit", () => {
  it("joins concurrent submissions into one flush and answers each with its own results", async () => {
    const flushes: number[][] = [];
    const gc = new GroupCommit<number, string>({
      maxBatchRows: 100,
      maxDelayMs: 5,
      maxQueuedRows: 1000,
      flush: async (rows) => {
        flushes.push(rows);
        return rows.map((r) => `ok${r}`);
      },
    });
    const [a, b, c] = await Promise.all([gc.submit([1, 2]), gc.submit([3]), gc.submit([4, 5, 6])]);
    expect(flushes).toEqual([[1, 2, 3, 4, 5, 6]]);
    expect(a).toEqual(["ok1", "ok2"]);
    expect(b).toEqual(["ok3"]);
    expect(c).toEqual(["ok4", "ok5", "ok6"]);
  });

  it("flushes at N rows without waiting for the timer, never splitting a request", async () => {
    const flushes: number[][] = [];
    const gc = new GroupCommit<number, number>({
      maxBatchRows: 3,
      maxDelayMs: 60_000,
      maxQueuedRows: 1000,
      flush: async (rows) => {
        flushes.push(rows);
        return rows;
      },
    });
    await Promise.all([gc.submit([1, 2]), gc.submit([3, 4]), gc.submit([5])]);
    expect(flushes).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
  });

  it("rejects every caller of a failed flush, and keeps working afterwards", async () => {
    let fail = true;
    const gc = new GroupCommit<number, number>({
      maxBatchRows: 10,
      maxDelayMs: 1,
      maxQueuedRows: 100,
      flush: async (rows) => {
        if (fail) throw new Error("db down");
        return rows;
      },
    });
    const results = await Promise.allSettled([gc.submit([1]), gc.submit([2])]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    expect(await gc.submit([3])).toEqual([3]);
  });

  it("refuses rows beyond the bound instead of queueing them", async () => {
    const gate = deferred();
    const gc = new GroupCommit<number, number>({
      maxBatchRows: 2,
      maxDelayMs: 1,
      maxQueuedRows: 4,
      flush: async (rows) => {
        await gate.promise;
        return rows;
      },
    });
    const first = gc.submit([1, 2]); // in flight
    const second = gc.submit([3, 4]); // queued
    await expect(gc.submit([5])).rejects.toBeInstanceOf(QueueFullError);
    expect(gc.depth).toBe(4);
    gate.release();
    expect(await first).toEqual([1, 2]);
    expect(await second).toEqual([3, 4]);
    expect(gc.depth).toBe(0);
  });

  it("flushes everything accepted on close, then refuses new work", async () => {
    const written: number[] = [];
    const gc = new GroupCommit<number, number>({
      maxBatchRows: 1000,
      maxDelayMs: 60_000,
      maxQueuedRows: 10_000,
      flush: async (rows) => {
        written.push(...rows);
        return rows;
      },
    });
    const pending = [gc.submit([1]), gc.submit([2, 3])];
    await gc.close();
    expect(written).toEqual([1, 2, 3]);
    await expect(Promise.all(pending)).resolves.toEqual([[1], [2, 3]]);
    await expect(gc.submit([4])).rejects.toBeInstanceOf(ClosedError);
  });

  it("runs up to maxConcurrentFlushes flushes at once", async () => {
    const gate = deferred();
    let running = 0;
    let peak = 0;
    const gc = new GroupCommit<number, number>({
      maxBatchRows: 1,
      maxDelayMs: 1,
      maxQueuedRows: 100,
      maxConcurrentFlushes: 2,
      flush: async (rows) => {
        running++;
        peak = Math.max(peak, running);
        await gate.promise;
        running--;
        return rows;
      },
    });
    const all = Promise.all([gc.submit([1]), gc.submit([2]), gc.submit([3])]);
    await new Promise((r) => setTimeout(r, 20));
    expect(peak).toBe(2);
    gate.release();
    expect(await all).toEqual([[1], [2], [3]]);
  });
});

describe("GroupCommit with a caller whose rows the database refuses", () => {
  it("fails only that caller: the shared flush is retried caller by caller", async () => {
    const flushes: string[][] = [];
    const gc = new GroupCommit<string, string>({
      maxBatchRows: 100,
      maxDelayMs: 5,
      maxQueuedRows: 1000,
      flush: async (rows) => {
        flushes.push(rows);
        if (rows.includes("poison")) throw new Error("invalid byte sequence");
        return rows.map((r) => `ok ${r}`);
      },
    });
    const results = await Promise.allSettled([gc.submit(["a"]), gc.submit(["poison", "b"]), gc.submit(["c", "d"])]);
    expect(results[0]).toEqual({ status: "fulfilled", value: ["ok a"] });
    expect(results[1]).toMatchObject({ status: "rejected", reason: { message: "invalid byte sequence" } });
    expect(results[2]).toEqual({ status: "fulfilled", value: ["ok c", "ok d"] });
    expect(flushes).toEqual([["a", "poison", "b", "c", "d"], ["a"], ["poison", "b"], ["c", "d"]]);
    expect(gc.depth).toBe(0);
  });

  it("does not retry when the error is not any one caller's (the database is down)", async () => {
    let calls = 0;
    const gc = new GroupCommit<number, number>({
      maxBatchRows: 100,
      maxDelayMs: 5,
      maxQueuedRows: 1000,
      isolate: (err) => (err as Error).message !== "connection refused",
      flush: async () => {
        calls++;
        throw new Error("connection refused");
      },
    });
    const results = await Promise.allSettled([gc.submit([1]), gc.submit([2])]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(calls).toBe(1);
  });
});
