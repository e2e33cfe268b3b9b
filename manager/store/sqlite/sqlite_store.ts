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
import { DatabaseSync } from "node:sqlite";
import type { Job, State } from "../../../shared/model.ts";
import { type Batch, GroupCommit } from "../group_commit.ts";
import type { JobPage, ListQuery, PendingKey, RetentionPolicy, Store } from "../store.ts";
import { JobWriter } from "./commit.ts";
import { GarbageCollector } from "./gc.ts";
import { migrate } from "./migrations.ts";
import { JobQueries } from "./queries.ts";
import { WalSync } from "./wal_sync.ts";

export interface SqliteOptions {
  /** Called once a batch failed (the manager exits). */
  onFatal?: (err: unknown) => void;
  /** Sync the WAL off the event loop (see the top of this file). */
  backgroundSync?: boolean;
}

export class SqliteStore implements Store {
  readonly #db: DatabaseSync;
  readonly #writer: JobWriter;
  readonly #queries: JobQueries;
  readonly #gc: GarbageCollector;
  readonly #commits: GroupCommit;
  readonly #wal: WalSync | undefined;
  #closed = false;

  /** Open (or create, or upgrade) the store in `dataDir`. */
  constructor(readonly dataDir: string, options: SqliteOptions = {}) {
    Deno.mkdirSync(dataDir, { recursive: true });
    this.#db = new DatabaseSync(`${dataDir}/titan.db`);
    const mode = this.#db.prepare("PRAGMA journal_mode = WAL").get() as { journal_mode: string };
    this.#db.exec("PRAGMA synchronous = FULL");
    this.#db.exec("PRAGMA busy_timeout = 5000");
    migrate(this.#db);
    if (options.backgroundSync && mode.journal_mode === "wal") {
      // The migration's write transaction made sure the WAL file exists; SQLite rewinds it,
      // never replaces it, while the database is open.
      this.#wal = new WalSync(`${dataDir}/titan.db-wal`);
      this.#db.exec("PRAGMA synchronous = NORMAL");
    }
    this.#writer = new JobWriter(this.#db);
    this.#queries = new JobQueries(this.#db);
    this.#gc = new GarbageCollector(this.#db);
    this.#commits = new GroupCommit((batch) => this.#commit(batch), options.onFatal ?? (() => {}));
  }

  #commit(batch: Batch): Promise<void> {
    this.#writer.write(batch.jobs);
    return this.#wal ? this.#wal.sync() : Promise.resolve();
  }

  save(jobs: Iterable<Job>): Promise<void> {
    return this.#commits.save(jobs);
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
