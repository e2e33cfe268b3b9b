/**
 * The job controller: every change to a job goes through here. It owns the table of active
 * (non-terminal) jobs, the pending queue and the watchers, applies the legal transitions of
 * shared/model.ts, persists through the store, and drives placement.
 *
 * Invariants:
 * - A job changes state only through `#transition`, which checks the transition table.
 * - Reports are fenced: a worker's report counts only when it names the job's current
 *   attempt, the job holds a slot, and the report comes from the worker that holds it.
 *   Anything else is stale: refused, counted, and (if still running) killed.
 * - Nothing is sent to a worker about an attempt before the attempt is durable, and a
 *   finish report is acknowledged only once its outcome is durable.
 */
import {
  canTransition,
  DEFAULT_QUEUE,
  holdsSlot,
  IllegalTransitionError,
  isTerminal,
  type Job,
  MAX_STORED_OUTPUT_BYTES,
  type State,
} from "../../shared/model.ts";
import {
  alreadyExists,
  failedPrecondition,
  notFound,
  resourceExhausted,
} from "../../shared/errors.ts";
import type { Logger } from "../../shared/log.ts";
import type { AttemptFinished__Output, Register__Output } from "../../shared/proto.ts";
import { attemptKey, Fleet, type WorkerSession, type WorkerStream } from "../fleet/fleet.ts";
import { Backlog } from "../placement/backlog.ts";
import { explainPending, type HeldRoom, type ReasonSnapshot } from "../placement/pending_reason.ts";
import { fits, matchesSelector } from "../placement/resources.ts";
import {
  type PlacementMode,
  type PlacementWorker,
  schedule,
  waitingSince,
} from "../placement/scheduler.ts";
import type { JobPage, ListQuery, QueueSettings, Store } from "../store/store.ts";
import type { ValidSpec } from "../api/validate.ts";
import type { LiveOutput } from "../api/wire.ts";
import {
  DependencyGraph,
  dependencyPendingReason,
  evaluateDependencies,
} from "../workflows/dependency_graph.ts";
import {
  type DependencyRef,
  resolveDependencies,
  unknownDependency,
} from "../workflows/dependency_resolution.ts";
import type { ScheduleRecord } from "../workflows/schedule_record.ts";
import { Histogram, QUEUE_WAIT_BOUNDS } from "./histogram.ts";

export interface ControllerOptions {
  heartbeatTimeoutMs: number;
  heartbeatIntervalMs: number;
  retryBackoffBaseMs: number;
  retryBackoffMaxMs: number;
  maxLostAttempts: number;
  maxActiveJobs: number;
  /** Drain timeout sent with a DrainWorker order; 0 = the worker's own --drain-timeout. */
  drainTimeoutMs: number;
  /** PENDING jobs kept in memory; the rest wait in the store (default 4096). */
  pendingWindow?: number;
  /** How a job picks among the workers it fits: round-robin (default) or binpack. */
  placement?: PlacementMode;
  /** A job that fits nowhere gets room reserved after waiting this long (default 60 s). */
  reserveAfterMs?: number;
}

/** A queue as the controller tracks it: its settings and how many of its jobs wait or run. */
export interface QueueState extends QueueSettings {
  /** PENDING jobs (those waiting in the store only included). */
  pending: number;
  /** Jobs holding a slot (SCHEDULED or RUNNING). */
  running: number;
  /** Whether its settings were ever saved (else it exists because jobs name it). */
  configured: boolean;
}

/**
 * Something besides placement that holds PENDING jobs back (dependencies, say): it answers
 * with its reason for a job it holds, else undefined. Consulted before placement's reasons.
 */
export type PendingReasonSource = (job: Job) => string | undefined;

/** What a watcher of one job receives. */
export type JobEventListener = (
  event: { kind: "status"; job: Job } | {
    kind: "output";
    stream: "STDOUT" | "STDERR";
    data: Uint8Array;
    attempt: number;
  },
) => void;

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
  /** Schedules written in the same batch as the jobs (a fire advancing its schedule). */
  schedules?: ScheduleRecord[];
}

/** One of a job's dependencies as its status shows it. */
export interface DependencyInfo {
  jobId: string;
  name: string;
  /** Undefined once the dependency was garbage-collected. */
  state: State | undefined;
}

/** Counters exported as metrics. */
export interface Counters {
  submitted: number;
  deduplicated: number;
  completed: number;
  failed: number;
  cancelled: number;
  retried: number;
  requeuedLost: number;
  handedBack: number;
  staleReportsRefused: number;
  assigned: number;
}

export class JobController {
  readonly #active = new Map<string, Job>();
  readonly #byKey = new Map<string, Job>();
  readonly #backlog: Backlog;
  readonly #watchers = new Map<string, Set<JobEventListener>>();
  /** Held jobs and the dependencies they wait for (manager/workflows/). */
  readonly #graph = new DependencyGraph();
  /**
   * Submits reading the state of their dependencies from the store: a dependency that ends
   * meanwhile is noted here, so the submit cannot miss its end (see `submit`).
   */
  readonly #observers = new Set<{ ids: Set<string>; ended: Map<string, State> }>();
  readonly #live = new Map<string, LiveOutput>();
  readonly fleet: Fleet;
  /** Seconds from submit to first placement, per job. */
  readonly queueWait = new Histogram(QUEUE_WAIT_BOUNDS);
  readonly counters: Counters = {
    submitted: 0,
    deduplicated: 0,
    completed: 0,
    failed: 0,
    cancelled: 0,
    retried: 0,
    requeuedLost: 0,
    handedBack: 0,
    staleReportsRefused: 0,
    assigned: 0,
  };
  #cursor = "";
  readonly #queues = new Map<string, QueueState>();
  /** Room the last placement pass held back for starving jobs. */
  #reservations: HeldRoom[] = [];
  readonly #reasonSources: PendingReasonSource[] = [];
  /** Bumped when room may have appeared or new jobs went to the store only (see #backfill). */
  #roomVersion = 0;
  /** #roomVersion when a scan beyond the window last read to the end and found nothing. */
  #fruitlessScanAt = -1;
  #scheduleQueued = false;
  #promoteTimer: ReturnType<typeof setTimeout> | undefined;
  #promoteAt = Infinity;
  #accepting = true;

