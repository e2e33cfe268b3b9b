/**
 * The PostgreSQL driver of the Store, for several managers on one database: the leader opens
 * it with the term of its lease, and every write it makes (job batches, garbage collection)
 * is fenced by that term in the same transaction (fenced_writer.ts). Reads are not fenced:
 * a deposed leader reading does no harm.
 *
 * The pieces: migrations (migrations.ts, applied by every manager at start), group commit
 * (../group_commit.ts) feeding the fenced writer, reads (queries.ts).
 *
 * The database going away is not fatal here: commits are tried again until it answers (see
 * fenced_writer.ts), reads fail with UNAVAILABLE meanwhile, and `unreachable` says so (the
 * manager then reports not ready and refuses new work). Only a batch the database refuses
 * (the fence, a constraint) is fatal: `onFatal` hears of it and the manager steps down.
 */
import type { Job, State } from "../../../shared/model.ts";
import { createLogger, type Logger } from "../../../shared/log.ts";
import { TitanError, unavailable } from "../../../shared/errors.ts";
import { grpc } from "../../../shared/proto.ts";
import { type Batch, GroupCommit } from "../group_commit.ts";
import type {
  DependencyState,
  JobPage,
  ListQuery,
  PendingKey,
  QueueSettings,
  RetentionPolicy,
  Store,
} from "../store.ts";
import type { ScheduleRecord } from "../../workflows/schedule_record.ts";
import {
  closeNow,
  connect,
  type ConnectOptions,
  isConnectionError,
  onClientFailure,
  type Sql,
} from "./connection.ts";
import { FencedWriter } from "./fenced_writer.ts";
import { isFenced } from "../../maintenance/leader_lease.ts";
import { JobQueries } from "./queries.ts";

export interface PostgresStoreOptions {
  connection: ConnectOptions;
  /** The leader term every write is fenced by (from the leader lease). */
  term: number;
  /** Called once a batch was refused (the manager steps down). */
  onFatal?: (err: unknown) => void;
  /** The database became unreachable (true) or reachable again (false). */
  onUnreachable?: (unreachable: boolean) => void;
  /** A statement without an answer for this long counts as a lost connection; default 10000. */
  queryTimeoutMs?: number;
  log?: Logger;
}

export class PostgresStore implements Store {
  readonly #options: PostgresStoreOptions;
  readonly #log: Logger;
  #sql: Sql;
  readonly #writer: FencedWriter;
  readonly #commits: GroupCommit;
  readonly #queries: JobQueries;
  #unreachable = false;
  #closed = false;
  readonly #unsubscribe: () => void;

