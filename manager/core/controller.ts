/**
 * The job controller: what clients ask of jobs (submit, read, list, cancel, watch) and of
 * workers (drain), and the resumption after a restart. State changes go through the
 * lifecycle (lifecycle.ts); placement through the dispatcher.
 *
 * Invariant: a submit resolves only once its jobs are durable, and a job is never sent to a
 * worker before that (dispatcher.ts).
 */
import { failedPrecondition, notFound, resourceExhausted } from "../../shared/errors.ts";
import type { Logger } from "../../shared/log.ts";
import { toDuration } from "../../shared/wire_time.ts";
import { isTerminal, type Job, type Resources, type State } from "../../shared/model.ts";
import type { AttemptRef, Fleet, WorkerSession } from "../fleet/fleet.ts";
import type { Backlog } from "../placement/backlog.ts";
import type { BackoffPromotion } from "../maintenance/backoff_promotion.ts";
import type { JobPage, ListQuery, QueueSettings, Store } from "../store/store.ts";
import { evaluateDependencies } from "../workflows/dependency_graph.ts";
import {
  type DependencyRef,
  resolveDependencies,
  unknownDependency,
} from "../workflows/dependency_resolution.ts";
import type { ScheduleRecord } from "../workflows/schedule_record.ts";
import type { Dependencies, DependencyInfo } from "./dependencies.ts";
import type { Dispatcher } from "./dispatcher.ts";
import type { JobTable } from "./job_table.ts";
import type { Lifecycle } from "./lifecycle.ts";
import type { CoreMetrics } from "./metrics.ts";
import { newJob, type ValidSpec } from "./new_job.ts";
import type { PendingReasons, PendingReasonSource } from "./pending_reasons.ts";
import type { Queues, QueueState } from "./queues.ts";
import type { JobEventListener, LiveOutput, WatchHub } from "./watch_hub.ts";

export interface SubmitResult {
  jobId: string;
  state: State;
  deduplicated: boolean;
}

/** How a submit is made, beyond its specs. */
export interface SubmitOptions {
  /** Names spec i in error messages ("jobs[3]." in a SubmitJobs request); default "". */
  fieldOf?: (i: number) => string;
  /** The jobs stand for this fire of a schedule (one spec). */
  fire?: { scheduleName: string; fireTime: number };
  /**
   * Schedules written in the same batch as the jobs (a fire advancing its schedule), given
   * the jobs created, just before they are saved.
   */
  schedulesFor?: (created: Job[]) => ScheduleRecord[];
}

export type { DependencyInfo };

export interface ControllerDeps {
  store: Store;
  table: JobTable;
  hub: WatchHub;
  fleet: Fleet;
  backlog: Backlog;
  lifecycle: Lifecycle;
  dispatcher: Dispatcher;
  dependencies: Dependencies;
  promotion: BackoffPromotion;
  queues: Queues;
  reasons: PendingReasons;
  metrics: CoreMetrics;
  log: Logger;
  now: () => number;
  /** Jobs not in a terminal state, at most (submits beyond are refused). */
  maxActiveJobs: number;
  /** Drain timeout sent with a DrainWorker order; 0 = the worker's own --drain-timeout. */
  drainTimeoutMs: number;
}

export class JobController {
  #accepting = true;

  constructor(readonly deps: ControllerDeps) {}

  /**
   * Resume after a restart: PENDING jobs go back in the queue; SCHEDULED/RUNNING ones stay
   * with their worker, which has one heartbeat timeout to re-register and claim them.
   */
  async recover(): Promise<{ pending: number; held: number; waiting: number }> {
    const { store, table, fleet, backlog, promotion, queues, dependencies, now } = this.deps;
    for (const settings of await store.loadQueues()) queues.configure(settings);
    for (const [name, n] of await store.countPendingByQueue()) queues.get(name).pending = n;
    let held = 0;
    const byWorker = new Map<string, (AttemptRef & { resources: Resources })[]>();
    for (const job of await store.loadHeld()) {
      table.track(job);
      const refs = byWorker.get(job.workerId) ?? [];
      refs.push({ jobId: job.id, attempt: job.attempt, resources: job.resources });
      byWorker.set(job.workerId, refs);
      queues.get(job.queue).running++;
      held++;
    }
    for (const [workerId, refs] of byWorker) fleet.restore(workerId, refs);
    // PENDING jobs: those in backoff and the head of the queue are read, the rest wait in
    // the store (placement/backlog.ts).
    const pending = await backlog.recover(now());
    const waiting = await dependencies.recover();
    promotion.arm();
    return { pending, held, waiting };
  }

