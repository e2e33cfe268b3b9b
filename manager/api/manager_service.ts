/**
 * titan.ManagerService: thin adapters from the wire to the job controller. Each handler
 * validates the request, calls the controller, and converts the answer; errors become
 * precise statuses (calls.ts); the client token is checked around all of them (auth.ts).
 */
import {
  failedPrecondition,
  invalidArgument,
  resourceExhausted,
  toServiceError,
} from "../../shared/errors.ts";
import type { Logger } from "../../shared/log.ts";
import { isTerminal } from "../../shared/model.ts";
import type { JobEvent, ManagerServiceHandlers } from "../../shared/proto.ts";
import type { JobController } from "../core/controller.ts";
import { withBearerAuth } from "./auth.ts";
import { toTimestamp } from "../../shared/wire_time.ts";
import { toSchedule } from "./schedule_wire.ts";
import type { ScheduleFirer } from "../workflows/schedule_firer.ts";
import {
  validateCreate,
  validateScheduleName,
  validateUpdate,
} from "../workflows/schedule_validation.ts";
import { rejectMalformed, unary } from "./calls.ts";
import { encodePageToken, validatePageToken } from "./page_token.ts";
import {
  type Limits,
  validateJobId,
  validateNameFilter,
  validatePageSize,
  validateQueueName,
  validateSpec,
  validateStates,
  validateWorkerId,
} from "./validate.ts";
import {
  concat,
  toJobStatus,
  toQueueInfo,
  toWireStream,
  toWireWorkerState,
  toWorkerInfo,
} from "./wire.ts";

/** The most a queue's max_running may be set to: beyond any fleet's slots. */
const MAX_QUEUE_RUNNING = 1_000_000;

export interface ManagerServiceOptions {
  clientToken: string;
  limits: Limits;
  maxWatchers: number;
  maxBatch: number;
  /** Told how long each submit took to be answered (the jobs durable). */
  submitAcknowledged?: (seconds: number) => void;
}

export function managerHandlers(
  ctl: JobController,
  opts: ManagerServiceOptions,
  log: Logger,
  schedules?: ScheduleFirer,
): ManagerServiceHandlers {
  let watchers = 0;
  const firer = () => {
    if (!schedules) throw failedPrecondition("this manager does not run schedules");
    return schedules;
  };
  const timed = async <T>(work: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    const result = await work();
    opts.submitAcknowledged?.((performance.now() - start) / 1000);
    return result;
  };
  const handlers: ManagerServiceHandlers = {
    SubmitJob: unary(log, (call) =>
      timed(async () => {
        const [result] = await ctl.submit([validateSpec(call.request, opts.limits)]);
        return result;
      })),
    SubmitJobs: unary(log, (call) =>
      timed(async () => {
        const jobs = call.request.jobs ?? [];
        if (jobs.length === 0) throw invalidArgument("jobs must not be empty");
        if (jobs.length > opts.maxBatch) {
          throw invalidArgument(`jobs has ${jobs.length} entries, more than ${opts.maxBatch}`);
        }
        const specs = jobs.map((j, i) => validateSpec(j, opts.limits, `jobs[${i}].`));
        return { jobs: await ctl.submit(specs, { fieldOf: (i) => `jobs[${i}].` }) };
      })),
    GetJobStatus: unary(log, async (call) => {
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
    ListJobs: unary(log, async (call) => {
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
    CancelJob: unary(log, async (call) => {
      const jobId = validateJobId(call.request.jobId);
      return { jobId, state: await ctl.cancel(jobId) };
    }),
    ListWorkers: unary(log, () => ({ workers: ctl.workers().map(toWorkerInfo) })),
    DrainWorker: unary(log, (call) => {
      const worker = ctl.drain(validateWorkerId(call.request.workerId));
      return { workerId: worker.id, state: toWireWorkerState(worker.state) };
    }),
    ListQueues: unary(log, () => ({ queues: ctl.listQueues().map(toQueueInfo) })),
    UpdateQueue: unary(log, async (call) => {
      const name = validateQueueName(call.request.name);
      const { maxRunning, paused } = call.request;
      if (maxRunning !== undefined && maxRunning > MAX_QUEUE_RUNNING) {
        throw invalidArgument(
          `max_running must be at most ${MAX_QUEUE_RUNNING} (0 = no limit), got ${maxRunning}`,
        );
      }
      return toQueueInfo(await ctl.updateQueue(name, { maxRunning, paused }));
    }),
    // Each validates before it asks for the schedules: a bad request is INVALID_ARGUMENT
    // wherever it is sent.
    CreateSchedule: unary(log, async (call) => {
      const spec = validateCreate(call.request, opts.limits);
      return toSchedule(await firer().create(spec));
    }),
    GetSchedule: unary(log, (call) => {
      const name = validateScheduleName(call.request.name);
      return toSchedule(firer().get(name));
    }),
    ListSchedules: unary(log, () => ({ schedules: firer().list().map(toSchedule) })),
    UpdateSchedule: unary(log, async (call) => {
      const { name, changes } = validateUpdate(call.request, opts.limits);
      return toSchedule(await firer().update(name, changes));
    }),
    DeleteSchedule: unary(log, async (call) => {
      const name = validateScheduleName(call.request.name);
      await firer().delete(name);
      return { name };
    }),
    TriggerSchedule: unary(log, async (call) => {
      const name = validateScheduleName(call.request.name);
      const { jobId, fireTime } = await firer().trigger(name);
      return { jobId, fireTime: toTimestamp(fireTime) };
    }),
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
          const attempt = job.attempt;
          if (out.length) write({ output: { stream: toWireStream("STDOUT"), data: out, attempt } });
          if (err.length) write({ output: { stream: toWireStream("STDERR"), data: err, attempt } });
        }
        if (isTerminal(job.state)) return finish();
        watchers++;
        const stopWatching = ctl.watch(job.id, (event) => {
          if (event.kind === "output") {
            const stream = toWireStream(event.stream);
            write({ output: { stream, data: event.data, attempt: event.attempt } });
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
  return withBearerAuth(handlers, opts.clientToken, "client");
}
