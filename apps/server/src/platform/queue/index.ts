import { MemoryQueue } from "./memory-queue.js";
import type { Queue } from "./queue.js";

export type { JobCounts, JobHandler, JobInfo, Queue } from "./queue.js";
export { QueueUnavailableError } from "./queue.js";

type OnError = (err: unknown, job: { name: string; id: string; attempt: number }) => void;

/**
 * BullMQ when Redis is configured, the in-process runner otherwise. `namespace` keeps the jobs of
 * different databases sharing one Redis apart (a job names rows of one database only). BullMQ is
 * loaded only when it is used, so a node without Redis does not carry it.
 */
export async function openQueue(redisUrl: string | undefined, namespace: string, onError?: OnError): Promise<Queue> {
  if (!redisUrl) return new MemoryQueue(onError);
  const { BullmqQueue } = await import("./bullmq-queue.js");
  return new BullmqQueue(redisUrl, namespace, onError);
}
