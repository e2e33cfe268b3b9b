/**
 * What workers tell the manager on their stream: registration (with reconciliation),
 * heartbeats, and reports on attempts (started, output, finished), plus the end of the
 * stream and of the lease.
 *
 * Reports are fenced: a report counts only when it names the job's current attempt, the job
 * holds a slot, and it comes from the worker that holds it. Anything else is stale: refused,
 * counted, and (if still running) killed. A finish report is acknowledged only once its
 * outcome is durable; the worker resends it until then.
 */
import { holdsSlot, isTerminal, type Job, MAX_STORED_OUTPUT_BYTES } from "../../shared/model.ts";
import { alreadyExists } from "../../shared/errors.ts";
import type { Logger } from "../../shared/log.ts";
import { fromTimestamp, toDuration } from "../../shared/wire_time.ts";
import type { AttemptFinished__Output, Register__Output } from "../../shared/proto.ts";
import type {
  AttemptRef,
  ExpiredAttempt,
  Fleet,
  WorkerSession,
  WorkerStream,
} from "../fleet/fleet.ts";
import type { Store } from "../store/store.ts";
import type { Dispatcher } from "./dispatcher.ts";
import type { JobTable } from "./job_table.ts";
import type { Lifecycle } from "./lifecycle.ts";
import type { CoreMetrics } from "./metrics.ts";
import { reconcile } from "./reconcile.ts";
import { describeFailure } from "./retry_policy.ts";
import type { OutputStreamName, WatchHub } from "./watch_hub.ts";

export interface WorkerReportsDeps {
  store: Store;
  table: JobTable;
  hub: WatchHub;
  fleet: Fleet;
  lifecycle: Lifecycle;
  dispatcher: Dispatcher;
  metrics: CoreMetrics;
  log: Logger;
  now: () => number;
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
}

export class WorkerReports {
  constructor(readonly deps: WorkerReportsDeps) {}

  /** A worker (re)registered: reconcile what it runs with what we think it holds. */
  onRegister(stream: WorkerStream, reg: Register__Output, address: string): WorkerSession {
    const { fleet, table, lifecycle, dispatcher, metrics, log, now, heartbeatTimeoutMs } =
      this.deps;
    const old = fleet.get(reg.workerId);
    // Another process with this id while the first one's session lives (a copied config, two
    // pods of one name, a zombie): refused, else the two would evict each other and lose
    // every attempt. A worker that really restarted is let in once the old session's stream
    // ended or its lease ran out (it missed its heartbeats).
    if (
      old?.stream && old.sessionId !== "" && old.sessionId !== reg.sessionId &&
      now() - old.lastContact < heartbeatTimeoutMs
    ) {
      throw alreadyExists(
        `worker id ${reg.workerId} is in use by another live worker (connected from ` +
          `${old.address || "an unknown address"}, heard from ${
            now() - old.lastContact
          } ms ago): give each worker its own --id; a restarted worker is let in once the ` +
          `old session has ended or missed its heartbeats for ${heartbeatTimeoutMs} ms`,
      );
    }
    // A session restored from the store after a manager restart has no id: its worker may or
    // may not have restarted too, and it is not charged a lost attempt for the doubt.
    const restarted = old !== undefined && old.sessionId !== "" &&
      old.sessionId !== reg.sessionId;
    const { session: worker, previous } = fleet.register({
      id: reg.workerId,
      sessionId: reg.sessionId,
      slots: reg.slots,
      queueDepth: reg.queueDepth,
      labels: reg.labels,
      version: reg.version,
      address,
      capacity: {
        cpuMillis: reg.capacity?.cpuMillis ?? 0,
        memoryMb: reg.capacity?.memoryMb ?? 0,
        devices: { ...reg.capacity?.devices },
      },
      isolation: reg.isolation,
    }, stream);
    if (previous) {
      try {
        previous.end();
      } catch { /* already gone */ }
    }
    const { claimed, stale, missing } = reconcile(
      worker.id,
      reg,
      new Map([...worker.attempts].map(([jobId, held]) => [jobId, held.attempt])),
      (jobId) => {
        const job = table.get(jobId);
        return job && holdsSlot(job.state)
          ? { attempt: job.attempt, workerId: job.workerId }
          : undefined;
      },
    );
    for (const ref of claimed) fleet.hold(worker, ref, table.get(ref.jobId)!.resources);
    for (const ref of missing) {
      const queued = worker.attempts.get(ref.jobId)?.queued ?? false;
      fleet.release(worker, ref);
      const job = this.#current(worker.id, ref);
      if (!job) continue;
      if (!restarted) {
        lifecycle.requeue(job, `assignment to worker ${worker.id} was not received`);
      } else if (neverStarted(job, queued)) {
        lifecycle.requeue(job, `worker ${worker.id} restarted before the queued attempt started`);
      } else {
        lifecycle.loseAttempt(job, `worker ${worker.id} restarted`);
      }
    }
    if (stale.length) {
      metrics.staleReportsRefused(stale.length);
      log.warn("worker holds stale attempts; told to kill them", { worker: worker.id, stale });
    }
    fleet.send(worker, {
      registered: {
        heartbeatInterval: toDuration(this.deps.heartbeatIntervalMs),
        heartbeatTimeout: toDuration(this.deps.heartbeatTimeoutMs),
        stale,
      },
    });
    log.info("worker registered", {
      worker: worker.id,
      slots: worker.slots,
      capacity: worker.capacity,
      isolation: worker.isolation || "unknown",
      resumed: claimed.length,
      restarted,
    });
    dispatcher.roomChanged();
    return worker;
  }