  constructor(
    readonly store: Store,
    readonly options: ControllerOptions,
    readonly log: Logger,
    readonly now: () => number = Date.now,
  ) {
    this.fleet = new Fleet(options.heartbeatTimeoutMs, (w) => this.#onLeaseExpired(w), now);
    this.#backlog = new Backlog(
      store,
      {
        get: (id) => this.#active.get(id),
        track: (job) => this.#track(job),
        forget: (job) => this.#forget(job),
      },
      options.pendingWindow,
      {
        refilled: () => this.#requestSchedule(),
        refillFailed: (err) =>
          this.log.error("reading the queue from the store failed", { err: String(err) }),
      },
    );
    // A held job waits for its dependencies before anything placement could say.
    this.addPendingReasonSource(dependencyPendingReason);
  }

  /**
   * Resume after a restart: PENDING jobs go back in the queue; SCHEDULED/RUNNING ones stay
   * with their worker, which has one heartbeat timeout to re-register and claim them.
   */
  async recover(): Promise<{ pending: number; held: number; waiting: number }> {
    let held = 0;
    for (const settings of await this.store.loadQueues()) {
      Object.assign(this.#queue(settings.name), settings, { configured: true });
    }
    for (const [name, n] of await this.store.countPendingByQueue()) this.#queue(name).pending = n;
    const byWorker = new Map<string, Map<string, Job["resources"]>>();
    for (const job of await this.store.loadHeld()) {
      this.#track(job);
      const attempts = byWorker.get(job.workerId) ?? new Map();
      attempts.set(attemptKey(job.id, job.attempt), job.resources);
      byWorker.set(job.workerId, attempts);
      this.#queue(job.queue).running++;
      held++;
    }
    for (const [workerId, attempts] of byWorker) this.fleet.restore(workerId, attempts);
    // PENDING jobs: those in backoff and the head of the queue are read, the rest wait in
    // the store (backlog.ts).
    const pending = await this.#backlog.recover(this.now());
    const waiting = await this.#recoverWaiting();
    this.#armPromote();
    return { pending, held, waiting };
  }

  /**
   * Held jobs back into the dependency graph, their unfinished dependencies counted again. A
   * crash between a dependency's end and a release cannot happen (they share a batch), but
   * counting again costs one read and keeps the graph right whatever the stored counters say.
   */
  async #recoverWaiting(): Promise<number> {
    const waiting = await this.store.loadWaiting();
    if (waiting.length === 0) return 0;
    for (const job of waiting) this.#track(job);
    const outside = new Set<string>();
    for (const job of waiting) {
      for (const id of job.dependsOn) if (!this.#active.has(id)) outside.add(id);
    }
    const stored = new Map(
      (await this.store.dependencyStates([...outside])).map((d) => [d.id, d.state]),
    );
    const cancelled: Job[] = [];
    const released: Job[] = [];
    // Oldest first: a job's dependencies (older) are judged before it.
    for (const job of waiting) {
      const verdict = evaluateDependencies(
        job.dependencyPolicy,
        job.dependsOn,
        (id) => this.#active.get(id)?.state ?? stored.get(id),
      );
      if (verdict.doomedBy) {
        this.#setState(job, "CANCELLED", { error: verdict.doomedBy });
        cancelled.push(job);
      } else if (verdict.unfinished.length === 0) {
        job.depsWaiting = 0;
        released.push(job);
      } else {
        this.#graph.hold(job, verdict.unfinished);
      }
    }
    await this.store.save([...cancelled, ...released]);
    for (const job of cancelled) this.#afterDurable(job);
    const now = this.now();
    for (const job of released) this.#backlog.push(job, now);
    return waiting.length;
  }

  /** Jobs not in a terminal state (those waiting in the store included). */
  get activeCount(): number {
    return this.#active.size + this.#backlog.spilled;
  }

  get queueLength(): number {
    return this.#backlog.size;
  }

  /** PENDING jobs held by their dependencies. */
  get heldCount(): number {
    return this.#graph.size;
  }

  /** Stop accepting submits (shutdown). */
  stopAccepting(): void {
    this.#accepting = false;
  }

  // ------------------------------------------------------------------------------------
  // Client API
  // ------------------------------------------------------------------------------------

  /** New work is refused while the store is full; what runs goes on. */
  #refuseWhenFull(): void {
    const full = this.store.full?.();
    if (full) throw resourceExhausted(`${full}; free space in the data dir, then retry`);
  }

