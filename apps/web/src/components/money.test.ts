import { describe, expect, it } from "vitest";
import { money } from "./money";

describe("costs as people read them", () => {
  it("shows cents, a few decimals under a dollar, and the digits of a fraction of a cent", () => {
    expect([0, 1234.5, 12.345, 0.3, 0.1234, 0.00001845, 0.30001845].map(money)).toEqual([
      "$0.00",
      "$1,234.50",
      "$12.35",
      "$0.30",
      "$0.1234",
      "$0.00001845",
      "$0.30",
    ]);
  });
});
