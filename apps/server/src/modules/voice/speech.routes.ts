/**
 * Answers read aloud: `GET /speech?text=` is the text spoken by flite (offline, Debian's `flite`)
 * as a WAV, for browsers without voices of their own. 503 says what to install when flite is missing.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { textBody } from "@vta/contracts";
import { auth } from "../../platform/auth/principal.js";
import { HttpError } from "../../platform/http/errors.js";
import { sendUnchecked } from "../../platform/http/unchecked-reply.js";

const run = promisify(execFile);
const SpeechQuery = z.object({ text: z.string().trim().min(1, "text must not be empty").max(500, "text must be at most 500 characters") });

/** The text as a WAV spoken by flite's slt voice. */
export async function spoken(text: string): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), "vta-tts-"));
  try {
    const out = join(dir, "speech.wav");
    await run("flite", ["-voice", "slt", "-t", text, "-o", out], { timeout: 15_000 });
    return await readFile(out);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT")
      throw new HttpError(503, "no_speech_engine", "Reading answers aloud needs flite on the server (apt-get install flite)");
    throw err;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function speechRoutes() {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get(
      "/speech",
      {
        preValidation: [auth.required],
        schema: {
          tags: ["transcriptions"],
          querystring: SpeechQuery,
          response: { 200: textBody("The text spoken aloud by flite", "audio/wav") },
        },
      },
      async (request, reply) => {
        const wav = await spoken(request.query.text);
        return sendUnchecked(reply.type("audio/wav").header("cache-control", "private, max-age=3600"), wav);
      },
    );
  };
}
