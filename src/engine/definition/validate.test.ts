import { describe, expect, it } from "vitest";
import { type WorkflowDefinitionInput, WorkflowDefinition } from "../../schemas/workflow/index.js";
import { type WorkflowProblem, type WorkflowReferences, validateWorkflow } from "./validate.js";

type Lookup = "lists" | "users" | "workflows" | "segments" | "forms" | "emailTemplates" | "smsTemplates" | "inAppTemplates" | "properties";

/** An in-memory workspace that records every lookup made. */
function workspace(selfId = "wf-self") {
  const calls: { kind: Lookup; ids?: string[] }[] = [];
  const known = (kind: Lookup, ids: string[]) => async (asked: string[]) => {
    calls.push({ kind, ids: asked });
    return new Set(asked.filter((id) => ids.includes(id)));
  };
  const refs: WorkflowReferences = {
    lists: known("lists", ["list-leads", "list-customers"]),
    users: known("users", ["u-ann", "u-bob"]),
    workflows: known("workflows", ["wf-nurture", "wf-self"]),
    segments: known("segments", ["seg-active"]),
    forms: known("forms", ["form-ebook"]),
    emailTemplates: known("emailTemplates", ["tpl-welcome"]),
    smsTemplates: known("smsTemplates", ["tpl-sms"]),
    inAppTemplates: known("inAppTemplates", ["tpl-banner"]),
    properties: async () => {
      calls.push({ kind: "properties" });
      return new Map([
        ["plan", "string"],
        ["age", "number"],
        ["vip", "boolean"],
        ["trial_end", "date"],
      ] as const);
    },
    lifecycleStages: ["subscriber", "lead", "mql", "sql", "customer"],
    selfId,
  };
  return { refs, calls };
}

type NodeInput = WorkflowDefinitionInput["nodes"][number];

/** A schema-valid definition: the API trigger, starting at the first node, unless overridden. */
function flow(nodes: NodeInput[], extra: Partial<WorkflowDefinitionInput> = {}): WorkflowDefinition {
  return WorkflowDefinition.parse({ version: 1, triggers: [{ type: "api" }], start: nodes[0]?.id, nodes, ...extra });
}

async function problemsOf(definition: WorkflowDefinition): Promise<WorkflowProblem[]> {
  return validateWorkflow(definition, workspace().refs);
}

const end: NodeInput = { id: "done", type: "end" };
const tag = (id: string, next: string): NodeInput => ({ id, type: "action", action: { kind: "add_tag", tag: "t" }, next });
const wait = (id: string, next: string): NodeInput => ({ id, type: "delay", wait: { kind: "duration", duration: { amount: 1, unit: "days" } }, next });
const check = (id: string, yes: string, no: string, rule: unknown = { type: "tag", op: "has", tag: "vip" }): NodeInput =>
  ({ id, type: "condition", rule, yes, no }) as NodeInput;

