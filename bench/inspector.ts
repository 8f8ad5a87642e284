/**
 * The live heap of another Node process, measured the way a leak hunt does it: through its
 * inspector (started with `--inspect=127.0.0.1:<port>`), force a full collection, then read the
 * heap's used size. What survives a full GC is what the process holds; anything else is garbage
 * not yet collected, and a saw-tooth of it says nothing about leaks.
 */
import WebSocket from "ws";

export interface Inspector {
  /** Full GC, then the used heap in bytes. */
  liveHeapBytes(): Promise<number>;
  close(): void;
}

export async function connectInspector(port: number): Promise<Inspector> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  const target = targets[0];
  if (!target) throw new Error(`no inspector target on port ${port}`);
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  socket.on("message", (data) => {
    const msg = JSON.parse((data as Buffer).toString("utf8")) as { id?: number; result?: unknown; error?: { message: string } };
    const waiter = msg.id === undefined ? undefined : pending.get(msg.id);
    if (!waiter) return;
    pending.delete(msg.id!);
    if (msg.error) waiter.reject(new Error(msg.error.message));
    else waiter.resolve(msg.result);
  });
  const call = <T>(method: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      socket.send(JSON.stringify({ id, method }));
    });
  return {
    async liveHeapBytes() {
      await call("HeapProfiler.collectGarbage");
      return (await call<{ usedSize: number }>("Runtime.getHeapUsage")).usedSize;
    },
    close: () => socket.close(),
  };
}
