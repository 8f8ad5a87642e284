/**
 * Pronunciations for the language model's words, filtered from Debian's CMU dictionary. A word it
 * lacks is tried as a compound of two words it has ("checkbox" = check + box), then spelled out by
 * a small letter-to-sound fallback; what still fails is left out (and reported).
 */
import { readFileSync } from "node:fs";
import { lookup } from "../../../platform/lookup.js";

export const CMUDICT = "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict";

let loaded: Map<string, string[]> | null = null;

/** word → pronunciations (the first is the usual one); read once per process (~134k entries). */
export function cmudict(path = CMUDICT): Map<string, string[]> {
  if (loaded) return loaded;
  const dict = new Map<string, string[]>();
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const space = line.indexOf(" ");
    if (space < 1) continue;
    const word = line.slice(0, space).replace(/\(\d+\)$/, "");
    const phones = line.slice(space + 1).trim();
    const list = dict.get(word);
    if (list) list.push(phones);
    else dict.set(word, [phones]);
  }
  loaded = dict;
  return dict;
}

// Letter-to-sound: digraphs first, then single letters; good enough for made-up product words.
const DIGRAPHS: [string, string][] = [
  ["tion", "SH AH N"], ["ch", "CH"], ["sh", "SH"], ["th", "TH"], ["ph", "F"], ["ck", "K"], ["ng", "NG"], ["qu", "K W"],
  ["ee", "IY"], ["oo", "UW"], ["ea", "IY"], ["ai", "EY"], ["ay", "EY"], ["ou", "AW"], ["ow", "OW"], ["oi", "OY"], ["au", "AO"],
];
const LETTERS = lookup<string>({
  a: "AE", b: "B", c: "K", d: "D", e: "EH", f: "F", g: "G", h: "HH", i: "IH", j: "JH", k: "K", l: "L", m: "M",
  n: "N", o: "AA", p: "P", q: "K", r: "R", s: "S", t: "T", u: "AH", v: "V", w: "W", x: "K S", y: "Y", z: "Z",
});

export function letterToSound(word: string): string | null {
  const w = word.toLowerCase().replace(/[^a-z]/g, "");
  if (!w) return null;
  const phones: string[] = [];
  for (let i = 0; i < w.length; ) {
    const di = DIGRAPHS.find(([g]) => w.startsWith(g, i));
    if (di) {
      phones.push(di[1]);
      i += di[0].length;
      continue;
    }
    const c = w[i]!;
    // A final silent e ("cache"), and doubled consonants said once.
    if (!(c === "e" && i === w.length - 1 && w.length > 3) && !(i > 0 && w[i - 1] === c && !"aeiou".includes(c))) phones.push(LETTERS[c]!);
    i++;
  }
  return phones.join(" ");
}

/** Entries in the dictionary format pocketsphinx reads, and the words nothing could pronounce. */
export function dictionaryFor(vocabulary: Iterable<string>, dict = cmudict()): { text: string; missing: string[]; guessed: string[] } {
  const lines: string[] = [];
  const missing: string[] = [];
  const guessed: string[] = [];
  for (const word of [...new Set(vocabulary)].sort()) {
    let prons = dict.get(word);
    if (!prons) {
      for (let i = 2; i <= word.length - 2 && !prons; i++) {
        const a = dict.get(word.slice(0, i));
        const b = dict.get(word.slice(i));
        if (a && b) prons = [`${a[0]} ${b[0]}`];
      }
    }
    if (!prons) {
      const lts = letterToSound(word);
      if (lts) {
        prons = [lts];
        guessed.push(word);
      }
    }
    if (!prons) {
      missing.push(word);
      continue;
    }
    prons.slice(0, 3).forEach((p, i) => lines.push(`${word}${i ? `(${i + 1})` : ""} ${p}`));
  }
  return { text: `${lines.join("\n")}\n`, missing, guessed };
}
