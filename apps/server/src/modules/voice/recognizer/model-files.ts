/**
 * Where the recogniser's model files are, and whether it can run: a module of its own, so the
 * server's thread can tell without loading the recogniser (or its tokenizer, 23 MB of heap).
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(import.meta.url);

const PACKAGE = "@moonshine-ai/moonshine-js";

/** Where the package keeps the model, or null when it is not installed. */
export function moonshineModelDir(): string | null {
  // The package exports only a browser bundle, so its folder is found the way Node looks for it.
  for (const modules of require.resolve.paths(PACKAGE) ?? []) {
    const dir = join(modules, PACKAGE, "dist/model/tiny/quantized");
    if (existsSync(join(dir, "encoder_model.onnx")) && existsSync(join(dir, "decoder_model_merged.onnx"))) return dir;
  }
  return null;
}

/** Why the recogniser cannot run here, or null when it can. */
export function recognizerMissing(): string | null {
  try {
    require.resolve("onnxruntime-node");
  } catch {
    return "ONNX Runtime is not installed (run npm ci)";
  }
  return moonshineModelDir() ? null : "the speech model is not installed (run npm ci)";
}
