import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkConsent } from "../src/consent/index.js";
import { dialects, startTestApp, type TestApp } from "./support/harness.js";

/** Postmark's Bounce webhook as it documents it (postmarkapp.com/developer/webhooks/bounce-webhook). */
function postmarkBounce(over: Record<string, unknown>): Record<string, unknown> {
  return {
    RecordType: "Bounce",
    MessageStream: "broadcast",
    ID: 4323372036,
    Type: "HardBounce",
    TypeCode: 1,
    Name: "Hard bounce",
    Tag: "newsletter",
    MessageID: "883953f4-6105-42a2-a16a-77a8eac79483",
    Metadata: { parcoursMessageId: "msg-42" },
    ServerID: 23,
    Description: "The server was unable to deliver your message (ex: unknown user, mailbox not found).",
    Details: "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
    Email: "john@example.com",
    From: "news@example.org",
    BouncedAt: "2026-01-05T08:58:10.2735393-00:00",
    DumpAvailable: true,
    Inactive: true,
    CanActivate: true,
    Subject: "January news",
    Content: "Return-Path: <>\r\n…",
    ...over,
  };
}

describe.each(dialects)("bounce and complaint webhooks on %s", (dialect) => {
  let t: TestApp;
  let basic: string;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    const { body } = await t.request("GET", "/api/v1/email-webhook");
    basic = `Basic ${Buffer.from(`${body.username}:${body.password}`).toString("base64")}`;
  });
  afterAll(async () => t?.close());

  const send = (provider: string, body: unknown, authorization = basic) => t.request("POST", `/webhooks/email/${provider}`, { auth: null, body, headers: { authorization } });
  async function contact(email: string): Promise<string> {
    return (await t.request("POST", "/api/v1/contacts", { body: { email } })).body.id;
  }
  async function events(id: string, name: string): Promise<{ properties: Record<string, unknown>; timestamp: string; messageId: string }[]> {
    return (await t.request("GET", `/api/v1/contacts/${id}/timeline?name=${name}`)).body.data;
  }
  async function reasons(email: string): Promise<string[]> {
    return (await t.request("GET", `/api/v1/suppressions?email=${email}`)).body.data.map((s: { reason: string }) => s.reason).sort();
  }
  const transactional = (contactId: string, email: string) =>
    checkConsent(t.deps, { workspaceId: t.workspaceId, contactId, email, channel: "email", category: "transactional" });

  it("hands out credentials with ready-made URLs, and refuses anything else", async () => {
    const { body } = await t.request("GET", "/api/v1/email-webhook");
    expect(body).toMatchObject({ username: t.workspaceId, password: expect.stringMatching(/^pc_ewh_/), createdAt: "2026-01-05T09:00:00.000Z" });
    expect(new URL(body.urls.postmark)).toMatchObject({ username: t.workspaceId, password: body.password, pathname: "/webhooks/email/postmark" });
    const one = { type: "bounce", bounceType: "soft", email: "x@example.com" };
    for (const authorization of ["", `Bearer ${t.secretKey}`, `Basic ${Buffer.from(`${t.workspaceId}:wrong`).toString("base64")}`, `Basic ${Buffer.from(`other:${body.password}`).toString("base64")}`]) {
      const res = await send("generic", one, authorization);
      expect(res.status, authorization).toBe(401);
      expect(res.headers["www-authenticate"]).toBe('Basic realm="Parcours email webhooks"');
    }
    expect((await send("generic", one)).status).toBe(200);
    expect((await send("sendgrid", one)).status).toBe(404);
  });

  it("suppresses an address that hard-bounced (generic), on the contact's timeline", async () => {
    const id = await contact("hard@example.com");
    const res = await send("generic", {
      type: "bounce",
      bounceType: "hard",
      email: "Hard@Example.com",
      messageId: "msg-1",
      occurredAt: "2026-01-05T08:30:00Z",
      detail: { smtp: "550 5.1.1 no such user" },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: 1, duplicates: 0, suppressionsAdded: 1, contactsMatched: 1 });
    const [bounced] = await events(id, "email.bounced");
    expect(bounced).toMatchObject({
      timestamp: "2026-01-05T08:30:00.000Z",
      properties: { email: "hard@example.com", bounceType: "hard", messageId: "msg-1", provider: "generic", detail: { smtp: "550 5.1.1 no such user" } },
    });
    expect((await events(id, "contact.suppressed")).map((e) => e.properties)).toEqual([{ email: "hard@example.com", reason: "hard_bounce", source: "generic" }]);
    const [suppression] = (await t.request("GET", "/api/v1/suppressions?email=hard@example.com")).body.data;
    expect(suppression).toMatchObject({ reason: "hard_bounce", source: "generic", detail: { messageId: "msg-1", occurredAt: "2026-01-05T08:30:00.000Z", smtp: "550 5.1.1 no such user" } });
    expect(await transactional(id, "hard@example.com")).toMatchObject({ allowed: false, reason: "suppressed" });
  });

  it("only records a soft bounce; suppresses a complaint", async () => {
    const id = await contact("soft@example.com");
    const soft = await send("generic", { type: "bounce", bounceType: "soft", email: "soft@example.com", id: "n-soft" });
    expect(soft.body).toMatchObject({ suppressionsAdded: 0, contactsMatched: 1 });
    expect(await events(id, "email.bounced")).toHaveLength(1);
    expect(await reasons("soft@example.com")).toEqual([]);
    expect(await transactional(id, "soft@example.com")).toEqual({ allowed: true });
    const complaint = await send("generic", { type: "complaint", email: "soft@example.com", messageId: "msg-9" });
    expect(complaint.body).toMatchObject({ suppressionsAdded: 1 });
    expect((await events(id, "email.complained"))[0]!.properties).toEqual({ email: "soft@example.com", messageId: "msg-9", provider: "generic", detail: {} });
    expect(await reasons("soft@example.com")).toEqual(["complaint"]);
  });

  it("takes a batch, including addresses no contact has, and the same notifications again change nothing", async () => {
    const id = await contact("batch@example.com");
    const batch = {
      events: [
        { type: "bounce", bounceType: "hard", email: "batch@example.com", id: "b-1" },
        { type: "bounce", bounceType: "hard", email: "nobody@example.com", id: "b-2" },
        { type: "complaint", email: "batch@example.com", messageId: "m-3", occurredAt: "2026-01-05T07:00:00+01:00" },
      ],
    };
    expect((await send("generic", batch)).body).toEqual({ received: 3, duplicates: 0, suppressionsAdded: 3, contactsMatched: 2 });
    expect((await send("generic", batch)).body).toEqual({ received: 3, duplicates: 2, suppressionsAdded: 0, contactsMatched: 0 });
    expect(await reasons("batch@example.com")).toEqual(["complaint", "hard_bounce"]);
    expect(await reasons("nobody@example.com")).toEqual(["hard_bounce"]);
    expect(await events(id, "email.bounced")).toHaveLength(1);
    expect(await events(id, "email.complained")).toHaveLength(1);
    expect(await events(id, "contact.suppressed")).toHaveLength(2);
  });

  it("names the bad field and records nothing", async () => {
    const id = await contact("bad@example.com");
    const cases: [unknown, string[]][] = [
      [{ type: "bounce", email: "bad@example.com" }, ["bounceType"]],
      [{ type: "delivered", email: "bad@example.com" }, ["type"]],
      [{ type: "complaint", email: "bad@example.com", extra: 1 }, ["extra"]],
      [{ type: "complaint", email: "bad@example.com", occurredAt: "yesterday" }, ["occurredAt"]],
      [{ events: [{ type: "complaint", email: "bad@example.com" }, { type: "complaint", email: "not an address" }] }, ["events.1.email"]],
      [{ events: [] }, ["events"]],
    ];
    for (const [body, fields] of cases) {
      const res = await send("generic", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(fields);
    }
    const postmark = await send("postmark", postmarkBounce({ Email: undefined }));
    expect(postmark.status).toBe(400);
    expect(postmark.body.errors.map((e: { field: string }) => e.field)).toEqual(["Email"]);
    expect((await send("postmark", postmarkBounce({ RecordType: "Delivery" }))).body.errors[0].field).toBe("RecordType");
    expect(await events(id, "email.complained")).toEqual([]);
    expect(await reasons("bad@example.com")).toEqual([]);
  });

  it("reads Postmark's hard bounce, once", async () => {
    const id = await contact("john@example.com");
    const res = await send("postmark", postmarkBounce({}));
    expect(res.body).toEqual({ received: 1, duplicates: 0, suppressionsAdded: 1, contactsMatched: 1 });
    const [bounced] = await events(id, "email.bounced");
    expect(bounced).toMatchObject({
      timestamp: "2026-01-05T08:58:10.273Z",
      messageId: "email-webhook:postmark:Bounce:4323372036",
      properties: {
        email: "john@example.com",
        bounceType: "hard",
        provider: "postmark",
        messageId: "883953f4-6105-42a2-a16a-77a8eac79483",
        detail: { type: "HardBounce", typeCode: 1, inactive: true, messageStream: "broadcast", tag: "newsletter", bounceId: 4323372036, metadata: { parcoursMessageId: "msg-42" } },
      },
    });
    expect(await reasons("john@example.com")).toEqual(["hard_bounce"]);
    expect((await send("postmark", postmarkBounce({}))).body).toMatchObject({ duplicates: 1, suppressionsAdded: 0 });
    expect(await events(id, "email.bounced")).toHaveLength(1);
  });

  it("maps Postmark's bounce types: temporary ones are recorded, deactivated addresses suppressed", async () => {
    const id = await contact("types@example.com");
    const soft = [
      { ID: 1, Type: "SoftBounce", TypeCode: 4096, Inactive: false },
      { ID: 2, Type: "Transient", TypeCode: 2, Inactive: false },
      { ID: 3, Type: "SpamNotification", TypeCode: 512, Inactive: false },
      { ID: 4, Type: "Blocked", TypeCode: 100006, Inactive: false },
    ];
    for (const over of soft) expect((await send("postmark", postmarkBounce({ ...over, Email: "types@example.com" }))).body).toMatchObject({ suppressionsAdded: 0 });
    expect((await events(id, "email.bounced")).map((e) => e.properties.bounceType)).toEqual(["soft", "soft", "soft", "soft"]);
    expect(await reasons("types@example.com")).toEqual([]);
    const deactivated = await send("postmark", postmarkBounce({ ID: 5, Type: "ManuallyDeactivated", TypeCode: 100002, Inactive: true, Email: "types@example.com" }));
    expect(deactivated.body).toMatchObject({ suppressionsAdded: 1 });
    expect((await send("postmark", postmarkBounce({ ID: 6, Type: "BadEmailAddress", TypeCode: 100000, Inactive: false, Email: "bad-address@example.com" }))).body).toMatchObject({ suppressionsAdded: 1 });
  });

  it("reads Postmark's spam complaint", async () => {
    const id = await contact("spam@example.com");
    const res = await send("postmark", {
      RecordType: "SpamComplaint",
      MessageStream: "outbound",
      ID: 42,
      Type: "SpamComplaint",
      TypeCode: 100001,
      Name: "Spam complaint",
      Tag: "Test",
      MessageID: "00000000-0000-0000-0000-000000000000",
      Metadata: { a_key: "a_value" },
      ServerID: 1234,
      Description: "",
      Details: "Test spam complaint details",
      Email: "spam@example.com",
      From: "sender@example.com",
      BouncedAt: "2026-01-05T08:33:54.9070259Z",
      DumpAvailable: true,
      Inactive: true,
      CanActivate: false,
      Subject: "Test subject",
      Content: "<Abuse report dump>",
    });
    expect(res.body).toEqual({ received: 1, duplicates: 0, suppressionsAdded: 1, contactsMatched: 1 });
    expect((await events(id, "email.complained"))[0]).toMatchObject({ timestamp: "2026-01-05T08:33:54.907Z", properties: { provider: "postmark", detail: { details: "Test spam complaint details" } } });
    expect(await reasons("spam@example.com")).toEqual(["complaint"]);
  });

  it("refuses the old password once rotated", async () => {
    const { body } = await t.request("POST", "/api/v1/email-webhook/rotate");
    const one = { type: "bounce", bounceType: "soft", email: "x@example.com" };
    expect((await send("generic", one)).status).toBe(401);
    basic = `Basic ${Buffer.from(`${body.username}:${body.password}`).toString("base64")}`;
    expect((await send("generic", one)).status).toBe(200);
  });
});
