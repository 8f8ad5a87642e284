/**
 * This node's mirror of namespace versions: what its L1 keys are made of (`ns|version|key`).
 * Without Redis it is the only truth; with Redis, `invalidation.ts` keeps it current (its own
 * bumps, other nodes' invalidations, the authoritative version read on a miss) and empties it
 * after a gap in the invalidation stream.
 */
export class VersionMirror {
  private readonly versions = new Map<string, string>();
  private counter = 0;
  /** Namespaces bumped here that the cluster has not been told of yet (replayed when Redis is back). */
  readonly pending = new Set<string>();

  constructor(private readonly nodeId: string) {}

  /** The version last seen, or undefined when none was since the mirror was last emptied. */
  seen(ns: string): string | undefined {
    return this.versions.get(ns);
  }

  /** The version to key by: the one last seen, "0" when none. */
  get(ns: string): string {
    return this.versions.get(ns) ?? "0";
  }

  set(ns: string, version: string): void {
    this.versions.set(ns, version);
  }

  /** A version only this node can know, for a write made here (until the cluster's bump answers). */
  bumpLocal(ns: string): void {
    this.versions.set(ns, `l${this.nodeId}.${++this.counter}`);
  }

  clear(): void {
    this.versions.clear();
  }
}
