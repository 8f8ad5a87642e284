import { BullmqQueue } from "./bullmq-queue.js";
import { MemoryQueue } from "./memory-queue.js";
import type { Queue } from "./queue.js";

export type { JobCounts, JobHandler, JobInfo, Queue } from "./queue.js";

type OnError = (err: unknown, job: { name: string; id: string; attempt: number }) => void;

/** BullMQ when Redis is configured, the in-process runner otherwise. */
export const openQueue = (redisUrl: string | undefined, onError?: OnError): Queue => (redisUrl ? new BullmqQueue(redisUrl, onError) : new MemoryQueue(onError));
