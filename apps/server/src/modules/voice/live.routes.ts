/**
 * Live transcription over a WebSocket: the browser sends 16 kHz 16-bit mono samples as binary
 * messages while the person speaks (and `{"type":"stop"}` to end at once); the server sends
 * `{"type":"partial"}` words as it hears them and one `{"type":"final"}` with the stored
 * transcription's id when they stop talking, then closes. Errors come as `{"type":"error"}`.
 */
import websocket from "@fastify/websocket";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { Uuid } from "@vta/contracts";
import { auth, callerWorkspace } from "../../platform/auth/principal.js";
import { HttpError } from "../../platform/http/errors.js";
import type { TranscriptionsService } from "./transcriptions.service.js";

/** One message carries at most a second of audio. */
const MAX_MESSAGE_BYTES = 32_000;
const LiveQuery = z.object({ appId: Uuid.optional() });
/** Nothing received this long ends the utterance. */
const IDLE_MS = 5_000;

export function liveRoutes(transcriptions: TranscriptionsService) {
  return async (fastify: FastifyInstance) => {
    await fastify.register(websocket, { options: { maxPayload: MAX_MESSAGE_BYTES } });
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get(
      "/transcriptions/live",
      {
        websocket: true,
        preValidation: [auth.anyRole],
        schema: {
          tags: ["transcriptions"],
          description:
            "WebSocket. Send 16 kHz mono 16-bit little-endian samples as binary messages; receive partial words and one final transcription when the speaker stops. `appId`: the app spoken to (its names are favoured).",
          querystring: LiveQuery,
        },
      },
      async (socket, request) => {
        const send = (m: object) => socket.readyState === socket.OPEN && socket.send(JSON.stringify(m));
        const fail = (message: string) => {
          send({ type: "error", message });
          socket.close(1011, "error");
        };
        // Samples that arrive while the session is being set up are kept and fed in order.
        const early: Buffer[] = [];
        let live: Awaited<ReturnType<TranscriptionsService["live"]>> | null = null;
        let closed = false;
        const feed = (data: Buffer) => {
          if (data.length % 2) return fail("Audio must be 16-bit samples (an even number of bytes per message)");
          const copy = new Int16Array(data.length / 2);
          for (let i = 0; i < copy.length; i++) copy[i] = data.readInt16LE(i * 2);
          live!.session.push(copy);
        };
        // A client that stops sending without closing ends its utterance after a while.
        let idle: NodeJS.Timeout | undefined;
        const awake = () => {
          clearTimeout(idle);
          idle = setTimeout(() => live?.session.stop(), IDLE_MS);
        };
        awake();
        socket.on("message", (data: Buffer, binary: boolean) => {
          awake();
          if (!binary) {
            let message: unknown;
            try {
              message = JSON.parse(data.toString("utf8"));
            } catch {
              return fail('Text messages must be JSON, e.g. {"type":"stop"}');
            }
            if ((message as { type?: unknown }).type !== "stop") return fail('The only text message is {"type":"stop"}');
            return live ? live.session.stop() : undefined;
          }
          if (live) feed(data);
          else early.push(data);
        });
        socket.on("close", () => {
          clearTimeout(idle);
          closed = true;
          live?.close();
        });
        try {
          live = await transcriptions.live(
            request.db,
            callerWorkspace(request),
            request.query.appId,
            (m) => send(m),
            () => socket.readyState === socket.OPEN && socket.close(1000, "done"),
          );
        } catch (err) {
          return fail(err instanceof HttpError ? err.message : "The recogniser could not start");
        }
        if (closed) return live.close();
        send({ type: "ready" });
        for (const data of early.splice(0)) feed(data);
      },
    );
  };
}
