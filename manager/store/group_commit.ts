/**
 * Group commit, for any driver: saves made within one turn of the event loop are gathered
 * into one `Batch` and handed to the driver's `commit`, which writes it in one transaction
 * and resolves once it is durable. Under load, many submits and reports then cost one commit.
 *
 * A job saved several times before its batch is written is written once, from its fields at
 * that moment. Batches are handed over in order, one per turn at most; a driver must apply
 * them in that order (SQLite's commits are synchronous; a networked driver uses one
 * connection, or waits for the previous batch).
 *
 * A full disk is not fatal: a batch that failed with StoreFullError wrote nothing, so its
 * jobs and waiters go back in front of what waits, and it is tried again every
 * `FULL_RETRY_MS` until it lands. Meanwhile the store says it is full (`full`), the driver's
 * reserve is given up so the retry has room, and the store stays full until the reserve can
 * be written back: that is how it notices space is back.
 */
import { setImmediate } from "node:timers";
import type { Job } from "../../shared/model.ts";
import { StoreFullError } from "./errors.ts";
import type { ScheduleRecord } from "../workflows/schedule_record.ts";

export const FULL_RETRY_MS = 1000;

/** Space a driver keeps aside, given up when the disk fills (see sqlite/reserve.ts). */
export interface Reserve {
  release(): void;
  /** Put it back; false while there is no room. */
  restore(): boolean;
}

/** The jobs and schedules of one group commit: written in one transaction, all or none. */
export interface Batch {
  readonly jobs: readonly Job[];
  /** Schedules to insert or update, or to delete (`deleted`); by name, the latest save wins. */
  readonly schedules: readonly ScheduleRecord[];
}

/**
 * Write `batch` in one transaction; resolve once durable, reject when nothing of it may be
 * trusted. Rows must be taken from the jobs before the first await (they change after).
 */
export type CommitFn = (batch: Batch) => Promise<void>;

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class GroupCommit {
  #dirty = new Map<string, Job>();
  #dirtySchedules = new Map<string, ScheduleRecord>();
  #waiters: Waiter[] = [];
  #scheduled = false;
  #closed = false;
  readonly #inFlight = new Set<Promise<void>>();
  /** Jobs in batches not durable yet: id → how many such batches hold it. */
  readonly #writing = new Map<string, number>();

  #full: StoreFullError | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly commit: CommitFn,
    /** Called when a batch failed (unless closing); not for a full disk. */
    readonly onFatal: (err: unknown) => void,
    readonly reserve?: Reserve,
    /** Told when the store becomes full (the error) and when it is not any more (undefined). */
    readonly onFull: (err: StoreFullError | undefined) => void = () => {},
  ) {}

  /** Why the store is full, or undefined while writes land. */
  get full(): StoreFullError | undefined {
    return this.#full;
  }

  /** Join the next batch; resolves once it is durable. */
  save(jobs: Iterable<Job>, schedules: Iterable<ScheduleRecord> = []): Promise<void> {
    if (this.#closed) return Promise.reject(new Error("store is closed"));
    for (const job of jobs) this.#dirty.set(job.id, job);
    // A snapshot: a schedule is one small record, and the batch must hold the fields of
    // this save even if the schedule changes again in memory before a later batch.
    for (const s of schedules) this.#dirtySchedules.set(s.name, structuredClone(s));
    const done = new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }));
    // While full, batches go on the retry timer only.
    if (!this.#scheduled && !this.#full) {
      this.#scheduled = true;
      // setImmediate runs after pending I/O callbacks: everything that arrived in this
      // turn of the event loop joins the batch.
      setImmediate(() => this.flush());
    }
    return done;
  }

  /** Whether a save of this job is not durable yet (a read may not see it). */
  isUnsaved(id: string): boolean {
    return this.#dirty.has(id) || this.#writing.has(id);
  }

  /** Hand everything waiting to the driver now, as one batch. */
  flush(): void {
    this.#scheduled = false;
    if (this.#dirty.size === 0 && this.#waiters.length === 0) return;
    const batch: Batch = {
      jobs: [...this.#dirty.values()],
      schedules: [...this.#dirtySchedules.values()],
    };
    const waiters = this.#waiters;
    this.#dirty = new Map();
    this.#dirtySchedules = new Map();
    this.#waiters = [];
    for (const job of batch.jobs) this.#writing.set(job.id, (this.#writing.get(job.id) ?? 0) + 1);
    let committed: Promise<void>;
    try {
      committed = this.commit(batch);
    } catch (err) {
      committed = Promise.reject(err);
    }
    // Marked written before the waiters hear of it: whoever awaited the save sees it saved.
    const written = () => {
      for (const job of batch.jobs) {
        const n = this.#writing.get(job.id)!;
        if (n === 1) this.#writing.delete(job.id);
        else this.#writing.set(job.id, n - 1);
      }
    };
    const tracked: Promise<void> = committed.then(() => {
      written();
      waiters.forEach((w) => w.resolve());
      if (this.#full) this.#leaveFull();
    }, (err) => {
      written();
      if (err instanceof StoreFullError && !this.#closed) {
        this.#requeue(batch, waiters);
        this.#enterFull(err);
        return;
      }
      waiters.forEach((w) => w.reject(err));
      if (!this.#closed) this.onFatal(err);
    }).finally(() => this.#inFlight.delete(tracked));
    this.#inFlight.add(tracked);
  }

  /** The driver found no room (e.g. at open): full until the reserve can be written. */
  noRoom(detail: string): void {
    this.#enterFull(new StoreFullError(detail));
  }

  /** Put a batch that wrote nothing back in front of what waits. */
  #requeue(batch: Batch, waiters: Waiter[]): void {
    const dirty = new Map<string, Job>();
    for (const job of batch.jobs) dirty.set(job.id, job);
    for (const [id, job] of this.#dirty) dirty.set(id, job);
    this.#dirty = dirty;
    const schedules = new Map<string, ScheduleRecord>();
    for (const s of batch.schedules) schedules.set(s.name, s);
    for (const [name, s] of this.#dirtySchedules) schedules.set(name, s);
    this.#dirtySchedules = schedules;
    this.#waiters = [...waiters, ...this.#waiters];
  }

  #enterFull(err: StoreFullError): void {
    const first = !this.#full;
    this.#full = err;
    this.reserve?.release();
    if (first) this.onFull(err);
    this.#scheduleRetry();
  }

  /** After a batch landed while full: full until the reserve is back in place. */
  #leaveFull(): void {
    if (this.reserve && !this.reserve.restore()) {
      this.#scheduleRetry();
      return;
    }
    this.#full = undefined;
    this.onFull(undefined);
    if (this.#dirty.size > 0 || this.#waiters.length > 0) this.flush();
  }

  #scheduleRetry(): void {
    if (this.#retryTimer !== undefined || this.#closed) return;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      if (this.#closed || !this.#full) return;
      if (this.#dirty.size > 0 || this.#waiters.length > 0) this.flush();
      else this.#leaveFull();
    }, FULL_RETRY_MS);
  }

  /** Write what waits, refuse new saves, and resolve once every batch has settled. */
  async close(): Promise<void> {
    if (this.#closed) return;
    clearTimeout(this.#retryTimer);
    this.flush();
    this.#closed = true;
    await Promise.allSettled([...this.#inFlight]);
    // A batch the full disk still holds back never lands.
    const left = this.#waiters;
    this.#waiters = [];
    left.forEach((w) => w.reject(this.#full ?? new Error("store is closed")));
  }
}
