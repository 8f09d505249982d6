export { validateWorkflow, type WorkflowProblem, type WorkflowReferences } from "./definition/validate.js";
export { createWorkflow, readWorkflow, listWorkflows, updateWorkflowDraft } from "./workflows/workflows.js";
export { validateWorkflowDraft, publishWorkflow } from "./workflows/publish.js";
export { pauseWorkflow, resumeWorkflow, archiveWorkflow } from "./workflows/status.js";
export { readWorkflowVersion } from "./workflows/versions.js";
export { readWorkflowStats } from "./workflows/stats.js";
export { createWorkflowReferences } from "./workflows/references.js";
export { type Engine, type EngineOptions, createEngine, enrolContact, type EnrolOutcome, type Enrolment, readRun, readContactRuns, readContactWorkflows } from "./runtime/index.js";
export { type SimulationOptions, simulateWorkflow } from "./simulator/index.js";
