export { type SimulationOptions, simulateWorkflow } from "./simulate.js";
