/**
 * Bearer-token checks for the two services: clients present the client token on
 * ManagerService, workers the worker token on WorkerService; neither works on the other.
 * Comparison is constant-time; messages say which token is expected, never a token.
 */
import { timingSafeEqual } from "node:crypto";
import { unauthenticated } from "../../shared/errors.ts";
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
