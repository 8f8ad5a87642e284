import { randomBytes } from "node:crypto";

/**
 * UUIDv7 (RFC 9562): 48-bit millisecond timestamp, then random bits. Ids made now sort near each
 * other, so primary-key inserts append to the right edge of the B-tree instead of touching random
 * pages across it.
 */
export function uuidv7(now = Date.now()): string {
  const b = randomBytes(16);
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
