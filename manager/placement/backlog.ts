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
 *
 * Refills read the store asynchronously, one at a time. While one is in flight nothing is
 * spilled (the window may overflow a little until it returns): a spill then could move the
 * boundary behind what the read is about to return, and that job would be lost to refills.
 */
import type { Job } from "../../shared/model.ts";
import type { PendingKey, Store } from "../store/store.ts";
import { PendingQueue } from "./pending_queue.ts";

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

/** What the backlog tells its owner. */
export interface BacklogEvents {
  /** A refill brought jobs into memory: placement may run again. */
  refilled(): void;
  /** A refill could not read the store (it is retried on the next `peek`). */
  refillFailed(err: unknown): void;
}

export class Backlog {
  readonly #queue = new PendingQueue();
  /** PENDING jobs only in the store. */
  #spilled = 0;
  /** Spilled jobs all come after this; undefined = the start of the queue order. */
  #boundary: PendingKey | undefined;
  /** The refill (or scan beyond the window) in flight, if any. */
  #refilling: Promise<unknown> | undefined;
  /** Where the last scan beyond the window stopped; undefined = at the boundary. */
  #scanFrom: PendingKey | undefined;
  /** Spilled jobs claimed (read by someone else) while a refill was in flight. */
  readonly #claimedDuringRefill = new Set<string>();

  constructor(
    readonly store: Store,
    readonly table: JobTable,
    readonly capacity = DEFAULT_WINDOW,
    readonly events: BacklogEvents = { refilled: () => {}, refillFailed: () => {} },
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
  async recover(now: number): Promise<number> {
    const total = await this.store.countPending();
    let loaded = 0;
    for (const job of await this.store.loadDelayed(now)) {
      this.table.track(job);
      this.#queue.push(job.id, job.priority, job.notBefore, now);
      loaded++;
    }
    this.#spilled = total - loaded;
    this.#boundary = undefined;
    await this.#startRefill(this.capacity);
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
    if (
      this.#spilled > 0 && !this.#refilling &&
      (!this.#boundary || !before(key(job), this.#boundary))
    ) {
      // Behind jobs that are in the store only: it waits there too.
      if (!this.store.isUnsaved(job.id)) return this.#spill(job);
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
  claim(id: string): void {
    if (this.#spilled > 0) this.#spilled--;
    if (this.#refilling) this.#claimedDuringRefill.add(id);
  }

  /** Jobs whose backoff ended join the queue; returns the next wake-up time. */
  promote(now: number): number | undefined {
    return this.#queue.promote(now);
  }

  /**
   * Up to `n` ready ids in order. When the window runs low, more are read from the store in
   * the background, and `events.refilled` says when they are in.
   */
  peek(n: number): string[] {
    if (this.#spilled > 0 && this.#queue.readyCount < Math.max(n, this.capacity / 2)) {
      this.#startRefill(Math.max(n, this.capacity - this.#queue.readyCount)).then(
        () => this.events.refilled(),
        (err) => this.events.refillFailed(err),
      );
    }
    return this.#queue.peek(n);
  }

  /**
   * The ready ids in order, read lazily (placement stops once nothing more can fit). Starts
   * a refill like `peek` when fewer than `n` are in memory.
   */
  *ready(n: number): Generator<string> {
    if (this.#spilled > 0 && this.#queue.readyCount < Math.max(n, this.capacity / 2)) {
      this.#startRefill(Math.max(n, this.capacity - this.#queue.readyCount)).then(
        () => this.events.refilled(),
        (err) => this.events.refillFailed(err),
      );
    }
    yield* this.#queue.ready();
  }

  /** Take these ids out of the queue (they were scheduled). */
  take(ids: Iterable<string>): void {
    this.#queue.take(ids);
  }

  /**
   * Backfill beyond the window. When nothing in memory can use the free room (every job of
   * the window waits for something it lacks), smaller jobs that wait in the store only must
   * not wait behind them: read spilled jobs past the boundary, from where the previous scan
   * stopped, at most `maxRows` of them, and bring into memory up to `limit` for which
   * `wanted` holds. They join the window out of order, which the invariant allows (a refill
   * skips jobs already in memory). Resolves with how many came in, and whether the scan
   * reached the end of the queue (then the next one starts at the boundary again). Nothing
   * is read while a refill is in flight (it resolves with 0, not at the end).
   */
  scanBeyond(
    wanted: (job: Job) => boolean,
    limit: number,
    maxRows = 8192,
  ): Promise<{ brought: number; wrapped: boolean }> {
    if (this.#refilling || this.#spilled === 0 || limit <= 0) {
      return Promise.resolve({ brought: 0, wrapped: false });
    }
    const scan = this.#scan(wanted, limit, maxRows);
    // Not trimmed afterwards, unlike a refill: what came in sits at the back of the window
    // and would be the first to go back to the store before placement sees it.
    this.#refilling = scan.finally(() => {
      this.#refilling = undefined;
      this.#claimedDuringRefill.clear();
    });
    return scan;
  }

  async #scan(
    wanted: (job: Job) => boolean,
    limit: number,
    maxRows: number,
  ): Promise<{ brought: number; wrapped: boolean }> {
    let at = this.#scanFrom;
    // A scan position at or before the boundary is stale (the boundary moved past it).
    if (at && this.#boundary && !before(this.#boundary, at)) at = undefined;
    at ??= this.#boundary;
    let brought = 0;
    let read = 0;
    let wrapped = false;
    while (brought < limit && read < maxRows && this.#spilled > 0) {
      const batch = 1024;
      const jobs = await this.store.pendingAfter(at, batch);
      read += jobs.length;
      for (const job of jobs) {
        if (brought >= limit) break; // the next scan starts at this one
        at = key(job);
        if (this.table.get(job.id) || this.#claimedDuringRefill.has(job.id)) continue;
        if (!wanted(job)) continue;
        this.table.track(job);
        this.#queue.push(job.id, job.priority, 0, 0);
        this.#spilled--;
        brought++;
      }
      if (jobs.length < batch && brought < limit) {
        wrapped = true;
        at = undefined;
        break;
      }
    }
    this.#scanFrom = at;
    return { brought, wrapped };
  }

  /** Read up to `limit` spilled jobs into memory; joins the refill in flight, if any. */
  #startRefill(limit: number): Promise<unknown> {
    if (!this.#refilling) {
      this.#refilling = this.#refill(limit).finally(() => {
        this.#refilling = undefined;
        this.#claimedDuringRefill.clear();
        this.#trim();
      });
    }
    return this.#refilling;
  }

  async #refill(limit: number): Promise<void> {
    while (this.#spilled > 0 && limit > 0) {
      const batch = Math.min(limit, 1024);
      const jobs = await this.store.pendingAfter(this.#boundary, batch);
      for (const job of jobs) {
        this.#boundary = key(job);
        // In memory already, or read (to be cancelled) while this read was in flight.
        if (this.table.get(job.id) || this.#claimedDuringRefill.has(job.id)) continue;
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
    while (!this.#refilling && this.#queue.readyCount > this.capacity) {
      const id = this.#queue.tail();
      const job = id === undefined ? undefined : this.table.get(id);
      if (!job || this.store.isUnsaved(job.id)) return; // not durable yet: keep it for now
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
