/**
 * Errors that cross the wire. Handlers throw these; `toServiceError` turns any thrown value
 * into a gRPC status a client can act on. Anything that is not a TitanError is an internal
 * bug: it becomes INTERNAL with a generic message (details go to the log, not the client).
 */
import { grpc } from "./proto.ts";

const { status: Status } = grpc;

/** An error with a precise gRPC status code and a message for the user. */
export class TitanError extends Error {
  constructor(readonly code: grpc.status, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "TitanError";
  }
}

export const invalidArgument = (message: string) =>
  new TitanError(Status.INVALID_ARGUMENT, message);
export const notFound = (message: string) => new TitanError(Status.NOT_FOUND, message);
export const failedPrecondition = (message: string) =>
  new TitanError(Status.FAILED_PRECONDITION, message);
export const resourceExhausted = (message: string) =>
  new TitanError(Status.RESOURCE_EXHAUSTED, message);
export const alreadyExists = (message: string) => new TitanError(Status.ALREADY_EXISTS, message);
export const unauthenticated = (message: string) => new TitanError(Status.UNAUTHENTICATED, message);
export const unavailable = (message: string) => new TitanError(Status.UNAVAILABLE, message);

/** The error as a grpc-js ServiceError-like object for callbacks and `call.destroy`. */
export function toServiceError(err: unknown): Partial<grpc.ServiceError> {
  if (err instanceof TitanError) {
    return { code: err.code, details: err.message, message: err.message };
  }
  return { code: Status.INTERNAL, details: "internal error", message: "internal error" };
}

/** Show a value in an error message, shortened so a hostile input cannot flood logs. */
export function quote(value: unknown, max = 64): string {
  const s = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  return JSON.stringify(s.length > max ? s.slice(0, max) + "…" : s);
}
