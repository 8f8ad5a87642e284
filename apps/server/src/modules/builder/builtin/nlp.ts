/**
 * compromise, loaded the first time the builder needs it: it is the largest thing the server would
 * load at start (about 400 ms and 40 MB), and a node that never builds an app never pays for it.
 */
import { createRequire } from "node:module";
import type Nlp from "compromise";

let loaded: typeof Nlp | undefined;

export function nlp(text: string) {
  loaded ??= createRequire(import.meta.url)("compromise") as typeof Nlp;
  return loaded(text);
}
