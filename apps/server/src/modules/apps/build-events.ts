/** A build's progress as server-sent events: the stages so far, each new one, then the end. */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Build } from "@vta/contracts";
import type { BuildEvent, BuildsService } from "./builds.service.js";

const open = new Set<() => void>();

/** Ends every open stream (graceful shutdown): clients reconnect elsewhere. */
export function closeBuildStreams() {
  for (const end of [...open]) end();
}

export const openBuildStreams = () => open.size;

const done = (b: Build) => b.status === "succeeded" || b.status === "failed";

export async function streamBuild(request: FastifyRequest, reply: FastifyReply, initial: Build, builds: BuildsService) {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" });
  const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

  let ended = false;
  const sentStages = new Set<string>();
  const stageKey = (s: Build["stages"][number]) => `${s.name}:${s.status}:${s.startedAt}`;
  const queue: BuildEvent[] = [];
  let ready = false;
  const subscription = builds.subscribe(initial.id, (event) => (ready ? handle(event) : queue.push(event)));
  const heartbeat = setInterval(() => res.write(": keep-alive\n\n"), 15_000);
  heartbeat.unref();
  const end = () => {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    subscription.close();
    open.delete(end);
    res.end();
  };
  open.add(end);
  request.raw.on("close", end);

  function handle(event: BuildEvent) {
    if (ended) return;
    if (event.type === "stage") {
      const key = stageKey(event.stage);
      if (sentStages.has(key)) return;
      sentStages.add(key);
      send("stage", event.stage);
    } else {
      send("status", event.build);
      if (done(event.build)) end();
    }
  }

  // Subscribed first, then read: nothing published in between is lost, duplicates are skipped.
  await subscription.ready;
  const current = await builds.get(request.db, request.principal!.workspaceId, initial.id).catch(() => initial);
  send("status", current);
  for (const stage of current.stages) {
    sentStages.add(stageKey(stage));
    send("stage", stage);
  }
  if (done(current)) return end();
  ready = true;
  for (const event of queue.splice(0)) handle(event);
}