  /**
   * Create jobs (all or nothing, one batch); resolves once they are durable. A job whose
   * dependencies have not all ended is held; one whose dependency already failed it is
   * created CANCELLED (see manager/workflows/).
   */
  async submit(specs: ValidSpec[], options: SubmitOptions = {}): Promise<SubmitResult[]> {
    if (!this.#accepting) throw failedPrecondition("manager is shutting down");
    this.#refuseWhenFull();
    const refs = resolveDependencies(specs, options.fieldOf ?? (() => ""));
    const outsideIds = new Set<string>();
    for (const own of refs) for (const r of own) if (r.kind === "stored") outsideIds.add(r.id);
    // Watch the dependencies outside the request before reading them: one that ends while
    // a read is in flight (and leaves memory) is still seen ending.
    const observer = { ids: outsideIds, ended: new Map<string, State>() };
    const stored = new Map<string, Job>();
    let fromStore = new Map<string, State>();
    if (outsideIds.size) this.#observers.add(observer);
    try {
      // Keys not in memory are looked up in the store first; what follows runs without a
      // pause, so two submits with one key cannot both create a job.
      for (const spec of specs) {
        const key = spec.idempotencyKey;
        if (!key || this.#byKey.has(key) || stored.has(key)) continue;
        const job = await this.store.getByIdempotencyKey(key);
        if (job) stored.set(key, job);
      }
      const unknown = [...outsideIds].filter((id) => !this.#active.has(id));
      if (unknown.length) {
        fromStore = new Map(
          (await this.store.dependencyStates(unknown)).map((d) => [d.id, d.state]),
        );
      }
    } finally {
      this.#observers.delete(observer);
    }
    if (!this.#accepting) throw failedPrecondition("manager is shutting down");
    const stateOf = (id: string) =>
      observer.ended.get(id) ?? this.#active.get(id)?.state ?? fromStore.get(id);
    for (const own of refs) {
      for (const r of own) {
        if (r.kind === "stored" && stateOf(r.id) === undefined) throw unknownDependency(r);
      }
    }
    const now = this.now();
    const results: SubmitResult[] = [];
    const created: Job[] = [];
    const holds: { job: Job; unfinished: string[] }[] = [];
    /** Each entry of the request: its job id, and its state as the request goes on. */
    const entries: { id: string; state: () => State }[] = [];
    const seenKeys = new Map<string, SubmitResult>();
    specs.forEach((spec, i) => {
      const existing = spec.idempotencyKey
        ? seenKeys.get(spec.idempotencyKey) ?? this.#findByKey(spec.idempotencyKey, stored)
        : undefined;
      if (existing) {
        results.push({ ...existing, deduplicated: true });
        const id = existing.jobId;
        entries.push({ id, state: () => this.#active.get(id)?.state ?? existing.state });
        return;
      }
      const dependsOn = refs[i].map((r: DependencyRef) =>
        r.kind === "request" ? entries[r.index].id : r.id
      );
      const job = newJob({ ...spec, dependsOn }, now);
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
        this.#setState(job, "CANCELLED", { error: verdict.doomedBy });
      } else if (verdict.unfinished.length) {
        job.depsWaiting = verdict.unfinished.length;
        holds.push({ job, unfinished: verdict.unfinished });
      }
      created.push(job);
      entries.push({ id: job.id, state: () => job.state });
      const result = { jobId: job.id, state: job.state, deduplicated: false };
      results.push(result);
      if (spec.idempotencyKey) seenKeys.set(spec.idempotencyKey, result);
    });
    if (this.activeCount + created.length > this.options.maxActiveJobs) {
      throw resourceExhausted(
        `too many unfinished jobs: ${this.activeCount} active, limit ${this.options.maxActiveJobs}; retry later`,
      );
    }
    for (const job of created) {
      this.#track(job);
      this.#queue(job.queue).pending++;
    }
    for (const { job, unfinished } of holds) this.#graph.hold(job, unfinished);
    const durable = this.store.save(created, options.schedules);
    const ready = created.filter((j) => j.state === "PENDING" && j.depsWaiting === 0);
    // When they fit in the backlog's window, queue the jobs before their insert commits: a
    // free slot then takes one in the same commit (SCHEDULED is written instead of PENDING),
    // and an idle cluster starts a job after one disk sync instead of two. Nothing is sent
    // to a worker, nor answered to the client, before that commit.
    const early = this.#backlog.fits(ready.length);
    if (early) {
      for (const job of ready) this.#backlog.push(job, now);
      this.#requestSchedule();
    }
    await durable;
    for (const job of created) if (isTerminal(job.state)) this.#afterDurable(job);
    if (!early) {
      const now = this.now();
      for (const job of ready) {
        // It may have been cancelled while its write was in flight.
        if (job.state === "PENDING") this.#backlog.push(job, now);
      }
      this.#requestSchedule();
    }
    this.counters.submitted += created.length;
    this.counters.deduplicated += results.length - created.length;
    return results;
  }

  /** The dependencies of a job, with their current states. */
  async dependencies(job: Job): Promise<DependencyInfo[]> {
    const outside = job.dependsOn.filter((id) => !this.#active.has(id));
    const stored = new Map(
      (await this.store.dependencyStates(outside)).map((d) => [d.id, d]),
    );
    return job.dependsOn.map((id) => {
      const known = this.#active.get(id) ?? stored.get(id);
      return { jobId: id, name: known?.name ?? "", state: known?.state };
    });
  }

  /** The job, from memory when active, else from the store. */
  async get(jobId: string): Promise<Job> {
    const active = this.#active.get(jobId);
    if (active) return active;
    const stored = await this.store.get(jobId);
    // It may have come into memory while the store was read: memory is the newer.
    const job = this.#active.get(jobId) ?? stored;
    if (!job) throw notFound(`job ${jobId} not found`);
    return job;
  }

  /** A page of the job listing (from the store: it holds every job). */
  list(query: ListQuery): Promise<JobPage> {
    return this.store.list(query);
  }

  /** Output captured so far for a running attempt, if any. */
  liveOutput(jobId: string): LiveOutput | undefined {
    return this.#live.get(jobId);
  }

  /**
   * Cancel: a PENDING job ends at once; a SCHEDULED/RUNNING one is killed by its worker and
   * ends when the worker reports it (or at once if its worker is not connected).
   */
  async cancel(jobId: string): Promise<State> {
    this.#refuseWhenFull();
    let job = this.#active.get(jobId);
    const stored = job ? undefined : await this.store.get(jobId);
    job ??= this.#active.get(jobId); // it may have come into memory meanwhile
    if (!job) {
      if (!stored) throw notFound(`job ${jobId} not found`);
      if (stored.state !== "PENDING") {
        throw failedPrecondition(`job ${jobId} is already ${stored.state}`);
      }
      // It waits in the store only (backlog.ts): in memory until its end is durable.
      this.#backlog.claim(stored.id);
      this.#track(stored);
      job = stored;
    }
    if (job.state === "PENDING") {
      this.#backlog.remove(job.id);
      this.#transition(job, "CANCELLED", { error: "cancelled by user" });
      await this.#persist(job);
      return job.state;
    }
    const worker = this.fleet.get(job.workerId);
    job.cancelRequested = true;
    if (worker?.stream) {
      this.fleet.send(worker, {
        cancel: { jobId: job.id, attempt: job.attempt, reason: "cancelled by user" },
      });
      await this.store.save([job]);
      return job.state;
    }
    // The worker is unreachable: fence the attempt off and end the job now; if the worker
    // comes back its reports are stale and it is told to kill the process.
    if (worker) this.fleet.release(worker, attemptKey(job.id, job.attempt));
    this.#transition(job, "CANCELLED", { error: "cancelled by user (worker unreachable)" });
    await this.#persist(job);
    return job.state;
  }

  /** Follow a job; the listener gets status changes and output. Returns the unsubscribe. */
  watch(jobId: string, listener: JobEventListener): () => void {
    let set = this.#watchers.get(jobId);
    if (!set) this.#watchers.set(jobId, set = new Set());
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.#watchers.get(jobId) === set) this.#watchers.delete(jobId);
    };
  }

  get watcherCount(): number {
    let n = 0;
    for (const s of this.#watchers.values()) n += s.size;
    return n;
  }

  /** Order a worker to drain. */
  drain(workerId: string): WorkerSession {
    const worker = this.fleet.get(workerId);
    if (!worker) throw notFound(`worker ${workerId} not found`);
    if (!worker.stream) {
      throw failedPrecondition(`worker ${workerId} is ${worker.state}, not connected`);
    }
    this.fleet.markDraining(worker);
    this.fleet.send(worker, { drain: { timeoutMs: this.options.drainTimeoutMs } });
    return worker;
  }

  // ------------------------------------------------------------------------------------
  // Worker API
  // ------------------------------------------------------------------------------------

  /** A worker (re)registered: reconcile what it runs with what we think it holds. */
  onRegister(stream: WorkerStream, reg: Register__Output, address: string): WorkerSession {
    const old = this.fleet.get(reg.workerId);
    // Another process with this id while the first one's session lives (a copied config, two
    // pods of one name, a zombie): refused, else the two would evict each other and lose
    // every attempt. A worker that really restarted is let in once the old session's stream
    // ended or its lease ran out (it missed its heartbeats).
    if (
      old?.stream && old.sessionId !== "" && old.sessionId !== reg.sessionId &&
      this.now() - old.lastContact < this.options.heartbeatTimeoutMs
    ) {
      throw alreadyExists(
        `worker id ${reg.workerId} is in use by another live worker (connected from ` +
          `${old.address || "an unknown address"}, heard from ${
            this.now() - old.lastContact
          } ms ago): give each worker its own --id; a restarted worker is let in once the ` +
          `old session has ended or missed its heartbeats for ${this.options.heartbeatTimeoutMs} ms`,
      );
    }
    // A session restored from the store after a manager restart has no id: its worker may or
    // may not have restarted too, and it is not charged a lost attempt for the doubt.
    const restarted = old !== undefined && old.sessionId !== "" &&
      old.sessionId !== reg.sessionId;
    const { session: worker, previous } = this.fleet.register({
      id: reg.workerId,
      sessionId: reg.sessionId,
      slots: reg.slots,
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
    const claimed = new Set<string>();
    const stale = [];
    for (const ref of [...reg.running, ...reg.finished]) {
      const job = this.#active.get(ref.jobId);
      const key = attemptKey(ref.jobId, ref.attempt);
      if (job && holdsSlot(job.state) && job.attempt === ref.attempt) {
        if (job.workerId === worker.id) {
          claimed.add(key);
          this.fleet.hold(worker, key, job.resources);
          continue;
        }
      }
      if (reg.running.includes(ref)) stale.push({ jobId: ref.jobId, attempt: ref.attempt });
    }
    // Attempts we believed this worker held but it does not: the assignment never arrived,
    // or the worker restarted and its processes died with it.
    const missing = [...worker.attempts.keys()].filter((k) => !claimed.has(k));
    for (const key of missing) {
      this.fleet.release(worker, key);
      const job = this.#jobForKey(key);
      if (!job) continue;
      if (restarted) this.#loseAttempt(job, `worker ${worker.id} restarted`);
      else this.#requeue(job, `assignment to worker ${worker.id} was not received`);
    }
    this.counters.staleReportsRefused += stale.length;
    if (stale.length) {
      this.log.warn("worker holds stale attempts; told to kill them", {
        worker: worker.id,
        stale: stale.map((s) => attemptKey(s.jobId, s.attempt)),
      });
    }
    this.fleet.send(worker, {
      registered: {
        heartbeatIntervalMs: this.options.heartbeatIntervalMs,
        heartbeatTimeoutMs: this.options.heartbeatTimeoutMs,
        stale,
      },
    });
    this.log.info("worker registered", {
      worker: worker.id,
      slots: worker.slots,
      capacity: worker.capacity,
      isolation: worker.isolation || "unknown",
      resumed: claimed.size,
      restarted,
    });
    this.#roomVersion++;
    this.#requestSchedule();
    return worker;
  }

  onHeartbeat(worker: WorkerSession, seq: number, draining: boolean): void {
    this.fleet.touch(worker);
    if (draining && worker.state !== "DRAINING") {
      this.fleet.markDraining(worker);
      this.log.info("worker is draining", { worker: worker.id });
    }
    this.fleet.send(worker, { heartbeatAck: { seq } });
  }

  onStarted(worker: WorkerSession, jobId: string, attempt: number, startedAt: string): void {
    this.fleet.touch(worker);
    const job = this.#current(worker, jobId, attempt);
    if (!job) return this.#refuseStale(worker, jobId, attempt, true);
    if (job.state !== "SCHEDULED") return;
    this.#transition(job, "RUNNING", { startedAt: Date.parse(startedAt) || this.now() });
    this.#persist(job).catch(() => {});
  }

  onOutput(
    worker: WorkerSession,
    jobId: string,
    attempt: number,
    stream: "STDOUT" | "STDERR",
    data: Uint8Array,
  ): void {
    this.fleet.touch(worker);
    const job = this.#current(worker, jobId, attempt);
    if (!job) return this.#refuseStale(worker, jobId, attempt, true);
    let live = this.#live.get(jobId);
    if (!live || live.attempt !== attempt) {
      live = { attempt, stdout: [], stderr: [], stdoutKept: 0, stderrKept: 0 };
      this.#live.set(jobId, live);
    }
    // Never trust the worker's cap: keep (and forward) at most the stored-output bound.
    const err = stream === "STDERR";
    const kept = err ? live.stderrKept : live.stdoutKept;
    const chunk = data.subarray(0, Math.max(0, MAX_STORED_OUTPUT_BYTES - kept));
    if (chunk.length === 0) return;
    (err ? live.stderr : live.stdout).push(chunk);
    if (err) live.stderrKept += chunk.length;
    else live.stdoutKept += chunk.length;
    for (const l of this.#watchers.get(jobId) ?? []) {
      l({ kind: "output", stream, data: chunk, attempt });
    }
  }

  async onFinished(worker: WorkerSession, f: AttemptFinished__Output): Promise<void> {
    this.fleet.touch(worker);
    const ack = () =>
      this.fleet.send(worker, { finishedAck: { jobId: f.jobId, attempt: f.attempt } });
    const job = this.#current(worker, f.jobId, f.attempt);
    if (!job) {
      const ending = this.#active.get(f.jobId);
      if (
        ending && isTerminal(ending.state) && ending.attempt === f.attempt &&
        ending.workerId === worker.id
      ) {
        // A repeat of the report whose outcome is being committed right now (resent on a
        // new stream): acknowledge it only once that outcome is durable, like the first.
        try {
          await this.store.save([ending]);
        } catch {
          return;
        }
        ack();
        return;
      }
      // Stale: the job moved on (requeued elsewhere, cancelled). Refuse the outcome, but
      // acknowledge the report so the worker stops resending it.
      this.#refuseStale(worker, f.jobId, f.attempt, false);
      ack();
      return;
    }
    this.fleet.release(worker, attemptKey(job.id, job.attempt));
    this.#live.delete(job.id);
    this.#roomVersion++;
    this.#requestSchedule(); // a slot was freed
    if (f.handedBack) {
      this.counters.handedBack++;
      this.#requeue(job, f.error.slice(0, 4096) || `handed back by worker ${worker.id}`);
    } else {
      this.fleet.countCompleted(worker);
      // Bounded whatever the worker sent, so every stored status stays readable.
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
        startedAt: job.startedAt ?? (Date.parse(f.startedAt) || null),
      });
      const finishedAt = Date.parse(f.finishedAt) || this.now();
      if (f.cancelled || (job.cancelRequested && f.exitCode !== 0)) {
        this.#transition(job, "CANCELLED", { finishedAt, error: "cancelled by user" });
      } else if (f.exitCode === 0 && !f.timedOut && !f.error) {
        this.#transition(job, "COMPLETED", { finishedAt, error: "" });
      } else {
        this.#fail(job, describeFailure(f), finishedAt);
      }
    }
    try {
      await this.#persist(job);
    } catch {
      return; // the store failed: the manager is going down; the worker will resend
    }
    ack();
  }

  /** The worker's stream ended; its lease runs until the heartbeat timeout. */
  onStreamEnd(worker: WorkerSession, stream: WorkerStream): void {
    this.fleet.disconnected(worker, stream);
    if (worker.state === "DISCONNECTED") this.log.info("worker left", { worker: worker.id });
    else this.log.warn("worker stream ended", { worker: worker.id });
  }

  // ------------------------------------------------------------------------------------
  // Internals
  // ------------------------------------------------------------------------------------

  #track(job: Job): void {
    this.#active.set(job.id, job);
    if (job.idempotencyKey) this.#byKey.set(job.idempotencyKey, job);
  }

  /** Drop a PENDING job that waits in the store only (backlog.ts) from memory. */
  #forget(job: Job): void {
    if (this.#active.get(job.id) !== job) return;
    this.#active.delete(job.id);
    if (job.idempotencyKey && this.#byKey.get(job.idempotencyKey) === job) {
      this.#byKey.delete(job.idempotencyKey);
    }
  }

  #findByKey(key: string, stored: Map<string, Job>): SubmitResult | undefined {
    const job = this.#byKey.get(key) ?? stored.get(key);
    return job ? { jobId: job.id, state: job.state, deduplicated: true } : undefined;
  }

  #jobForKey(key: string): Job | undefined {
    return this.#active.get(key.slice(0, key.lastIndexOf("/")));
  }

  /** The job if this report is for its current attempt on this worker; else undefined. */
  #current(worker: WorkerSession, jobId: string, attempt: number): Job | undefined {
    const job = this.#active.get(jobId);
    if (
      !job || !holdsSlot(job.state) || job.attempt !== attempt || job.workerId !== worker.id
    ) return undefined;
    return job;
  }

  #refuseStale(worker: WorkerSession, jobId: string, attempt: number, stillRunning: boolean) {
    this.counters.staleReportsRefused++;
    this.log.warn("refused a report from a stale attempt", {
      worker: worker.id,
      job: jobId,
      attempt,
    });
    if (stillRunning) {
      this.fleet.send(worker, {
        cancel: { jobId, attempt, reason: "stale attempt: the job moved on" },
      });
    }
  }

  /** Change a job's state; a terminal one releases or dooms the jobs that wait for it. */
  #transition(job: Job, to: State, fields: Partial<Job> = {}): void {
    this.#setState(job, to, fields);
    if (isTerminal(to)) this.#propagate(job);
  }

