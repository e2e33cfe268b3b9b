/**
 * Job state changes, shared by every part of the core: each goes through `transition`, which
 * applies the transition table of shared/model.ts, and is made durable through `persist`.
 *
 * Invariants:
 * - A job changes state only through `transition`.
 * - Watchers take a terminal state as final (`submit --wait` exits with it), so they hear of
 *   it only once it is durable, in `persist`: a manager that dies before the commit must not
 *   have told anyone an outcome the next one will not know. Non-terminal changes are told at
 *   once.
 * - A finished job leaves memory once its end is durable, and is logged then: exactly one
 *   "job finished" line per job across every manager life.
 */
import {
  canTransition,
  IllegalTransitionError,
  isTerminal,
  type Job,
  type State,
} from "../../shared/model.ts";
import type { Logger } from "../../shared/log.ts";
import type { Backlog } from "../placement/backlog.ts";
import type { Store } from "../store/store.ts";
import type { JobTable } from "./job_table.ts";
import type { Dependencies } from "./dependencies.ts";
import type { CoreMetrics } from "./metrics.ts";
import type { Queues } from "./queues.ts";
import { afterFailure, afterLoss, type RetryOptions } from "./retry_policy.ts";
import type { WatchHub } from "./watch_hub.ts";

export interface LifecycleDeps {
  store: Store;
  table: JobTable;
  hub: WatchHub;
  backlog: Backlog;
  queues: Queues;
  dependencies: () => Dependencies;
  metrics: CoreMetrics;
  log: Logger;
  now: () => number;
  retry: RetryOptions;
  /** A job may be placed now (it was queued, or a slot was freed). */
  requestPlacement: () => void;
  /** A job entered a retry backoff: the promotion timer may need to wake earlier. */
  backoffStarted: () => void;
  /** A queue got below its max_running: its next job may start. */
  roomChanged: () => void;
}

export class Lifecycle {
  constructor(readonly deps: LifecycleDeps) {}

  /**
   * Move `job` to `to` with `fields`; throws IllegalTransitionError when the table forbids
   * it. A terminal state releases or dooms the jobs that wait for this one (dependencies.ts).
   */
  transition(job: Job, to: State, fields: Partial<Job> = {}): void {
    this.setState(job, to, fields);
    if (isTerminal(to)) this.deps.dependencies().propagate(job);
  }

  /** The state change itself, checked against the transition table, without propagation. */
  setState(job: Job, to: State, fields: Partial<Job> = {}): void {
    const from = job.state;
    if (!canTransition(from, to)) throw new IllegalTransitionError(job.id, from, to);
    Object.assign(job, fields);
    job.state = to;
    if (this.deps.queues.countMove(job.queue, from, to)) this.deps.roomChanged();
    if (isTerminal(to) && job.finishedAt === null) job.finishedAt = this.deps.now();
    if (isTerminal(to)) this.deps.dependencies().ended(job);
    if (to === "RUNNING") this.deps.metrics.attemptStarted(job);
    if (!isTerminal(to)) this.deps.hub.status(job);
  }

  /** Make the job's state durable; once it is, a finished job leaves memory and is told. */
  async persist(job: Job): Promise<void> {
    await this.deps.store.save([job]);
    this.afterDurable(job);
  }

  /** Once a job's latest state is durable: a terminal job leaves memory, logged and told. */
  afterDurable(job: Job): void {
    const { table, hub, log, metrics } = this.deps;
    if (isTerminal(job.state) && table.get(job.id) === job) {
      table.forget(job);
      hub.dropLive(job.id);
      log.info("job finished", {
        job: job.id,
        state: job.state,
        attempt: job.attempt,
        worker: job.workerId,
      });
      metrics.jobFinished(job);
      hub.status(job);
    }
  }

  /**
   * `persist` for a change nobody waits for. A failed commit is fatal for the manager (the
   * store's onFatal); it is logged here too, with the job it was about.
   */
  persistInBackground(job: Job): void {
    this.persist(job).catch((err) => this.storeFailed([job], err));
  }

  /** Log a write nobody waited for that failed (the store's onFatal ends the manager). */
  storeFailed(jobs: readonly Job[], err: unknown): void {
    this.deps.log.error("job changes were not stored", {
      jobs: jobs.length,
      first: jobs[0]?.id,
      err: String(err),
    });
  }

  /**
   * Back to PENDING without counting a try (never ran, was handed back, or its worker was
   * lost), at the front of the queue: it had waited its turn already.
   */
  requeue(job: Job, reason: string): void {
    this.transition(job, "PENDING", { error: reason, notBefore: 0 });
    this.deps.backlog.pushFront(job);
    this.persistInBackground(job);
    this.deps.requestPlacement();
  }

  /** The worker was lost with this attempt: requeue as a new attempt, within bounds. */
  loseAttempt(job: Job, reason: string): void {
    job.lost++;
    this.deps.hub.dropLive(job.id);
    const decision = afterLoss(job, reason, this.deps.retry);
    if (!decision.requeue) {
      this.transition(job, "FAILED", { error: decision.error });
      this.persistInBackground(job);
      return;
    }
    this.deps.metrics.attemptLost();
    this.requeue(job, decision.error);
  }

  /** A failed attempt: retry with backoff while retries are left, else FAILED (not persisted). */
  fail(job: Job, reason: string, finishedAt: number): void {
    job.failures++;
    const now = this.deps.now();
    const decision = afterFailure(job, reason, now, this.deps.retry);
    if (!decision.retry) {
      this.transition(job, "FAILED", { error: decision.error, finishedAt });
      return;
    }
    this.transition(job, "PENDING", { error: decision.error, notBefore: decision.notBefore });
    this.deps.metrics.attemptRetried();
    this.deps.backlog.push(job, now);
    this.deps.backoffStarted();
  }
}
