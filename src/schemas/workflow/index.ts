export { Trigger, type TriggerType, TextMatch } from "./trigger.js";
export { Action, type ActionKind, OwnerChoice, ResponseMapping } from "./action.js";
export { Node, type NodeType, NodeId, Wait, WaitFor } from "./node.js";
export { WorkflowDefinition, type WorkflowDefinitionInput, ReEnrolment } from "./workflow.js";
