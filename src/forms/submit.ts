import { createHmac } from "node:crypto";
import { linkSigningKey } from "../channels/index.js";
import { chooseTopics } from "../consent/index.js";
import { withContactSession, type Contact, type ContactSession, type PropertyValue } from "../contacts/index.js";
import { NotFoundError, ValidationError } from "../core/index.js";
import { Identities } from "../ingest/index.js";
import type { Deps } from "../deps.js";
import type { FormValue } from "../schemas/form.js";
import {
  confirmFormSubmissionRow,
  fromJson,
  insertFormSubmission,
  selectFormSubmission,
  selectPropertyDefinitions,
  selectTopic,
  toJson,
  type FormSubmissionRow,
} from "../store/index.js";
import { confirmationEmail, keepInMailbox, readConfirmationToken, sendBySmtp } from "./confirmation.js";
import { publicForm, type PublicForm } from "./forms.js";
import { isHoneypotFilled, propertiesOf, readSubmission, type RawFields, type SubmittedValues } from "./submission-values.js";

/** A submission as it arrives at the public endpoint. */
export interface FormPost {
  fields: RawFields;
  /** The sender's IP address: only its keyed hash is stored. */
  ip?: string | undefined;
  userAgent?: string | undefined;
  /** The browser's anonymous id (the web tracking script's `_aid` field): its history joins the contact. */
  anonymousId?: string | undefined;
}

/** The field the web tracking script adds to Parcours forms: the browser's anonymous id. */
export const VISITOR = "_aid";

/**
 * accepted: the contact is created or updated and `form.submitted` recorded. pending_confirmation:
 * stored, a confirmation email sent, nothing else until it is confirmed. honeypot: a bot filled
 * the hidden field; nothing is stored, and it must be answered as if accepted.
 */
export type SubmitOutcome =
  | { outcome: "accepted"; form: PublicForm; submissionId: string; contactId: string }
  | { outcome: "pending_confirmation"; form: PublicForm; submissionId: string }
  | { outcome: "honeypot"; form: PublicForm };

/** Longest user agent kept, characters. */
const MAX_USER_AGENT = 500;

/**
 * Takes a submission: checks it against the form (problems name `fields.<name>`), then either
 * applies it to the contact in one transaction, or, with double opt-in, stores it and sends the
 * confirmation email.
 */
export async function submitForm(deps: Deps, form: PublicForm, post: FormPost): Promise<SubmitOutcome> {
  if (isHoneypotFilled(post.fields)) return { outcome: "honeypot", form };
  const read = readSubmission(form.definition, post.fields);
  if (!read.ok) throw new ValidationError(read.problems);
  const meta = { ip_hash: post.ip ? await hashIp(deps, post.ip) : null, user_agent: post.userAgent?.slice(0, MAX_USER_AGENT) ?? null };
  return form.definition.doubleOptIn ? submitPending(deps, form, read.submitted, meta) : submitNow(deps, form, read.submitted, meta, post.anonymousId);
}

type Meta = Pick<FormSubmissionRow, "ip_hash" | "user_agent">;

async function submitNow(deps: Deps, form: PublicForm, submitted: SubmittedValues, meta: Meta, anonymousId: string | undefined): Promise<SubmitOutcome> {
  const submissionId = deps.ids();
  const contactId = await withContactSession(deps, form.workspaceId, async (s) => {
    const { properties, problems } = propertiesOf(form.definition, submitted.values, (name) => s.propertyType(name));
    if (problems.length) throw new ValidationError(problems);
    const topicId = submitted.consent ? form.definition.consent?.topicId : undefined;
    const row = submissionRow(deps, form, submissionId, submitted, properties, topicId ?? null, meta);
    const contact = await applySubmission(s, form, row, false, anonymousId);
    s.afterWrite((db) => insertFormSubmission(db, { ...row, contact_id: contact.id }));
    return contact.id;
  });
  return { outcome: "accepted", form, submissionId, contactId };
}

/** Nothing reaches a contact before confirmation: someone may type another person's address. */
async function submitPending(deps: Deps, form: PublicForm, submitted: SubmittedValues, meta: Meta): Promise<SubmitOutcome> {
  const types = new Map((await selectPropertyDefinitions(deps.db, form.workspaceId)).map((d) => [d.name, d.type]));
  const { properties, problems } = propertiesOf(form.definition, submitted.values, (name) => types.get(name));
  if (problems.length) throw new ValidationError(problems);
  const submissionId = deps.ids();
  const topicId = submitted.consent ? (form.definition.consent?.topicId ?? null) : null;
  const row = { ...submissionRow(deps, form, submissionId, submitted, properties, topicId, meta), status: "pending_confirmation" as const };
  const email = await confirmationEmail(deps, {
    workspaceId: form.workspaceId,
    formId: form.id,
    submissionId,
    formName: form.name,
    definition: form.definition,
    email: submitted.email,
    values: submitted.values,
    properties,
  });
  await deps.db.transaction().execute(async (trx) => {
    await insertFormSubmission(trx, row);
    if (email) await keepInMailbox(deps, trx, form.workspaceId, submissionId, email);
  });
  if (email) await sendBySmtp(deps, email);
  else deps.logger.info({ formId: form.id, submissionId }, "no confirmation email: the address is suppressed");
  return { outcome: "pending_confirmation", form, submissionId };
}