  onHeartbeat(worker: WorkerSession, seq: number, draining: boolean): void {
    const { fleet, log } = this.deps;
    fleet.touch(worker);
    if (draining && fleet.markDraining(worker)) {
      log.info("worker is draining", { worker: worker.id });
    }
    fleet.send(worker, { heartbeatAck: { seq } });
  }

  /** `startedAt`: the worker's clock (epoch ms), null when it did not say. */
  onStarted(worker: WorkerSession, jobId: string, attempt: number, startedAt: number | null): void {
    const { fleet, lifecycle, now } = this.deps;
    fleet.touch(worker);
    const job = this.#current(worker.id, { jobId, attempt });
    if (!job) return this.#refuseStale(worker, { jobId, attempt }, true);
    if (job.state !== "SCHEDULED") return;
    lifecycle.transition(job, "RUNNING", { startedAt: startedAt || now() });
    lifecycle.persistInBackground(job);
  }

  onOutput(
    worker: WorkerSession,
    jobId: string,
    attempt: number,
    stream: OutputStreamName,
    data: Uint8Array,
  ): void {
    this.deps.fleet.touch(worker);
    const job = this.#current(worker.id, { jobId, attempt });
    if (!job) return this.#refuseStale(worker, { jobId, attempt }, true);
    this.deps.hub.output(jobId, attempt, stream, data);
  }

  async onFinished(worker: WorkerSession, f: AttemptFinished__Output): Promise<void> {
    const { fleet, table, store, hub, lifecycle, dispatcher, metrics, log, now } = this.deps;
    fleet.touch(worker);
    const ref = { jobId: f.jobId, attempt: f.attempt };
    const ack = () => fleet.send(worker, { finishedAck: ref });
    const job = this.#current(worker.id, ref);
    if (!job) {
      const ending = table.get(f.jobId);
      if (
        ending && isTerminal(ending.state) && ending.attempt === f.attempt &&
        ending.workerId === worker.id
      ) {
        // A repeat of the report whose outcome is being committed right now (resent on a
        // new stream): acknowledge it only once that outcome is durable, like the first.
        try {
          await store.save([ending]);
        } catch (err) {
          log.error("a finish report's outcome was not stored; not acknowledged", {
            job: f.jobId,
            err: String(err),
          });
          return;
        }
        ack();
        return;
      }
      // Stale: the job moved on (requeued elsewhere, cancelled). Refuse the outcome, but
      // acknowledge the report so the worker stops resending it.
      this.#refuseStale(worker, ref, false);
      ack();
      return;
    }
    fleet.release(worker, ref);
    hub.dropLive(job.id);
    dispatcher.roomChanged(); // a slot was freed
    if (f.handedBack) {
      metrics.attemptHandedBack();
      lifecycle.requeue(job, f.error.slice(0, 4096) || `handed back by worker ${worker.id}`);
    } else {
      fleet.recordCompleted(worker);
      recordOutcome(job, f);
      const finishedAt = fromTimestamp(f.finishedAt) || now();
      if (f.cancelled || (job.cancelRequested && f.exitCode !== 0)) {
        lifecycle.transition(job, "CANCELLED", { finishedAt, error: "cancelled by user" });
      } else if (f.exitCode === 0 && !f.timedOut && !f.error) {
        lifecycle.transition(job, "COMPLETED", { finishedAt, error: "" });
      } else {
        lifecycle.fail(job, describeFailure(f), finishedAt);
      }
    }
    try {
      await lifecycle.persist(job);
    } catch (err) {
      // The store failed: the manager is going down (onFatal); the worker will resend.
      log.error("a finish report's outcome was not stored; not acknowledged", {
        job: job.id,
        err: String(err),
      });
      return;
    }
    ack();
  }

