/**
 * The few failures callers branch on. Anything else thrown is an unexpected (transient) error.
 * Each carries an HTTP status so the API maps them without a switch.
 */
export interface FieldProblem {
  /** Path of the bad field, dotted (`batch.3.userId`, `properties.age`). */
  field: string;
  message: string;
}

export abstract class ParcoursError extends Error {
  abstract readonly status: number;
  /** Short, stable title (the problem+json `title`). */
  abstract readonly title: string;
}

export class ValidationError extends ParcoursError {
  // Widened so that a subclass may say 422 (well-formed but not acceptable as it stands).
  readonly status: number = 400;
  readonly title: string = "Invalid input";
  constructor(
    readonly problems: FieldProblem[],
    message = problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join("; "),
  ) {
    super(message);
    this.name = "ValidationError";
  }

  static field(field: string, message: string): ValidationError {
    return new ValidationError([{ field, message }]);
  }
}

export class NotFoundError extends ParcoursError {
  readonly status = 404;
  readonly title = "Not found";
  constructor(message: string) {
    super(message);
    this.name = "NotFoundError";
  }
}

export class ConflictError extends ParcoursError {
  readonly status = 409;
  readonly title = "Conflict";
  constructor(message: string, readonly field?: string) {
    super(message);
    this.name = "ConflictError";
  }
}

export class UnauthorizedError extends ParcoursError {
  readonly status = 401;
  readonly title = "Unauthorized";
  constructor(message: string) {
    super(message);
    this.name = "UnauthorizedError";
  }
}

export class ForbiddenError extends ParcoursError {
  readonly status = 403;
  readonly title = "Forbidden";
  constructor(message: string) {
    super(message);
    this.name = "ForbiddenError";
  }
}

/** A failure that retrying cannot fix (bad configuration, a rejected request). */
export class NonRetriableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "NonRetriableError";
  }
}

/** A transient failure with a known earliest retry time (epoch ms). */
export class RetryAfterError extends Error {
  constructor(message: string, readonly retryAt: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RetryAfterError";
  }
}

export function isParcoursError(err: unknown): err is ParcoursError {
  return err instanceof ParcoursError;
}
