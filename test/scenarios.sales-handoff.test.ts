import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects, type TestApp } from "./support/harness.js";
import { startHttpSink, type HttpSink } from "./support/http-sink.js";
import { advanceClock, createAndPublishRecipe, DAY, HOUR } from "./support/scenario.js";
import { startTestAppWithSmtp, type SmtpSink } from "./support/smtp-sink.js";

/**
 * Starter scenario 3, the MQL → SQL hand-off to sales, as a marketer sets it up: created from its
 * recipe with the team's people and published, through the public API only, on the test clock,
 * with real email (an SMTP sink) and a real HTTP receiver standing in for Slack.
 */
describe.each(dialects)("starter scenario 3: MQL to SQL hand-off on %s", (dialect) => {
  let t: TestApp;
  let smtp: SmtpSink;
  let slack: HttpSink;
  const people: Record<"quentin" | "sam" | "rose", { id: string; email: string }> = {} as never;

  beforeAll(async () => {
    ({ t, smtp } = await startTestAppWithSmtp(dialect));
    slack = await startHttpSink();
    slack.reply = () => ({ status: 200, body: "ok" });
    // Quentin qualifies the leads; Sam and Rose are the sales reps, in that order.
    for (const [key, name] of [["quentin", "Quentin Qualifier"], ["sam", "Sam Sales"], ["rose", "Rose Sales"]] as const) {
      const res = await t.request("POST", "/api/v1/users", { body: { email: `${key}@team.test`, name } });
      expect(res.status, res.text).toBe(201);
      people[key] = { id: res.body.id, email: `${key}@team.test` };
    }
    await createAndPublishRecipe(t, "mql-to-sql-handoff", {
      qualifier: people.quentin.id,
      sales_reps: [people.sam.id, people.rose.id],
      sales_slack: `${slack.url}/services/T000/B000/sales`,
    });
  });
  afterAll(async () => {
    await t?.close();
    await slack?.close();
  });

  /** A lead arrives through the API, as a form or the website would bring it. */
  const newLead = async (email: string, company: string) => {
    const res = await t.request("POST", "/api/v1/contacts", { body: { email, lifecycleStage: "lead", properties: { company, employees: 120, sector: "software" } } });
    expect(res.status, res.text).toBe(201);
    return res.body.id as string;
  };
  /** Someone (scoring, the qualifier in the UI) changes the contact; the engine reacts at once. */
  const change = async (id: string, body: Record<string, unknown>) => {
    const res = await t.request("PATCH", `/api/v1/contacts/${id}`, { body });
    expect(res.status, res.text).toBe(200);
    await advanceClock(t);
  };
  const tag = async (id: string, name: string) => {
    expect((await t.request("POST", `/api/v1/contacts/${id}/tags`, { body: { tags: [name] } })).status).toBe(200);
    await advanceClock(t);
  };
  const ownerOf = async (id: string) => (await t.request("GET", `/api/v1/contacts/${id}`)).body.ownerId;
  const subjects = (email: string) => smtp.to(email).map((m) => m.subject ?? "");
  const slackMessages = () => slack.requests.map((r) => JSON.parse(r.body).text as string);

  it("Ada becomes an MQL, Quentin qualifies her as SQL, and Sam, first in turn, takes her over", async () => {
    const ada = await newLead("ada@acme.test", "Acme");

    // Ada becomes an MQL: Quentin is now her owner, and his review request arrives by email.
    await change(ada, { lifecycleStage: "mql" });
    expect(await ownerOf(ada)).toBe(people.quentin.id);
    const [review] = smtp.to(people.quentin.email);
    expect(review?.subject).toBe("New MQL to qualify: ada@acme.test");
    expect(review?.text).toContain("Hello Quentin Qualifier");
    expect(review?.text).toContain("Acme");
    expect(review?.text).toContain("company size (120 employees), sector (software)");

    // The next morning Quentin sets her stage to SQL: she goes to Sam, the first sales rep in turn,
    // who is emailed, and the sales channel hears on Slack who took her.
    await advanceClock(t, 18 * HOUR);
    await change(ada, { lifecycleStage: "sql" });
    expect(await ownerOf(ada)).toBe(people.sam.id);
    expect(subjects(people.sam.email)).toEqual(["New SQL for you: ada@acme.test"]);
    expect(smtp.to(people.sam.email)[0]!.text).toContain("Hello Sam Sales");
    expect(slackMessages()).toEqual(["New SQL ada@acme.test (Acme) handed to Sam Sales."]);

    // Quentin decided in time: three days later he gets no reminder.
    await advanceClock(t, 3 * DAY);
    expect(subjects(people.quentin.email)).toEqual(["New MQL to qualify: ada@acme.test"]);
    expect(subjects(people.rose.email)).toEqual([]);
  });

  it("Bruno becomes an MQL, Quentin tags him out of target, and nothing more happens", async () => {
    const bruno = await newLead("bruno@tiny.test", "Tiny");
    await change(bruno, { lifecycleStage: "mql" });
    expect(subjects(people.quentin.email)).toContain("New MQL to qualify: bruno@tiny.test");

    // Two hours later Quentin tags him "out of target": his review is done, he stays Bruno's owner.
    await advanceClock(t, 2 * HOUR);
    await tag(bruno, "out of target");
    await advanceClock(t, 4 * DAY);
    expect(await ownerOf(bruno)).toBe(people.quentin.id);
    expect(subjects(people.quentin.email).filter((s) => s.includes("bruno@"))).toEqual(["New MQL to qualify: bruno@tiny.test"]);

    // Even if his stage is later set to SQL by mistake, no sales rep is given a lead out of target.
    const before = slack.requests.length;
    await change(bruno, { lifecycleStage: "sql" });
    expect(await ownerOf(bruno)).toBe(people.quentin.id);
    expect(slack.requests.length).toBe(before);
    expect([...subjects(people.sam.email), ...subjects(people.rose.email)].filter((s) => s.includes("bruno@"))).toEqual([]);
  });

  it("Carla is the next SQL: she goes to Rose, the next sales rep in turn", async () => {
    const carla = await newLead("carla@globex.test", "Globex");
    await change(carla, { lifecycleStage: "mql" });
    await change(carla, { lifecycleStage: "sql" });
    expect(await ownerOf(carla)).toBe(people.rose.id);
    expect(subjects(people.rose.email)).toEqual(["New SQL for you: carla@globex.test"]);
    expect(slackMessages().at(-1)).toBe("New SQL carla@globex.test (Globex) handed to Rose Sales.");
  });

  it("Dan becomes an MQL and Quentin forgets him: three days later Quentin is reminded", async () => {
    const dan = await newLead("dan@initech.test", "Initech");
    await change(dan, { lifecycleStage: "mql" });

    // One minute short of three days: no reminder yet.
    await advanceClock(t, 3 * DAY - 60_000);
    expect(subjects(people.quentin.email).filter((s) => s.includes("dan@"))).toEqual(["New MQL to qualify: dan@initech.test"]);
    await advanceClock(t, 60_000);
    expect(subjects(people.quentin.email).filter((s) => s.includes("dan@"))).toEqual(["New MQL to qualify: dan@initech.test", "Still to qualify: dan@initech.test"]);
    expect(await ownerOf(dan)).toBe(people.quentin.id);
  });
});
