import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/support/harness.js";
import { withContactSession } from "../../contacts/index.js";
import { NonRetriableError, ValidationError } from "../../core/index.js";
import type { Action } from "../../schemas/workflow/index.js";
import { fromJson, RunChanges, writeRunChanges } from "../../store/index.js";
import { newRunState } from "../runtime/run-state.js";
import type { StepContext, StepRecord } from "../runtime/step.js";
import { stepHandlers } from "../steps/index.js";
import { performAction } from "./index.js";

describe("internal actions", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp("sqlite");
  });
  afterAll(async () => t?.close());

  const newContact = async (body: Record<string, unknown> = {}): Promise<string> => (await t.request("POST", "/api/v1/contacts", { body })).body.id;
  const contact = async (id: string) => (await t.request("GET", `/api/v1/contacts/${id}`)).body;

  /** Performs the action as a step would: on a real session, committed when it returns. */
  const perform = (contactId: string, action: Action): Promise<StepRecord> => withStep(contactId, (ctx) => performAction(ctx, action, "act"));

  const withStep = <T>(contactId: string, work: (ctx: StepContext) => Promise<T>): Promise<T> =>
    withContactSession(t.deps, t.workspaceId, async (session) => {
      const changes = new RunChanges();
      const ctx: StepContext = {
        deps: t.deps,
        db: session.transaction,
        now: t.clock.now(),
        definition: { version: 1, triggers: [{ type: "api" }], entry: { reEnrolment: { mode: "never" }, allowConcurrentRuns: false }, start: "a", nodes: [{ id: "a", type: "end" }] },
        run: { id: "run-1", workspaceId: t.workspaceId, workflowId: "wf-1", version: 1, contactId, state: newRunState() },
        contact: await session.get({ id: contactId }),
        session,
        changes,
        facts: () => Promise.reject(new Error("actions read no rules")),
        triggerEvent: async () => undefined,
      };
      const out = await work(ctx);
      await writeRunChanges(session.transaction, t.deps.dialect, changes);
      return out;
    });

  /** The contact's internal events since it was created, each as its name and payload. */
  const eventsOf = async (contactId: string) => {
    const rows = await t.deps.db.selectFrom("events").select(["name", "properties"]).where("contact_id", "=", contactId).where("kind", "=", "internal").orderBy("id").execute();
    return rows.filter((r) => r.name !== "contact.created").map((r) => ({ name: r.name, ...fromJson<Record<string, unknown>>(r.properties) }));
  };

  it("an action step performs its action, then goes on with the action's record", async () => {
    const id = await newContact();
    const cmd = await withStep(id, (ctx) => stepHandlers.action(ctx, { id: "tag_it", type: "action", action: { kind: "add_tag", tag: "lead" }, next: "done" }));
    expect(cmd).toEqual({ kind: "next", to: "done", record: { decision: "tag lead added" } });
    expect((await contact(id)).tags).toEqual(["lead"]);
  });

  it("sets a property with its type checked, and clears it with null", async () => {
    const id = await newContact({ properties: { plan: "free" } });
    expect(await perform(id, { kind: "set_property", property: "plan", value: "pro" })).toEqual({ decision: '"plan" set to "pro"' });
    expect((await contact(id)).properties).toEqual({ plan: "pro" });
    expect(await perform(id, { kind: "set_property", property: "plan", value: null })).toEqual({ decision: '"plan" cleared' });
    expect((await contact(id)).properties).toEqual({});
    expect(await eventsOf(id)).toEqual([
      { name: "property.changed", property: "plan", old: "free", new: "pro" },
      { name: "property.changed", property: "plan", old: "pro", new: null },
    ]);
    await expect(perform(id, { kind: "set_property", property: "plan", value: 3 })).rejects.toThrow(ValidationError);
  });

  it("adds and removes a tag, once", async () => {
    const id = await newContact();
    expect(await perform(id, { kind: "add_tag", tag: "vip" })).toEqual({ decision: "tag vip added" });
    expect(await perform(id, { kind: "add_tag", tag: "vip" })).toEqual({ decision: "tag vip added", reason: "the contact already had it" });
    expect((await contact(id)).tags).toEqual(["vip"]);
    expect(await perform(id, { kind: "remove_tag", tag: "vip" })).toEqual({ decision: "tag vip removed" });
    expect(await perform(id, { kind: "remove_tag", tag: "vip" })).toEqual({ decision: "tag vip removed", reason: "the contact did not have it" });
    expect((await contact(id)).tags).toEqual([]);
    expect(await eventsOf(id)).toEqual([
      { name: "tag.added", tag: "vip" },
      { name: "tag.removed", tag: "vip" },
    ]);
  });

  it("adds to and removes from a list of the workspace", async () => {
    const { body: list } = await t.request("POST", "/api/v1/lists", { body: { name: "Webinar" } });
    const id = await newContact();
    expect(await perform(id, { kind: "add_to_list", listId: list.id })).toEqual({ decision: 'added to list "Webinar"' });
    expect((await t.request("GET", `/api/v1/contacts/${id}/lists`)).body.data.map((l: { id: string }) => l.id)).toEqual([list.id]);
    expect(await perform(id, { kind: "add_to_list", listId: list.id })).toEqual({ decision: 'added to list "Webinar"', reason: "the contact was already in it" });
    expect(await perform(id, { kind: "remove_from_list", listId: list.id })).toEqual({ decision: 'removed from list "Webinar"' });
    expect((await t.request("GET", `/api/v1/contacts/${id}/lists`)).body.data).toEqual([]);
    expect(await eventsOf(id)).toEqual([
      { name: "list.joined", listId: list.id, listName: "Webinar" },
      { name: "list.left", listId: list.id, listName: "Webinar" },
    ]);
  });

  it("fails without retry on a list that no longer exists, naming it", async () => {
    const id = await newContact();
    const gone = perform(id, { kind: "add_to_list", listId: "0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b" });
    await expect(gone).rejects.toThrow(NonRetriableError);
    await expect(gone).rejects.toThrow('list "0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b" no longer exists');
    await expect(perform(id, { kind: "remove_from_list", listId: "nope" })).rejects.toThrow(NonRetriableError);
  });

  it("sets the lifecycle stage with the workflow as its cause", async () => {
    const id = await newContact();
    expect(await perform(id, { kind: "set_lifecycle_stage", stage: "mql" })).toEqual({ decision: "lifecycle stage mql" });
    expect((await contact(id)).lifecycleStage).toBe("mql");
    expect(await eventsOf(id)).toEqual([{ name: "lifecycle.changed", from: null, to: "mql", cause: "workflow", causeDetail: { workflowId: "wf-1", version: 1, runId: "run-1", nodeId: "act" } }]);
    await expect(perform(id, { kind: "set_lifecycle_stage", stage: "nonsense" })).rejects.toThrow(ValidationError);
  });

  it("changes the score by a delta", async () => {
    const id = await newContact();
    expect(await perform(id, { kind: "change_score", delta: 15 })).toEqual({ decision: "score +15", reason: "from 0 to 15" });
    expect(await perform(id, { kind: "change_score", delta: -5 })).toEqual({ decision: "score -5", reason: "from 15 to 10" });
    expect((await contact(id)).score).toBe(10);
    expect(await eventsOf(id)).toEqual([
      { name: "score.changed", from: 0, to: 15, delta: 15, cause: "workflow" },
      { name: "score.changed", from: 15, to: 10, delta: -5, cause: "workflow" },
    ]);
  });

  it("assigns an owner from the workspace's users", async () => {
    const { body: user } = await t.request("POST", "/api/v1/users", { body: { email: "rep@example.com", name: "Rep" } });
    const id = await newContact();
    expect(await perform(id, { kind: "assign_owner", owner: { userId: user.id } })).toEqual({ decision: `owner ${user.id}` });
    expect((await contact(id)).ownerId).toBe(user.id);
    expect(await eventsOf(id)).toEqual([{ name: "owner.changed", from: null, to: user.id }]);
    await expect(perform(id, { kind: "assign_owner", owner: { userId: "ghost" } })).rejects.toThrow(ValidationError);
  });
});