/** What confirming answers: confirmed now, or earlier (a second click changes nothing). */
export type ConfirmOutcome = { outcome: "confirmed" | "already_confirmed"; form: PublicForm; contactId: string };

/**
 * Applies a double opt-in submission once its link is followed: creates or updates the contact,
 * subscribes the topic, records `form.submitted` with `confirmed: true`, in one transaction.
 * Undefined for a token that is not one of this form's links.
 */
export async function confirmSubmission(deps: Deps, formId: string, token: string): Promise<ConfirmOutcome | undefined> {
  const target = await readConfirmationToken(deps, formId, token);
  if (!target) return undefined;
  const form = await publicForm(deps, formId);
  return withContactSession(deps, form.workspaceId, async (s) => {
    const row = await selectFormSubmission(s.transaction, deps.dialect, target.submissionId, true);
    if (!row || row.form_id !== formId) throw new NotFoundError("this submission no longer exists");
    if (row.status !== "pending_confirmation") return { outcome: "already_confirmed" as const, form, contactId: row.contact_id! };
    const contact = await applySubmission(s, form, row, true);
    s.afterWrite((db) => confirmFormSubmissionRow(db, row.id, { contactId: contact.id, confirmedAt: s.now }));
    return { outcome: "confirmed" as const, form, contactId: contact.id };
  });
}

/**
 * Finds the contact by email, else gives the address to the submitting browser's anonymous
 * contact, else creates it (`contact.created` with source `form`); merges the browser's
 * anonymous history into a contact found by email; sets the properties, subscribes the consent
 * topic, and records `form.submitted`. (A double opt-in submission merges no browser: it may be
 * someone else's address.)
 */
async function applySubmission(s: ContactSession, form: PublicForm, row: FormSubmissionRow, confirmed: boolean, anonymousId?: string): Promise<Contact> {
  await s.load({ emails: [row.email], anonymousIds: anonymousId === undefined ? [] : [anonymousId] });
  const identities = new Identities(s);
  const contact = s.find({ email: row.email }) ?? (await visitorBecoming(s, identities, row.email, anonymousId)) ?? s.create({ email: row.email }, { channel: "form", formId: form.id });
  if (anonymousId !== undefined) await identities.attachAnonymousId(contact, anonymousId);
  const properties = fromJson<Record<string, PropertyValue>>(row.properties);
  // A property set first by a form takes the field's type: text typed in it is not taken for a date.
  for (const [name, value] of Object.entries(properties)) if (!s.propertyType(name)) s.defineProperty(name, typeof value as "string" | "number" | "boolean");
  s.setProperties(contact, properties, "fields.");
  if (row.consent_topic_id !== null) {
    // A topic deleted since the form was saved subscribes nothing.
    const topic = await selectTopic(s.transaction, form.workspaceId, row.consent_topic_id);
    if (topic) await chooseTopics(s, contact, [{ topic, status: "subscribed" }], "form");
  }
  const fields = fromJson<Record<string, FormValue>>(row.fields);
  const consent = form.definition.consent ? { consent: row.consent_topic_id !== null } : {};
  s.record(contact, { kind: "internal", name: "form.submitted", properties: { formId: form.id, formName: form.name, submissionId: row.id, fields, ...consent, confirmed } });
  return contact;
}

/** A new address from a browser still anonymous: that visitor's contact takes the address, its history in place. */
async function visitorBecoming(s: ContactSession, identities: Identities, email: string, anonymousId: string | undefined): Promise<Contact | undefined> {
  const visitor = anonymousId === undefined ? undefined : identities.anonymousVisitor(anonymousId);
  if (visitor) await s.setEmail(visitor, email, "fields.email");
  return visitor;
}

function submissionRow(
  deps: Deps,
  form: PublicForm,
  id: string,
  submitted: SubmittedValues,
  properties: Record<string, PropertyValue>,
  consentTopicId: string | null,
  meta: Meta,
): FormSubmissionRow {
  return {
    id,
    workspace_id: form.workspaceId,
    form_id: form.id,
    contact_id: null,
    status: "accepted",
    email: submitted.email,
    fields: toJson(submitted.values),
    properties: toJson(properties),
    consent_topic_id: consentTopicId,
    ...meta,
    created_at: deps.clock.now(),
    confirmed_at: null,
  };
}

/** Keyed with the install's link key: IPv4 addresses are too few for a plain hash to hide them. */
async function hashIp(deps: Deps, ip: string): Promise<string> {
  return createHmac("sha256", await linkSigningKey(deps)).update(`ip:${ip}`).digest("base64url").slice(0, 22);
}
