import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { isParcoursError, ValidationError, type FieldProblem } from "../core/index.js";

/** RFC 9457 problem details, with the bad fields listed in `errors`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldProblem[];
}

const CONTENT_TYPE = "application/problem+json; charset=utf-8";

/** The one error mapper: every failure leaves the API as `application/problem+json`. */
export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem = toProblem(error, request);
  if (problem.status >= 500) request.log.error({ err: error }, "request failed");
  return reply.status(problem.status).type(CONTENT_TYPE).send(problem);
}

function toProblem(error: unknown, request: FastifyRequest): Problem {
  const instance = request.url.split("?")[0];
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = (error as { validationContext?: string }).validationContext ?? "body";
    const errors = error.validation.flatMap((v) => fieldProblems(where, v.instancePath, v.keyword, v.message ?? "is invalid", v.params));
    return { type: "about:blank", title: "Invalid input", status: 400, detail: summarize(errors), instance, errors };
  }
  if (error instanceof ValidationError) {
    return { type: "about:blank", title: error.title, status: error.status, detail: error.message, instance, errors: error.problems };
  }
  if (isParcoursError(error)) {
    const field = (error as { field?: string }).field;
    return {
      type: "about:blank",
      title: error.title,
      status: error.status,
      detail: error.message,
      instance,
      ...(field ? { errors: [{ field, message: error.message }] } : {}),
    };
  }
  const fe = error as Partial<FastifyError>;
  if (typeof fe.statusCode === "number" && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { type: "about:blank", title: titleFor(fe.statusCode), status: fe.statusCode, detail: clientMessage(fe), instance };
  }
  return { type: "about:blank", title: "Internal error", status: 500, detail: "an unexpected error occurred; it has been logged", instance };
}

function fieldProblems(where: string, instancePath: string, keyword: string, message: string, params: Record<string, unknown>): FieldProblem[] {
  // Body fields are named as the client wrote them (`email`, `batch.3.userId`); others by where they were.
  const prefix = where === "body" ? [] : [where === "querystring" ? "query" : where];
  const base = [...prefix, ...instancePath.split("/").filter(Boolean)].join(".");
  if (keyword === "unrecognized_keys" && Array.isArray(params.keys)) {
    return params.keys.map((k) => ({ field: base ? `${base}.${String(k)}` : String(k), message: "is not a known field" }));
  }
  return [{ field: base || where, message }];
}

function summarize(errors: FieldProblem[]): string {
  return errors.map((e) => `${e.field}: ${e.message}`).join("; ");
}

function clientMessage(e: Partial<FastifyError>): string {
  switch (e.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return "the request body is larger than this server accepts";
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return "unsupported Content-Type; send application/json";
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return "the body is empty; send a JSON document";
    default:
      return e instanceof SyntaxError || e.code === "FST_ERR_CTP_INVALID_JSON_BODY" ? `the body is not valid JSON: ${e.message}` : (e.message ?? "bad request");
  }
}

function titleFor(status: number): string {
  return (
    {
      400: "Bad request",
      401: "Unauthorized",
      403: "Forbidden",
      404: "Not found",
      405: "Method not allowed",
      409: "Conflict",
      413: "Payload too large",
      415: "Unsupported media type",
      429: "Too many requests",
    }[status] ?? "Client error"
  );
}
