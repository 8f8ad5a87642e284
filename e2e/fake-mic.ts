/**
 * Chromium's fake microphone: `sentence` spoken by flite after `delayMs`, padded with quiet to
 * `seconds` (a sound `filter` may be mixed in), played once from when the page opens the microphone.
 * Answers the Chromium arguments that play it.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function fakeMicrophone(
  sentence: string,
  opts: { delayMs?: number; seconds?: number; voice?: string; filterComplex?: string } = {},
) {
  const { delayMs = 500, seconds = 8, voice = "slt" } = opts;
  const dir = mkdtempSync(join(tmpdir(), "vta-e2e-mic-"));
  execFileSync("flite", ["-voice", voice, "-t", sentence, "-o", join(dir, "raw.wav")]);
  const filter = opts.filterComplex ? ["-filter_complex", opts.filterComplex] : ["-af", `adelay=${delayMs},apad=whole_dur=${seconds}`];
  execFileSync("ffmpeg", ["-nostdin", "-y", "-loglevel", "error", "-i", join(dir, "raw.wav"), ...filter, join(dir, "mic.wav")]);
  return [
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    `--use-file-for-fake-audio-capture=${join(dir, "mic.wav")}%noloop`,
  ];
}