  /**
   * The effects of a terminal state on the held jobs behind it, transitively: those whose
   * last dependency it was are released, those it dooms are cancelled, and their own
   * dependents in turn. Everything is saved in one call with the job (one batch, one
   * transaction: the release is durable exactly when the outcome is). A worklist, not
   * recursion: a chain may be 10,000 jobs deep.
   */
  #propagate(root: Job): void {
    const work = [root];
    const cancelled: Job[] = [];
    const released: Job[] = [];
    while (work.length) {
      for (const effect of this.#graph.onTerminal(work.pop()!)) {
        if (effect.kind === "released") {
          released.push(effect.job);
          continue;
        }
        this.#setState(effect.job, "CANCELLED", { error: effect.error });
        cancelled.push(effect.job);
        work.push(effect.job);
      }
    }
    if (cancelled.length === 0 && released.length === 0) return;
    this.store.save([root, ...cancelled, ...released]).then(() => {
      for (const job of cancelled) this.#afterDurable(job);
    }, () => {});
    const now = this.now();
    for (const job of released) this.#backlog.push(job, now);
    if (released.length) this.#requestSchedule();
  }

  /** The state change itself, checked against the transition table. */
  #setState(job: Job, to: State, fields: Partial<Job> = {}): void {
    const from = job.state;
    if (!canTransition(from, to)) throw new IllegalTransitionError(job.id, from, to);
    Object.assign(job, fields);
    job.state = to;
    this.#countMove(job.queue, from, to);
    if (to === "COMPLETED") this.counters.completed++;
    else if (to === "FAILED") this.counters.failed++;
    else if (to === "CANCELLED") this.counters.cancelled++;
    if (isTerminal(to) && job.finishedAt === null) job.finishedAt = this.now();
    if (isTerminal(to)) {
      for (const o of this.#observers) if (o.ids.has(job.id)) o.ended.set(job.id, to);
    }
    // Watchers take a terminal state as final (`submit --wait` exits with it): they hear of
    // it only once it is durable, in #persist. A manager that dies before the commit must
    // not have told anyone an outcome the next one will not know.
    if (!isTerminal(to)) this.#notify(job);
  }

  #notify(job: Job): void {
    for (const l of this.#watchers.get(job.id) ?? []) l({ kind: "status", job });
  }

  /**
   * Persist; once durable, drop finished jobs from memory. A job's terminal state is logged
   * and told to watchers here, once it is durable: exactly one such line per job, across
   * every manager life, is what the fault-injection suite checks.
   */
  async #persist(job: Job): Promise<void> {
    await this.store.save([job]);
    this.#afterDurable(job);
  }

  /** Once a job's latest state is durable: a terminal job leaves memory, logged and told. */
  #afterDurable(job: Job): void {
    if (isTerminal(job.state) && this.#active.get(job.id) === job) {
      this.#active.delete(job.id);
      if (job.idempotencyKey) this.#byKey.delete(job.idempotencyKey);
      this.#live.delete(job.id);
      this.log.info("job finished", {
        job: job.id,
        state: job.state,
        attempt: job.attempt,
        worker: job.workerId,
      });
      this.#notify(job);
    }
  }

  /**
   * Back to PENDING without counting a try (never ran, was handed back, or its worker was
   * lost), at the front of the queue: it had waited its turn already.
   */
  #requeue(job: Job, reason: string): void {
    this.#transition(job, "PENDING", { error: reason, workerId: job.workerId, notBefore: 0 });
    this.#backlog.pushFront(job);
    this.#persist(job).catch(() => {});
    this.#requestSchedule();
  }

  /** The worker was lost with this attempt: requeue as a new attempt, within bounds. */
  #loseAttempt(job: Job, reason: string): void {
    job.lost++;
    this.#live.delete(job.id);
    if (job.lost > this.options.maxLostAttempts) {
      this.#transition(job, "FAILED", {
        error: `${reason}; lost ${job.lost} times (limit ${this.options.maxLostAttempts})`,
      });
      this.#persist(job).catch(() => {});
      return;
    }
    this.counters.requeuedLost++;
    this.#requeue(job, reason);
  }

  /** A failed attempt: retry with exponential backoff while retries are left. */
  #fail(job: Job, reason: string, finishedAt: number): void {
    job.failures++;
    if (job.failures <= job.maxRetries) {
      const backoff = Math.min(
        this.options.retryBackoffMaxMs,
        this.options.retryBackoffBaseMs * 2 ** (job.failures - 1),
      );
      const notBefore = this.now() + backoff;
      this.#transition(job, "PENDING", {
        error: `${reason}; retry ${job.failures} of ${job.maxRetries}`,
        notBefore,
      });
      this.counters.retried++;
      this.#backlog.push(job, this.now());
      this.#armPromote();
      return;
    }
    this.#transition(job, "FAILED", { error: reason, finishedAt });
  }

  #onLeaseExpired(worker: WorkerSession): void {
    const keys = this.fleet.releaseAll(worker);
    if (keys.length) {
      this.log.warn("worker lost; requeueing its attempts", {
        worker: worker.id,
        attempts: keys.length,
      });
    }
    for (const key of keys) {
      const job = this.#jobForKey(key);
      if (job && holdsSlot(job.state) && attemptKey(job.id, job.attempt) === key) {
        this.#loseAttempt(
          job,
          `worker ${worker.id} lost (no heartbeat for ${this.options.heartbeatTimeoutMs} ms)`,
        );
      }
    }
  }

  /** Wake up when the earliest retry backoff ends. */
  #armPromote(): void {
    const next = this.#backlog.promote(this.now());
    if (next === undefined || next >= this.#promoteAt) return;
    clearTimeout(this.#promoteTimer);
    this.#promoteAt = next;
    this.#promoteTimer = setTimeout(() => {
      this.#promoteAt = Infinity;
      this.#armPromote();
      this.#requestSchedule();
    }, Math.max(0, next - this.now()));
  }

  /** Placement runs once per turn of the event loop, however many events asked for it. */
  #requestSchedule(): void {
    if (this.#scheduleQueued) return;
    this.#scheduleQueued = true;
    queueMicrotask(() => {
      this.#scheduleQueued = false;
      this.#scheduleNow();
    });
  }

  #scheduleNow(): void {
    const healthy = this.fleet.schedulable();
    let freeSlots = 0;
    for (const w of healthy) freeSlots += this.fleet.freeSlots(w);
    if (freeSlots === 0 || this.#backlog.readyCount === 0) return;
    const workers = this.#placementWorkers(healthy);
    const now = this.now();
    const plan = schedule({
      jobs: this.#readyJobs(freeSlots),
      workers,
      queues: this.#queues,
      cursor: this.#cursor,
      mode: this.options.placement ?? "round-robin",
      now,
      reserveAfterMs: this.options.reserveAfterMs ?? DEFAULT_RESERVE_AFTER_MS,
    });
    this.#cursor = plan.cursor;
    this.#reservations = plan.reservations.flatMap(({ jobId, workerId }) => {
      const job = this.#active.get(jobId);
      return job
        ? [{ jobId, workerId, resources: job.resources, waitingSince: waitingSince(job) }]
        : [];
    });
    this.#backlog.take(plan.assignments.map((a) => a.jobId));
    const placed: { job: Job; worker: WorkerSession }[] = [];
    for (const { jobId, workerId } of plan.assignments) {
      const job = this.#active.get(jobId)!;
      const worker = this.fleet.get(workerId)!;
      // Queue wait is submit to first placement; a retry's wait is its backoff, not the queue.
      if (job.attempt === 0) this.queueWait.observe(Math.max(0, now - job.createdAt) / 1000);
      this.#transition(job, "SCHEDULED", {
        attempt: job.attempt + 1,
        workerId,
        error: "",
        exitCode: null,
        signal: "",
        timedOut: false,
        startedAt: null,
        notBefore: 0,
      });
      this.fleet.hold(worker, attemptKey(job.id, job.attempt), job.resources);
      placed.push({ job, worker });
    }
    this.counters.assigned += placed.length;
    if (placed.length) {
      // Send only once the attempts are durable: a manager that crashes now must not find a
      // worker running an attempt its store never heard of.
      this.store.save(placed.map(({ job }) => job)).then(() => {
        for (const { job, worker } of placed) this.#send(job, worker);
      }, () => {});
    }
    if (plan.examinedAll && plan.slotsLeft > 0) this.#backfillBeyondWindow(plan.slotsLeft);
  }

  /** The healthy workers as placement sees them. */
  #placementWorkers(healthy: readonly WorkerSession[]): PlacementWorker[] {
    return healthy.map((w) => ({
      id: w.id,
      labels: w.labels,
      total: this.fleet.total(w),
      free: this.fleet.free(w),
    }));
  }

  /** The ready jobs in queue order, as placement reads them (lazily). */
  *#readyJobs(n: number): Generator<Job> {
    for (const id of this.#backlog.ready(n)) {
      const job = this.#active.get(id);
      if (job) yield job;
    }
  }

  /**
   * Every job in memory waited for something it lacks while room is free: look for jobs
   * that would fit among those waiting in the store only (backlog.ts, scanBeyond). A scan
   * that read to the end and found nothing is not repeated until room appears or new jobs
   * go to the store.
   */
  #backfillBeyondWindow(slotsLeft: number): void {
    if (this.#backlog.spilled === 0 || this.#fruitlessScanAt === this.#roomVersion) return;
    const version = this.#roomVersion;
    this.#backlog.scanBeyond((job) => this.#couldStartNow(job), slotsLeft).then(
      ({ brought, wrapped }) => {
        if (brought > 0 || !wrapped) this.#requestSchedule();
        else this.#fruitlessScanAt = version;
      },
      (err) => this.log.error("reading the queue from the store failed", { err: String(err) }),
    );
  }

  /** Whether a job could start now, ignoring order and reservations (for scans). */
  #couldStartNow(job: Job): boolean {
    if (job.notBefore > this.now()) return false;
    const queue = this.#queues.get(job.queue);
    if (queue?.paused || (queue && queue.maxRunning > 0 && queue.running >= queue.maxRunning)) {
      return false;
    }
    return this.fleet.schedulable().some((w) =>
      matchesSelector(w.labels, job.selector) && fits(this.fleet.free(w), job.resources)
    );
  }

  #send(job: Job, worker: WorkerSession): void {
    const key = attemptKey(job.id, job.attempt);
    if (!worker.attempts.has(key) || job.state !== "SCHEDULED") return; // moved on meanwhile
    if (job.cancelRequested) {
      this.fleet.release(worker, key);
      this.#transition(job, "CANCELLED", { error: "cancelled by user" });
      this.#persist(job).catch(() => {});
      return;
    }
    const sent = this.fleet.send(worker, {
      assign: {
        jobId: job.id,
        attempt: job.attempt,
        command: job.command,
        env: job.env,
        cwd: job.cwd,
        timeoutSeconds: job.timeoutSeconds,
        resources: job.resources,
      },
    });
    if (!sent) {
      this.fleet.release(worker, key);
      this.#requeue(job, `worker ${worker.id} disconnected before the assignment was sent`);
    }
  }

  // ------------------------------------------------------------------------------------
  // Queues and pending reasons
  // ------------------------------------------------------------------------------------

  /** The queue's state, made (unconfigured, no limits) when first named. */
  #queue(name: string): QueueState {
    let queue = this.#queues.get(name);
    if (!queue) {
      queue = { name, maxRunning: 0, paused: false, pending: 0, running: 0, configured: false };
      this.#queues.set(name, queue);
    }
    return queue;
  }

  /** Keep the per-queue counts in step with a job's move from one state to another. */
  #countMove(queueName: string, from: State, to: State): void {
    if (from === to) return;
    const queue = this.#queue(queueName);
    if (from === "PENDING") queue.pending--;
    if (to === "PENDING") queue.pending++;
    if (holdsSlot(from) && !holdsSlot(to)) {
      queue.running--;
      // Below its max_running again: its next job may start.
      if (queue.maxRunning > 0) {
        this.#roomVersion++;
        this.#requestSchedule();
      }
    }
    if (!holdsSlot(from) && holdsSlot(to)) queue.running++;
  }

  /**
   * The queues: every one with saved settings or with jobs waiting or running, and
   * "default" always; by name.
   */
  listQueues(): QueueState[] {
    this.#queue(DEFAULT_QUEUE);
    const out: QueueState[] = [];
    for (const [name, q] of this.#queues) {
      if (q.configured || q.pending > 0 || q.running > 0 || name === DEFAULT_QUEUE) out.push(q);
      else this.#queues.delete(name); // named once by jobs long gone
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Change a queue's settings (fields left undefined keep their value); durable on return. */
  async updateQueue(
    name: string,
    change: { maxRunning?: number; paused?: boolean },
  ): Promise<QueueState> {
    const queue = this.#queue(name);
    const settings: QueueSettings = {
      name,
      maxRunning: change.maxRunning ?? queue.maxRunning,
      paused: change.paused ?? queue.paused,
    };
    await this.store.saveQueue(settings);
    Object.assign(queue, settings, { configured: true });
    this.log.info("queue updated", { ...settings });
    this.#roomVersion++;
    this.#requestSchedule();
    return queue;
  }

  /** Let another part of the manager explain the PENDING jobs it holds back. */
  addPendingReasonSource(source: PendingReasonSource): void {
    this.#reasonSources.push(source);
  }

  /** Why a PENDING job is not running ("" for a job in any other state). */
  pendingReason(job: Job): string {
    return this.pendingReasons()(job);
  }

  /**
   * `pendingReason` for many jobs (a listing page): the snapshot of the fleet is taken once.
   */
  pendingReasons(): (job: Job) => string {
    let snapshot: ReasonSnapshot | undefined;
    return (job) => {
      if (job.state !== "PENDING") return "";
      snapshot ??= this.#reasonSnapshot();
      return this.#explain(job, snapshot);
    };
  }

  #reasonSnapshot(): ReasonSnapshot {
    const healthy = this.fleet.schedulable();
    return {
      workers: this.#placementWorkers(healthy),
      otherWorkers: this.fleet.all().filter((w) => w.state !== "DISCONNECTED").length -
        healthy.length,
      queues: this.#queues,
      reservations: this.#reservations,
      now: this.now(),
    };
  }

  #explain(job: Job, snapshot: ReasonSnapshot): string {
    for (const source of this.#reasonSources) {
      const reason = source(job);
      if (reason) return reason;
    }
    const reason = explainPending(job, snapshot);
    if (reason) return reason;
    return this.#active.has(job.id)
      ? "waiting for a place (it is next in line)"
      : "waiting for its turn in the queue";
  }

  /** Stop timers (shutdown). */
  stop(): void {
    clearTimeout(this.#promoteTimer);
    this.fleet.stop();
  }
}

