/**
 * The SQLite driver of the Store (`node:sqlite`): one file, `titan.db`, in the data dir, in
 * WAL mode, one row per job. Here the pieces meet: migrations at open, group commit
 * (../group_commit.ts) over one transaction per batch (commit.ts), the fsync (below), reads
 * (queries.ts) and garbage collection (gc.ts).
 *
 * Durability: without `backgroundSync` every commit is synchronous=FULL (fsync'd before it
 * returns). With it (the manager's default), commits run with synchronous=NORMAL and
 * wal_sync.ts fdatasyncs the WAL off the event loop, resolving the batches it covers when it
 * returns. Either way a save resolves only once its batch is on disk.
 */
import type { DatabaseSync } from "node:sqlite";
import { resourceExhausted } from "../../../shared/errors.ts";
import type { Job, State } from "../../../shared/model.ts";
import { EXIT_DATABASE_REFUSED, StoreFullError, StoreOpenError } from "../errors.ts";
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
import { ScheduleTable } from "./schedules.ts";
import { JobWriter } from "./commit.ts";
import { GarbageCollector } from "./gc.ts";
import { migrate, SchemaTooNewError } from "./migrations.ts";
import { claimDatabase, openDatabase, refusedFor } from "./open.ts";
import { SpaceReserve } from "./reserve.ts";
import { JobQueries } from "./queries.ts";
import { QueueTable } from "./queues.ts";
import { WalSync } from "./wal_sync.ts";

export interface SqliteOptions {
  /** Called once a batch failed (the manager exits). */
  onFatal?: (err: unknown) => void;
  /** Sync the WAL off the event loop (see the top of this file). */
  backgroundSync?: boolean;
  /** Told when the disk fills (the error) and when space is back (undefined). */
  onFull?: (err: StoreFullError | undefined) => void;
}

/** SQLITE_FULL: the disk (or the file system's quota) is full. */
const SQLITE_FULL = 13;

/** A write's error as StoreFullError when it failed for want of space. */
function asFull(err: unknown): unknown {
  // Statements run with exec() carry no errcode: the message is SQLITE_FULL's own.
  const code = (err as { errcode?: number }).errcode;
  if (code === SQLITE_FULL || /database or disk is full/.test((err as Error).message)) {
    return new StoreFullError((err as Error).message);
  }
  return err;
}

export class SqliteStore implements Store {
  readonly #db: DatabaseSync;
  readonly #writer: JobWriter;
  readonly #queries: JobQueries;
  readonly #gc: GarbageCollector;
  readonly #schedules: ScheduleTable;
  readonly #queues: QueueTable;
  readonly #commits: GroupCommit;
  readonly #wal: WalSync | undefined;
  #closed = false;

  /**
   * Open (or create, or upgrade) the store in `dataDir`; throws StoreOpenError, touching
   * nothing, when the data dir or the database in it is unusable (open.ts).
   */
  constructor(readonly dataDir: string, options: SqliteOptions = {}) {
    this.#db = openDatabase(dataDir);
    let mode: { journal_mode: string };
    try {
      mode = this.#db.prepare("PRAGMA journal_mode = WAL").get() as { journal_mode: string };
      this.#db.exec("PRAGMA synchronous = FULL");
      this.#db.exec("PRAGMA busy_timeout = 5000");
      migrate(this.#db);
      claimDatabase(this.#db);
    } catch (err) {
      this.#db.close();
      if (err instanceof SchemaTooNewError) {
        throw new StoreOpenError(err.message, EXIT_DATABASE_REFUSED);
      }
      throw refusedFor(err, `${dataDir}/titan.db`);
    }
    if (options.backgroundSync && mode.journal_mode === "wal") {
      // The migration's write transaction made sure the WAL file exists; SQLite rewinds it,
      // never replaces it, while the database is open.
      this.#wal = new WalSync(`${dataDir}/titan.db-wal`);
      this.#db.exec("PRAGMA synchronous = NORMAL");
    }
    this.#writer = new JobWriter(this.#db);
    this.#queries = new JobQueries(this.#db);
    this.#gc = new GarbageCollector(this.#db);
    this.#schedules = new ScheduleTable(this.#db);
    this.#queues = new QueueTable(this.#db);
    const reserve = new SpaceReserve(dataDir);
    // No room for the reserve at start: the store starts full, and says so.
    const roomy = reserve.restore();
    this.#commits = new GroupCommit(
      (batch) => this.#commit(batch),
      options.onFatal ?? (() => {}),
      reserve,
      options.onFull,
    );
    if (!roomy) this.#commits.noRoom(`no room for a ${reserve.bytes}-byte reserve in ${dataDir}`);
  }

  #commit(batch: Batch): Promise<void> {
    try {
      this.#writer.write(batch.jobs, () => this.#schedules.write(batch.schedules));
    } catch (err) {
      throw asFull(err);
    }
    return this.#wal ? this.#wal.sync() : Promise.resolve();
  }

  /** Why writes are refused (the disk is full), or undefined. */
  full(): string | undefined {
    return this.#commits.full?.message;
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
    return this.#read(() => this.#schedules.load());
  }

  countPendingByQueue(): Promise<Map<string, number>> {
    return this.#read(() => this.#queues.pendingByQueue());
  }

  loadQueues(): Promise<QueueSettings[]> {
    return this.#read(() => this.#queues.all());
  }

  async saveQueue(settings: QueueSettings): Promise<void> {
    await this.#read(() => this.#queues.write(settings)).catch((err) => {
      const full = asFull(err);
      // Refused, nothing written: the caller may try again once there is room.
      throw full instanceof StoreFullError ? resourceExhausted(full.message) : err;
    });
    // Its own small transaction, outside the job batches: with background sync it is durable
    // once the WAL is synced after it; otherwise synchronous=FULL synced it at commit.
    if (this.#wal) await this.#wal.sync();
  }

  countByState(): Promise<Partial<Record<State, number>>> {
    return this.#read(() => this.#queries.countByState());
  }

  collectGarbage(now: number, policy: RetentionPolicy): Promise<number> {
    return this.#read(() => this.#gc.collect(now, policy));
  }

  /** Run a synchronous statement as the interface's promise (its errors as rejections). */
  #read<T>(query: () => T): Promise<T> {
    if (this.#closed) return Promise.reject(new Error("store is closed"));
    try {
      return Promise.resolve(query());
    } catch (err) {
      return Promise.reject(err);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#commits.close();
    await this.#wal?.close();
    this.#db.close();
  }
}
