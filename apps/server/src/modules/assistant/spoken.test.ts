import { describe, expect, it } from "vitest";
import { plainCommand } from "./spoken.js";

describe("a command made plain", () => {
  it.each([
    ["uh can you add an order for Jane, forty dollars", "add an order for Jane, $40"],
    ["change the price of the latte to four fifty", "change the price of the latte to 4.50"],
    ["it's one twenty five", "it's 125"],
    ["sixty two forty, food", "62.40, food"],
    ["at three forty dollars", "at 3 $40"],
    ["phone five five five zero one nine nine", "phone 555-0199"],
    ["book her at ten thirty", "book her at 10:30"],
    ["invoice the roof leak, two grand", "invoice the roof leak, $2000"],
    ["at 3, actually make that 4", "at 4"],
    ["ninety an hour", "90 per hour"],
    ["an hour and a half", "90 minutes"],
    ["move it to the twenty fifth", "move it to the 25th"],
    ["delete the first one", "delete the first 1"],
    ["email rosa at mail dot com", "email rosa@mail.com"],
    ["internet was seventy actually, not sixty-five", "internet was 70"],
    ["water it every three weeks", "water it every 21 days"],
  ])("%s → %s", (said, plain) => {
    expect(plainCommand(said)).toBe(plain);
  });
});
