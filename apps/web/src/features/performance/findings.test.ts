import { describe, expect, it } from "vitest";
import { cacheEfficiencyRows, describeStep, humanize, stepTitle, valueText } from "./findings";

describe("maintenance findings in words", () => {
  it("says what each known step did, in sentences", () => {
    expect(describeStep("vacuum", { tables: ["agents", "sessions"] }).sentences).toEqual([
      "Vacuumed and analyzed 2 tables: agents and sessions.",
    ]);
    expect(describeStep("sessions", { expiredRemoved: 1, expiredSignInLinksRemoved: 0 }).sentences).toEqual([
      "Removed 1 expired session and 0 expired sign-in links.",
    ]);
    expect(describeStep("temp-files", { orphanedUploadsRemoved: 3 }).sentences).toEqual(["Removed 3 orphaned uploads."]);
    expect(describeStep("cache", { entries: 12, bytes: 2_097_152, removed: 1 }).sentences).toEqual([
      "Pruned 1 stale cache entry; 12 entries (2.0 MB) remain in memory.",
    ]);
    expect(describeStep("performance-history", { minuteBuckets: 6, hourBuckets: 1, pruned: 0 }).sentences).toEqual([
      "Averaged the samples into 6 minute points and 1 hour point; pruned 0 samples past their keep time.",
    ]);
  });

  it("tells retention off from retention that dropped partitions", () => {
    expect(
      describeStep("partitions", { created: 0, retention: { cutoff: null, droppedPartitions: [], defaultRows: 0, keys: 0 } }).sentences,
    ).toEqual(["Every monthly partition needed was already there.", "Retention is off: raw interactions are kept for good."]);
    expect(
      describeStep("partitions", {
        created: 2,
        retention: { cutoff: "2025-01-01", droppedPartitions: ["interactions_2024_11", "interactions_2024_12"], defaultRows: 5, keys: 40 },
      }).sentences,
    ).toEqual([
      "Created 2 monthly partitions of interactions ahead of time.",
      "Retention dropped raw interactions before 2025-01-01: partitions interactions_2024_11 and interactions_2024_12, 5 rows of the default partition and 40 idempotency keys. Daily stats stay.",
    ]);
  });

  it("lists repaired rollup days in a table, with what changed", () => {
    const d = describeStep("rollups", {
      from: "1970-01-01",
      checkedDays: 30,
      drifted: 2,
      repaired: 1,
      removedOrphans: 1,
      examples: [
        {
          agentId: "0190aaaa-bbbb-7ccc-8ddd-eeeeffff0000",
          day: "2025-03-01",
          kind: "drifted",
          was: { interactions: 3, cost: 0.01 },
          now: { interactions: 4, cost: 0.01 },
        },
        { agentId: "0190aaaa-bbbb-7ccc-8ddd-eeeeffff0001", day: "2025-03-02", kind: "orphan", was: { interactions: 1 }, now: null },
      ],
    });
    expect(d.sentences).toEqual([
      "Checked 30 agent-days of daily stats against the raw interactions.",
      "2 days had drifted: 1 day recomputed, 1 orphaned day removed.",
    ]);
    expect(d.table?.headers).toEqual(["Day", "Agent", "Change"]);
    expect(d.table?.rows).toEqual([
      ["2025-03-01", "0190aaaa", "interactions 3 → 4"],
      ["2025-03-02", "0190aaaa", "no raw interactions that day; removed"],
    ]);
    expect(
      describeStep("rollups", { from: "2025-01-01", checkedDays: 1, drifted: 0, repaired: 0, removedOrphans: 0, examples: [] }),
    ).toEqual({
      sentences: [
        "Checked 1 agent-day of daily stats since 2025-01-01 against the raw interactions.",
        "Every day matched: nothing to repair.",
      ],
      table: undefined,
    });
  });

  it("turns an unknown step's findings into sentences, never JSON", () => {
    const d = describeStep("reindex", { indexesRebuilt: 2, skipped: [], detail: { slowest_index: "agents_pkey", ms: 12 }, dryRun: false });
    expect(d.sentences).toEqual(["Indexes rebuilt: 2.", "Skipped: none.", "Detail: slowest index agents_pkey, ms 12.", "Dry run: no."]);
    expect(d.sentences.join(" ")).not.toMatch(/[{}[\]"]/);
    expect(describeStep("vacuum", {}).sentences).toEqual([]);
    expect(stepTitle("rollups")).toBe("Rollup check");
    expect(stepTitle("reindex-all")).toBe("Reindex all");
  });

  it("names and formats the report's cache numbers", () => {
    expect(humanize("l1HitRate")).toBe("l1 hit rate");
    expect(valueText(["a", "b", "c"])).toBe("a, b and c");
    expect(cacheEfficiencyRows({ hitRate: 0.9312, l1HitRate: null, evictions: 1200, avgLoadMs: 3.2 })).toEqual([
      ["Hit rate", "93.1%"],
      ["L1 hit rate", "–"],
      ["Evictions", "1,200"],
      ["Avg load", "3.2 ms"],
    ]);
  });
});
