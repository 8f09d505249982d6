import type { Contact, ContactSession, PropertyType } from "../../contacts/index.js";
import type { Deps } from "../../deps.js";
import type { RuleFacts } from "../../rules/index.js";
import type { Rule } from "../../schemas/rule.js";
import type { WorkflowDefinition } from "../../schemas/workflow/index.js";
import { RunChanges, type Db } from "../../store/index.js";
import type { RunState, StepContext } from "../runtime/step.js";
import type { Wake } from "../runtime/watch.js";

/** What a step unit test controls; everything else a handler might touch is absent. */
export interface FakeStep {
  now: number;
  contact?: Partial<Contact>;
  state?: Partial<RunState>;
  /** Recorded property types, as the session would know them. */
  types?: Record<string, PropertyType>;
  facts?: RuleFacts;
  wake?: Wake;
}

/**
 * A step context for handlers that only read the contact, the run state and rule facts; each
 * `facts` call is recorded in `factsLoads`. Handlers that change the contact are tested on a real
 * session (see the actions' tests).
 */
export function fakeStepContext(f: FakeStep): StepContext & { factsLoads: Rule[][] } {
  const factsLoads: Rule[][] = [];
  const types = new Map(Object.entries(f.types ?? {}));
  const contact: Contact = {
    id: "0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
    workspaceId: "ws",
    email: null,
    externalId: null,
    properties: {},
    lifecycleStage: null,
    score: 0,
    ownerId: null,
    timezone: null,
    subscriptions: {},
    createdAt: f.now,
    updatedAt: f.now,
    ...f.contact,
  };
  return {
    factsLoads,
    deps: {} as Deps,
    db: {} as Db,
    now: f.now,
    definition: {} as WorkflowDefinition,
    run: { id: "run", workspaceId: "ws", workflowId: "wf", version: 1, contactId: contact.id, state: { version: 1, jumps: {}, variants: {}, waits: {}, ...f.state } },
    contact,
    ...(f.wake ? { wake: f.wake } : {}),
    session: { propertyType: (name: string) => types.get(name) } as ContactSession,
    changes: new RunChanges(),
    async facts(rules) {
      factsLoads.push(rules);
      if (!f.facts) throw new Error("this test gave no rule facts");
      return f.facts;
    },
    triggerEvent: async () => undefined,
  };
}
