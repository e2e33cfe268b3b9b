/**
 * titan.WorkerService: the worker's stream. Register first, then heartbeats and attempt
 * reports, each handed to the core's worker reports; the worker token is checked before the
 * stream is read (auth.ts).
 */
import { failedPrecondition, invalidArgument, quote, toServiceError } from "../../shared/errors.ts";
import type { Logger } from "../../shared/log.ts";
import type { WorkerMessage__Output, WorkerServiceHandlers } from "../../shared/proto.ts";
import type { WorkerReports } from "../core/worker_reports.ts";
import type { WorkerSession, WorkerStream } from "../fleet/fleet.ts";
import { withBearerAuth } from "./auth.ts";
import { rejectMalformed } from "./calls.ts";
import { fromTimestamp } from "../../shared/wire_time.ts";
import { validateResources, validateSelector, validateWorkerId } from "./validate.ts";
import { fromWireStream } from "./wire.ts";

/** How a worker may say it isolates attempts. */
const ISOLATION_MODES = ["cgroup", "process-group"];

export function workerHandlers(
  reports: WorkerReports,
  opts: { workerToken: string },
  log: Logger,
): WorkerServiceHandlers {
  const handlers: WorkerServiceHandlers = {
    Connect: (call) => {
      const stream = call as unknown as WorkerStream;
      let worker: WorkerSession | undefined;
      const fail = (err: unknown) => {
        try {
          call.emit("error", toServiceError(err));
        } catch { /* already closed */ }
      };
      call.on("data", (msg: WorkerMessage__Output) => {
        try {
          rejectMalformed(msg);
          if (!worker) {
            if (msg.msg !== "register" || !msg.register) {
              throw failedPrecondition("the first message on the worker stream must be register");
            }
            const reg = msg.register;
            validateWorkerId(reg.workerId);
            if (reg.slots < 1 || reg.slots > 10_000) {
              throw invalidArgument(`slots must be in [1, 10000], got ${reg.slots}`);
            }
            if (reg.queueDepth > 10_000) {
              throw invalidArgument(`queue_depth must be in [0, 10000], got ${reg.queueDepth}`);
            }
            validateResources(reg.capacity, "capacity");
            validateSelector(reg.labels, "labels");
            if (reg.isolation !== "" && !ISOLATION_MODES.includes(reg.isolation)) {
              throw invalidArgument(
                `isolation must be one of ${ISOLATION_MODES.join(", ")}, got ${
                  quote(reg.isolation)
                }`,
              );
            }
            worker = reports.onRegister(stream, reg, call.getPeer());
            return;
          }
          switch (msg.msg) {
            case "heartbeat":
              return reports.onHeartbeat(worker, msg.heartbeat!.seq, msg.heartbeat!.draining);
            case "started":
              return reports.onStarted(
                worker,
                msg.started!.jobId,
                msg.started!.attempt,
                fromTimestamp(msg.started!.startedAt),
              );
            case "output":
              return reports.onOutput(
                worker,
                msg.output!.jobId,
                msg.output!.attempt,
                fromWireStream(msg.output!.stream),
                msg.output!.data,
              );
            case "finished":
              reports.onFinished(worker, msg.finished!).catch((err) =>
                log.error("finish report failed", { err: String(err) })
              );
              return;
            case "register":
              throw failedPrecondition("register may be sent only once per stream");
            default:
              throw invalidArgument("empty worker message");
          }
        } catch (err) {
          log.warn("worker stream error", { worker: worker?.id, err: String(err) });
          fail(err);
        }
      });
      let closed = false;
      const ended = () => {
        if (worker && !closed) reports.onStreamEnd(worker, stream);
        closed = true;
      };
      call.on("end", () => {
        ended();
        try {
          call.end();
        } catch { /* already closed */ }
      });
      call.on("error", ended);
      call.on("cancelled", ended);
    },
  };
  return withBearerAuth(handlers, opts.workerToken, "worker");
}
