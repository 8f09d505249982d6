import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { createWebhookSecret, signWebhook } from "./sign.js";

describe("Standard Webhooks signing", () => {
  const body = JSON.stringify({ type: "workflow.webhook", data: { contact: { email: "ada@example.com" } } });

  it("signs so that a receiver using the reference library verifies it", () => {
    const secret = createWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    // The receiver checks the timestamp against its own clock (5 min tolerance).
    const headers = signWebhook(secret, "msg_1", Math.floor(Date.now() / 1000), body);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it("is refused with another secret, another body or another id", () => {
    const secret = createWebhookSecret();
    const headers = signWebhook(secret, "msg_1", Math.floor(Date.now() / 1000), body);
    expect(() => new Webhook(createWebhookSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(secret).verify(body.replace("ada", "eve"), headers)).toThrow();
    expect(() => new Webhook(secret).verify(body, { ...headers, "webhook-id": "msg_2" })).toThrow();
  });

  it("is the same for the same id, timestamp and body: retries carry one id", () => {
    const secret = createWebhookSecret();
    expect(signWebhook(secret, "msg_1", 1_700_000_000, body)).toEqual(signWebhook(secret, "msg_1", 1_700_000_000, body));
    expect(signWebhook(secret, "msg_1", 1_700_000_000, body)["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
  });
});
