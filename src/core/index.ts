export { type Clock, type ManualClock, systemClock, createManualClock } from "./clock.js";
export { type IdGenerator, createIdGenerator } from "./ids.js";
export {
  type FieldProblem,
  ParcoursError,
  ValidationError,
  NotFoundError,
  ConflictError,
  UnauthorizedError,
  ForbiddenError,
  NonRetriableError,
  RetryAfterError,
  isParcoursError,
} from "./errors.js";
export { type Logger, createLogger } from "./logger.js";
export { groupBy } from "./collections.js";
export { withUniqueName } from "./unique-name.js";
