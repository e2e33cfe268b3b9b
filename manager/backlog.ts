/**
 * The backlog: every PENDING job, with only a window of it in memory.
 *
 * A million queued jobs must not cost a million `Job` objects (≈ 1.7 KB each) nor a
 * restart that reads them all. The store holds the whole queue (it does anyway: every
 * PENDING job is durable); memory holds the head of it — the next `capacity` jobs in queue
 * order (priority, then seq) — in a PendingQueue, plus what must stay in memory anyway
 * (jobs waiting out a retry backoff, jobs whose PENDING state is not durable yet). When the
 * window runs low, the next jobs are read from the store.
 *
 * Invariant: every PENDING job that is only in the store (spilled) comes after `#boundary`
 * in queue order. So a refill reads the store from the boundary on, and a job is spilled
 * only after the boundary is moved before it. A refill may meet jobs that are in memory
 * (requeued at the front, back from a backoff): it skips them.
 *
 * Spilling a job drops it from the job table; a job is spilled only once its PENDING state
 * is durable (else a refill could miss it).
 */
import type { Job } from "../shared/model.ts";
import { PendingQueue } from "./queue.ts";
import type { PendingKey, Store } from "./store.ts";

/** The controller's table of jobs in memory. */
export interface JobTable {
  get(id: string): Job | undefined;
  track(job: Job): void;
  forget(job: Job): void;
}

/** Jobs kept in memory by default: the next ones to run (a few MB). */
export const DEFAULT_WINDOW = 4096;

const key = (job: Job): PendingKey => ({ priority: job.priority, seq: job.seq });

/** Whether `a` comes before `b` in queue order. */
function before(a: PendingKey, b: PendingKey): boolean {
  return a.priority > b.priority || (a.priority === b.priority && a.seq < b.seq);
}

export class Backlog {
  readonly #queue = new PendingQueue();
  /** PENDING jobs only in the store. */
  #spilled = 0;
  /** Spilled jobs all come after this; undefined = the start of the queue order. */
  #boundary: PendingKey | undefined;

  constructor(
    readonly store: Store,
    readonly table: JobTable,
    readonly capacity = DEFAULT_WINDOW,
  ) {}

  /** Every PENDING job: in memory (ready or in backoff) and in the store only. */
  get size(): number {
    return this.#queue.size + this.#spilled;
  }

  /** Jobs that could run now (the spilled ones too: they are ready). */
  get readyCount(): number {
    return this.#queue.readyCount + this.#spilled;
  }

  /** PENDING jobs that are only in the store. */
  get spilled(): number {
    return this.#spilled;
  }

  /**
   * After a restart: the jobs in backoff and the head of the queue into memory, the rest
   * counted. Returns how many jobs are PENDING.
   */
  recover(now: number): number {
    const total = this.store.countPending();
    let loaded = 0;
    for (const job of this.store.loadDelayed(now)) {
      this.table.track(job);
      this.#queue.push(job.id, job.priority, job.notBefore, now);
      loaded++;
    }
    this.#spilled = total - loaded;
    this.#boundary = undefined;
    this.#refill(this.capacity);
    return total;
  }

  /** Whether `n` more jobs would go into the window (nothing waits in the store only). */
  fits(n: number): boolean {
    return this.#spilled === 0 && this.#queue.readyCount + n <= this.capacity;
  }

  /**
   * Queue a PENDING job (at the back of its priority); it may go to the store. A job whose
   * insert is not durable yet stays in memory (see `fits`).
   */
  push(job: Job, now: number): void {
    if (job.notBefore > now) {
      this.#queue.push(job.id, job.priority, job.notBefore, now);
      return;
    }
    if (this.#spilled > 0 && (!this.#boundary || !before(key(job), this.#boundary))) {
      // Behind jobs that are in the store only: it waits there too.
      if (!this.store.isDirty(job.id)) return this.#spill(job);
    }
    this.#queue.push(job.id, job.priority, 0, now);
    this.#trim();
  }

  /** Queue at the front of its priority (a job that had waited its turn already). */
  pushFront(job: Job): void {
    this.#queue.pushFront(job.id, job.priority);
    this.#trim();
  }

  /** Forget a job (cancelled). */
  remove(id: string): void {
    this.#queue.remove(id);
  }

  /**
   * A spilled job was read from the store by someone else (to cancel it): it no longer
   * counts as spilled.
   */
  claim(): void {
    if (this.#spilled > 0) this.#spilled--;
  }

  /** Jobs whose backoff ended join the queue; returns the next wake-up time. */
  promote(now: number): number | undefined {
    return this.#queue.promote(now);
  }

  /** Up to `n` ready ids in order, reading more from the store when the window runs low. */
  peek(n: number): string[] {
    if (this.#spilled > 0 && this.#queue.readyCount < Math.max(n, this.capacity / 2)) {
      this.#refill(Math.max(n, this.capacity - this.#queue.readyCount));
    }
    return this.#queue.peek(n);
  }

  /** Take these ids out of the queue (they were scheduled). */
  take(ids: Iterable<string>): void {
    this.#queue.take(ids);
  }

  #refill(limit: number): void {
    while (this.#spilled > 0 && limit > 0) {
      const batch = Math.min(limit, 1024);
      const jobs = this.store.pendingAfter(this.#boundary, batch);
      for (const job of jobs) {
        this.#boundary = key(job);
        if (this.table.get(job.id)) continue; // in memory already
        this.table.track(job);
        this.#queue.push(job.id, job.priority, 0, 0);
        this.#spilled--;
        limit--;
      }
      if (jobs.length < batch) {
        // The end of the queue: nothing is in the store only (the count may have drifted).
        this.#spilled = 0;
        this.#boundary = undefined;
      }
    }
  }

  /** Over capacity: send jobs from the back of the window to the store. */
  #trim(): void {
    while (this.#queue.readyCount > this.capacity) {
      const id = this.#queue.tail();
      const job = id === undefined ? undefined : this.table.get(id);
      if (!job || this.store.isDirty(job.id)) return; // not durable yet: keep it for now
      this.#queue.popTail();
      this.#spill(job);
    }
  }

  #spill(job: Job): void {
    const k = { priority: job.priority, seq: job.seq - 1 }; // just before it
    // Keep the boundary as late as the invariant allows: a refill then reads few jobs
    // that are in memory already. (undefined, the start, is before everything.)
    if (this.#spilled === 0) this.#boundary = k;
    else if (this.#boundary && before(k, this.#boundary)) this.#boundary = k;
    this.table.forget(job);
    this.#spilled++;
  }
}
