import { describe, expect, it } from "vitest";
import { periodRange } from "@vta/contracts";
import { todayIn } from "./record-filters.js";

describe("date periods", () => {
  it("are whole days around a fixed today: weeks from Monday, months to their last day, leap years included", () => {
    expect(periodRange("today", "2028-02-29")).toEqual(["2028-02-29", "2028-02-29"]);
    expect(periodRange("thisWeek", "2026-12-06")).toEqual(["2026-11-30", "2026-12-06"]); // a Sunday
    expect(periodRange("thisWeek", "2026-11-30")).toEqual(["2026-11-30", "2026-12-06"]); // a Monday
    expect(periodRange("thisMonth", "2028-02-10")).toEqual(["2028-02-01", "2028-02-29"]);
    expect(periodRange("thisMonth", "2026-12-31")).toEqual(["2026-12-01", "2026-12-31"]);
    expect(periodRange("next7Days", "2026-12-28")).toEqual(["2026-12-28", "2027-01-03"]);
    expect(periodRange("last30Days", "2026-03-01")).toEqual(["2026-01-31", "2026-03-01"]);
    expect(periodRange("overdue", "2026-01-01")).toEqual([null, "2025-12-31"]);
  });

  it("take today where the person is", () => {
    const moment = new Date("2026-06-30T23:30:00Z");
    expect(todayIn(undefined, moment)).toBe("2026-06-30");
    expect(todayIn("Asia/Tokyo", moment)).toBe("2026-07-01");
    expect(todayIn("America/Los_Angeles", moment)).toBe("2026-06-30");
    expect(() => todayIn("Mars/Olympus", moment)).toThrow(/not a time zone/);
  });
});