  /** The worker's stream ended; its lease runs until the heartbeat timeout. */
  onStreamEnd(worker: WorkerSession, stream: WorkerStream): void {
    this.deps.fleet.disconnected(worker, stream);
    if (worker.state === "DISCONNECTED") this.deps.log.info("worker left", { worker: worker.id });
    else this.deps.log.warn("worker stream ended", { worker: worker.id });
  }

  /** The worker's lease ended (fleet sweep): what it held runs again elsewhere. */
  onLeaseExpired(worker: WorkerSession, attempts: ExpiredAttempt[]): void {
    const { lifecycle, log, heartbeatTimeoutMs } = this.deps;
    if (attempts.length) {
      log.warn("worker lost; requeueing its attempts", {
        worker: worker.id,
        attempts: attempts.length,
      });
    }
    for (const ref of attempts) {
      const job = this.#current(worker.id, ref);
      if (!job) continue;
      const reason = `worker ${worker.id} lost (no heartbeat for ${heartbeatTimeoutMs} ms)`;
      if (neverStarted(job, ref.queued)) lifecycle.requeue(job, `${reason} before it started`);
      else lifecycle.loseAttempt(job, reason);
    }
  }

  /**
   * The job, when `ref` is its current attempt, holding a slot on worker `workerId`: the
   * fencing rule above.
   */
  #current(workerId: string, ref: AttemptRef): Job | undefined {
    const job = this.deps.table.get(ref.jobId);
    if (
      !job || !holdsSlot(job.state) || job.attempt !== ref.attempt || job.workerId !== workerId
    ) return undefined;
    return job;
  }

  #refuseStale(worker: WorkerSession, ref: AttemptRef, stillRunning: boolean): void {
    this.deps.metrics.staleReportsRefused(1);
    this.deps.log.warn("refused a report from a stale attempt", {
      worker: worker.id,
      job: ref.jobId,
      attempt: ref.attempt,
    });
    if (stillRunning) {
      this.deps.fleet.send(worker, {
        cancel: { ...ref, reason: "stale attempt: the job moved on" },
      });
    }
  }
}

/**
 * Whether a lost attempt surely never ran: it waited in the worker's queue (it went to a
 * queue place) and no started report came. Then its loss is no try of the job's. One that
 * went to a free slot and was lost before its started report arrived is counted: a job that
 * kills its worker at once must still run out of tries.
 */
function neverStarted(job: Job, queued: boolean): boolean {
  return queued && job.state === "SCHEDULED";
}

/** The attempt's outcome into the job, bounded whatever the worker sent (statuses must fit). */
function recordOutcome(job: Job, f: AttemptFinished__Output): void {
  const stdout = f.stdout.subarray(0, MAX_STORED_OUTPUT_BYTES);
  const stderr = f.stderr.subarray(0, MAX_STORED_OUTPUT_BYTES);
  Object.assign(job, {
    exitCode: f.exitCode ?? null,
    signal: f.signal.slice(0, 32),
    timedOut: f.timedOut,
    stdout,
    stderr,
    stdoutTruncated: f.stdoutTruncated || stdout.length < f.stdout.length,
    stderrTruncated: f.stderrTruncated || stderr.length < f.stderr.length,
    stdoutBytes: Math.max(f.stdoutBytes, f.stdout.length),
    stderrBytes: Math.max(f.stderrBytes, f.stderr.length),
    startedAt: job.startedAt ?? fromTimestamp(f.startedAt),
  });
}
