import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, type TestApp } from "./support/harness.js";
import { advanceClock, clickLink, createAndPublishRecipe, DAY } from "./support/scenario.js";
import { startTestAppWithSmtp, type SmtpSink } from "./support/smtp-sink.js";

const EMAIL_1 = "Three ideas to get started, ";
const EMAIL_2 = "How a team like yours saved a day a week";
const EMAIL_3 = "Shall we look at your case together?";

/**
 * Starter scenario 2, the nurturing sequence, created from its recipe and published through the
 * public API: three emails to whoever joins `nurturing_simple`, each only while the lead is below
 * MQL; clicks earn points, and at the threshold the lead becomes an MQL, which stops the sequence.
 */
describe.each(dialects)("starter scenario 2: nurturing sequence on %s", (dialect) => {
  let t: TestApp;
  let smtp: SmtpSink;
  let listId: string;
  beforeAll(async () => {
    ({ t, smtp } = await startTestAppWithSmtp(dialect));
    listId = (await createAndPublishRecipe(t, "nurturing-sequence")).references["$list:nurturing"]!;
  });
  afterAll(async () => t?.close());

  /** A contact at `stage` is added to nurturing_simple. */
  const joinList = async (email: string, firstName: string, stage: string) => {
    const contact = await t.request("POST", "/api/v1/contacts", { body: { email, lifecycleStage: stage, properties: { first_name: firstName } } });
    expect(contact.status, contact.text).toBe(201);
    expect((await t.request("POST", `/api/v1/lists/${listId}/members`, { body: { contactIds: [contact.body.id] } })).status).toBe(200);
    await advanceClock(t);
    return contact.body.id as string;
  };
  const contact = async (id: string) => (await t.request("GET", `/api/v1/contacts/${id}`)).body as { score: number; lifecycleStage: string };
  const subjects = (email: string) => smtp.to(email).map((m) => m.subject);

  it("Lea clicks the first two emails: her score reaches the threshold, she becomes an MQL, and email 3 never comes", async () => {
    // Lea, a lead, joins the list: email 1 at once. She reads it and clicks: 10 points.
    const lea = await joinList("lea@nurture.test", "Lea", "lead");
    expect(subjects("lea@nurture.test")).toEqual([`${EMAIL_1}Lea`]);
    await clickLink(t, smtp.to("lea@nurture.test")[0]!, "Read the three ideas");
    expect(await contact(lea)).toMatchObject({ score: 10, lifecycleStage: "lead" });

    // Three days later she is still a lead: email 2. She clicks it too: 20 points, the MQL threshold.
    await advanceClock(t, 3 * DAY);
    await advanceClock(t);
    expect(subjects("lea@nurture.test")).toEqual([`${EMAIL_1}Lea`, EMAIL_2]);
    await clickLink(t, smtp.to("lea@nurture.test")[1]!, "Read the story");
    expect(await contact(lea)).toMatchObject({ score: 20, lifecycleStage: "mql" });
    const [promotion] = (await t.request("GET", `/api/v1/contacts/${lea}/lifecycle`)).body.data;
    expect(promotion).toMatchObject({ from: "lead", to: "mql", cause: { kind: "score", detail: { threshold: 20 } } });

    // A week later the sequence checks her stage: MQL, so no email 3; her run ends at its goal.
    await advanceClock(t, 7 * DAY);
    await advanceClock(t);
    expect(subjects("lea@nurture.test")).toEqual([`${EMAIL_1}Lea`, EMAIL_2]);
    const [run] = (await t.request("GET", `/api/v1/contacts/${lea}/runs`)).body.data;
    expect(run).toMatchObject({ status: "converted" });
  });

  it("Noé never clicks: he gets email 1 at once, email 2 three days later and email 3 a week after that, and stays a lead", async () => {
    const noe = await joinList("noe@nurture.test", "Noé", "lead");
    expect(subjects("noe@nurture.test")).toEqual([`${EMAIL_1}Noé`]);
    await advanceClock(t, 3 * DAY - 60_000);
    expect(subjects("noe@nurture.test")).toHaveLength(1);
    await advanceClock(t, 60_000);
    await advanceClock(t);
    expect(subjects("noe@nurture.test")).toEqual([`${EMAIL_1}Noé`, EMAIL_2]);
    await advanceClock(t, 7 * DAY);
    await advanceClock(t);
    expect(subjects("noe@nurture.test")).toEqual([`${EMAIL_1}Noé`, EMAIL_2, EMAIL_3]);
    expect(await contact(noe)).toMatchObject({ score: 0, lifecycleStage: "lead" });
  });

  it("Marc is already an MQL when he joins the list: he gets nothing", async () => {
    const marc = await joinList("marc@nurture.test", "Marc", "mql");
    await advanceClock(t, 10 * DAY);
    expect(subjects("marc@nurture.test")).toEqual([]);
    const [run] = (await t.request("GET", `/api/v1/contacts/${marc}/runs`)).body.data;
    expect(run).toMatchObject({ status: "completed" });
  });
});