describe("validateWorkflow", () => {
  it("accepts the lead-magnet auto-responder, looking each kind of reference up once", async () => {
    const definition = flow(
      [
        { id: "tag", type: "action", action: { kind: "add_tag", tag: "ebook" }, next: "wait" },
        { id: "wait", type: "delay", wait: { kind: "duration", duration: { amount: 48, unit: "hours" } }, next: "clicked" },
        { id: "clicked", type: "condition", rule: { type: "engagement", action: "clicked", nodeId: "tag" }, yes: "done", no: "remind" },
        { id: "remind", type: "action", action: { kind: "notify_user", userId: "u-ann", subject: "Follow up", body: "They did not click." }, next: "end2" },
        { id: "end2", type: "end" },
        end,
      ],
      { triggers: [{ type: "form.submitted", formId: "form-ebook" }], start: "tag" },
    );
    const { refs, calls } = workspace();
    expect(await validateWorkflow(definition, refs)).toEqual([]);
    expect(calls).toEqual([
      { kind: "users", ids: ["u-ann"] },
      { kind: "forms", ids: ["form-ebook"] },
    ]);
  });

  it("reports every problem at once", async () => {
    const definition = flow(
      [
        { id: "add", type: "action", action: { kind: "add_to_list", listId: "list-nope" }, next: "check" },
        check("check", "done", "ghost", { type: "lifecycle", op: "at_least", stage: "whale" }),
        { id: "lost", type: "delay", wait: { kind: "until_time", time: "09:00", timezone: "Mars/Olympus" }, next: "done" },
        end,
      ],
      { triggers: [{ type: "segment.entered", segmentId: "seg-gone" }] },
    );
    expect((await problemsOf(definition)).map((p) => [p.nodeId, p.field, p.message])).toEqual([
      ["check", "nodes.1.no", 'the "no" branch of node "check" goes to "ghost", which does not exist'],
      ["lost", "nodes.2", 'node "lost" is unreachable from the start'],
      ["lost", "nodes.2.wait.timezone", 'unknown time zone "Mars/Olympus" in node "lost" (use an IANA name such as Europe/Paris)'],
      [undefined, "triggers.0.segmentId", 'unknown segment "seg-gone" in trigger 1'],
      ["add", "nodes.0.action.listId", 'unknown list "list-nope" in node "add"'],
      ["check", "nodes.1.rule.stage", 'unknown lifecycle stage "whale" in node "check" (the stages are: subscriber, lead, mql, sql, customer)'],
    ]);
  });

  describe("graph", () => {
    it("reports a repeated node id", async () => {
      expect(await problemsOf(flow([tag("a", "done"), end, { id: "a", type: "end" }]))).toEqual([
        { field: "nodes.2.id", nodeId: "a", message: 'two steps have the id "a": each step needs its own id' },
      ]);
    });

    it("reports a start or a reference naming no step", async () => {
      expect(await problemsOf(flow([tag("a", "nowhere"), end], { start: "begin" }))).toEqual([
        { field: "start", message: 'the start step "begin" does not exist' },
        { field: "nodes.0.next", nodeId: "a", message: 'the next step of node "a" goes to "nowhere", which does not exist' },
      ]);
    });

    it("reports a step no path from the start reaches", async () => {
      expect(await problemsOf(flow([tag("a", "done"), tag("remind", "done"), end]))).toEqual([
        { field: "nodes.1", nodeId: "remind", message: 'node "remind" is unreachable from the start' },
      ]);
    });

    it("reports the branch from which no path reaches an end or goal", async () => {
      const definition = flow([check("check", "done", "pause"), wait("pause", "poke"), tag("poke", "pause"), end]);
      expect(await problemsOf(definition)).toEqual([
        {
          field: "nodes.0.no",
          nodeId: "check",
          message: 'the "no" branch of node "check" leads nowhere: no path from it reaches an end or goal step',
        },
      ]);
    });

    it("reports a start from which nothing ends", async () => {
      const problems = await problemsOf(flow([wait("pause", "poke"), tag("poke", "pause")]));
      expect(problems).toEqual([{ field: "start", message: 'no path from the start step "pause" reaches an end or goal step' }]);
    });

    it("reports a step leading to itself", async () => {
      const problems = await problemsOf(flow([check("check", "done", "check"), end]));
      expect(problems).toEqual([{ field: "nodes.0.no", nodeId: "check", message: 'the "no" branch of node "check" goes back to the same step' }]);
    });

    it("accepts a condition whose two branches go to the same step", async () => {
      expect(await problemsOf(flow([check("check", "done", "done"), end]))).toEqual([]);
    });

    it("reports a loop without a delay or wait step, even when bounded by a jump", async () => {
      const definition = flow([
        wait("wait", "check"),
        check("check", "done", "poke"),
        tag("poke", "again"),
        { id: "again", type: "jump", to: "check", maxTimes: 3, next: "done" },
        end,
      ]);
      expect(await problemsOf(definition)).toEqual([
        { field: "nodes.1", nodeId: "check", message: "this loop (check → poke → again → check) has no delay or wait step: it would run without pause" },
      ]);
    });

    it("accepts a jump back over a delay, and a wait-for loop", async () => {
      const definition = flow([
        wait("wait", "check"),
        check("check", "done", "again"),
        { id: "again", type: "jump", to: "wait", maxTimes: 3, next: "listen" },
        { id: "listen", type: "wait_for", for: { kind: "event", event: { type: "tag.added", tag: "x" } }, timeout: { amount: 1, unit: "days" }, next: "done", timeoutNext: "listen2" },
        tag("listen2", "listen"),
        end,
      ]);
      expect(await problemsOf(definition)).toEqual([]);
    });

    it("reports a jump that does not go back to an earlier step", async () => {
      const definition = flow([{ id: "jump", type: "jump", to: "later", maxTimes: 2, next: "done" }, wait("later", "done"), end]);
      expect(await problemsOf(definition)).toEqual([
        {
          field: "nodes.0.to",
          nodeId: "jump",
          message: 'node "jump" jumps to "later", which does not lead back to it: a jump must go back to an earlier step',
        },
      ]);
    });
  });

  describe("references", () => {
    it("reports unknown lists wherever they are named, looking all of them up in one call", async () => {
      const list = (listId: string) => ({ type: "list", op: "member", listId });
      const definition = flow(
        [
          { id: "add", type: "action", action: { kind: "add_to_list", listId: "l-add" }, next: "drop" },
          { id: "drop", type: "action", action: { kind: "remove_from_list", listId: "list-leads" }, next: "check" },
          check("check", "route", "route", list("l-check")),
          { id: "route", type: "branch", branches: [{ name: "hot", rule: list("l-branch"), next: "listen" }], otherwise: "listen" },
          { id: "listen", type: "wait_for", for: { kind: "condition", rule: list("l-wait") }, timeout: { amount: 1, unit: "days" }, next: "ev", timeoutNext: "ev" },
          { id: "ev", type: "wait_for", for: { kind: "event", event: { type: "list.left", listId: "l-event" } }, timeout: { amount: 1, unit: "days" }, next: "done", timeoutNext: "done" },
          end,
        ],
        {
          triggers: [{ type: "list.joined", listId: "l-trigger" }],
          entry: { filter: { type: "all", rules: [{ type: "tag", op: "has", tag: "x" }, { type: "not", rule: list("l-entry") }] } },
          goal: { rule: list("l-goal") },
          exit: { type: "any", rules: [list("list-customers"), list("l-exit")] },
        },
      );
      const { refs, calls } = workspace();
      const problems = await validateWorkflow(definition, refs);
      expect(problems.map((p) => [p.field, p.message])).toEqual([
        ["triggers.0.listId", 'unknown list "l-trigger" in trigger 1'],
        ["nodes.5.for.event.listId", 'unknown list "l-event" in node "ev"'],
        ["entry.filter.rules.1.rule.listId", 'unknown list "l-entry" in the entry filter'],
        ["goal.rule.listId", 'unknown list "l-goal" in the goal'],
        ["exit.rules.1.listId", 'unknown list "l-exit" in the exit criteria'],
        ["nodes.2.rule.listId", 'unknown list "l-check" in node "check"'],
        ["nodes.3.branches.0.rule.listId", 'unknown list "l-branch" in branch "hot" of node "route"'],
        ["nodes.4.for.rule.listId", 'unknown list "l-wait" in node "listen"'],
        ["nodes.0.action.listId", 'unknown list "l-add" in node "add"'],
      ]);
      expect(calls.filter((c) => c.kind === "lists")).toHaveLength(1);
    });

    it("reports unknown users, workflows, segments and forms, and a workflow enrolling itself", async () => {
      const action = (id: string, a: unknown, next: string) => ({ id, type: "action", action: a, next }) as NodeInput;
      const definition = flow(
        [
          action("notify", { kind: "notify_user", userId: "u-zed", subject: "s", body: "b" }, "own"),
          action("own", { kind: "assign_owner", owner: { userId: "u-ann" } }, "rr"),
          action("rr", { kind: "assign_owner", owner: { roundRobin: ["u-bob", "u-yan"] } }, "enrol"),
          action("enrol", { kind: "enrol_workflow", workflowId: "wf-self" }, "other"),
          action("other", { kind: "remove_from_workflow", workflowId: "wf-gone" }, "check"),
          check("check", "done", "done", { type: "segment", op: "not_member", segmentId: "seg-x" }),
          end,
        ],
        {
          triggers: [
            { type: "segment.exited", segmentId: "seg-active" },
            { type: "schedule", cron: "0 9 * * 1", timezone: "Europe/Paris", segmentId: "seg-y" },
            { type: "form.submitted", formId: "form-z" },
          ],
        },
      );
      const problems = await problemsOf(definition);
      expect(problems.map((p) => [p.field, p.message])).toEqual([
        ["triggers.1.segmentId", 'unknown segment "seg-y" in trigger 2'],
        ["triggers.2.formId", 'unknown form "form-z" in trigger 3'],
        ["nodes.5.rule.segmentId", 'unknown segment "seg-x" in node "check"'],
        ["nodes.0.action.userId", 'unknown user "u-zed" in node "notify"'],
        ["nodes.2.action.owner.roundRobin.1", 'unknown user "u-yan" in node "rr"'],
        ["nodes.4.action.workflowId", 'unknown workflow "wf-gone" in node "other"'],
        ["nodes.3.action.workflowId", 'node "enrol" enrols the contact into this same workflow: a workflow may not enrol itself'],
      ]);
      expect(problems[0]?.nodeId).toBeUndefined();
      expect(problems[3]?.nodeId).toBe("notify");
    });

    it("refuses a workflow removing contacts from itself", async () => {
      const definition = flow([{ id: "leave", type: "action", action: { kind: "remove_from_workflow", workflowId: "wf-self" }, next: "done" }, end]);
      expect((await problemsOf(definition)).map((p) => [p.field, p.message])).toEqual([
        ["nodes.0.action.workflowId", 'node "leave" removes the contact from this same workflow: end the run with an end step instead'],
      ]);
    });

    it("reports unknown lifecycle stages in rules, steps and triggers", async () => {
      const definition = flow(
        [
          check("check", "set", "set", { type: "lifecycle", op: "at_least", stage: "MQL" }),
          { id: "set", type: "action", action: { kind: "set_lifecycle_stage", stage: "customer" }, next: "bad" },
          { id: "bad", type: "action", action: { kind: "set_lifecycle_stage", stage: "vip" }, next: "done" },
          end,
        ],
        { triggers: [{ type: "lifecycle.changed", from: "lead", to: "champion" }] },
      );
      const stages = "(the stages are: subscriber, lead, mql, sql, customer)";
      expect((await problemsOf(definition)).map((p) => [p.field, p.message])).toEqual([
        ["nodes.0.rule.stage", `unknown lifecycle stage "MQL" in node "check" ${stages}`],
        ["nodes.2.action.stage", `unknown lifecycle stage "vip" in node "bad" ${stages}`],
        ["triggers.0.to", `unknown lifecycle stage "champion" in trigger 1 ${stages}`],
      ]);
    });
  });

  describe("properties", () => {
    const ruled = (rule: unknown) => flow([check("check", "done", "done", rule), end]);

    it("reports a rule on a property the workspace has not recorded", async () => {
      expect(await problemsOf(ruled({ type: "property", property: "plann", op: "is_set" }))).toEqual([
        { field: "nodes.0.rule.property", nodeId: "check", message: 'unknown property "plann" in node "check"' },
      ]);
    });

    it("reports an operator that does not fit the property's type", async () => {
      const [gt] = await problemsOf(ruled({ type: "property", property: "plan", op: "gt", value: 3 }));
      expect(gt).toEqual({ field: "nodes.0.rule.op", nodeId: "check", message: '"gt" does not apply to the string property "plan" in node "check"' });
      const [within] = await problemsOf(ruled({ type: "property", property: "age", op: "within_last", value: { amount: 2, unit: "days" } }));
      expect(within?.message).toBe('"within_last" does not apply to the number property "age" in node "check"');
    });

    it("reports a value of another type than the property's", async () => {
      const [problem] = await problemsOf(ruled({ type: "property", property: "age", op: "between", value: [18, "forty"] }));
      expect(problem).toEqual({
        field: "nodes.0.rule.value",
        nodeId: "check",
        message: 'the value for "age" in node "check" must be a number (the property\'s recorded type), got the string "forty"',
      });
      expect(await problemsOf(ruled({ type: "property", property: "trial_end", op: "before", value: "2026-12-01" }))).toEqual([]);
      expect(await problemsOf(ruled({ type: "property", property: "trial_end", op: "after", value: "soon" }))).toHaveLength(1);
    });

    it("lets set_property create a property the workflow then reads, but not change a recorded type", async () => {
      const definition = flow([
        { id: "source", type: "action", action: { kind: "set_property", property: "source", value: "ebook" }, next: "age" },
        { id: "age", type: "action", action: { kind: "set_property", property: "age", value: "old" }, next: "check" },
        check("check", "done", "done", { type: "property", property: "source", op: "gt", value: "a" }),
        end,
      ]);
      expect((await problemsOf(definition)).map((p) => [p.field, p.message])).toEqual([
        ["nodes.1.action.value", 'the value for "age" in node "age" must be a number (the property\'s recorded type), got the string "old"'],
        ["nodes.2.rule.op", '"gt" does not apply to the string property "source" in node "check"'],
      ]);
    });

    it("needs a date property for a date trigger and a wait until a date", async () => {
      const definition = flow([{ id: "wait", type: "delay", wait: { kind: "until_date", property: "trial_ends" }, next: "done" }, end], {
        triggers: [
          { type: "date.due", property: "plan", offset: { amount: -3, unit: "days" }, at: "10:00" },
          { type: "date.due", property: "trial_end", offset: { amount: -3, unit: "days" }, at: "10:00" },
          { type: "property.changed", property: "age", to: "ten" },
        ],
      });
      expect((await problemsOf(definition)).map((p) => [p.field, p.message])).toEqual([
        ["triggers.0.property", 'trigger 1 needs a date property, but "plan" is a string'],
        ["triggers.2.to", 'the value for "age" in trigger 3 must be a number (the property\'s recorded type), got the string "ten"'],
        ["nodes.0.wait.property", 'unknown property "trial_ends" in node "wait"'],
      ]);
    });

    it("does not fetch the workspace's properties when nothing names one", async () => {
      const { refs, calls } = workspace();
      await validateWorkflow(flow([tag("a", "done"), end]), refs);
      expect(calls).toEqual([]);
    });
  });

  describe("engagement rules", () => {
    const engaged = (nodeId: string) => ({ type: "engagement", action: "opened", nodeId });

    it("accepts an action step before the condition, and any action step in the goal", async () => {
      const definition = flow([tag("send", "wait"), wait("wait", "check"), check("check", "done", "done", engaged("send")), end], {
        goal: { rule: engaged("send") },
      });
      expect(await problemsOf(definition)).toEqual([]);
    });

    it("reports a step that is not before the condition, not an action, or missing", async () => {
      const definition = flow([
        check("check", "send", "send", { type: "any", rules: [engaged("send"), engaged("wait"), engaged("ghost")] }),
        tag("send", "wait"),
        wait("wait", "done"),
        end,
      ]);
      expect((await problemsOf(definition)).map((p) => [p.field, p.message])).toEqual([
        ["nodes.0.rule.rules.0.nodeId", 'node "check" looks at the message of node "send", which does not come before it on any path'],
        ["nodes.0.rule.rules.1.nodeId", 'node "check" looks at the message of node "wait", which is not an action step'],
        ["nodes.0.rule.rules.2.nodeId", 'node "check" looks at the message of node "ghost", which does not exist'],
      ]);
    });

    it("applies the same rule to a wait for an email event of a step of this run", async () => {
      const listen = (id: string, nodeId: string, next: string): NodeInput => ({
        id,
        type: "wait_for",
        for: { kind: "event", event: { type: "email.opened", nodeId } },
        timeout: { amount: 2, unit: "days" },
        next,
        timeoutNext: next,
      });
      const definition = flow([tag("send", "listen"), listen("listen", "send", "early"), listen("early", "later", "later"), tag("later", "done"), end]);
      expect((await problemsOf(definition)).map((p) => [p.field, p.message])).toEqual([
        ["nodes.2.for.event.nodeId", 'node "early" looks at the message of node "later", which does not come before it on any path'],
      ]);
    });

    it("reports an engagement rule in the entry filter", async () => {
      const [problem] = await problemsOf(flow([tag("send", "done"), end], { entry: { filter: engaged("send") } }));
      expect(problem?.field).toBe("entry.filter.nodeId");
      expect(problem?.message).toBe('the entry filter cannot look at the message of node "send": it is checked before any step runs');
    });
  });

  describe("values", () => {
    it("reports unknown time zones", async () => {
      const definition = flow([{ id: "wait", type: "delay", wait: { kind: "until_time", time: "09:00", timezone: "Europe/Pariss" }, next: "done" }, end], {
        triggers: [{ type: "schedule", cron: "0 9 * * mon-fri", timezone: "CET+1", segmentId: "seg-active" }],
      });
      expect((await problemsOf(definition)).map((p) => [p.field, p.message])).toEqual([
        ["nodes.0.wait.timezone", 'unknown time zone "Europe/Pariss" in node "wait" (use an IANA name such as Europe/Paris)'],
        ["triggers.0.timezone", 'unknown time zone "CET+1" in trigger 1 (use an IANA name such as Europe/Paris)'],
      ]);
    });

    it("reports cron schedules that are not 5 valid fields", async () => {
      const schedule = (cron: string) => ({ type: "schedule" as const, cron, timezone: "UTC", segmentId: "seg-active" });
      const definition = flow([end], { triggers: [schedule("*/15 9-17 * * 1-5"), schedule("0 0 9 * * *"), schedule("60 9 * * *"), schedule("0 9 31 2 *")] });
      const problems = await problemsOf(definition);
      expect(problems.map((p) => p.field)).toEqual(["triggers.1.cron", "triggers.2.cron", "triggers.3.cron"]);
      expect(problems[0]?.message).toBe(
        'the schedule "0 0 9 * * *" in trigger 2 is not a valid cron expression: it needs 5 fields (minute hour day-of-month month day-of-week), it has 6',
      );
      expect(problems[1]?.message).toMatch(/^the schedule "60 9 \* \* \*" in trigger 3 is not a valid cron expression: .+/);
    });

    it("reports a wait-for on an event that only starts runs", async () => {
      const listen = (id: string, event: unknown, next: string) => ({ id, type: "wait_for", for: { kind: "event", event }, timeout: { amount: 1, unit: "days" }, next, timeoutNext: next }) as NodeInput;
      const definition = flow([listen("a", { type: "api" }, "b"), listen("b", { type: "tag.added", tag: "vip" }, "done"), end]);
      expect((await problemsOf(definition)).map((p) => [p.field, p.message])).toEqual([
        ["nodes.0.for.event.type", 'node "a" waits for "api", which only starts runs: it never happens to a contact already in one'],
      ]);
    });

    it("reports a score comparison whose value does not fit the operator", async () => {
      const definition = flow([
        check("a", "b", "b", { type: "score", op: "between", value: 10 }),
        check("b", "c", "c", { type: "score", op: "gte", value: [1, 2] }),
        check("c", "done", "done", { type: "score", op: "between", value: [50, 10] }),
        end,
      ]);
      expect((await problemsOf(definition)).map((p) => p.field)).toEqual(["nodes.0.rule.value", "nodes.1.rule.value", "nodes.2.rule.value"]);
    });
  });
});
