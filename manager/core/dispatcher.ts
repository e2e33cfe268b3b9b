/**
 * The placement loop: when something may have changed what can run (a submit, a freed slot,
 * a worker joined, a backoff ended), take the head of the queue and the fleet's free slots,
 * let the scheduler (a pure function) place them, make the new attempts durable, then send
 * them. It runs once per turn of the event loop, however many events asked for it; there is
 * no polling timer.
 *
 * Invariant: nothing is sent to a worker about an attempt before the attempt is durable: a
 * manager that crashes now must not find a worker running an attempt its store never heard of.
 */
import type { Job } from "../../shared/model.ts";
import type { Logger } from "../../shared/log.ts";
import type { Fleet, WorkerSession } from "../fleet/fleet.ts";
import type { Backlog } from "../placement/backlog.ts";
import { schedule } from "../placement/scheduler.ts";
import type { Store } from "../store/store.ts";
import type { JobTable } from "./job_table.ts";
import type { Lifecycle } from "./lifecycle.ts";
import type { CoreMetrics } from "./metrics.ts";

export interface DispatcherDeps {
  store: Store;
  table: JobTable;
  fleet: Fleet;
  backlog: Backlog;
  lifecycle: Lifecycle;
  metrics: CoreMetrics;
  log: Logger;
}

export class Dispatcher {
  #queued = false;
  /** The rotation of round-robin placement carries over between runs. */
  #cursor = "";

  constructor(readonly deps: DispatcherDeps) {}

  /** Run placement at the end of this turn. */
  request(): void {
    if (this.#queued) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      this.#place();
    });
  }

  #place(): void {
    const { fleet, backlog, table, lifecycle, store, metrics, log } = this.deps;
    const workers = fleet.schedulable().map((w) => ({ id: w.id, freeSlots: fleet.freeSlots(w) }));
    const free = workers.reduce((n, w) => n + w.freeSlots, 0);
    if (free === 0 || backlog.readyCount === 0) return;
    const plan = schedule(backlog.peek(free), workers, this.#cursor);
    this.#cursor = plan.cursor;
    backlog.take(plan.assignments.map((a) => a.jobId));
    const placed: { job: Job; worker: WorkerSession }[] = [];
    for (const { jobId, workerId } of plan.assignments) {
      const job = table.get(jobId)!;
      const worker = fleet.get(workerId)!;
      lifecycle.transition(job, "SCHEDULED", {
        attempt: job.attempt + 1,
        workerId,
        error: "",
        exitCode: null,
        signal: "",
        timedOut: false,
        startedAt: null,
        notBefore: 0,
      });
      fleet.hold(worker, { jobId: job.id, attempt: job.attempt });
      placed.push({ job, worker });
    }
    metrics.attemptsAssigned(placed.length);
    store.save(placed.map(({ job }) => job)).then(() => {
      for (const { job, worker } of placed) this.#send(job, worker);
    }, (err) => {
      // The store failed: the manager is going down (onFatal); nothing was sent.
      log.error("new attempts were not stored; none sent", {
        attempts: placed.length,
        err: String(err),
      });
    });
  }

  #send(job: Job, worker: WorkerSession): void {
    const { fleet, lifecycle } = this.deps;
    const ref = { jobId: job.id, attempt: job.attempt };
    if (!fleet.holds(worker, ref) || job.state !== "SCHEDULED") return; // moved on meanwhile
    if (job.cancelRequested) {
      fleet.release(worker, ref);
      lifecycle.transition(job, "CANCELLED", { error: "cancelled by user" });
      lifecycle.persistInBackground(job);
      return;
    }
    const sent = fleet.send(worker, {
      assign: {
        jobId: job.id,
        attempt: job.attempt,
        command: job.command,
        env: job.env,
        cwd: job.cwd,
        timeoutSeconds: job.timeoutSeconds,
      },
    });
    if (!sent) {
      fleet.release(worker, ref);
      lifecycle.requeue(job, `worker ${worker.id} disconnected before the assignment was sent`);
    }
  }
}
