import { ConflictError, NotFoundError, ValidationError, type FieldProblem } from "../core/index.js";
import type { Deps } from "../deps.js";
import {
  selectAnonymousIds,
  selectContactsByKeys,
  selectListMemberships,
  selectListNames,
  selectSeenMessageIds,
  selectTags,
  selectWorkspace,
  toJson,
  type Db,
  type NewEventRow,
  type Workspace,
} from "../store/index.js";
import { flushSession, type PendingWrites } from "./session-flush.js";
import { contactFromRow, contactToRow, isTimeZone, normalizeEmail, type Channel, type Contact, type SubscriptionStatus } from "./contact.js";
import { PropertyRegistry } from "./property-registry.js";
import type { LifecycleCauseDetail } from "../schemas/lifecycle.js";
import type { PropertyType, PropertyValue } from "./property-types.js";

/** An event to store on a contact's timeline. */
export interface EventInput {
  /** track | page | screen | identify | group | alias | internal */
  kind: string;
  name: string | null;
  properties: Record<string, unknown>;
  context?: Record<string, unknown> | null;
  messageId?: string | null;
  /** When it happened, epoch ms; default now. */
  timestamp?: number;
}

export type ContactKey = { id: string } | { email: string } | { externalId: string } | { anonymousId: string };

/**
 * One unit of work over a workspace's contacts: load what you need in batches, change contacts
 * through its methods (each change is checked and emits its internal event), and everything is
 * written in one transaction when the work returns. Used by the REST API, ingestion and imports.
 */
export class ContactSession {
  private readonly contacts = new Map<string, Contact>();
  private readonly byEmail = new Map<string, string>();
  private readonly byExternalId = new Map<string, string>();
  private readonly byAnonymousId = new Map<string, string>();
  private readonly tags = new Map<string, Set<string>>();
  private readonly lists = new Map<string, Set<string>>();
  private workspaceRead: Promise<Workspace> | undefined;
  private readonly w: PendingWrites = {
    created: new Set(),
    dirty: new Set(),
    deleted: new Set(),
    merges: [],
    events: [],
    createdEvents: new Map(),
    anonymousIds: [],
    tagsAdded: [],
    tagsRemoved: [],
    listsJoined: [],
    listsLeft: [],
    propertyDefinitions: [],
  };

  private readonly properties: PropertyRegistry;
  private readonly afterWrites: ((db: Db) => Promise<void>)[] = [];

  constructor(
    private readonly db: Db,
    private readonly deps: Deps,
    /** The workspace, known to exist (it comes from an authenticated key or a lookup). */
    readonly workspaceId: string,
    propertyTypes: Map<string, PropertyType>,
  ) {
    this.properties = new PropertyRegistry(propertyTypes, workspaceId, () => this.now);
    this.w.propertyDefinitions = this.properties.added;
  }

  get now(): number {
    return this.deps.clock.now();
  }

  /** The transaction this unit of work runs in, for writes that must commit or roll back with it. */
  get transaction(): Db {
    return this.db;
  }

  /** Fetches (and on PostgreSQL locks) every contact matching any key, in two queries. */
  async load(keys: { ids?: string[]; emails?: string[]; externalIds?: string[]; anonymousIds?: string[] }): Promise<void> {
    const anon = (keys.anonymousIds ?? []).filter((a) => !this.byAnonymousId.has(a));
    const anonMap = await selectAnonymousIds(this.db, this.workspaceId, anon);
    for (const [a, id] of anonMap) this.byAnonymousId.set(a, id);
    const ids = [...(keys.ids ?? []), ...anonMap.values()].filter((id) => !this.contacts.has(id));
    const emails = (keys.emails ?? []).filter((e) => !this.byEmail.has(e));
    const externalIds = (keys.externalIds ?? []).filter((e) => !this.byExternalId.has(e));
    const rows = await selectContactsByKeys(this.db, this.deps.dialect, this.workspaceId, { ids, emails, externalIds });
    for (const row of rows) if (!this.contacts.has(row.id)) this.track(contactFromRow(row));
  }

