import type { AddressInfo } from "node:net";
import { Analytics } from "@segment/analytics-node";
import RudderAnalytics from "@rudderstack/rudder-sdk-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromJson } from "../src/store/index.js";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

/** The real Segment and RudderStack Node libraries, unchanged, pointed at a running server. */
describe.each(dialects)("Segment and RudderStack libraries against the server on %s", (dialect) => {
  let t: TestApp;
  let baseUrl: string;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => t?.close());

  const lookup = (externalId: string) => t.request("GET", `/api/v1/contacts/lookup?externalId=${encodeURIComponent(externalId)}`);
  const eventsOf = async (contactId: string) =>
    (await t.deps.db.selectFrom("events").selectAll().where("contact_id", "=", contactId).where("kind", "!=", "internal").orderBy("id").execute()).map((e) => ({
      kind: e.kind,
      name: e.name,
      properties: fromJson<Record<string, unknown>>(e.properties),
    }));

  it("stores what @segment/analytics-node sends", async () => {
    const analytics = new Analytics({ writeKey: t.writeKey, host: baseUrl, maxRetries: 0 });
    const failures: unknown[] = [];
    analytics.on("error", (err) => failures.push(err));
    analytics.identify({ userId: "seg-user", anonymousId: "seg-device", traits: { email: "seg@example.com", plan: "pro", address: { city: "Paris" } } });
    analytics.track({ userId: "seg-user", event: "Order Completed", properties: { total: 99.5 } });
    analytics.page({ userId: "seg-user", name: "Pricing", properties: { url: "https://example.com/pricing" } });
    analytics.group({ userId: "seg-user", groupId: "acme", traits: { employees: 40 } });
    analytics.alias({ userId: "seg-user", previousId: "seg-old-device" });
    await analytics.closeAndFlush();
    expect(failures).toEqual([]);

    const contact = await lookup("seg-user");
    expect(contact.status).toBe(200);
    expect(contact.body).toMatchObject({ email: "seg@example.com", properties: { plan: "pro", "address.city": "Paris" } });
    const events = await eventsOf(contact.body.id);
    expect(events).toEqual(
      expect.arrayContaining([
        { kind: "identify", name: null, properties: expect.objectContaining({ plan: "pro" }) },
        { kind: "track", name: "Order Completed", properties: { total: 99.5 } },
        { kind: "page", name: "Pricing", properties: { url: "https://example.com/pricing" } },
        { kind: "group", name: null, properties: { groupId: "acme", traits: { employees: 40 } } },
        { kind: "alias", name: null, properties: { previousId: "seg-old-device" } },
      ]),
    );
    const device = await t.request("GET", "/api/v1/contacts/lookup?anonymousId=seg-device");
    expect(device.body.id).toBe(contact.body.id);
  });

  it("stores what @rudderstack/rudder-sdk-node sends (gzipped batches)", async () => {
    const failures: unknown[] = [];
    const rudder = new RudderAnalytics(t.writeKey, { dataPlaneUrl: baseUrl, flushAt: 100, retryCount: 0, logLevel: "error", errorHandler: (err) => failures.push(err) });
    rudder.track({ anonymousId: "rs-device", event: "Viewed Product", properties: { sku: "A-1" } });
    rudder.identify({ userId: "rs-user", anonymousId: "rs-device", traits: { email: "rs@example.com", seats: 5 } });
    rudder.page({ userId: "rs-user", name: "Docs", properties: { url: "https://example.com/docs" } });
    rudder.screen({ userId: "rs-user", name: "Home" });
    rudder.group({ userId: "rs-user", groupId: "globex", traits: { plan: "enterprise" } });
    rudder.alias({ userId: "rs-user", previousId: "rs-old-id" });
    await rudder.flush();
    expect(failures).toEqual([]);

    const contact = await lookup("rs-user");
    expect(contact.status).toBe(200);
    expect(contact.body).toMatchObject({ email: "rs@example.com", properties: { seats: 5 } });
    const kinds = (await eventsOf(contact.body.id)).map((e) => `${e.kind}:${e.name ?? ""}`);
    expect(kinds).toEqual(expect.arrayContaining(["track:Viewed Product", "identify:", "page:Docs", "screen:Home", "group:", "alias:"]));
  });
});
