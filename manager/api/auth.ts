/**
 * Bearer-token authentication for the two services: clients present the client token on
 * ManagerService, workers the worker token on WorkerService; neither works on the other.
 * `withBearerAuth` wraps a whole service's handlers, so no handler checks (or forgets to).
 * Comparison is constant-time; messages say which token is expected, never a token.
 */
import { timingSafeEqual } from "node:crypto";
import { toServiceError, unauthenticated } from "../../shared/errors.ts";
import type { grpc } from "../../shared/proto.ts";

export type TokenKind = "client" | "worker";

const encoder = new TextEncoder();

/** Throws UNAUTHENTICATED unless `metadata` carries `authorization: Bearer <expected>`. */
export function checkBearer(metadata: grpc.Metadata, expected: string, kind: TokenKind): void {
  if (!expected) return; // no token configured: the manager is bound to loopback only
  const header = metadata.get("authorization")[0];
  const what = kind === "client"
    ? "the client token (TITAN_TOKEN)"
    : "the worker token (TITAN_WORKER_TOKEN)";
  if (typeof header !== "string" || !header.startsWith("Bearer ")) {
    throw unauthenticated(`missing bearer token: this service expects ${what}`);
  }
  const given = encoder.encode(header.slice("Bearer ".length));
  const want = encoder.encode(expected);
  // Equal lengths for timingSafeEqual; a length mismatch still costs one comparison.
  const ok = given.length === want.length
    ? timingSafeEqual(given, want)
    : (timingSafeEqual(want, want), false);
  if (!ok) throw unauthenticated(`invalid bearer token: this service expects ${what}`);
}

interface AnyCall {
  metadata: grpc.Metadata;
  emit(event: "error", err: unknown): boolean;
}

// deno-lint-ignore no-explicit-any
type AnyHandler = (call: any, callback?: any) => void;

/**
 * The service's handlers, each refusing a call without the expected token before it runs:
 * a unary call is answered UNAUTHENTICATED; a streaming one ends with that status.
 */
export function withBearerAuth<H extends { [name: string]: AnyHandler }>(
  handlers: H,
  token: string,
  kind: TokenKind,
): H {
  const wrapped: { [name: string]: AnyHandler } = {};
  for (const [name, handler] of Object.entries(handlers)) {
    wrapped[name] = (call: AnyCall, callback?: grpc.sendUnaryData<unknown>) => {
      try {
        checkBearer(call.metadata, token, kind);
      } catch (err) {
        const status = toServiceError(err) as grpc.ServiceError;
        if (typeof callback === "function") return callback(status);
        try {
          // A stream reports a status by emitting 'error' (destroy() would leave the client
          // without one).
          call.emit("error", status);
        } catch { /* already closed */ }
        return;
      }
      return handler(call, callback);
    };
  }
  return wrapped as H;
}
