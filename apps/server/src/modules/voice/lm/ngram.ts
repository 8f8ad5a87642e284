/**
 * A trigram language model of what people say to the Studio, in memory: interpolated absolute
 * discounting (D = 0.7), each seen n-gram's probability including its share of the lower order and
 * each history's backoff weight the mass left for words it never preceded (SRILM's recipe). It
 * scores the recogniser's candidate readings, so the one that sounds like a request for this
 * workspace wins a near tie.
 */
import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import { trainingSentences } from "./sentences.js";

const D = 0.7;
const ORDER = 3;

export interface Vocabulary {
  entities: string[];
  fields: string[];
  /** Sentences people say to one app (its names, choices and records in command forms), when it is known. */
  phrases?: string[];
}

/** Lowercase words without punctuation (apostrophes inside words kept). */
export function words(sentence: string): string[] {
  return sentence
    .toLowerCase()
    .replace(/[^a-z' ]+/g, " ")
    .split(" ")
    .map((w) => w.replace(/^'+|'+$/g, ""))
    .filter(Boolean);
}

export class NgramModel {
  /** n-gram (space-joined) → probability, per order. */
  private readonly prob: Map<string, number>[] = Array.from({ length: ORDER }, () => new Map<string, number>());
  /** history → backoff weight, per history length. */
  private readonly backoff: Map<string, number>[] = Array.from({ length: ORDER }, () => new Map<string, number>());
  /** Probability of a word never seen. */
  private readonly unknown: number;

  constructor(sentences: string[]) {
    const counts: Map<string, number>[] = Array.from({ length: ORDER }, () => new Map<string, number>());
    for (const sentence of sentences) {
      const tokens = ["<s>", ...words(sentence), "</s>"];
      for (let n = 1; n <= ORDER; n++) {
        for (let i = 0; i + n <= tokens.length; i++) {
          if (n === 1 && i === 0) continue;
          const key = tokens.slice(i, i + n).join(" ");
          counts[n - 1]!.set(key, (counts[n - 1]!.get(key) ?? 0) + 1);
        }
      }
    }
    const histories = Array.from({ length: ORDER }, () => new Map<string, { total: number; types: number }>());
    for (let n = 2; n <= ORDER; n++) {
      for (const [key, c] of counts[n - 1]!) {
        const h = key.slice(0, key.lastIndexOf(" "));
        const s = histories[n - 1]!.get(h) ?? { total: 0, types: 0 };
        s.total += c;
        s.types += 1;
        histories[n - 1]!.set(h, s);
      }
    }
    for (let n = 2; n <= ORDER; n++) for (const [h, s] of histories[n - 1]!) this.backoff[n - 1]!.set(h, (D * s.types) / s.total);
    // Unigrams: discounted towards uniform over the words seen; what is left is the unseen word's.
    const unigrams = counts[0]!;
    const total = [...unigrams.values()].reduce((a, b) => a + b, 0);
    const leftover = (D * unigrams.size) / total;
    for (const [w, c] of unigrams) this.prob[0]!.set(w, Math.max(c - D, 0) / total + leftover / unigrams.size);
    this.unknown = leftover / (unigrams.size + 1);
    for (let n = 2; n <= ORDER; n++) {
      for (const [key, c] of counts[n - 1]!) {
        const gram = key.split(" ");
        const history = gram.slice(0, -1).join(" ");
        this.prob[n - 1]!.set(key, (c - D) / histories[n - 1]!.get(history)!.total + this.bow(history, n - 1) * this.p(gram.slice(1)));
      }
    }
  }

  private bow(history: string, length: number): number {
    return this.backoff[length]!.get(history) ?? 1;
  }

  private p(gram: string[]): number {
    const known = this.prob[gram.length - 1]!.get(gram.join(" "));
    if (known !== undefined) return known;
    if (gram.length === 1) return this.unknown;
    return this.bow(gram.slice(0, -1).join(" "), gram.length - 1) * this.p(gram.slice(1));
  }

  /** Natural log of the probability of `word` ("</s>": the end) after `history` (which starts with "<s>"). */
  next(history: string[], word: string): number {
    return Math.log(this.p([...history.slice(1 - ORDER), word]));
  }

  /** Natural log of the probability of the sentence (its words, then the sentence's end). */
  logProb(sentence: string): number {
    const tokens = ["<s>", ...words(sentence), "</s>"];
    let sum = 0;
    for (let i = 1; i < tokens.length; i++) sum += this.next(tokens.slice(0, i), tokens[i]!);
    return sum;
  }
}

const models = new LRUCache<string, NgramModel>({ max: 16 });

/** The model of a workspace's vocabulary (its apps' entities and fields), built once and kept while used. */
export function domainModel(vocabulary: Vocabulary): NgramModel {
  const normalized = {
    entities: [...new Set(vocabulary.entities)].sort(),
    fields: [...new Set(vocabulary.fields)].sort(),
    phrases: [...new Set(vocabulary.phrases ?? [])].sort(),
  };
  const key = createHash("sha256").update(JSON.stringify(normalized)).digest("base64url");
  let model = models.get(key);
  // An app's own sentences count three times: its names win near ties with everyday words.
  if (!model)
    models.set(
      key,
      (model = new NgramModel([...trainingSentences(normalized), ...normalized.phrases, ...normalized.phrases, ...normalized.phrases])),
    );
  return model;
}
