/**
 * A TCP relay for fault tests: drops every connection and refuses new ones on `cut`, comes back on
 * `open`. With `delayMs`, every chunk waits that long in each direction (a database further away).
 * `stall` holds every byte in both directions without closing anything (a link that went silent,
 * no RST); `resume` delivers what was held and carries on.
 */
import { createServer, Socket, type Server } from "node:net";
import { freePort } from "./process.js";

export async function relay(target: { host: string; port: number }, opts: { delayMs?: number } = {}) {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let held: (() => void)[] | null = null;
  const open = () =>
    new Promise<void>((resolve, reject) => {
      if (server) return resolve();
      server = createServer((client) => {
        const upstream = new Socket();
        upstream.connect(target.port, target.host);
        for (const s of [client, upstream]) {
          s.setNoDelay(true); // as PostgreSQL and its clients do: no Nagle delay on small writes
          sockets.add(s);
          s.on("close", () => sockets.delete(s));
          s.on("error", () => s.destroy());
        }
        // Equal delays keep the order of chunks (timers of one duration fire in order).
        const forward = (from: Socket, to: Socket) =>
          from.on("data", (chunk: Buffer) => {
            if (held) held.push(() => to.write(chunk));
            else if (opts.delayMs) setTimeout(() => to.write(chunk), opts.delayMs);
            else to.write(chunk);
          });
        forward(client, upstream);
        forward(upstream, client);
      });
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
  const cut = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      if (!server) return resolve();
      server.close(() => resolve());
      server = null;
    });
  const stall = () => {
    held ??= [];
  };
  const resume = () => {
    const pending = held ?? [];
    held = null;
    for (const write of pending) write();
  };
  await open();
  return { port, open, cut, stall, resume };
}
