/**
 * A trigram language model in ARPA format, from sentences: interpolated absolute discounting
 * (D = 0.7), written the way SRILM writes interpolated models — each seen n-gram's probability
 * already includes its share of the lower order, and a history's backoff weight is the mass left
 * for words it never preceded. Probabilities are log10.
 */
const D = 0.7;
const ORDER = 3;

export function words(sentence: string): string[] {
  return sentence
    .toLowerCase()
    .replace(/[^a-z' ]+/g, " ")
    .split(" ")
    .map((w) => w.replace(/^'+|'+$/g, ""))
    .filter(Boolean);
}

export function buildArpa(sentences: string[], vocabulary: Set<string>): string {
  // counts[n-1]: n-gram (space-joined) → count; histories[n-1]: history → {total, distinct followers}
  const counts: Map<string, number>[] = Array.from({ length: ORDER }, () => new Map<string, number>());
  for (const sentence of sentences) {
    const ws = words(sentence).filter((w) => vocabulary.has(w));
    if (ws.length === 0) continue;
    const tokens = ["<s>", ...ws, "</s>"];
    for (let n = 1; n <= ORDER; n++) {
      for (let i = 0; i + n <= tokens.length; i++) {
        const gram = tokens.slice(i, i + n);
        if (n === 1 && gram[0] === "<s>") continue;
        const key = gram.join(" ");
        counts[n - 1]!.set(key, (counts[n - 1]!.get(key) ?? 0) + 1);
      }
    }
  }
  const histories: Map<string, { total: number; types: number }>[] = Array.from({ length: ORDER }, () => new Map<string, { total: number; types: number }>());
  for (let n = 2; n <= ORDER; n++) {
    for (const [key, c] of counts[n - 1]!) {
      const h = key.slice(0, key.lastIndexOf(" "));
      const s = histories[n - 1]!.get(h) ?? { total: 0, types: 0 };
      s.total += c;
      s.types += 1;
      histories[n - 1]!.set(h, s);
    }
  }
  // Unigrams: absolute discounting towards uniform over the vocabulary seen.
  const unigrams = counts[0]!;
  unigrams.set("<s>", 0);
  const total = [...unigrams.values()].reduce((a, b) => a + b, 0);
  const V = unigrams.size - 1; // without <s>
  const prob: Map<string, number>[] = Array.from({ length: ORDER }, () => new Map<string, number>());
  const leftover = (D * V) / total;
  for (const [w, c] of unigrams) if (w !== "<s>") prob[0]!.set(w, Math.max(c - D, 0) / total + leftover / V);
  const p = (gram: string[]): number => {
    const n = gram.length;
    const key = gram.join(" ");
    const known = prob[n - 1]!.get(key);
    if (known !== undefined) return known;
    if (n === 1) return 1e-7;
    return bow(gram.slice(0, -1)) * p(gram.slice(1));
  };
  const bow = (history: string[]): number => {
    const h = histories[history.length]!.get(history.join(" "));
    return h ? (D * h.types) / h.total : 1;
  };
  for (let n = 2; n <= ORDER; n++) {
    for (const [key, c] of counts[n - 1]!) {
      const gram = key.split(" ");
      const history = gram.slice(0, -1);
      const h = histories[n - 1]!.get(history.join(" "))!;
      prob[n - 1]!.set(key, (c - D) / h.total + bow(history) * p(gram.slice(1)));
    }
  }
  const log = (x: number) => Math.log10(Math.max(x, 1e-99)).toFixed(6);
  const lines = ["\\data\\"];
  for (let n = 1; n <= ORDER; n++) lines.push(`ngram ${n}=${n === 1 ? unigrams.size : counts[n - 1]!.size}`);
  lines.push("");
  for (let n = 1; n <= ORDER; n++) {
    lines.push(`\\${n}-grams:`);
    const grams = n === 1 ? [...unigrams.keys()] : [...counts[n - 1]!.keys()];
    for (const key of grams.sort()) {
      const gram = key.split(" ");
      const lp = key === "<s>" ? "-99.000000" : log(prob[n - 1]!.get(key)!);
      const hasBow = n < ORDER && histories[n]!.has(key);
      lines.push(hasBow ? `${lp}\t${key}\t${log(bow(gram))}` : `${lp}\t${key}`);
    }
    lines.push("");
  }
  lines.push("\\end\\", "");
  return lines.join("\n");
}
