import { describe, expect, it } from "vitest";
import type { ConsentFacts } from "../store/index.js";
import { decideConsent, type AddressSuppression } from "./consent-decision.js";

const contact = (over: Partial<ConsentFacts> = {}): ConsentFacts => ({
  id: "c1",
  subscriptions: "{}",
  topic_id: null,
  topic_name: null,
  default_status: null,
  topic_status: null,
  ...over,
});
const topic = (default_status: "subscribed" | "unsubscribed", topic_status: "subscribed" | "unsubscribed" | null = null) =>
  contact({ topic_id: "t1", topic_name: "Newsletter", default_status, topic_status });
const suppressed = (reason: AddressSuppression["reason"]): AddressSuppression => ({ reason, source: "postmark", created_at: 0 });
const marketing = { contactId: "c1", email: "Ada@Example.com", channel: "email", category: "marketing" } as const;
const transactional = { ...marketing, category: "transactional" } as const;

describe("decideConsent", () => {
  it("needs a contact and, for email, a valid address", () => {
    expect(decideConsent(marketing, undefined, [])).toMatchObject({ allowed: false, reason: "no_address" });
    expect(decideConsent({ ...marketing, email: null }, contact(), [])).toMatchObject({ allowed: false, reason: "no_address", detail: "the contact has no email address" });
    expect(decideConsent({ ...marketing, email: "not-an-address" }, contact(), [])).toMatchObject({ allowed: false, reason: "no_address" });
    expect(decideConsent({ ...marketing, channel: "sms", email: null }, contact(), [])).toEqual({ allowed: true });
  });

  it("stops every email to a bouncing, complaining or manually suppressed address, marketing email to an unsubscribed one", () => {
    for (const reason of ["hard_bounce", "complaint", "manual"] as const) {
      expect(decideConsent(transactional, contact(), [suppressed(reason)])).toMatchObject({ allowed: false, reason: "suppressed" });
      expect(decideConsent(marketing, contact(), [suppressed(reason)])).toMatchObject({ allowed: false, reason: "suppressed" });
    }
    expect(decideConsent(transactional, contact(), [suppressed("unsubscribe")])).toEqual({ allowed: true });
    expect(decideConsent(marketing, contact(), [suppressed("unsubscribe")])).toMatchObject({ allowed: false, reason: "suppressed" });
  });

  it("names the most serious reason of several", () => {
    const decision = decideConsent(marketing, contact(), [suppressed("unsubscribe"), suppressed("hard_bounce"), suppressed("complaint")]);
    expect(decision).toMatchObject({ reason: "suppressed", detail: expect.stringMatching(/^ada@example\.com is suppressed: complaint \(postmark, 1970-01-01T00:00:00\.000Z\)$/) });
  });

  it("keeps marketing from a contact unsubscribed from the channel, not transactional messages", () => {
    const out = contact({ subscriptions: JSON.stringify({ email: "unsubscribed" }) });
    expect(decideConsent(marketing, out, [])).toMatchObject({ allowed: false, reason: "unsubscribed" });
    expect(decideConsent(transactional, out, [])).toEqual({ allowed: true });
    expect(decideConsent({ ...marketing, channel: "sms" }, out, [])).toEqual({ allowed: true });
  });

  it("follows the contact's choice for the topic, else the topic's default", () => {
    const about = { ...marketing, topicId: "t1" };
    expect(decideConsent(about, topic("subscribed"), [])).toEqual({ allowed: true });
    expect(decideConsent(about, topic("unsubscribed"), [])).toMatchObject({ allowed: false, reason: "topic_unsubscribed", detail: expect.stringContaining("opt-in") });
    expect(decideConsent(about, topic("unsubscribed", "subscribed"), [])).toEqual({ allowed: true });
    expect(decideConsent(about, topic("subscribed", "unsubscribed"), [])).toMatchObject({ allowed: false, reason: "topic_unsubscribed", detail: 'the contact unsubscribed from topic "Newsletter"' });
    expect(decideConsent(about, contact(), [])).toMatchObject({ allowed: false, reason: "topic_unsubscribed", detail: 'no topic "t1" in this workspace' });
    expect(decideConsent({ ...transactional, topicId: "t1" }, topic("subscribed", "unsubscribed"), [])).toEqual({ allowed: true });
  });
});