  constructor(options: PostgresStoreOptions) {
    this.#options = options;
    this.#log = options.log ?? createLogger("store.postgres");
    this.#sql = connect(options.connection);
    this.#unsubscribe = onClientFailure(() => this.#resetPool());
    const timeoutMs = options.queryTimeoutMs ?? 10_000;
    this.#writer = new FencedWriter({
      sql: () => this.#sql,
      term: options.term,
      commitTimeoutMs: timeoutMs,
      log: this.#log,
      onUnreachable: (down, err) => this.#setUnreachable(down, err),
    });
    this.#queries = new JobQueries(() => this.#sql, timeoutMs);
    this.#commits = new GroupCommit(
      (batch: Batch) => this.#writer.write(batch),
      (err) => {
        this.#log.error("batch refused by the database", {
          error: err,
          fenced: isFenced(err),
          term: options.term,
        });
        options.onFatal?.(err);
      },
    );
  }

  /** The leader term this store writes with. */
  get term(): number {
    return this.#options.term;
  }

  /** Whether the last statement found the database unreachable. */
  get unreachable(): boolean {
    return this.#unreachable;
  }

  #setUnreachable(down: boolean, err?: unknown): void {
    // A statement that timed out may sit on a connection into a black hole: a fresh pool
    // for what follows (the old one is dropped, its stuck queries fail).
    const code = (err as { code?: string })?.code;
    if (down && (code === "ETIMEDOUT" || code === "CONNECT_TIMEOUT")) this.#resetPool();
    if (down === this.#unreachable) return;
    this.#unreachable = down;
    if (!down) this.#log.info("database reachable again");
    this.#options.onUnreachable?.(down);
  }

  #resetPool(): void {
    const old = this.#sql;
    this.#sql = connect(this.#options.connection);
    closeNow(old);
  }

  save(jobs: Iterable<Job>, schedules?: Iterable<ScheduleRecord>): Promise<void> {
    return this.#commits.save(jobs, schedules);
  }

  isUnsaved(id: string): boolean {
    return this.#commits.isUnsaved(id);
  }

  get(id: string): Promise<Job | undefined> {
    return this.#read(() => this.#queries.get(id));
  }

  getByIdempotencyKey(key: string): Promise<Job | undefined> {
    return this.#read(() => this.#queries.getByIdempotencyKey(key));
  }

  list(query: ListQuery): Promise<JobPage> {
    return this.#read(() => this.#queries.list(query));
  }

  loadHeld(): Promise<Job[]> {
    return this.#read(() => this.#queries.loadHeld());
  }

  loadDelayed(now: number): Promise<Job[]> {
    return this.#read(() => this.#queries.loadDelayed(now));
  }

  pendingAfter(after: PendingKey | undefined, limit: number): Promise<Job[]> {
    return this.#read(() => this.#queries.pendingAfter(after, limit));
  }

  countPending(): Promise<number> {
    return this.#read(() => this.#queries.countPending());
  }

  loadWaiting(): Promise<Job[]> {
    return this.#read(() => this.#queries.loadWaiting());
  }

  dependencyStates(ids: readonly string[]): Promise<DependencyState[]> {
    return this.#read(() => this.#queries.dependencyStates(ids));
  }

  loadSchedules(): Promise<ScheduleRecord[]> {
    return this.#read(() => this.#queries.loadSchedules());
  }

  countByState(): Promise<Partial<Record<State, number>>> {
    return this.#read(() => this.#queries.countByState());
  }

  countPendingByQueue(): Promise<Map<string, number>> {
    return this.#read(() => this.#queries.countPendingByQueue());
  }

  loadQueues(): Promise<QueueSettings[]> {
    return this.#read(() => this.#queries.loadQueues());
  }

  saveQueue(settings: QueueSettings): Promise<void> {
    return this.#read(() => this.#queries.saveQueue(settings, this.#options.term));
  }

  collectGarbage(now: number, policy: RetentionPolicy): Promise<number> {
    return this.#read(() => this.#queries.collectGarbage(now, policy, this.#options.term));
  }

  /**
   * Run a statement; a database out of reach becomes UNAVAILABLE (a client may try again),
   * the fence refusing a deposed term too.
   */
  async #read<T>(query: () => Promise<T>): Promise<T> {
    if (this.#closed) throw new Error("store is closed");
    try {
      const result = await query();
      this.#setUnreachable(false);
      return result;
    } catch (err) {
      if (isConnectionError(err)) {
        this.#setUnreachable(true, err);
        throw new TitanError(
          grpc.status.UNAVAILABLE,
          `the database is unreachable: ${(err as Error).message}`,
          { cause: err },
        );
      }
      if (isFenced(err)) {
        throw new TitanError(grpc.status.UNAVAILABLE, "this manager is no longer the leader", {
          cause: err,
        });
      }
      throw err;
    }
  }

  /**
   * Stop writing: what waits is refused with UNAVAILABLE (a deposed leader must not write;
   * its callers hear they may try again at the new leader), then close the connections.
   */
  async abandon(reason: string): Promise<void> {
    this.#writer.stop(unavailable(`this manager is no longer the leader (${reason})`));
    await this.close().catch(() => {});
  }

  /** Write what is waiting, wait for it to be committed, and close. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#unsubscribe();
    await this.#commits.close();
    await this.#sql.end({ timeout: 1 }).catch(() => {});
  }
}
