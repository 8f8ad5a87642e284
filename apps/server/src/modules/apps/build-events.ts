/** A build's progress as server-sent events: the stages so far, each new one, then the end. */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Build } from "@vta/contracts";
import { callerWorkspace } from "../../platform/auth/principal.js";
import type { SseStreams } from "../../platform/http/sse.js";
import type { BuildEvent, BuildsService } from "./builds.service.js";

const done = (b: Build) => b.status === "succeeded" || b.status === "failed";

/** `streams`: the app's open streams (counted, and ended at its shutdown). */
export async function streamBuild(
  request: FastifyRequest,
  reply: FastifyReply,
  initial: Build,
  builds: BuildsService,
  streams: SseStreams,
) {
  const sentStages = new Set<string>();
  const stageKey = (s: Build["stages"][number]) => `${s.name}:${s.status}:${s.startedAt}`;
  const queue: BuildEvent[] = [];
  let ready = false;
  const subscription = builds.subscribe(initial.id, (event) => (ready ? handle(event) : queue.push(event)));
  const heartbeat = setInterval(() => stream.comment("keep-alive"), 15_000);
  heartbeat.unref();
  const stream = streams.start(request, reply, () => {
    clearInterval(heartbeat);
    subscription.close();
  });

  function handle(event: BuildEvent) {
    if (stream.ended) return;
    if (event.type === "stage") {
      const key = stageKey(event.stage);
      if (sentStages.has(key)) return;
      sentStages.add(key);
      stream.send("stage", event.stage);
    } else {
      stream.send("status", event.build);
      if (done(event.build)) stream.end();
    }
  }

  // Subscribed first, then read: nothing published in between is lost, duplicates are skipped.
  await subscription.ready;
  const current = await builds.get(request.db, callerWorkspace(request), initial.id).catch(() => initial);
  stream.send("status", current);
  for (const stage of current.stages) {
    sentStages.add(stageKey(stage));
    stream.send("stage", stage);
  }
  if (done(current)) return stream.end();
  ready = true;
  for (const event of queue.splice(0)) handle(event);
}