  /** A contact already loaded (see `load`), by any key. */
  find(key: ContactKey): Contact | undefined {
    let id: string | undefined;
    if ("id" in key) id = key.id;
    else if ("email" in key) id = this.byEmail.get(key.email);
    else if ("externalId" in key) id = this.byExternalId.get(key.externalId);
    else id = this.byAnonymousId.get(key.anonymousId);
    const c = id === undefined ? undefined : this.contacts.get(id);
    return c && !this.w.deleted.has(c.id) ? c : undefined;
  }

  /** Loads and returns one contact, or throws NotFoundError. */
  async get(key: ContactKey): Promise<Contact> {
    if (!this.find(key)) {
      if ("id" in key) await this.load({ ids: [key.id] });
      else if ("email" in key) await this.load({ emails: [key.email] });
      else if ("externalId" in key) await this.load({ externalIds: [key.externalId] });
      else await this.load({ anonymousIds: [key.anonymousId] });
    }
    const c = this.find(key);
    if (!c) throw new NotFoundError(`no contact with ${Object.keys(key)[0]} ${JSON.stringify(Object.values(key)[0])}`);
    return c;
  }

  /**
   * Creates a contact; its email and external id must be free (load them first). `source` says
   * where it came from and is kept on its `contact.created` event.
   */
  create(init: { email?: string | null; externalId?: string | null }, source: ContactSource): Contact {
    const now = this.now;
    const contact: Contact = {
      id: this.deps.ids(),
      workspaceId: this.workspaceId,
      email: null,
      externalId: null,
      properties: {},
      lifecycleStage: null,
      score: 0,
      ownerId: null,
      timezone: null,
      subscriptions: {},
      createdAt: now,
      updatedAt: now,
    };
    this.track(contact);
    this.w.created.add(contact.id);
    this.tags.set(contact.id, new Set());
    this.lists.set(contact.id, new Set());
    // Its payload is the contact as it stands at flush, so it carries the initial values.
    const created = this.eventRow(contact, { kind: "internal", name: "contact.created", properties: {} });
    this.w.createdEvents.set(contact.id, { row: created, source });
    if (init.email) this.assignEmail(contact, init.email, "email");
    if (init.externalId) this.assignExternalId(contact, init.externalId, "externalId");
    return contact;
  }

  /**
   * Checks property values against the workspace's recorded types without changing anything;
   * `null` means "unset". Returns the problems, each named `${prefix}${name}`.
   */
  checkProperties(values: Record<string, unknown>, prefix = "properties."): { problems: FieldProblem[]; checked: Map<string, PropertyValue | null> } {
    return this.properties.check(values, prefix);
  }

  /** Sets (or with `null`, unsets) properties; all are checked before any is applied. */
  setProperties(contact: Contact, values: Record<string, unknown>, prefix = "properties."): void {
    const { problems, checked } = this.checkProperties(values, prefix);
    if (problems.length) throw new ValidationError(problems);
    this.applyProperties(contact, checked);
  }

  /** Applies values that `checkProperties` accepted. */
  applyProperties(contact: Contact, checked: Map<string, PropertyValue | null>): void {
    for (const [name, value] of checked) {
      this.properties.noteValue(name, value);
      const old = contact.properties[name] ?? null;
      if (old === value) continue;
      if (value === null) delete contact.properties[name];
      else contact.properties[name] = value;
      this.changed(contact, "property.changed", { property: name, old, new: value });
    }
  }

  /** The type recorded (or inferred in this unit of work) for a property. */
  propertyType(name: string): PropertyType | undefined {
    return this.properties.typeOf(name);
  }

  /**
   * Records a property's type ahead of its first value, for callers that know it better than
   * inference (a CSV column declared `string` whose values look like dates). No-op once typed.
   */
  defineProperty(name: string, type: PropertyType): void {
    this.properties.define(name, type);
  }

  async setEmail(contact: Contact, input: string | null, field = "email"): Promise<void> {
    if (input !== null) {
      const email = normalizeEmail(input);
      if (!email) throw ValidationError.field(field, `${JSON.stringify(input)} is not a valid email address`);
      await this.load({ emails: [email] });
    }
    this.assignEmail(contact, input, field);
  }

