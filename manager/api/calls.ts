/** What every handler does around its body: refuse malformed requests, map errors to statuses. */
import { invalidArgument, toServiceError } from "../../shared/errors.ts";
import type { Logger } from "../../shared/log.ts";
import { grpc } from "../../shared/proto.ts";
import { malformedReason } from "../../shared/strict_decode.ts";

export type UnaryCall<Req> = grpc.ServerUnaryCall<Req, unknown>;

/** INVALID_ARGUMENT for a body the strict decoder refused (shared/strict_decode.ts). */
export function rejectMalformed(request: unknown): void {
  const reason = malformedReason(request);
  if (reason !== undefined) throw invalidArgument(reason);
}

/** Run a unary handler body, answering with its result or a precise status. */
export function unary<Req, Res>(
  log: Logger,
  body: (call: UnaryCall<Req>) => Res | Promise<Res>,
) {
  return (call: UnaryCall<Req>, callback: grpc.sendUnaryData<Res>) => {
    (async () => {
      rejectMalformed(call.request);
      return await body(call);
    })().then(
      (res) => callback(null, res),
      (err) => {
        const status = toServiceError(err);
        if (status.code === grpc.status.INTERNAL) {
          log.error("internal error in handler", { err: String(err) });
        }
        callback(status as grpc.ServiceError);
      },
    );
  };
}
