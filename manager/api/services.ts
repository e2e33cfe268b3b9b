/**
 * gRPC handlers: thin adapters from the wire to the job controller. Each handler checks the
 * caller's token, validates the request, calls the controller, and maps errors to statuses.
 */
import {
  failedPrecondition,
  invalidArgument,
  quote,
  resourceExhausted,
  TitanError,
  toServiceError,
} from "../../shared/errors.ts";
import type { Logger } from "../../shared/log.ts";
import { isTerminal } from "../../shared/model.ts";
import {
  grpc,
  type JobEvent,
  type ManagerServiceHandlers,
  type WorkerMessage__Output,
  type WorkerServiceHandlers,
} from "../../shared/proto.ts";
import { malformedReason } from "../../shared/strict_decode.ts";
import { checkBearer } from "./auth.ts";
import type { WorkerSession, WorkerStream } from "../fleet/fleet.ts";
import type { JobController } from "../core/controller.ts";
import { encodePageToken, validatePageToken } from "./page_token.ts";
import {
  type Limits,
  validateJobId,
  validateNameFilter,
  validatePageSize,
  validateQueueName,
  validateResources,
  validateSelector,
  validateSpec,
  validateStates,
  validateWorkerId,
} from "./validate.ts";
import { concat, toJobStatus, toQueueInfo, toWorkerInfo } from "./wire.ts";

export interface ServerOptions {
  clientToken: string;
  workerToken: string;
  limits: Limits;
  maxWatchers: number;
  maxBatch: number;
}

type UnaryCall<Req> = grpc.ServerUnaryCall<Req, unknown>;

/** The most a queue's max_running may be set to: beyond any fleet's slots. */
const MAX_QUEUE_RUNNING = 1_000_000;

/** How a worker may say it isolates attempts. */
const ISOLATION_MODES = ["cgroup", "process-group"];

/** INVALID_ARGUMENT for a body the strict decoder refused (shared/strict_decode.ts). */
function rejectMalformed(request: unknown): void {
  const reason = malformedReason(request);
  if (reason !== undefined) throw invalidArgument(reason);
}

/** A handler for an RPC this manager does not serve yet: UNIMPLEMENTED, saying which. */
function notServedYet(rpc: string): () => never {
  return () => {
    throw new TitanError(grpc.status.UNIMPLEMENTED, `${rpc} is not served by this manager yet`);
  };
}

/** Run a unary handler body, answering with its result or a precise status. */
function unary<Req, Res>(
  log: Logger,
  token: string,
  body: (call: UnaryCall<Req>) => Res | Promise<Res>,
) {
  return (call: UnaryCall<Req>, callback: grpc.sendUnaryData<Res>) => {
    (async () => {
      checkBearer(call.metadata, token, "client");
      rejectMalformed(call.request);
      return await body(call);
    })().then(
      (res) => callback(null, res),
      (err) => {
        const status = toServiceError(err);
        if (status.code === 13) log.error("internal error in handler", { err: String(err) });
        callback(status as grpc.ServiceError);
      },
    );
  };
}

