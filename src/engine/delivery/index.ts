export { type Dispatcher, type DispatcherOptions, createDispatcher } from "./dispatcher.js";
export { simulatedTransports, type Transports } from "./transports.js";
