export { type SimulationOptions, simulateWorkflow } from "./simulate.js";
export { WorkflowNotSimulableError } from "./definition.js";
