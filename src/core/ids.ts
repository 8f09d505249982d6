import { randomFillSync } from "node:crypto";
import type { Clock } from "./clock.js";

/** Creates sortable ids: UUIDv7 whose time comes from the injected clock. */
export type IdGenerator = () => string;

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/**
 * Ids from one generator sort in creation order, even within one millisecond: the 12 bits after
 * the timestamp are a counter (RFC 9562 §6.2, method 1), and the clock never runs backwards here.
 */
export function createIdGenerator(clock: Clock): IdGenerator {
  let lastMs = -1;
  let seq = 0;
  const pool = new Uint8Array(4096);
  let offset = pool.length;
  return () => {
    let ms = clock.now();
    if (ms <= lastMs) {
      ms = lastMs;
      seq += 1;
      if (seq > 0xfff) {
        ms += 1;
        seq = 0;
      }
    } else {
      seq = 0;
    }
    lastMs = ms;
    if (offset + 8 > pool.length) {
      randomFillSync(pool);
      offset = 0;
    }
    const r = pool.subarray(offset, (offset += 8));
    const b = new Uint8Array(16);
    b[0] = Math.floor(ms / 2 ** 40) & 0xff;
    b[1] = Math.floor(ms / 2 ** 32) & 0xff;
    b[2] = (ms >>> 24) & 0xff;
    b[3] = (ms >>> 16) & 0xff;
    b[4] = (ms >>> 8) & 0xff;
    b[5] = ms & 0xff;
    b[6] = 0x70 | (seq >>> 8);
    b[7] = seq & 0xff;
    b[8] = 0x80 | (r[0]! & 0x3f);
    b.set(r.subarray(1), 9);
    let s = "";
    for (let i = 0; i < 16; i++) {
      s += HEX[b[i]!];
      if (i === 3 || i === 5 || i === 7 || i === 9) s += "-";
    }
    return s;
  };
}
