/**
 * Debian's pocketsphinx, offline: `pocketsphinx_batch` decodes the whole utterance at once with our
 * domain language model (real-time factor ~0.06 on 2 cores) and reports word times.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { speechModel } from "../lm/model.js";
import type { SttEngine } from "./engine.js";

const MODEL_ROOT = "/usr/share/pocketsphinx/model/en-us";
const ACOUSTIC = `${MODEL_ROOT}/en-us`;
const BATCH = "/usr/bin/pocketsphinx_batch";
const FRAME_MS = 10;

export function pocketsphinxEngine(modelDir: string): SttEngine {
  return {
    name: "pocketsphinx",
    availability() {
      if (!existsSync(BATCH)) return { available: false, reason: "pocketsphinx is not installed (apt-get install pocketsphinx)" };
      if (!existsSync(`${ACOUSTIC}/mdef`) || !existsSync(`${MODEL_ROOT}/cmudict-en-us.dict`)) {
        return { available: false, reason: "the English model is not installed (apt-get install pocketsphinx-en-us)" };
      }
      return { available: true };
    },
    async transcribe({ wav, workDir, workspaceId, vocabulary, signal }) {
      const model = await speechModel(modelDir, workspaceId, vocabulary);
      const id = basename(wav, ".wav");
      const ctl = join(workDir, "ctl.txt");
      const hyp = join(workDir, "hyp.txt");
      const seg = join(workDir, "seg.txt");
      await writeFile(ctl, `${id}\n`);
      const args = ["-adcin", "yes", "-cepdir", dirname(wav), "-cepext", ".wav", "-ctl", ctl, "-hyp", hyp, "-hypseg", seg, "-hmm", ACOUSTIC, "-lm", model.lm, "-dict", model.dict, "-logfn", "/dev/null"];
      await new Promise<void>((resolve, reject) => {
        const child = spawn(BATCH, args, { stdio: ["ignore", "ignore", "pipe"], signal });
        let err = "";
        child.stderr.on("data", (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
        child.on("error", reject);
        child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`pocketsphinx_batch exited ${code}: ${err.trim().split("\n").at(-1) ?? ""}`))));
      });
      // hyp: "words (id score)"; hypseg: "id S <score> T <total> A <ac> L <lm> <sf> <ascr> <lscr> <word> ..."
      const text = (await readFile(hyp, "utf8")).replace(/\s*\([^()]*\)\s*$/m, "").trim();
      const words = parseSegments(await readFile(seg, "utf8").catch(() => ""));
      return { text, words };
    },
  };
}

function parseSegments(line: string): { word: string; startMs: number; endMs: number }[] {
  const parts = line.trim().split(/\s+/);
  const at = parts.indexOf("L");
  if (at < 0) return [];
  const out: { word: string; startMs: number; endMs: number }[] = [];
  const rest = parts.slice(at + 2);
  for (let i = 0; i + 3 < rest.length; i += 4) {
    const start = Number(rest[i]);
    const word = rest[i + 3]!;
    if (word.startsWith("<") || word.startsWith("[")) continue;
    out.push({ word: word.replace(/\(\d+\)$/, ""), startMs: start * FRAME_MS, endMs: start * FRAME_MS });
  }
  for (let i = 0; i < out.length; i++) out[i]!.endMs = out[i + 1]?.startMs ?? out[i]!.startMs + 300;
  return out;
}
