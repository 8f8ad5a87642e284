import { describe, expect, it } from "vitest";
import { catalogs } from "./corpus/score.js";
import { respell } from "./respell.js";

const apps = catalogs();

describe("names heard as they sound", () => {
  it("are put back as the app spells them", () => {
    expect(respell("But pretty a pitel for a cut tomorrow", apps.get("salon")!)).toBe("But pretty a Patel for a cut tomorrow");
    expect(respell("Amirasi picked up her order.", apps.get("cafe")!)).toBe("Emma Rossi picked up her order.");
    expect(respell("two Kopuchin's please", apps.get("cafe")!)).toBe("two Cappuccino's please");
  });

  it("leave the words of the command and the app's own words alone", () => {
    const text = "Show me unpaid appointments for Maria, paid today";
    expect(respell(text, apps.get("salon")!)).toBe(text);
    expect(respell("add four turkey sandwiches", apps.get("cafe")!)).toBe("add four turkey sandwiches");
  });
});