  async setExternalId(contact: Contact, externalId: string | null, field = "externalId"): Promise<void> {
    if (externalId !== null) await this.load({ externalIds: [externalId] });
    this.assignExternalId(contact, externalId, field);
  }

  /** Moves the contact to any stage of the workspace (or none): people and API calls may go backwards. */
  async setLifecycleStage(contact: Contact, stage: string | null, cause: LifecycleCause, field = "lifecycleStage"): Promise<void> {
    if (stage !== null) await this.stagePosition(stage, field);
    this.moveStage(contact, stage, cause);
  }

  /**
   * For automatic causes (score promotion, a workflow's advance): moves the contact to `stage`
   * only when that is later in the funnel than where it is, and otherwise says why not.
   */
  async advanceLifecycleStage(contact: Contact, stage: string, cause: LifecycleCause, field = "lifecycleStage"): Promise<LifecycleAdvance> {
    const target = await this.stagePosition(stage, field);
    const from = contact.lifecycleStage;
    if (from === stage) return { outcome: "unchanged", stage, message: `already at ${stage}` };
    const stages = (await this.workspace()).settings.lifecycleStages;
    if (from !== null && stages.findIndex((s) => s.id === from) > target) {
      return { outcome: "refused", stage: from, message: `already at ${from}, a later stage than ${stage}` };
    }
    this.moveStage(contact, stage, cause);
    return { outcome: "moved", from, to: stage };
  }

  /** The stage's position in the workspace's funnel; an unknown stage is a ValidationError on `field`. */
  private async stagePosition(stage: string, field: string): Promise<number> {
    const { lifecycleStages } = (await this.workspace()).settings;
    const position = lifecycleStages.findIndex((s) => s.id === stage);
    if (position < 0) {
      const known = lifecycleStages.map((s) => s.id).join(", ");
      throw ValidationError.field(field, `unknown lifecycle stage ${JSON.stringify(stage)}; this workspace's stages are: ${known}`);
    }
    return position;
  }

  private moveStage(contact: Contact, stage: string | null, cause: LifecycleCause): void {
    if (contact.lifecycleStage === stage) return;
    const { kind, detail } = typeof cause === "string" ? { kind: cause, detail: undefined } : cause;
    this.changed(contact, "lifecycle.changed", { from: contact.lifecycleStage, to: stage, cause: kind, ...(detail ? { causeDetail: detail } : {}) });
    contact.lifecycleStage = stage;
  }

  /** `detail` explains the change on its event (the scoring rule, the award, the event that earned it). */
  setScore(contact: Contact, score: number, cause: string, detail: Record<string, unknown> = {}): void {
    if (contact.score === score) return;
    this.changed(contact, "score.changed", { from: contact.score, to: score, delta: score - contact.score, cause, ...detail });
    contact.score = score;
  }

  async setOwner(contact: Contact, ownerId: string | null, field = "ownerId"): Promise<void> {
    if (ownerId !== null) {
      // Held until commit, so a concurrent deletion of the user cannot orphan the reference.
      const query = this.db.selectFrom("users").select("id").where("workspace_id", "=", this.workspaceId).where("id", "=", ownerId);
      const user = await this.deps.dialect.forShare(query).executeTakeFirst();
      if (!user) throw ValidationError.field(field, `no user ${JSON.stringify(ownerId)} in this workspace`);
    }
    if (contact.ownerId === ownerId) return;
    this.changed(contact, "owner.changed", { from: contact.ownerId, to: ownerId });
    contact.ownerId = ownerId;
  }

  setTimezone(contact: Contact, timezone: string | null, field = "timezone"): void {
    if (timezone !== null && !isTimeZone(timezone)) {
      throw ValidationError.field(field, `${JSON.stringify(timezone)} is not an IANA time zone (such as Europe/Paris)`);
    }
    if (contact.timezone === timezone) return;
    this.changed(contact, "timezone.changed", { from: contact.timezone, to: timezone });
    contact.timezone = timezone;
  }