/** Default of ControllerOptions.reserveAfterMs. */
export const DEFAULT_RESERVE_AFTER_MS = 60_000;

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/**
 * A job id: a UUID of version 7 (RFC 9562), its first 48 bits the creation time in ms, the
 * other 74 random. Ids made close in time sort close together, so the store's id index
 * takes new jobs near its end instead of at random pages: submitting in bulk writes far
 * fewer pages (+50 % jobs/s measured with SubmitJobs). It has the shape of the seed's ids.
 */
export function newJobId(now: number): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[0] = now / 2 ** 40;
  b[1] = now / 2 ** 32;
  b[2] = now >>> 24;
  b[3] = now >>> 16;
  b[4] = now >>> 8;
  b[5] = now;
  b[6] = (b[6] & 0x0f) | 0x70; // version 7
  b[8] = (b[8] & 0x3f) | 0x80; // variant 10
  let id = "";
  for (let i = 0; i < 16; i++) {
    id += HEX[b[i]];
    if (i === 3 || i === 5 || i === 7 || i === 9) id += "-";
  }
  return id;
}

/** A new PENDING job from a validated spec. */
export function newJob(spec: ValidSpec, now: number): Job {
  return {
    id: newJobId(now),
    seq: 0,
    ...spec,
    state: "PENDING",
    attempt: 0,
    workerId: "",
    exitCode: null,
    signal: "",
    error: "",
    timedOut: false,
    stdout: new Uint8Array(0),
    stderr: new Uint8Array(0),
    stdoutTruncated: false,
    stderrTruncated: false,
    stdoutBytes: 0,
    stderrBytes: 0,
    createdAt: now,
    startedAt: null,
    finishedAt: null,
    notBefore: 0,
    failures: 0,
    lost: 0,
    cancelRequested: false,
    depsWaiting: 0,
    scheduleName: "",
    fireTime: null,
  };
}

function describeFailure(f: AttemptFinished__Output): string {
  if (f.error) return f.error.slice(0, 4096);
  if (f.timedOut) return "timed out; process group killed";
  if (f.signal) return `killed by ${f.signal}`;
  return `exited with code ${f.exitCode}`;
}
