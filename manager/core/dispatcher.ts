/**
 * The placement loop: when something may have changed what can run (a submit, a freed slot,
 * a worker joined, a queue changed, a backoff ended), take the head of the queue and a
 * snapshot of the fleet, let the scheduler (a pure function) place them, make the new
 * attempts durable, then send them. It runs once per turn of the event loop, however many
 * events asked for it; there is no polling timer.
 *
 * Invariant: nothing is sent to a worker about an attempt before the attempt is durable: a
 * manager that crashes now must not find a worker running an attempt its store never heard of.
 */
import type { Job } from "../../shared/model.ts";
import type { Logger } from "../../shared/log.ts";
import type { Fleet, WorkerSession } from "../fleet/fleet.ts";
import type { Backlog } from "../placement/backlog.ts";
import type { HeldRoom } from "../placement/pending_reason.ts";
import { fits, matchesSelector, type Room, take } from "../placement/resources.ts";
import {
  type PlacementMode,
  type PlacementWorker,
  schedule,
  waitingSince,
} from "../placement/scheduler.ts";
import type { Store } from "../store/store.ts";
import type { JobTable } from "./job_table.ts";
import type { Lifecycle } from "./lifecycle.ts";
import type { CoreMetrics } from "./metrics.ts";
import type { Queues } from "./queues.ts";

/** Default of `reserveAfterMs`. */
export const DEFAULT_RESERVE_AFTER_MS = 60_000;

/** Default of `revokeQueuedAfterMs`. */
export const DEFAULT_REVOKE_QUEUED_AFTER_MS = 1000;

export interface DispatcherDeps {
  store: Store;
  table: JobTable;
  fleet: Fleet;
  backlog: Backlog;
  queues: Queues;
  lifecycle: Lifecycle;
  metrics: CoreMetrics;
  log: Logger;
  now: () => number;
  /** How a job picks among the workers it fits: round-robin (default) or binpack. */
  mode: PlacementMode;
  /** A job that fits nowhere gets room reserved after waiting this long. */
  reserveAfterMs: number;
  /** A queued attempt waiting this long is taken back when another worker could run it now. */
  revokeQueuedAfterMs: number;
}

/** Jobs a scan beyond the window brings into memory at least, when it finds that many. */
const SCAN_BRINGS_AT_LEAST = 256;

export class Dispatcher {
  #queued = false;
  /** The rotation of round-robin placement carries over between runs. */
  #cursor = "";
  /** Room the last placement pass held back for starving jobs. */
  #reservations: HeldRoom[] = [];
  /** Bumped when room may have appeared or new jobs went to the store only (see #backfill). */
  #roomVersion = 0;
  /** #roomVersion when a scan beyond the window last read to the end and found nothing. */
  #fruitlessScanAt = -1;

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

  /** Room may have appeared (a slot freed, a worker joined, a queue changed): place again. */
  roomChanged(): void {
    this.#roomVersion++;
    this.request();
  }

  /** What the last pass held back for starving jobs. */
  get reservations(): readonly HeldRoom[] {
    return this.#reservations;
  }

  /** The healthy workers as placement sees them. */
  placementWorkers(healthy: readonly WorkerSession[]): PlacementWorker[] {
    const { fleet } = this.deps;
    return healthy.map((w) => ({
      id: w.id,
      labels: w.labels,
      total: fleet.total(w),
      free: fleet.free(w),
      queue: fleet.queueRoom(w),
    }));
  }

