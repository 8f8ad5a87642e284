/**
 * Debian's pocketsphinx, offline and in-process: a recording with a noise floor is denoised first
 * (denoise.ts), then one long-lived decoder (sphinx-decoder.ts) hears it with the workspace's
 * domain model interpolated with the broad English model, and reports word times and how sure it
 * is of each word.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { decoderPcm } from "../audio.js";
import { cleanForDecoding } from "../denoise.js";
import { speechModel } from "../lm/model.js";
import type { SttEngine } from "./engine.js";
import { MODEL_ROOT, SphinxDecoder } from "./sphinx-decoder.js";
import { sphinxLibrary } from "./sphinx-native.js";

/** `denoise: false` decodes recordings as they are (for comparison in the benches). */
export function pocketsphinxEngine(modelDir: string, decoder = new SphinxDecoder(), options = { denoise: true }): SttEngine {
  return {
    name: "pocketsphinx",
    availability() {
      const lib = sphinxLibrary();
      if (lib instanceof Error) return { available: false, reason: "pocketsphinx is not installed (apt-get install libpocketsphinx3)" };
      if (!existsSync(`${MODEL_ROOT}/en-us/mdef`) || !existsSync(`${MODEL_ROOT}/cmudict-en-us.dict`) || !existsSync(`${MODEL_ROOT}/en-us.lm.bin`)) {
        return { available: false, reason: "the English model is not installed (apt-get install pocketsphinx-en-us)" };
      }
      return { available: true };
    },
    async transcribe({ wav, workspaceId, vocabulary, signal }) {
      const heard = decoderPcm(await readFile(wav));
      const pcm = options.denoise ? cleanForDecoding(heard).pcm : heard;
      const decode = async () => decoder.decode(pcm, await speechModel(modelDir, workspaceId, vocabulary), signal);
      // The workspace's apps changed while this waited, and its model was replaced: once more, with the new one.
      return decode().catch((e: NodeJS.ErrnoException) => (e.code === "ENOENT" ? decode() : Promise.reject(e)));
    },
  };
}