  /** Jobs not in a terminal state (those waiting in the store included). */
  get activeCount(): number {
    return this.deps.table.size + this.deps.backlog.spilled;
  }

  /** PENDING jobs (in backoff included). */
  get queueLength(): number {
    return this.deps.backlog.size;
  }

  /** Stop accepting submits (shutdown). */
  stopAccepting(): void {
    this.#accepting = false;
  }

  /** New work is refused while the store is full; what runs goes on. */
  #refuseWhenFull(): void {
    const full = this.deps.store.full?.();
    if (full) throw resourceExhausted(`${full}; free space in the data dir, then retry`);
  }

  /**
   * Create jobs (all or nothing, one batch); resolves once they are durable. A job whose
   * dependencies have not all ended is held; one whose dependency already failed it is
   * created CANCELLED (see manager/workflows/).
   */
  async submit(specs: ValidSpec[], options: SubmitOptions = {}): Promise<SubmitResult[]> {
    const { store, table, backlog, dispatcher, metrics, queues, lifecycle, dependencies, now } =
      this.deps;
    if (!this.#accepting) throw failedPrecondition("manager is shutting down");
    this.#refuseWhenFull();
    const refs = resolveDependencies(specs, options.fieldOf ?? (() => ""));
    const outsideIds = new Set<string>();
    for (const own of refs) for (const r of own) if (r.kind === "stored") outsideIds.add(r.id);
    // Watch the dependencies outside the request before reading them: one that ends while
    // a read is in flight (and leaves memory) is still seen ending.
    const { observer, stop } = dependencies.observe(outsideIds);
    const stored = new Map<string, Job>();
    let fromStore = new Map<string, State>();
    try {
      // Keys not in memory are looked up in the store first; what follows runs without a
      // pause, so two submits with one key cannot both create a job.
      for (const { idempotencyKey: key } of specs) {
        if (!key || table.byIdempotencyKey(key) || stored.has(key)) continue;
        const job = await store.getByIdempotencyKey(key);
        if (job) stored.set(key, job);
      }
      const unknown = [...outsideIds].filter((id) => !table.get(id));
      if (unknown.length) {
        fromStore = new Map((await store.dependencyStates(unknown)).map((d) => [d.id, d.state]));
      }
    } finally {
      stop();
    }
    if (!this.#accepting) throw failedPrecondition("manager is shutting down");
    const stateOf = (id: string) =>
      observer.ended.get(id) ?? table.get(id)?.state ?? fromStore.get(id);
    for (const own of refs) {
      for (const r of own) {
        if (r.kind === "stored" && stateOf(r.id) === undefined) throw unknownDependency(r);
      }
    }
    const t = now();
    const results: SubmitResult[] = [];
    const created: Job[] = [];
    const holds: { job: Job; unfinished: string[] }[] = [];
    /** Each entry of the request: its job id, and its state as the request goes on. */
    const entries: { id: string; state: () => State }[] = [];
    const seenKeys = new Map<string, SubmitResult>();
    specs.forEach((spec, i) => {
      const key = spec.idempotencyKey;
      const earlier = key ? seenKeys.get(key) : undefined;
      const existing = key ? table.byIdempotencyKey(key) ?? stored.get(key) : undefined;
      if (earlier || existing) {
        const result = {
          jobId: earlier?.jobId ?? existing!.id,
          state: earlier?.state ?? existing!.state,
          deduplicated: true,
        };
        results.push(result);
        entries.push({
          id: result.jobId,
          state: () => table.get(result.jobId)?.state ?? result.state,
        });
        return;
      }
      const dependsOn = refs[i].map((r: DependencyRef) =>
        r.kind === "request" ? entries[r.index].id : r.id
      );
      const job = newJob({ ...spec, dependsOn }, t);
      if (options.fire) {
        job.scheduleName = options.fire.scheduleName;
        job.fireTime = options.fire.fireTime;
      }
      const inRequest = new Map(
        refs[i].flatMap((r) => r.kind === "request" ? [r.index] : [])
          .map((index) => [entries[index].id, entries[index].state]),
      );
      const verdict = evaluateDependencies(
        job.dependencyPolicy,
        dependsOn,
        (id) => inRequest.get(id)?.() ?? stateOf(id),
      );
      if (verdict.doomedBy) {
        lifecycle.setState(job, "CANCELLED", { error: verdict.doomedBy });
      } else if (verdict.unfinished.length) {
        job.depsWaiting = verdict.unfinished.length;
        holds.push({ job, unfinished: verdict.unfinished });
      }
      created.push(job);
      entries.push({ id: job.id, state: () => job.state });
      const result = { jobId: job.id, state: job.state, deduplicated: false };
      results.push(result);
      if (key) seenKeys.set(key, result);
    });
    if (this.activeCount + created.length > this.deps.maxActiveJobs) {
      throw resourceExhausted(
        `too many unfinished jobs: ${this.activeCount} active, limit ${this.deps.maxActiveJobs}; retry later`,
      );
    }
    for (const job of created) {
      table.track(job);
      queues.get(job.queue).pending++;
    }
    for (const { job, unfinished } of holds) dependencies.hold(job, unfinished);
    const durable = store.save(created, options.schedulesFor?.(created));
    const ready = created.filter((j) => j.state === "PENDING" && j.depsWaiting === 0);
    // When they fit in the backlog's window, queue the jobs before their insert commits: a
    // free slot then takes one in the same commit (SCHEDULED is written instead of PENDING),
    // and an idle cluster starts a job after one disk sync instead of two. Nothing is sent
    // to a worker, nor answered to the client, before that commit.
    const early = backlog.fits(ready.length);
    if (early) {
      for (const job of ready) backlog.push(job, t);
      dispatcher.request();
    }
    await durable;
    for (const job of created) if (isTerminal(job.state)) lifecycle.afterDurable(job);
    if (!early) {
      const later = now();
      for (const job of ready) {
        // It may have been cancelled while its write was in flight.
        if (job.state === "PENDING") backlog.push(job, later);
      }
      dispatcher.request();
    }
    metrics.jobsSubmitted(created.length, results.length - created.length);
    return results;
  }

  /** The dependencies of a job, with their current states. */
  dependencies(job: Job): Promise<DependencyInfo[]> {
    return this.deps.dependencies.describe(job);
  }

  /** PENDING jobs held by their dependencies. */
  get heldCount(): number {
    return this.deps.dependencies.heldCount;
  }

  /** The job, from memory when active, else from the store. */
  async get(jobId: string): Promise<Job> {
    const { table, store } = this.deps;
    const active = table.get(jobId);
    if (active) return active;
    const stored = await store.get(jobId);
    // It may have come into memory while the store was read: memory is the newer.
    const job = table.get(jobId) ?? stored;
    if (!job) throw notFound(`job ${jobId} not found`);
    return job;
  }

  /** A page of the job listing (from the store: it holds every job). */
  list(query: ListQuery): Promise<JobPage> {
    return this.deps.store.list(query);
  }

  /** How many jobs each state holds, over the whole store. */
  countByState(): Promise<Partial<Record<State, number>>> {
    return this.deps.store.countByState();
  }

  /** Output captured so far for a running attempt, if any. */
  liveOutput(jobId: string): LiveOutput | undefined {
    return this.deps.hub.live(jobId);
  }

  /** Follow a job; the listener gets status changes and output. Returns the unsubscribe. */
  watch(jobId: string, listener: JobEventListener): () => void {
    return this.deps.hub.watch(jobId, listener);
  }

  /** Open watches. */
  get watcherCount(): number {
    return this.deps.hub.watcherCount;
  }

  /**
   * Cancel: a PENDING job ends at once; a SCHEDULED/RUNNING one is killed by its worker and
   * ends when the worker reports it (or at once if its worker is not connected).
   */
  async cancel(jobId: string): Promise<State> {
    this.#refuseWhenFull();
    const { table, store, backlog, fleet, lifecycle } = this.deps;
    let job = table.get(jobId);
    const stored = job ? undefined : await store.get(jobId);
    job ??= table.get(jobId); // it may have come into memory meanwhile
    if (!job) {
      if (!stored) throw notFound(`job ${jobId} not found`);
      if (stored.state !== "PENDING") {
        throw failedPrecondition(`job ${jobId} is already ${stored.state}`);
      }
      // It waits in the store only (placement/backlog.ts): in memory until its end is durable.
      backlog.claim(stored.id);
      table.track(stored);
      job = stored;
    }
    if (job.state === "PENDING") {
      backlog.remove(job.id);
      lifecycle.transition(job, "CANCELLED", { error: "cancelled by user" });
      // It may have held room against backfill: the next pass recomputes reservations.
      this.deps.dispatcher.request();
      await lifecycle.persist(job);
      return job.state;
    }
    const worker = fleet.get(job.workerId);
    job.cancelRequested = true;
    if (worker?.stream) {
      fleet.send(worker, {
        cancel: { jobId: job.id, attempt: job.attempt, reason: "cancelled by user" },
      });
      await store.save([job]);
      return job.state;
    }
    // The worker is unreachable: fence the attempt off and end the job now; if the worker
    // comes back its reports are stale and it is told to kill the process.
    if (worker) fleet.release(worker, { jobId: job.id, attempt: job.attempt });
    lifecycle.transition(job, "CANCELLED", { error: "cancelled by user (worker unreachable)" });
    await lifecycle.persist(job);
    return job.state;
  }

  /** The queues (default, configured, or with jobs), by name. */
  listQueues(): QueueState[] {
    return this.deps.queues.list();
  }

  /** Change a queue's settings (fields left undefined keep their value); durable on return. */
  async updateQueue(
    name: string,
    change: { maxRunning?: number; paused?: boolean },
  ): Promise<QueueState> {
    const { queues, store, log, dispatcher } = this.deps;
    const queue = queues.get(name);
    const settings: QueueSettings = {
      name,
      maxRunning: change.maxRunning ?? queue.maxRunning,
      paused: change.paused ?? queue.paused,
    };
    await store.saveQueue(settings);
    queues.configure(settings);
    log.info("queue updated", { ...settings });
    dispatcher.roomChanged();
    return queue;
  }

  /** Why a PENDING job is not running ("" for a job in any other state). */
  pendingReason(job: Job): string {
    return this.deps.reasons.explain(job);
  }

  /** `pendingReason` for many jobs (a listing page): the fleet is looked at once. */
  pendingReasons(): (job: Job) => string {
    return this.deps.reasons.explainer();
  }

  /** Let another part of the manager explain the PENDING jobs it holds back. */
  addPendingReasonSource(source: PendingReasonSource): void {
    this.deps.reasons.addSource(source);
  }

  /** Every worker the manager knows, by id. */
  workers(): WorkerSession[] {
    return this.deps.fleet.all().sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Order a worker to drain. */
  drain(workerId: string): WorkerSession {
    const { fleet } = this.deps;
    const worker = fleet.get(workerId);
    if (!worker) throw notFound(`worker ${workerId} not found`);
    if (!worker.stream) {
      throw failedPrecondition(`worker ${workerId} is ${worker.state}, not connected`);
    }
    fleet.markDraining(worker);
    fleet.send(worker, { drain: { timeout: toDuration(this.deps.drainTimeoutMs) } });
    return worker;
  }
}
