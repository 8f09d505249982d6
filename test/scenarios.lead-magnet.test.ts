import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, type TestApp } from "./support/harness.js";
import { advanceClock, clickLink, createAndPublishRecipe, HOUR } from "./support/scenario.js";
import { startTestAppWithSmtp, type SmtpSink } from "./support/smtp-sink.js";

const GUIDE = "https://example.com/resources/guide.pdf";

/**
 * Starter scenario 1, the lead-magnet auto-responder, as a marketer sets it up: created from its
 * recipe and published, through the public API only, on the test clock, with real email.
 */
describe.each(dialects)("starter scenario 1: lead-magnet auto-responder on %s", (dialect) => {
  let t: TestApp;
  let smtp: SmtpSink;
  let formId: string;
  beforeAll(async () => {
    ({ t, smtp } = await startTestAppWithSmtp(dialect));
    formId = (await createAndPublishRecipe(t, "lead-magnet-autoresponder")).references["$form:resource-form"]!;
  });
  afterAll(async () => t?.close());

  /** Someone fills in the guide's hosted form, as a browser posting it would. */
  const submitForm = async (email: string, firstName: string) => {
    const res = await t.request("POST", `/f/${formId}`, { auth: null, body: { email, first_name: firstName }, headers: { accept: "application/json" } });
    expect(res.status, res.text).toBe(200);
    await advanceClock(t);
  };
  const runOf = async (email: string) => {
    const contact = (await t.request("GET", `/api/v1/contacts/lookup?email=${encodeURIComponent(email)}`)).body;
    return (await t.request("GET", `/api/v1/contacts/${contact.id}/runs`)).body.data[0];
  };

  it("Ada asks for the guide, reads it the next day, and gets no reminder", async () => {
    // Ada fills in the form: the thank-you email with the guide's link arrives at once.
    await submitForm("ada@lead.test", "Ada");
    const [thankYou] = smtp.to("ada@lead.test");
    expect(thankYou?.subject).toBe("Your guide is ready, Ada");

    // The next day she clicks the link: the tracked redirect takes her to the guide.
    await advanceClock(t, 24 * HOUR);
    expect(await clickLink(t, thankYou!, "Download the guide")).toBe(GUIDE);

    // 48 hours after she asked, the workflow checks: she clicked, so no reminder, and her run counts as a conversion.
    await advanceClock(t, 24 * HOUR);
    expect(smtp.to("ada@lead.test").map((m) => m.subject)).toEqual(["Your guide is ready, Ada"]);
    expect(await runOf("ada@lead.test")).toMatchObject({ status: "converted" });
  });

  it("Bruno asks for the guide, never opens it, and gets the reminder 48 hours later, not before", async () => {
    await submitForm("bruno@lead.test", "Bruno");
    expect(smtp.to("bruno@lead.test").map((m) => m.subject)).toEqual(["Your guide is ready, Bruno"]);

    // One minute short of 48 hours: still nothing more.
    await advanceClock(t, 48 * HOUR - 60_000);
    expect(smtp.to("bruno@lead.test")).toHaveLength(1);

    // At 48 hours he has not clicked: the nearly identical reminder goes out, with the same link.
    await advanceClock(t, 60_000);
    await advanceClock(t);
    const mails = smtp.to("bruno@lead.test");
    expect(mails.map((m) => m.subject)).toEqual(["Your guide is ready, Bruno", "Did you get your guide, Bruno?"]);
    expect(await clickLink(t, mails[1]!, "Download the guide")).toBe(GUIDE);
    expect(await runOf("bruno@lead.test")).toMatchObject({ status: "completed" });
  });
});
