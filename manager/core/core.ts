/**
 * The core, assembled: one job table, watch hub, backlog, fleet, lifecycle and dispatcher,
 * shared by the controller (client commands) and the worker reports. The api/ layer gets the
 * two of them; maintenance timers get the narrow operations below. Nobody else holds the
 * store or the fleet.
 */
import type { Logger } from "../../shared/log.ts";
import { Fleet } from "../fleet/fleet.ts";
import { BackoffPromotion } from "../maintenance/backoff_promotion.ts";
import { Backlog, DEFAULT_WINDOW } from "../placement/backlog.ts";
import type { Store } from "../store/store.ts";
import { JobController } from "./controller.ts";
import { Dispatcher } from "./dispatcher.ts";
import { JobTable } from "./job_table.ts";
import { Lifecycle } from "./lifecycle.ts";
import { type CoreMetrics, NO_METRICS } from "./metrics.ts";
import type { RetryOptions } from "./retry_policy.ts";
import { WatchHub } from "./watch_hub.ts";
import { WorkerReports } from "./worker_reports.ts";
import { PendingReasons } from "./pending_reasons.ts";
import { Dependencies } from "./dependencies.ts";
import { dependencyPendingReason } from "../workflows/dependency_graph.ts";
import { Queues } from "./queues.ts";
import { DEFAULT_RESERVE_AFTER_MS, DEFAULT_REVOKE_QUEUED_AFTER_MS } from "./dispatcher.ts";
import type { PlacementMode } from "../placement/scheduler.ts";

export interface CoreOptions extends RetryOptions {
  heartbeatTimeoutMs: number;
  heartbeatIntervalMs: number;
  maxActiveJobs: number;
  /** Drain timeout sent with a DrainWorker order; 0 = the worker's own --drain-timeout. */
  drainTimeoutMs: number;
  /** PENDING jobs kept in memory; the rest wait in the store (default 4096). */
  pendingWindow?: number;
  /** How a job picks among the workers it fits: round-robin (default) or binpack. */
  placement?: PlacementMode;
  /** A job that fits nowhere gets room reserved after waiting this long (default 60 s). */
  reserveAfterMs?: number;
  /** A queued attempt waiting this long is taken back for a free worker (default 1 s). */
  revokeQueuedAfterMs?: number;
}

export class ManagerCore {
  readonly jobs: JobController;
  readonly reports: WorkerReports;
  readonly #fleet: Fleet;
  readonly #promotion: BackoffPromotion;
  readonly #dispatcher: Dispatcher;

  constructor(
    store: Store,
    options: CoreOptions,
    log: Logger,
    metrics: CoreMetrics = NO_METRICS,
    now: () => number = Date.now,
  ) {
    const table = new JobTable();
    const hub = new WatchHub();
    const queues = new Queues();
    // The parts call each other through closures over parts built further down (called only
    // once everything is built).
    const requestPlacement = () => dispatcher.request();
    const backlog = new Backlog(store, table, options.pendingWindow ?? DEFAULT_WINDOW, {
      refilled: requestPlacement,
      refillFailed: (err) =>
        log.error("reading the queue from the store failed", { err: String(err) }),
    });
    const promotion = new BackoffPromotion(backlog, requestPlacement, now);
    const fleet = new Fleet(
      options.heartbeatTimeoutMs,
      (worker, attempts) => reports.onLeaseExpired(worker, attempts),
      now,
    );
    const dependencies: Dependencies = new Dependencies({
      store,
      table,
      backlog,
      lifecycle: () => lifecycle,
      dispatcher: () => dispatcher,
      now,
    });
    const lifecycle: Lifecycle = new Lifecycle({
      store,
      table,
      hub,
      backlog,
      queues,
      dependencies: () => dependencies,
      metrics,
      log,
      now,
      retry: options,
      requestPlacement,
      backoffStarted: () => promotion.arm(),
      roomChanged: () => dispatcher.roomChanged(),
    });
    const dispatcher: Dispatcher = new Dispatcher({
      store,
      table,
      fleet,
      backlog,
      queues,
      lifecycle,
      metrics,
      log,
      now,
      mode: options.placement ?? "round-robin",
      reserveAfterMs: options.reserveAfterMs ?? DEFAULT_RESERVE_AFTER_MS,
      revokeQueuedAfterMs: options.revokeQueuedAfterMs ?? DEFAULT_REVOKE_QUEUED_AFTER_MS,
    });
    const reasons = new PendingReasons({ fleet, queues, table, dispatcher, now });
    // A held job waits for its dependencies before anything placement could say.
    reasons.addSource(dependencyPendingReason);
    const reports = new WorkerReports({
      store,
      table,
      hub,
      fleet,
      lifecycle,
      dispatcher,
      metrics,
      log,
      now,
      heartbeatIntervalMs: options.heartbeatIntervalMs,
      heartbeatTimeoutMs: options.heartbeatTimeoutMs,
    });
    this.reports = reports;
    this.jobs = new JobController({
      store,
      table,
      hub,
      fleet,
      backlog,
      lifecycle,
      dispatcher,
      dependencies,
      promotion,
      queues,
      reasons,
      metrics,
      log,
      now,
      maxActiveJobs: options.maxActiveJobs,
      drainTimeoutMs: options.drainTimeoutMs,
    });
    this.#fleet = fleet;
    this.#promotion = promotion;
    this.#dispatcher = dispatcher;
  }

  /** Expire the leases of silent workers (maintenance/lease_sweep.ts calls it). */
  sweepLeases(): void {
    this.#fleet.sweep();
  }

  /** Take back queued attempts that wait too long (maintenance/queue_revocation.ts calls it). */
  revokeLongQueued(): void {
    this.#dispatcher.revokeLongQueued();
  }

  /** Forget workers disconnected for longer than this, with nothing assigned. */
  forgetGoneWorkers(olderThanMs: number): void {
    this.#fleet.forgetGone(olderThanMs);
  }

  /** Stop timers (shutdown). */
  stop(): void {
    this.#promotion.stop();
  }
}
