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
  /** A heap snapshot summed per constructor name: objects and their own bytes (what a leak grows). */
  heapByConstructor(): Promise<Map<string, { count: number; bytes: number }>>;
  close(): void;
}

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

function summarize(snapshot: Snapshot) {
  const fields = snapshot.snapshot.meta.node_fields;
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = [fields.indexOf("type"), fields.indexOf("name"), fields.indexOf("self_size")];
  const types = snapshot.snapshot.meta.node_types[0];
  const out = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const type = types[snapshot.nodes[i + typeAt]!]!;
    const name = type === "object" || type === "closure" ? snapshot.strings[snapshot.nodes[i + nameAt]!]! : `(${type})`;
    const entry = out.get(name) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += snapshot.nodes[i + sizeAt]!;
    out.set(name, entry);
  }
  return out;
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
  let chunks: string[] = [];
  socket.on("message", (data) => {
    const msg = JSON.parse((data as Buffer).toString("utf8")) as {
      id?: number;
      method?: string;
      params?: { chunk: string };
      result?: unknown;
      error?: { message: string };
    };
    if (msg.method === "HeapProfiler.addHeapSnapshotChunk") chunks.push(msg.params!.chunk);
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
    async heapByConstructor() {
      chunks = [];
      await call("HeapProfiler.collectGarbage");
      await call("HeapProfiler.takeHeapSnapshot");
      const snapshot = JSON.parse(chunks.join("")) as Snapshot;
      chunks = [];
      return summarize(snapshot);
    },
    close: () => socket.close(),
  };
}