  #place(): void {
    const { fleet, backlog, table, lifecycle, store, metrics, log, queues, now } = this.deps;
    const healthy = fleet.schedulable();
    let openings = 0;
    for (const w of healthy) openings += fleet.openings(w);
    if (openings === 0 || backlog.readyCount === 0) return;
    const plan = schedule({
      jobs: this.#readyJobs(openings),
      workers: this.placementWorkers(healthy),
      queues: queues.all,
      cursor: this.#cursor,
      mode: this.deps.mode,
      now: now(),
      reserveAfterMs: this.deps.reserveAfterMs,
    });
    this.#cursor = plan.cursor;
    this.#reservations = plan.reservations.flatMap(({ jobId, workerId }) => {
      const job = table.get(jobId);
      return job
        ? [{ jobId, workerId, resources: job.resources, waitingSince: waitingSince(job) }]
        : [];
    });
    backlog.take(plan.assignments.map((a) => a.jobId));
    const placed: { job: Job; worker: WorkerSession }[] = [];
    for (const { jobId, workerId, queued } of plan.assignments) {
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
      fleet.hold(worker, { jobId: job.id, attempt: job.attempt }, job.resources, queued);
      placed.push({ job, worker });
    }
    if (placed.length) {
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
    if (plan.examinedAll && plan.slotsLeft > 0) this.#backfillBeyondWindow(plan.slotsLeft);
  }

  /** The ready jobs in queue order, as placement reads them (lazily). */
  *#readyJobs(n: number): Generator<Job> {
    for (const id of this.deps.backlog.ready(n)) {
      const job = this.deps.table.get(id);
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
    const { backlog, log } = this.deps;
    if (backlog.spilled === 0 || this.#fruitlessScanAt === this.#roomVersion) return;
    const version = this.#roomVersion;
    const { fleet } = this.deps;
    // The fleet as the scan's rows arrive, taken once per change of room, not once per row.
    let rooms: { labels: Record<string, string>; free: Room }[] | undefined;
    let takenAt = -1;
    const couldStart = (job: Job) => {
      if (rooms === undefined || takenAt !== this.#roomVersion) {
        // A free queue place counts as room too: a job placed there starts as a slot frees.
        rooms = fleet.schedulable().map((w) => {
          const free = fleet.free(w);
          return { labels: w.labels, free: { ...free, slots: free.slots + fleet.queueRoom(w) } };
        });
        takenAt = this.#roomVersion;
      }
      return this.#couldStartNow(job, rooms);
    };
    // More than the free slots: a scan reads a page of rows anyway, and the jobs it brings
    // keep the next slots busy without another scan (the window overflows by that much).
    backlog.scanBeyond(couldStart, Math.max(slotsLeft, SCAN_BRINGS_AT_LEAST)).then(
      ({ brought, wrapped }) => {
        if (brought > 0 || !wrapped) this.request();
        else this.#fruitlessScanAt = version;
      },
      (err) => log.error("reading the queue from the store failed", { err: String(err) }),
    );
  }

  /** Whether a job could start now in `rooms`, ignoring order and reservations (for scans). */
  #couldStartNow(job: Job, rooms: { labels: Record<string, string>; free: Room }[]): boolean {
    const { queues, now } = this.deps;
    if (job.notBefore > now()) return false;
    const queue = queues.all.get(job.queue);
    if (queue?.paused || (queue && queue.maxRunning > 0 && queue.running >= queue.maxRunning)) {
      return false;
    }
    return rooms.some((r) =>
      matchesSelector(r.labels, job.selector) && fits(r.free, job.resources)
    );
  }

  /**
   * Bounded staleness of queued attempts: one a worker has held for longer than
   * `revokeQueuedAfterMs` (its slots busy with long jobs) while another healthy worker has a
   * free slot that fits it is asked back (a cancel with `handBack`). The worker hands it back
   * unrun, and it is requeued at the front and placed into the free slot; one that started
   * meanwhile runs on (its started report wins, the request is ignored). Called by a timer.
   */
  revokeLongQueued(): void {
    const { fleet, table, now, log, metrics } = this.deps;
    const rooms = fleet.schedulable().filter((w) => fleet.freeSlots(w) > 0).map((w) => ({
      worker: w,
      free: fleet.free(w),
    }));
    if (rooms.length === 0) return;
    const roomFor = (job: Job, from: WorkerSession) =>
      rooms.find((r) =>
        r.worker !== from && matchesSelector(r.worker.labels, job.selector) &&
        fits(r.free, job.resources)
      );
    const cutoff = now() - this.deps.revokeQueuedAfterMs;
    const candidates: { worker: WorkerSession; waiting: Job[]; held: number }[] = [];
    for (const w of fleet.all()) {
      if (w.queueDepth === 0 || !w.stream || w.attempts.size <= w.slots) continue;
      // At most this many wait in its queue (the rest run, or are about to).
      let held = w.attempts.size - w.slots;
      const waiting: Job[] = [];
      for (const [jobId, a] of w.attempts) {
        const job = table.get(jobId);
        if (job?.state !== "SCHEDULED" || job.attempt !== a.attempt) continue;
        if (a.revoked) {
          // On its way back (unless it started meanwhile): the room it will take is spoken for.
          held--;
          const room = roomFor(job, w);
          if (room) take(room.free, job.resources);
        } else if (a.since <= cutoff) waiting.push(job);
      }
      if (held > 0 && waiting.length) candidates.push({ worker: w, waiting, held });
    }
    for (const { worker: w, waiting, held } of candidates) {
      let left = held;
      // The newest first: the oldest are at the head of the worker's queue, next to start.
      for (let i = waiting.length - 1; i >= 0 && left > 0; i--) {
        const job = waiting[i];
        const room = roomFor(job, w);
        if (!room) continue;
        take(room.free, job.resources);
        left--;
        const ref = { jobId: job.id, attempt: job.attempt };
        fleet.markRevoked(w, ref);
        metrics.queuedAttemptRevoked();
        log.info("taking back a queued attempt for a worker with free room", {
          job: job.id,
          attempt: job.attempt,
          from: w.id,
          freeOn: room.worker.id,
        });
        fleet.send(w, {
          cancel: { ...ref, reason: `a slot is free on ${room.worker.id}`, handBack: true },
        });
      }
    }
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
        resources: job.resources,
      },
    });
    if (!sent) {
      fleet.release(worker, ref);
      lifecycle.requeue(job, `worker ${worker.id} disconnected before the assignment was sent`);
    }
  }
}
