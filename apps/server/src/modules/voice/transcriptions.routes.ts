import { createWriteStream } from "node:fs";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import multipart from "@fastify/multipart";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { IdParams, SpeechEngines, Transcription } from "@vta/contracts";
import { auth, callerWorkspace } from "../../platform/auth/principal.js";
import { HttpError } from "../../platform/http/errors.js";
import type { TranscriptionsService } from "./transcriptions.service.js";

/** A body the multipart parser cannot read (cut short, a bad boundary or part header) is the client's mistake. */
const BROKEN_MULTIPART =
  /Unexpected end of (?:form|multipart data)|Malformed part header|Boundary not found|Part terminated early|Multipart: /i;

/** The upload's one file, written to `path`; 400 for a body that is not readable multipart. */
async function receive(request: FastifyRequest, path: string) {
  try {
    const file = await request.file();
    if (!file) throw new HttpError(400, "bad_request", 'Send the audio as multipart/form-data in a field named "file"');
    if (file.fieldname !== "file")
      throw new HttpError(400, "bad_request", `The audio goes in a field named "file", not "${file.fieldname}"`);
    await pipeline(file.file, createWriteStream(path));
    return file;
  } catch (err) {
    if (!(err instanceof HttpError) && err instanceof Error && BROKEN_MULTIPART.test(err.message)) {
      throw new HttpError(
        400,
        "bad_request",
        "The upload is not readable multipart/form-data (cut short, or a broken boundary); send the file again",
      );
    }
    throw err;
  }
}

export function transcriptionsRoutes(transcriptions: TranscriptionsService, limits: { maxBytes: number }) {
  return async (fastify: FastifyInstance) => {
    // Only these routes take multipart bodies; one file, streamed to disk, never buffered whole.
    await fastify.register(multipart, { limits: { fileSize: limits.maxBytes, files: 1, fields: 5, parts: 6 } });
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ["transcriptions"];
    const preValidation = [auth.required];

    app.get(
      "/transcriptions/engines",
      { preValidation, schema: { tags, description: "Which speech engines can run here, and why not", response: { 200: SpeechEngines } } },
      () => ({
        engines: transcriptions.engines(),
      }),
    );

    app.post(
      "/transcriptions",
      {
        preValidation,
        schema: {
          tags,
          description:
            "multipart/form-data with one audio file in the field `file` (WAV; webm, ogg, mp3 and m4a with ffmpeg). 25 MB, 10 minutes.",
          response: { 201: Transcription },
        },
      },
      async (request, reply) => {
        const workspaceId = callerWorkspace(request);
        const dir = await transcriptions.workDir();
        // The client going away stops the decoder; the folder goes in every case.
        const aborted = new AbortController();
        const onClose = () => {
          if (!reply.raw.writableFinished) aborted.abort();
        };
        reply.raw.on("close", onClose);
        let result;
        try {
          const original = join(dir, "upload");
          const file = await receive(request, original);
          if (file.file.truncated)
            throw new HttpError(413, "payload_too_large", `The file is larger than ${Math.round(limits.maxBytes / 1_048_576)} MB`);
          result = await transcriptions.transcribe(request.db, workspaceId, { original, workDir: dir, signal: aborted.signal });
        } finally {
          reply.raw.off("close", onClose);
          // Removed before the answer leaves: nothing of the upload outlives the request.
          await transcriptions.discard(dir);
        }
        return reply.status(201).send(result);
      },
    );

    app.get(
      "/transcriptions/:id",
      { preValidation, schema: { tags, params: IdParams, response: { 200: Transcription } } },
      async (request) => transcriptions.get(request.db, callerWorkspace(request), request.params.id),
    );
  };
}