  setSubscription(contact: Contact, channel: Channel, status: SubscriptionStatus): void {
    const from = contact.subscriptions[channel] ?? null;
    if (from === status) return;
    this.changed(contact, "subscription.changed", { channel, from, to: status });
    contact.subscriptions = { ...contact.subscriptions, [channel]: status };
  }

  /**
   * The workspace, read once per unit of work with a share lock so that its settings (the
   * lifecycle stages) cannot change before this unit commits. Only units that need the settings
   * pay for it: ingestion never reads the workspace row.
   */
  workspace(): Promise<Workspace> {
    this.workspaceRead ??= selectWorkspace(this.db, this.workspaceId, this.deps.dialect).then((w) => {
      if (!w) throw new NotFoundError(`no workspace ${this.workspaceId}`);
      return w;
    });
    return this.workspaceRead;
  }

  /** Tags currently on the contacts, loaded in one query for those not yet known. */
  async loadMemberships(contactIds: string[]): Promise<void> {
    const missingTags = contactIds.filter((id) => !this.tags.has(id));
    for (const [id, set] of await selectTags(this.db, missingTags)) this.tags.set(id, set);
    const missingLists = contactIds.filter((id) => !this.lists.has(id));
    for (const [id, set] of await selectListMemberships(this.db, missingLists)) this.lists.set(id, set);
  }

  async tagsOf(contact: Contact): Promise<Set<string>> {
    await this.loadMemberships([contact.id]);
    return this.tags.get(contact.id)!;
  }

  async listsOf(contact: Contact): Promise<Set<string>> {
    await this.loadMemberships([contact.id]);
    return this.lists.get(contact.id)!;
  }

  async addTags(contact: Contact, tags: string[]): Promise<void> {
    const current = await this.tagsOf(contact);
    for (const tag of tags) {
      if (current.has(tag)) continue;
      current.add(tag);
      this.w.tagsAdded.push({ workspace_id: this.workspaceId, contact_id: contact.id, tag, created_at: this.now });
      this.changed(contact, "tag.added", { tag });
    }
  }

  async removeTags(contact: Contact, tags: string[]): Promise<void> {
    const current = await this.tagsOf(contact);
    for (const tag of tags) {
      if (!current.delete(tag)) continue;
      this.w.tagsRemoved.push({ contact_id: contact.id, tag });
      this.changed(contact, "tag.removed", { tag });
    }
  }

  /** Adds the contact to a list the caller checked belongs to this workspace. */
  async joinList(contact: Contact, list: { id: string; name: string }): Promise<boolean> {
    const current = await this.listsOf(contact);
    if (current.has(list.id)) return false;
    current.add(list.id);
    this.w.listsJoined.push({ workspace_id: this.workspaceId, list_id: list.id, contact_id: contact.id, created_at: this.now });
    this.changed(contact, "list.joined", { listId: list.id, listName: list.name });
    return true;
  }

  async leaveList(contact: Contact, list: { id: string; name: string }): Promise<boolean> {
    const current = await this.listsOf(contact);
    if (!current.delete(list.id)) return false;
    this.w.listsLeft.push({ list_id: list.id, contact_id: contact.id });
    this.changed(contact, "list.left", { listId: list.id, listName: list.name });
    return true;
  }

  /** Stores an event on the contact's timeline. */
  record(contact: Contact, event: EventInput): void {
    this.w.events.push(this.eventRow(contact, event));
  }

  /** The message ids among `messageIds` already stored in this workspace: those calls were already accepted. */
  seenMessageIds(messageIds: string[]): Promise<Set<string>> {
    return selectSeenMessageIds(this.db, this.workspaceId, messageIds);
  }

  /** Remembers that this browser/device id is this contact. */
  addAnonymousId(contact: Contact, anonymousId: string): void {
    const owner = this.byAnonymousId.get(anonymousId);
    if (owner === contact.id) return;
    if (owner !== undefined) throw new ConflictError(`anonymousId ${JSON.stringify(anonymousId)} already belongs to contact ${owner}`, "anonymousId");
    this.byAnonymousId.set(anonymousId, contact.id);
    this.w.anonymousIds.push({ workspace_id: this.workspaceId, anonymous_id: anonymousId, contact_id: contact.id, created_at: this.now });
  }

