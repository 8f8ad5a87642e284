/**
 * A TCP relay for fault tests: drops every connection and refuses new ones on `cut`, comes back on
 * `open`. With `delayMs`, every chunk waits that long in each direction (a database further away).
 */
import { createServer, Socket, type Server } from "node:net";
import { freePort } from "./process.js";

export async function relay(target: { host: string; port: number }, opts: { delayMs?: number } = {}) {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | null = null;
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
        if (!opts.delayMs) {
          client.pipe(upstream).pipe(client);
          return;
        }
        // Equal delays keep the order of chunks (timers of one duration fire in order).
        const delayed = (from: Socket, to: Socket) => from.on("data", (chunk) => setTimeout(() => to.write(chunk), opts.delayMs));
        delayed(client, upstream);
        delayed(upstream, client);
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
  await open();
  return { port, open, cut };
}