export function managerHandlers(
  ctl: JobController,
  opts: ServerOptions,
  log: Logger,
): ManagerServiceHandlers {
  const token = opts.clientToken;
  let watchers = 0;
  return {
    SubmitJob: unary(log, token, async (call) => {
      const [result] = await ctl.submit([validateSpec(call.request, opts.limits)]);
      return result;
    }),
    SubmitJobs: unary(log, token, async (call) => {
      const jobs = call.request.jobs ?? [];
      if (jobs.length === 0) throw invalidArgument("jobs must not be empty");
      if (jobs.length > opts.maxBatch) {
        throw invalidArgument(`jobs has ${jobs.length} entries, more than ${opts.maxBatch}`);
      }
      const specs = jobs.map((j, i) => validateSpec(j, opts.limits, `jobs[${i}].`));
      return { jobs: await ctl.submit(specs, { fieldOf: (i) => `jobs[${i}].` }) };
    }),
    GetJobStatus: unary(log, token, async (call) => {
      const job = await ctl.get(validateJobId(call.request.jobId));
      const dependencies = await ctl.dependencies(job);
      return toJobStatus(
        job,
        true,
        ctl.liveOutput(job.id),
        call.request.includeRawOutput,
        ctl.pendingReason(job),
        dependencies,
      );
    }),
    ListJobs: unary(log, token, async (call) => {
      const states = validateStates(call.request.states);
      const limit = validatePageSize(call.request.pageSize);
      const beforeSeq = validatePageToken(call.request.pageToken);
      const queue = call.request.queue ? validateQueueName(call.request.queue, "queue") : undefined;
      const name = validateNameFilter(call.request.name);
      const page = await ctl.list({ states, limit, beforeSeq, queue, name });
      const last = page.jobs[page.jobs.length - 1];
      const reason = ctl.pendingReasons();
      return {
        jobs: page.jobs.map((j) => toJobStatus(j, false, undefined, false, reason(j))),
        nextPageToken: page.more && last ? encodePageToken(last.seq) : "",
      };
    }),
    CancelJob: unary(log, token, async (call) => {
      const jobId = validateJobId(call.request.jobId);
      return { jobId, state: await ctl.cancel(jobId) };
    }),
    ListWorkers: unary(log, token, () => ({
      workers: ctl.fleet.all().sort((a, b) => a.id.localeCompare(b.id)).map(toWorkerInfo),
    })),
    DrainWorker: unary(log, token, (call) => {
      const worker = ctl.drain(validateWorkerId(call.request.workerId));
      return { workerId: worker.id, state: worker.state };
    }),
    ListQueues: unary(log, token, () => ({ queues: ctl.listQueues().map(toQueueInfo) })),
    UpdateQueue: unary(log, token, async (call) => {
      const name = validateQueueName(call.request.name);
      const { maxRunning, paused } = call.request;
      if (maxRunning !== undefined && maxRunning > MAX_QUEUE_RUNNING) {
        throw invalidArgument(
          `max_running must be at most ${MAX_QUEUE_RUNNING} (0 = no limit), got ${maxRunning}`,
        );
      }
      return toQueueInfo(await ctl.updateQueue(name, { maxRunning, paused }));
    }),
    // Declared in the API, served once schedules have their controller.
    CreateSchedule: unary(log, token, notServedYet("CreateSchedule")),
    GetSchedule: unary(log, token, notServedYet("GetSchedule")),
    ListSchedules: unary(log, token, notServedYet("ListSchedules")),
    UpdateSchedule: unary(log, token, notServedYet("UpdateSchedule")),
    DeleteSchedule: unary(log, token, notServedYet("DeleteSchedule")),
    TriggerSchedule: unary(log, token, notServedYet("TriggerSchedule")),
    WatchJob: (call) => {
      let unsubscribe = () => {};
      const finish = (err?: unknown) => {
        unsubscribe();
        // A server stream reports a status by emitting 'error' (destroy() would leave the
        // client without one).
        if (err) call.emit("error", toServiceError(err));
        else call.end();
      };
      (async () => {
        checkBearer(call.metadata, token, "client");
        rejectMalformed(call.request);
        const job = await ctl.get(validateJobId(call.request.jobId));
        // From here on nothing waits: no change of the job can slip between this read and
        // the subscription below.
        if (call.cancelled) return;
        if (watchers >= opts.maxWatchers) {
          throw resourceExhausted(`too many WatchJob streams open (limit ${opts.maxWatchers})`);
        }
        const write = (event: JobEvent) => call.write(event);
        write({ status: toJobStatus(job, false, undefined, false, ctl.pendingReason(job)) });
        if (call.request.fromStart) {
          const live = ctl.liveOutput(job.id);
          const out = live ? concat(live.stdout) : job.stdout;
          const err = live ? concat(live.stderr) : job.stderr;
          if (out.length) write({ output: { stream: "STDOUT", data: out, attempt: job.attempt } });
          if (err.length) write({ output: { stream: "STDERR", data: err, attempt: job.attempt } });
        }
        if (isTerminal(job.state)) return finish();
        watchers++;
        const stopWatching = ctl.watch(job.id, (event) => {
          if (event.kind === "output") {
            write({ output: { stream: event.stream, data: event.data, attempt: event.attempt } });
            return;
          }
          write({
            status: toJobStatus(event.job, false, undefined, false, ctl.pendingReason(event.job)),
          });
          if (isTerminal(event.job.state)) finish();
        });
        unsubscribe = () => {
          unsubscribe = () => {};
          watchers--;
          stopWatching();
        };
        call.on("cancelled", () => unsubscribe());
        call.on("error", () => unsubscribe());
      })().catch(finish);
    },
  };
}

/** The worker stream: register first, then heartbeats and attempt reports. */
export function workerHandlers(
  ctl: JobController,
  opts: ServerOptions,
  log: Logger,
): WorkerServiceHandlers {
  return {
    Connect: (call) => {
      const stream = call as unknown as WorkerStream;
      let worker: WorkerSession | undefined;
      const fail = (err: unknown) => {
        try {
          call.emit("error", toServiceError(err));
        } catch { /* already closed */ }
      };
      try {
        checkBearer(call.metadata, opts.workerToken, "worker");
      } catch (err) {
        return fail(err);
      }
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
            validateResources(reg.capacity, "capacity");
            validateSelector(reg.labels, "labels");
            if (reg.isolation !== "" && !ISOLATION_MODES.includes(reg.isolation)) {
              throw invalidArgument(
                `isolation must be one of ${ISOLATION_MODES.join(", ")}, got ${
                  quote(reg.isolation)
                }`,
              );
            }
            worker = ctl.onRegister(stream, reg, call.getPeer());
            return;
          }
          switch (msg.msg) {
            case "heartbeat":
              return ctl.onHeartbeat(worker, msg.heartbeat!.seq, msg.heartbeat!.draining);
            case "started":
              return ctl.onStarted(
                worker,
                msg.started!.jobId,
                msg.started!.attempt,
                msg.started!.startedAt,
              );
            case "output":
              return ctl.onOutput(
                worker,
                msg.output!.jobId,
                msg.output!.attempt,
                msg.output!.stream === "STDERR" ? "STDERR" : "STDOUT",
                msg.output!.data,
              );
            case "finished":
              ctl.onFinished(worker, msg.finished!).catch((err) =>
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
        if (worker && !closed) ctl.onStreamEnd(worker, stream);
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
}
