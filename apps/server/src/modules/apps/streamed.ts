/**
 * Share reads and exports (HTML and CSV) carry whole apps or entities: at most 4 stream at once and
 * 16 wait (beyond, 503), each holding one page of records, so parallel readers of a large app stay
 * within bounded memory.
 */
import { Readable } from "node:stream";
import { HttpError } from "../../platform/http/errors.js";
import { semaphore } from "../../platform/semaphore.js";

const streams = semaphore(
  4,
  16,
  () =>
    new HttpError(503, "busy", "Too many exports and shared apps are being sent right now; try again in a few seconds", {
      retryAfterSeconds: 5,
    }),
);

/**
 * Takes a slot, then makes the pieces (`make` may throw: the slot goes back) and answers them as a
 * stream that gives the slot back when it ends, fails or the client goes away.
 */
export async function streamed<T extends { pieces: AsyncGenerator<string> }>(
  make: () => Promise<T>,
): Promise<Omit<T, "pieces"> & { stream: Readable }> {
  const release = await streams.acquire();
  try {
    const { pieces, ...rest } = await make();
    const stream = Readable.from(pieces, { objectMode: false });
    stream.once("close", release);
    return { ...rest, stream };
  } catch (err) {
    release();
    throw err;
  }
}