  /**
   * Merges `from` into `into`: its history, identities, tags and lists move over, its properties
   * fill the gaps of `into`, and `from` is removed. `into` keeps its own values where both have one.
   */
  async merge(from: Contact, into: Contact): Promise<void> {
    if (from.id === into.id) return;
    await this.loadMemberships([from.id, into.id]);
    const fill = new Map<string, PropertyValue>();
    for (const [k, v] of Object.entries(from.properties)) if (!(k in into.properties)) fill.set(k, v);
    const email = into.email === null ? from.email : null;
    const externalId = into.externalId === null ? from.externalId : null;
    this.w.merges.push({ from: from.id, into: into.id });
    this.handOverPending(from, into.id);
    this.remove(from);
    for (const [a, id] of this.byAnonymousId) if (id === from.id) this.byAnonymousId.set(a, into.id);
    if (email) this.assignEmail(into, email, "email");
    if (externalId) this.assignExternalId(into, externalId, "externalId");
    this.applyProperties(into, fill);
    const intoTags = this.tags.get(into.id)!;
    for (const tag of this.tags.get(from.id)!) {
      if (intoTags.has(tag)) continue;
      intoTags.add(tag);
      this.changed(into, "tag.added", { tag });
    }
    const intoLists = this.lists.get(into.id)!;
    const joined = [...this.lists.get(from.id)!].filter((l) => !intoLists.has(l));
    const names = await selectListNames(this.db, joined);
    for (const l of joined) {
      intoLists.add(l);
      this.changed(into, "list.joined", { listId: l, listName: names.get(l) ?? null });
    }
    // A recorded choice must not be lost in a merge: an unsubscribe is binding on whoever survives.
    for (const [channel, status] of Object.entries(from.subscriptions) as [Channel, SubscriptionStatus][]) {
      if (into.subscriptions[channel] === undefined) this.setSubscription(into, channel, status);
    }
    if (into.score === 0 && from.score !== 0) this.setScore(into, from.score, "merge");
    this.changed(into, "contact.merged", { mergedContactId: from.id });
  }

  /** What `from` has not written yet follows its stored history to `into`. */
  private handOverPending(from: Contact, intoId: string): void {
    const created = this.w.createdEvents.get(from.id);
    if (created) {
      this.w.createdEvents.delete(from.id);
      created.row.properties = createdPayload(from, created.source);
      this.w.events.push(created.row);
    }
    for (const rows of [this.w.events, this.w.anonymousIds, this.w.tagsAdded, this.w.listsJoined]) {
      for (const r of rows) if (r.contact_id === from.id) r.contact_id = intoId;
    }
  }

  /** Erases the contact with everything about it. */
  remove(contact: Contact): void {
    this.w.deleted.add(contact.id);
    this.w.dirty.delete(contact.id);
    if (contact.email) this.byEmail.delete(contact.email);
    if (contact.externalId) this.byExternalId.delete(contact.externalId);
  }

  /** Whether this unit of work creates the contact (it is not stored until the unit ends). */
  isNew(contact: Contact): boolean {
    return this.w.created.has(contact.id);
  }

  /**
   * Runs `write` in this unit's transaction once its contacts are written, before the event
   * reactors: for rows that reference a contact this unit may be creating (foreign keys).
   */
  afterWrite(write: (db: Db) => Promise<void>): void {
    this.afterWrites.push(write);
  }

  /** Writes everything, set-based, inside the caller's transaction. */
  async flush(): Promise<void> {
    if (this.deps.contactDerivers.length) {
      const pending = [...[...this.w.createdEvents.values()].map((c) => c.row), ...this.w.events];
      for (const deriver of this.deps.contactDerivers) await deriver.derive(this, pending);
    }
    for (const [id, { row, source }] of this.w.createdEvents) row.properties = createdPayload(this.contacts.get(id)!, source);
    let events = await flushSession(this.db, this.deps.dialect, this.workspaceId, this.w, (id) => contactToRow(this.contacts.get(id)!));
    for (const write of this.afterWrites) await write(this.db);
    if (!events.length) return;
    for (const reactor of this.deps.eventReactors) {
      const derived = await reactor.react(this.db, this.workspaceId, events);
      if (derived?.length) events = [...events, ...derived];
    }
  }

