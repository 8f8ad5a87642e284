/** Server-sent event streams: headers, events, and every open stream ended at shutdown. */
import type { FastifyReply, FastifyRequest } from "fastify";

export interface SseStream {
  send(event: string, data: unknown): void;
  /** A comment line (keep-alive through proxies). */
  comment(text: string): void;
  end(): void;
  readonly ended: boolean;
}

const HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  "x-accel-buffering": "no",
};

/** An app instance's open streams, counted (metrics) and ended together (graceful shutdown); each app makes its own. */
export class SseStreams {
  private readonly open = new Set<() => void>();

  get size(): number {
    return this.open.size;
  }

  /** Ends every open stream: clients reconnect elsewhere. */
  closeAll(): void {
    for (const end of [...this.open]) end();
  }

  /** Takes the reply over as an event stream; `onEnd` runs once, when it ends from either side. */
  start(request: FastifyRequest, reply: FastifyReply, onEnd: () => void): SseStream {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, HEADERS);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      onEnd();
      this.open.delete(end);
      res.end();
    };
    this.open.add(end);
    request.raw.on("close", end);
    return {
      send: (event, data) => {
        if (!ended) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      },
      comment: (text) => {
        if (!ended) res.write(`: ${text}\n\n`);
      },
      end,
      get ended() {
        return ended;
      },
    };
  }
}
