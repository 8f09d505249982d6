export { type Dispatcher, type DispatcherOptions, createDispatcher } from "./dispatcher.js";
