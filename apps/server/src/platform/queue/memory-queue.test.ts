import { afterEach, describe, expect, it, vi } from "vitest";
import { MemoryQueue } from "./memory-queue.js";

afterEach(() => vi.useRealTimers());

describe("MemoryQueue", () => {
  it("runs each job once, retries a failing one, and ignores a second add with the same id", async () => {
    const q = new MemoryQueue();
    const seen: string[] = [];
    let failures = 1;
    q.work<{ n: string }>("t", async (data, job) => {
      seen.push(`${data.n}#${job.attempt}`);
      if (data.n === "b" && failures-- > 0) throw new Error("transient");
      return Promise.resolve();
    });
    await q.enqueue("t", { n: "a" }, { jobId: "a" });
    await q.enqueue("t", { n: "a" }, { jobId: "a" });
    await q.enqueue("t", { n: "b" }, { jobId: "b" });
    await vi.waitFor(() => expect(seen).toEqual(["a#1", "b#1", "b#2"]), { timeout: 3000 });
    expect(await q.counts()).toMatchObject({ completed: 2, failed: 0 });
    await q.close();
  });

  it("schedules periods longer than a timer can wait (30 days) without firing early", async () => {
    vi.useFakeTimers();
    const q = new MemoryQueue();
    const runs: number[] = [];
    q.work("m", () => {
      runs.push(Date.now());
      return Promise.resolve();
    });
    q.schedule("m", "monthly", 30 * 86_400_000, {});
    await vi.advanceTimersByTimeAsync(29 * 86_400_000);
    expect(runs).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(2 * 86_400_000);
    expect(runs).toHaveLength(1);
    await q.close(0);
  });
});
