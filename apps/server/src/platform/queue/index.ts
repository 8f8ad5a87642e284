import { BullmqQueue } from "./bullmq-queue.js";
import { MemoryQueue } from "./memory-queue.js";
import type { Queue } from "./queue.js";

export type { JobCounts, JobHandler, JobInfo, Queue } from "./queue.js";
export { QueueUnavailableError } from "./queue.js";

type OnError = (err: unknown, job: { name: string; id: string; attempt: number }) => void;

/**
 * BullMQ when Redis is configured, the in-process runner otherwise. `namespace` keeps the jobs of
 * different databases sharing one Redis apart (a job names rows of one database only).
 */
export const openQueue = (redisUrl: string | undefined, namespace: string, onError?: OnError): Queue =>
  redisUrl ? new BullmqQueue(redisUrl, namespace, onError) : new MemoryQueue(onError);
