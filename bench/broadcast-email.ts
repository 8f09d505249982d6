import { sql } from "kysely";
import type { Deps } from "../src/deps.js";
import { createList } from "../src/lists/index.js";
import { createSender } from "../src/messaging/index.js";
import { createTemplate } from "../src/templates/index.js";

/**
 * A newsletter as marketing sends them: MJML with a header image, merge fields in the subject and
 * body (first name, company, plan), accents and an emoji, a long paragraph, a button and four
 * more links (tracked per recipient), and the unsubscribe link. About 15 kB of HTML once compiled.
 */
export const NEWSLETTER = {
  subject: "{{ contact.properties.first_name | default: 'Bonjour' }}, ce qui change en juin ✨",
  preheader: "Segments, workflows et un peu de crème brûlée",
  format: "mjml",
  body: `<mjml>
  <mj-head>
    <mj-title>{{ contact.properties.company | default: "Parcours" }} weekly</mj-title>
    <mj-attributes><mj-all font-family="Helvetica, Arial, sans-serif" /><mj-text font-size="15px" line-height="22px" color="#333333" /></mj-attributes>
  </mj-head>
  <mj-body background-color="#f4f4f4">
    <mj-section background-color="#ffffff" padding="20px">
      <mj-column>
        <mj-image width="120px" src="https://cdn.example.com/logo.png" alt="Parcours" href="https://www.example.com/?utm_source=newsletter&utm_medium=email" />
        <mj-text font-size="22px" font-weight="bold">Bonjour {{ contact.properties.first_name | default: "there" }} 👋</mj-text>
        <mj-text>Here is what changed this month at {{ contact.properties.company | default: "your company" }}'s favourite automation platform. Since you are on the <strong>{{ contact.properties.plan | default: "free" }}</strong> plan, a few of these are already switched on for you — café, crème brûlée, naïve façade — and the rest is one click away: lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.</mj-text>
        <mj-button href="https://app.example.com/releases/2024-06?contact={{ contact.id }}&utm_source=newsletter" background-color="#5b3cc4">Read the release notes</mj-button>
      </mj-column>
    </mj-section>
    <mj-section background-color="#ffffff" padding="0 20px">
      <mj-column width="50%">
        <mj-image src="https://cdn.example.com/feature-1.png" alt="Segments" href="https://www.example.com/features/segments?utm_source=newsletter" />
        <mj-text><a href="https://www.example.com/features/segments?utm_source=newsletter">Segments that keep themselves current</a>: membership changes with every event, contact by contact.</mj-text>
      </mj-column>
      <mj-column width="50%">
        <mj-image src="https://cdn.example.com/feature-2.png" alt="Workflows" href="https://www.example.com/features/workflows?utm_source=newsletter" />
        <mj-text><a href="https://www.example.com/features/workflows?utm_source=newsletter">Workflows you can simulate</a> before they go live, with every decision explained.</mj-text>
      </mj-column>
    </mj-section>
    <mj-section background-color="#ffffff" padding="20px">
      <mj-column>
        <mj-divider border-color="#eeeeee" />
        <mj-text font-size="12px" color="#888888">You receive this email as {{ contact.email }}. <a href="{{ unsubscribe_url }}">Unsubscribe</a> or <a href="https://www.example.com/preferences">change your preferences</a>.</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`,
};

/** The sender identity, with a display name that needs RFC 2047 encoding. */
export const SENDER = { name: "Bench newsletter", fromEmail: "news@bench.example", fromName: "Équipe Parcours", replyTo: "support@bench.example" };

const FIRST_NAMES = ["Zoë", "Ada", "José", "Chloé", "Grace", "Björn", "Amélie", "Linus"];
const COMPANIES = ["Acme", "Café Crème SARL", "Initech", "Müller & Söhne"];
const PLANS = ["free", "pro", "enterprise"];

/** The newsletter template, the sender identity (made the default), and their ids. */
export async function createNewsletter(deps: Deps, workspaceId: string): Promise<{ templateId: string }> {
  const template = await createTemplate(deps, workspaceId, { name: "Bench newsletter", channel: "email", content: NEWSLETTER });
  await createSender(deps, workspaceId, { ...SENDER, isDefault: true });
  return { templateId: template.id };
}

/** Merge fields like a seeded contact's, for rendering without the database. */
export function contactFields(i: number): { id: string; email: string; externalId: string; properties: Record<string, string> } {
  return { id: `r${i}`, email: `r-${i}@bench.example`, externalId: `r-${i}`, properties: { first_name: FIRST_NAMES[i % FIRST_NAMES.length]!, company: COMPANIES[i % COMPANIES.length]!, plan: PLANS[i % PLANS.length]! } };
}

/**
 * `count` contacts `<prefix>-<n>` (their email `<prefix>-<n>@bench.example` and external id
 * `<prefix>-<n>`, first name, company and plan as properties), inserted set-based, and a static
 * list of them when `list` is named; returns the list's id.
 */
export async function seedRecipients(deps: Deps, workspaceId: string, o: { count: number; prefix: string; list?: string }): Promise<string | undefined> {
  const { db } = deps;
  const now = deps.clock.now();
  const postgres = deps.dialect.name === "postgres";
  const series = postgres
    ? sql`select cast(i as bigint) as i from generate_series(0, ${o.count - 1}) as s(i)`
    : sql`with recursive s(i) as (select 0 union all select i + 1 from s where i < ${o.count - 1}) select i from s`;
  const pick = (values: readonly string[]) => sql`case ${sql.join(values.map((v, k) => sql`when n.i % ${values.length} = ${k} then ${v}`), sql` `)} end`;
  const props = postgres
    ? sql`jsonb_build_object('first_name', ${pick(FIRST_NAMES)}, 'company', ${pick(COMPANIES)}, 'plan', ${pick(PLANS)})`
    : sql`json_object('first_name', ${pick(FIRST_NAMES)}, 'company', ${pick(COMPANIES)}, 'plan', ${pick(PLANS)})`;
  const name = postgres ? sql`${o.prefix} || '-' || cast(n.i as text)` : sql`${o.prefix} || '-' || n.i`;
  const empty = postgres ? sql`'{}'::jsonb` : sql`'{}'`;
  await sql`
    insert into contacts (id, workspace_id, email, external_id, properties, lifecycle_stage, score, owner_id, timezone, subscriptions, created_at, updated_at)
    select ${name}, ${workspaceId}, ${name} || '@bench.example', ${name}, ${props}, null, 0, null, null, ${empty}, ${now}, ${now}
    from (${series}) as n`.execute(db);
  let listId: string | undefined;
  if (o.list !== undefined) {
    listId = (await createList(deps, workspaceId, { name: o.list })).id;
    await sql`
      insert into list_members (workspace_id, list_id, contact_id, created_at)
      select ${workspaceId}, ${listId}, id, ${now} from contacts where workspace_id = ${workspaceId} and id like ${`${o.prefix}-%`}`.execute(db);
  }
  await sql`analyze`.execute(db);
  return listId;
}