  /** Property types first recorded by this unit of work, for the process cache after commit. */
  get newPropertyTypes(): { name: string; type: PropertyType }[] {
    return this.properties.added.map((d) => ({ name: d.name, type: d.type }));
  }

  private track(c: Contact): void {
    this.contacts.set(c.id, c);
    if (c.email) this.byEmail.set(c.email, c.id);
    if (c.externalId) this.byExternalId.set(c.externalId, c.id);
  }

  private assignEmail(contact: Contact, input: string | null, field: string): void {
    const email = input === null ? null : normalizeEmail(input);
    if (email === undefined) throw ValidationError.field(field, `${JSON.stringify(input)} is not a valid email address`);
    this.assignIdentity(contact, "email", email, field);
  }

  private assignExternalId(contact: Contact, externalId: string | null, field: string): void {
    this.assignIdentity(contact, "externalId", externalId, field);
  }

  /** Email and external id each identify at most one contact of the workspace. */
  private assignIdentity(contact: Contact, key: "email" | "externalId", value: string | null, field: string): void {
    const old = contact[key];
    if (old === value) return;
    const index = key === "email" ? this.byEmail : this.byExternalId;
    const owner = value === null ? undefined : index.get(value);
    if (owner !== undefined && owner !== contact.id && !this.w.deleted.has(owner)) {
      throw new ConflictError(`${key} ${value} already belongs to contact ${owner}`, field);
    }
    if (old) index.delete(old);
    if (value) index.set(value, contact.id);
    this.changed(contact, key === "email" ? "email.changed" : "external_id.changed", { from: old, to: value });
    contact[key] = value;
  }

  /** Marks the contact changed and logs the internal event, except for contacts being created. */
  private changed(contact: Contact, name: string, properties: Record<string, unknown>): void {
    contact.updatedAt = this.now;
    if (!this.w.created.has(contact.id)) this.w.dirty.add(contact.id);
    const silentOnCreate = name === "property.changed" || name === "email.changed" || name === "external_id.changed";
    if (this.w.created.has(contact.id) && silentOnCreate) return;
    this.record(contact, { kind: "internal", name, properties });
  }

  private eventRow(contact: Contact, e: EventInput): NewEventRow {
    const now = this.now;
    return {
      id: this.deps.ids(),
      workspace_id: this.workspaceId,
      contact_id: contact.id,
      kind: e.kind,
      name: e.name,
      properties: toJson(e.properties),
      context: e.context ? toJson(e.context) : null,
      message_id: e.messageId ?? null,
      timestamp: e.timestamp ?? now,
      received_at: now,
    };
  }
}

/**
 * Why a lifecycle stage changed: its kind (api | workflow | import | score | merge | simulation …),
 * alone or with what exactly caused it (`{ workflowId, runId, nodeId }`).
 */
export type LifecycleCause = string | { kind: string; detail?: LifecycleCauseDetail };

/** What `advanceLifecycleStage` did: automatic causes never move a contact backwards. */
export type LifecycleAdvance =
  | { outcome: "moved"; from: string | null; to: string }
  /** The contact is at `stage` already. */
  | { outcome: "unchanged"; stage: string; message: string }
  /** The contact is at `stage`, later in the funnel than the one asked for. */
  | { outcome: "refused"; stage: string; message: string };

/** Where a contact came from: `{ channel: "api" }`, `{ channel: "import", importId }`, `{ channel: "form", formId }`… */
export interface ContactSource {
  channel: "api" | "ingest" | "import" | "form";
  importId?: string;
  formId?: string;
}

function createdPayload(c: Contact, source: ContactSource): string {
  return toJson({ email: c.email, externalId: c.externalId, properties: c.properties, source });
}
