import { describe, expect, it } from "vitest";
import { bucketEnd, bucketLabel, bucketTick, compactNumber, isEmpty, partialBuckets, splitPartial } from "./chart";

describe("chart arithmetic", () => {
  it("knows an empty chart: no points, or only zeros where zeros mean nothing happened", () => {
    expect(isEmpty([{ values: [] }])).toBe(true);
    expect(isEmpty([{ values: [null, null] }])).toBe(true);
    expect(isEmpty([{ values: [0, 0] }])).toBe(false); // a live gauge at zero is a value
    expect(isEmpty([{ values: [0, 0] }, { values: [0, null] }], true)).toBe(true);
    expect(isEmpty([{ values: [0, 0] }, { values: [0, 3] }], true)).toBe(false);
  });

  it("draws partial points dashed, joined to their complete neighbours", () => {
    expect(splitPartial([1, 2, 3], undefined)).toEqual({ solid: [1, 2, 3], dashed: [] });
    expect(splitPartial([1, 2, 3], [false, false, false])).toEqual({ solid: [1, 2, 3], dashed: [] });
    // The current month: the last segment is dashed, the rest solid.
    expect(splitPartial([5, 6, 0], [false, false, true])).toEqual({ solid: [5, 6, null], dashed: [[null, 6, 0]] });
    // Cut at both ends: one dashed line per end, none across the complete middle.
    expect(splitPartial([1, 2, 3, 4], [true, false, false, true])).toEqual({
      solid: [null, 2, 3, null],
      dashed: [
        [1, 2, null, null],
        [null, null, 3, 4],
      ],
    });
    // Two buckets, both partial (the last 30 days by month): all dashed.
    expect(splitPartial([7, 2], [true, true])).toEqual({ solid: [null, null], dashed: [[7, 2]] });
  });

  it("finds the buckets the range cuts and the one not over yet", () => {
    expect(bucketEnd("daily", "2025-03-14")).toBe("2025-03-14");
    expect(bucketEnd("weekly", "2025-03-10")).toBe("2025-03-16");
    expect(bucketEnd("monthly", "2024-02-01")).toBe("2024-02-29");
    expect(bucketEnd("monthly", "2024-12-01")).toBe("2024-12-31");
    // 30 days to 14 March by month: February is cut by `from`, March is not over.
    expect(partialBuckets("monthly", ["2025-02-01", "2025-03-01"], "2025-02-13", "2025-03-14", "2025-03-14")).toEqual([true, true]);
    expect(partialBuckets("monthly", ["2025-01-01", "2025-02-01", "2025-03-01"], "2025-01-01", "2025-03-14", "2025-03-14")).toEqual([
      false,
      false,
      true,
    ]);
    // Days: only today is partial; a range that ended in the past has none.
    expect(partialBuckets("daily", ["2025-03-13", "2025-03-14"], "2025-03-13", "2025-03-14", "2025-03-14")).toEqual([false, true]);
    expect(partialBuckets("weekly", ["2025-03-03", "2025-03-10"], "2025-03-03", "2025-03-16", "2025-04-01")).toEqual([false, false]);
    expect(partialBuckets("weekly", ["2025-03-03", "2025-03-10"], "2025-03-05", "2025-03-12", "2025-04-01")).toEqual([true, true]);
  });

  it("names buckets and keeps axis numbers short", () => {
    expect(bucketLabel("daily", "2025-03-14")).toBe("14 Mar 2025");
    expect(bucketLabel("weekly", "2025-03-10")).toBe("week of 10 Mar 2025");
    expect(bucketLabel("monthly", "2025-03-01")).toBe("March 2025");
    expect(bucketTick("weekly", "2025-03-10")).toBe("10 Mar");
    expect(bucketTick("monthly", "2025-03-01")).toBe("Mar 2025");
    expect([0, 950, 1200, 45_000, 200_000, 1_500_000, 0.25].map(compactNumber)).toEqual([
      "0",
      "950",
      "1.2k",
      "45k",
      "200k",
      "1.5M",
      "0.25",
    ]);
  });
});
