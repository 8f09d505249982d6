import { createHmac, timingSafeEqual } from "node:crypto";

/** Bytes of HMAC-SHA256 kept: 128 bits is far beyond guessing, and keeps links short. */
const MAC_BYTES = 16;

/**
 * A token carrying `payload` in the clear (base64url JSON) with its HMAC under `key`: whoever
 * holds it can read it, nobody without the key can make or alter one. For links Parcours puts
 * in messages (tracked clicks, open pixels, unsubscribe), checked when they come back.
 */
export function signToken(key: Buffer, payload: Record<string, unknown>): string {
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${body}.${mac(key, body).toString("base64url")}`;
}

/** The payload of a token `signToken` made with `key`, or undefined for anything else (tampered, truncated, foreign). */
export function verifyToken(key: Buffer, token: string): Record<string, unknown> | undefined {
  const dot = token.indexOf(".");
  if (dot <= 0 || dot !== token.lastIndexOf(".")) return undefined;
  const body = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), "base64url");
  const expected = mac(key, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
    return payload !== null && typeof payload === "object" && !Array.isArray(payload) ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function mac(key: Buffer, body: string): Buffer {
  return createHmac("sha256", key).update(body).digest().subarray(0, MAC_BYTES);
}
