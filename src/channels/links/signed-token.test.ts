import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signToken, verifyToken } from "./signed-token.js";

describe("signed tokens", () => {
  const key = randomBytes(32);
  const payload = { m: "msg_1", c: "contact_1", u: "https://example.com/pricing?x=1" };

  it("gives back the payload of a token it signed", () => {
    expect(verifyToken(key, signToken(key, payload))).toEqual(payload);
  });

  it("refuses a token signed with another key, altered, truncated or not a token at all", () => {
    const token = signToken(key, payload);
    const [body, mac] = token.split(".") as [string, string];
    const forged = Buffer.from(JSON.stringify({ ...payload, u: "https://evil.example" })).toString("base64url");
    expect(verifyToken(randomBytes(32), token)).toBeUndefined();
    expect(verifyToken(key, `${forged}.${mac}`)).toBeUndefined();
    expect(verifyToken(key, `${body}.${mac.slice(0, -2)}`)).toBeUndefined();
    expect(verifyToken(key, body)).toBeUndefined();
    expect(verifyToken(key, `${token}.x`)).toBeUndefined();
    expect(verifyToken(key, "")).toBeUndefined();
  });

  it("refuses a validly signed body that is not a JSON object", () => {
    const body = Buffer.from("[1,2]").toString("base64url");
    const mac = createHmac("sha256", key).update(body).digest().subarray(0, 16).toString("base64url");
    expect(verifyToken(key, `${body}.${mac}`)).toBeUndefined();
    const object = Buffer.from('{"a":1}').toString("base64url");
    expect(verifyToken(key, `${object}.${createHmac("sha256", key).update(object).digest().subarray(0, 16).toString("base64url")}`)).toEqual({ a: 1 });
  });
});
