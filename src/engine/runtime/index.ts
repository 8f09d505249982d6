export { type Engine, type EngineOptions, createEngine } from "./engine.js";
export { type EnrolOutcome, type Enrolment, enrolContact } from "./enrol.js";
export { type RunState, type Command, type StepContext, type StepRecord } from "./step.js";
export { readRun, readContactRuns } from "./read-runs.js";
export { readContactWorkflows } from "./contact-workflows.js";
