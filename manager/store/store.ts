/**
 * The manager's durable store, as the rest of the manager sees it. A driver (sqlite/, or one
 * over a networked database) implements this interface; conformance.ts checks the contract
 * below against every driver.
 *
 * The contract:
 * - **Acknowledged means durable.** A promise from `save` resolves only once every job in it
 *   is on stable storage and would be read back by a manager started after a crash. Nobody
 *   is told of a change (a client, a watcher, a worker) before that.
 * - **Writes go in batches, one transaction each.** Every `save` made within one turn of the
 *   event loop joins one batch, handed to the driver as a `Batch` and written in one
 *   transaction (group commit: many submits and reports cost one commit). A driver that fences
 *   writes by a leader term checks the term inside that transaction and fails the whole batch
 *   when it has lost the lease: then every `save` in it rejects.
 * - **A failed batch is fatal.** The manager's memory is then ahead of the disk; the store
 *   calls `onFatal` and the manager exits, to restart from what is durable. Except a batch that
 *   failed for want of space (errors.ts' StoreFullError: it wrote nothing): it is kept and
 *   tried again until it lands, and meanwhile `full()` says why, so that the manager refuses
 *   new work instead of exiting (group_commit.ts).
 * - **Batches apply in order.** A later batch never lands before an earlier one (a job saved
 *   twice must end with its later state).
 * - **Rows are taken when the batch is written, not when `save` was called**: several changes
 *   of one job in one turn cost one row write, with its latest fields.
 * - **`seq`** orders jobs by insertion: the store gives each new job a positive `seq`, greater
 *   than every seq before it, at the latest when its first save resolves.
 * - Reads see every committed batch (possibly before it is durable: nobody is told of what a
 *   read shows until its save resolves). Reads return copies: the manager's in-memory jobs are
 *   never handed out by a read.
 *
 * The store does not judge transitions: the core's controller applies shared/model.ts's
 * transition table before anything reaches the store.
 */
import type { Job, State } from "../../shared/model.ts";
import type { ScheduleRecord } from "../workflows/schedule_record.ts";

/** A position in the pending order (priority high to low, then seq): "after this one". */
export interface PendingKey {
  priority: number;
  seq: number;
}

/** A page of a listing, newest first. */
export interface ListQuery {
  /** Only jobs in these states; empty = all. */
  states: readonly State[];
  /** At most this many jobs. */
  limit: number;
  /** Only jobs with a smaller seq (the previous page's last); undefined = from the newest. */
  beforeSeq?: number;
  /** Only jobs of this queue; undefined = every queue. */
  queue?: string;
  /** Only jobs whose name or command contains this text, letters in any case; "" = all. */
  textContains?: string;
  /** Only jobs with exactly this name; undefined or "" = any. */
  name?: string;
}

/** What a dependent needs to know of one of its dependencies. */
export interface DependencyState {
  id: string;
  name: string;
  state: State;
}

/** The durable settings of one queue. */
export interface QueueSettings {
  name: string;
  /** How many of its jobs may hold a slot at once across the fleet; 0 = no limit. */
  maxRunning: number;
  /** A paused queue starts nothing new. */
  paused: boolean;
}

export interface JobPage {
  /** Without their output (stdout/stderr empty). */
  jobs: Job[];
  /** Whether jobs older than the last one match too. */
  more: boolean;
}

/** Limits of garbage collection: finished jobs beyond either are removed. */
export interface RetentionPolicy {
  /** Finished more than this long before `now`. */
  maxAgeMs: number;
  /** The finished jobs kept at most (the most recently finished). */
  maxJobs: number;
}

export interface Store {
  /**
   * Persist these jobs (insert or update) and schedules (insert, update, or delete when
   * `deleted`) in the next batch. Resolves once they are durable; rejects when the batch
   * failed (see the contract above). A job of a schedule is unique by (scheduleName,
   * fireTime): a batch that would store a second one fails whole.
   */
  save(jobs: Iterable<Job>, schedules?: Iterable<ScheduleRecord>): Promise<void>;
  /** Whether a save of this job has not reached its batch's commit yet. */
  isUnsaved(id: string): boolean;

  /** One job by id, with its output; undefined when unknown. */
  get(id: string): Promise<Job | undefined>;
  /** The job submitted with this idempotency key, if any. */
  getByIdempotencyKey(key: string): Promise<Job | undefined>;
  /** Jobs newest first (by seq), without output. */
  list(query: ListQuery): Promise<JobPage>;

  /** Jobs a worker holds (SCHEDULED, RUNNING), oldest first: what a restarted manager resumes. */
  loadHeld(): Promise<Job[]>;
  /**
   * PENDING jobs waiting out a retry backoff at `now` (not_before > now), oldest first; held
   * jobs (depsWaiting > 0) are not among them.
   */
  loadDelayed(now: number): Promise<Job[]>;
  /**
   * Up to `limit` PENDING jobs that are not held (depsWaiting = 0) in queue order (priority
   * desc, then seq), after `after`.
   */
  pendingAfter(after: PendingKey | undefined, limit: number): Promise<Job[]>;
  /** How many jobs are PENDING and not held (in backoff included). */
  countPending(): Promise<number>;
  /** PENDING jobs per queue (in backoff included); queues without any are left out. */
  countPendingByQueue(): Promise<Map<string, number>>;

  /** Every queue whose settings were saved, by name. */
  loadQueues(): Promise<QueueSettings[]>;
  /** Persist one queue's settings (insert or replace); resolves once durable. */
  saveQueue(settings: QueueSettings): Promise<void>;
  /** How many jobs each state holds (states without jobs may be absent). */
  countByState(): Promise<Partial<Record<State, number>>>;
  /** PENDING jobs held by their dependencies (depsWaiting > 0), oldest first. */
  loadWaiting(): Promise<Job[]>;
  /** Name and state of each of these jobs that exists (any order; unknown ids left out). */
  dependencyStates(ids: readonly string[]): Promise<DependencyState[]>;

  /** Every schedule (deleted ones are gone). */
  loadSchedules(): Promise<ScheduleRecord[]>;

  /** Remove finished jobs beyond the retention policy; resolves with how many went. */
  collectGarbage(now: number, policy: RetentionPolicy): Promise<number>;

  /** Why writes are refused (the disk is full), or undefined; drivers without it never fill. */
  full?(): string | undefined;

  /** Write what is waiting, wait for it to be durable, and close. */
  close(): Promise<void>;
}

/** What opening a store needs besides its location. */
export interface StoreOptions {
  /** Called once a batch failed (the manager exits). */
  onFatal?: (err: unknown) => void;
}
