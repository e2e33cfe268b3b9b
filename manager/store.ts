/**
 * The manager's durable store: SQLite (`node:sqlite`) in WAL mode with synchronous=FULL,
 * one row per job.
 *
 * Writes are group-committed: callers mark jobs dirty with `save(job)` and await the
 * returned promise, which resolves once the batch that contains the change has committed
 * (fsync'd). Everything dirtied within one turn of the event loop shares one transaction, so
 * under load many submits and reports cost one fsync.
 *
 * Invariant: a promise from `save` resolves only after the row is on disk. If a commit fails
 * (disk full, I/O error) the in-memory state is ahead of the disk; the store calls `onFatal`
 * and the manager exits, to restart from what is durable. Nothing is acknowledged that was
 * not written.
 *
 * With `backgroundSync` (the manager's default), the fsync leaves the event loop: commits
 * run with synchronous=NORMAL (in WAL mode SQLite then writes the WAL without syncing it)
 * and the store syncs the WAL file itself with an asynchronous fdatasync, resolving the
 * commits it covers when it returns. One sync is in flight at a time; commits made
 * meanwhile wait for the next one, which covers them all (group commit that no longer
 * blocks the manager for the duration of a disk flush). Checkpoints still sync the WAL
 * and the database first (NORMAL does), so what was checkpointed is durable too. A reader
 * may see a commit before it is durable; nobody is told it is.
 */
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { setImmediate } from "node:timers";
import type { Job, State } from "../shared/model.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS jobs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  command TEXT NOT NULL,
  env TEXT NOT NULL,
  cwd TEXT NOT NULL,
  timeout_seconds INTEGER NOT NULL,
  max_retries INTEGER NOT NULL,
  idempotency_key TEXT UNIQUE,
  priority INTEGER NOT NULL,
  state TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  worker_id TEXT NOT NULL,
  exit_code INTEGER,
  signal TEXT NOT NULL,
  error TEXT NOT NULL,
  timed_out INTEGER NOT NULL,
  stdout BLOB NOT NULL,
  stderr BLOB NOT NULL,
  stdout_truncated INTEGER NOT NULL,
  stderr_truncated INTEGER NOT NULL,
  stdout_bytes INTEGER NOT NULL,
  stderr_bytes INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  finished_at INTEGER,
  not_before INTEGER NOT NULL,
  failures INTEGER NOT NULL,
  lost INTEGER NOT NULL,
  cancel_requested INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS jobs_state_seq ON jobs(state, seq);
CREATE INDEX IF NOT EXISTS jobs_finished_at ON jobs(finished_at) WHERE finished_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS jobs_pending ON jobs(priority DESC, seq) WHERE state = 'PENDING';
`;

const COLUMNS = [
  "id",
  "command",
  "env",
  "cwd",
  "timeout_seconds",
  "max_retries",
  "idempotency_key",
  "priority",
  "state",
  "attempt",
  "worker_id",
  "exit_code",
  "signal",
  "error",
  "timed_out",
  "stdout",
  "stderr",
  "stdout_truncated",
  "stderr_truncated",
  "stdout_bytes",
  "stderr_bytes",
  "created_at",
  "started_at",
  "finished_at",
  "not_before",
  "failures",
  "lost",
  "cancel_requested",
] as const;

/** Columns of a listing: everything but the output blobs. */
const SUMMARY_COLUMNS = ["seq", ...COLUMNS.filter((c) => c !== "stdout" && c !== "stderr")];

const TERMINAL_STATES = "('COMPLETED','FAILED','CANCELLED')";

/** A position in the pending order (priority high to low, then seq): "after this one". */
export interface PendingKey {
  priority: number;
  seq: number;
}

type Row = Record<string, unknown>;

/** A page of jobs, newest first, and the token of the next page ("" on the last). */
export interface JobPage {
  jobs: Job[];
  nextPageToken: string;
}

export class Store {
  readonly #db: DatabaseSync;
  readonly #upsert: StatementSync;
  readonly #insert: StatementSync;
  readonly #update: StatementSync;
  /** The last seq given out: new jobs get theirs here, not from SQLite (~2x cheaper). */
  #lastSeq: number;
  readonly #listStatements = new Map<number, StatementSync>();
  /** backgroundSync: the WAL file, and commits waiting for its next fdatasync. */
  #wal: Deno.FsFile | undefined;
  #unsynced: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  #syncing = false;
  readonly #byId: StatementSync;
  readonly #byKey: StatementSync;
  #dirty = new Map<string, Job>();
  #waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  #flushScheduled = false;
  #closed = false;

  /**
   * Open (or create) the store in `dataDir`. `onFatal` is called when a commit fails.
   * `backgroundSync`: see the top of this file.
   */
  constructor(
    dataDir: string,
    readonly onFatal: (err: unknown) => void = () => {},
    options: { backgroundSync?: boolean } = {},
  ) {
    Deno.mkdirSync(dataDir, { recursive: true });
    this.#db = new DatabaseSync(`${dataDir}/titan.db`);
    const mode = this.#db.prepare("PRAGMA journal_mode = WAL").get() as { journal_mode: string };
    this.#db.exec("PRAGMA synchronous = FULL");
    this.#db.exec("PRAGMA busy_timeout = 5000");
    this.#db.exec(SCHEMA);
    if (options.backgroundSync && mode.journal_mode === "wal") {
      // The schema statement made sure the WAL file exists; its inode stays while we hold
      // the database open (SQLite rewinds it, never replaces it).
      this.#wal = Deno.openSync(`${dataDir}/titan.db-wal`, { read: true });
      this.#db.exec("PRAGMA synchronous = NORMAL");
    }
    const last = this.#db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'jobs'").get() as
      | { seq: number }
      | undefined;
    this.#lastSeq = Number(last?.seq ?? 0);
    const placeholders = COLUMNS.map(() => "?").join(",");
    const updates = COLUMNS.filter((c) => c !== "id").map((c) => `${c} = excluded.${c}`).join(
      ",",
    );
    this.#upsert = this.#db.prepare(
      `INSERT INTO jobs (${COLUMNS.join(",")}) VALUES (${placeholders})
       ON CONFLICT(id) DO UPDATE SET ${updates} RETURNING seq`,
    );
    this.#insert = this.#db.prepare(
      `INSERT INTO jobs (seq, ${COLUMNS.join(",")}) VALUES (?, ${placeholders})`,
    );
    // A job already stored is found by its seq (the rowid), not through the id index.
    this.#update = this.#db.prepare(
      `UPDATE jobs SET ${COLUMNS.filter((c) => c !== "id").map((c) => `${c} = ?`).join(",")}
       WHERE seq = ? AND id = ?`,
    );
    this.#byId = this.#db.prepare(`SELECT seq, ${COLUMNS.join(",")} FROM jobs WHERE id = ?`);
    this.#byKey = this.#db.prepare(
      `SELECT seq, ${COLUMNS.join(",")} FROM jobs WHERE idempotency_key = ?`,
    );
  }

  /**
   * Persist `job` (insert or update) in the next group commit. Resolves once durable.
   * The job object is read at commit time, so several changes in one turn cost one write.
   */
  save(job: Job): Promise<void> {
    return this.saveAll([job]);
  }

  /** `save` for many jobs: one promise for all of them. */
  saveAll(jobs: Iterable<Job>): Promise<void> {
    if (this.#closed) return Promise.reject(new Error("store is closed"));
    for (const job of jobs) this.#dirty.set(job.id, job);
    const done = new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }));
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      // setImmediate runs after pending I/O callbacks: everything that arrived in this
      // turn of the event loop joins the batch.
      setImmediate(() => this.flush());
    }
    return done;
  }

  /** Commit every dirty job now, in one transaction. */
  flush(): void {
    this.#flushScheduled = false;
    if (this.#dirty.size === 0 && this.#waiters.length === 0) return;
    const jobs = [...this.#dirty.values()];
    const waiters = this.#waiters;
    this.#dirty = new Map();
    this.#waiters = [];
    try {
      this.#db.exec("BEGIN IMMEDIATE");
      for (const job of jobs) {
        const params = toParams(job);
        if (job.seq > 0) {
          const [id, ...rest] = params;
          if (Number(this.#update.run(...rest, job.seq, id).changes) === 1) continue;
        } else {
          try {
            this.#insert.run(this.#lastSeq + 1, ...params);
            job.seq = ++this.#lastSeq;
            continue;
          } catch { /* the id is taken: the statement alone failed; update it instead */ }
        }
        const row = this.#upsert.get(...params) as { seq: number };
        job.seq = row.seq;
        this.#lastSeq = Math.max(this.#lastSeq, row.seq);
      }
      this.#db.exec("COMMIT");
    } catch (err) {
      try {
        this.#db.exec("ROLLBACK");
      } catch { /* the transaction may not have started */ }
      for (const w of waiters) w.reject(err);
      this.onFatal(err);
      return;
    }
    if (!this.#wal) {
      for (const w of waiters) w.resolve();
      return;
    }
    for (const w of waiters) this.#unsynced.push(w);
    this.#sync();
  }

  /** backgroundSync: fdatasync the WAL for the commits waiting, one sync at a time. */
  #sync(): void {
    if (this.#syncing || this.#unsynced.length === 0 || !this.#wal) return;
    const waiters = this.#unsynced;
    this.#unsynced = [];
    this.#syncing = true;
    this.#wal.syncData().then(() => {
      for (const w of waiters) w.resolve();
    }, (err) => {
      for (const w of waiters) w.reject(err);
      if (!this.#closed) this.onFatal(err);
    }).finally(() => {
      this.#syncing = false;
      if (this.#closed) {
        this.#wal?.close();
        this.#wal = undefined;
      } else {
        this.#sync();
      }
    });
  }

  /** Every job not in a terminal state, oldest first: what a restarted manager resumes. */
  loadActive(): Job[] {
    return this.#db.prepare(
      `SELECT seq, ${COLUMNS.join(",")} FROM jobs WHERE state NOT IN ${TERMINAL_STATES}
       ORDER BY seq`,
    ).all().map((r) => fromRow(r as Row));
  }

  /** Jobs a worker holds (SCHEDULED, RUNNING): what a restarted manager waits for. */
  loadHeld(): Job[] {
    return this.#db.prepare(
      `SELECT seq, ${COLUMNS.join(",")} FROM jobs WHERE state IN ('SCHEDULED','RUNNING')
       ORDER BY seq`,
    ).all().map((r) => fromRow(r as Row));
  }

  /** PENDING jobs waiting out a retry backoff at `now`. */
  loadDelayed(now: number): Job[] {
    return this.#db.prepare(
      `SELECT seq, ${COLUMNS.join(",")} FROM jobs WHERE state = 'PENDING' AND not_before > ?
       ORDER BY seq`,
    ).all(now).map((r) => fromRow(r as Row));
  }

  /** Up to `limit` PENDING jobs in queue order (priority, then seq), after `after`. */
  pendingAfter(after: PendingKey | undefined, limit: number): Job[] {
    const rows = after
      ? this.#db.prepare(
        `SELECT seq, ${COLUMNS.join(",")} FROM jobs INDEXED BY jobs_pending
         WHERE state = 'PENDING' AND (priority < ? OR (priority = ? AND seq > ?))
         ORDER BY priority DESC, seq LIMIT ?`,
      ).all(after.priority, after.priority, after.seq, limit)
      : this.#db.prepare(
        `SELECT seq, ${COLUMNS.join(",")} FROM jobs INDEXED BY jobs_pending
         WHERE state = 'PENDING' ORDER BY priority DESC, seq LIMIT ?`,
      ).all(limit);
    return rows.map((r) => fromRow(r as Row));
  }

  /** How many jobs are PENDING (backoff included). */
  countPending(): number {
    const row = this.#db.prepare(
      "SELECT count(*) AS n FROM jobs INDEXED BY jobs_pending WHERE state = 'PENDING'",
    ).get() as { n: number };
    return Number(row.n);
  }

  /** Whether a change of this job waits for the next commit. */
  isDirty(id: string): boolean {
    return this.#dirty.has(id);
  }

  /** One job by id, with its output; undefined when unknown. */
  get(id: string): Job | undefined {
    const row = this.#byId.get(id) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** The job submitted with this idempotency key, if any. */
  getByIdempotencyKey(key: string): Job | undefined {
    const row = this.#byKey.get(key) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** Jobs newest first, optionally only in `states`, without output. */
  list(states: State[], pageSize: number, pageToken: string): JobPage {
    const before = pageToken ? decodePageToken(pageToken) : Number.MAX_SAFE_INTEGER;
    let statement = this.#listStatements.get(states.length);
    if (!statement) {
      const filter = states.length ? `AND state IN (${states.map(() => "?").join(",")})` : "";
      statement = this.#db.prepare(
        `SELECT ${SUMMARY_COLUMNS.join(",")} FROM jobs WHERE seq < ? ${filter}
         ORDER BY seq DESC LIMIT ?`,
      );
      this.#listStatements.set(states.length, statement);
    }
    const rows = statement.all(before, ...states, pageSize + 1) as Row[];
    const more = rows.length > pageSize;
    const jobs = rows.slice(0, pageSize).map(fromRow);
    return {
      jobs,
      nextPageToken: more ? encodePageToken(jobs[jobs.length - 1].seq) : "",
    };
  }

  /** Count of jobs per state (for metrics). */
  countByState(): Record<string, number> {
    const out: Record<string, number> = {};
    for (
      const r of this.#db.prepare("SELECT state, count(*) AS n FROM jobs GROUP BY state").all()
    ) {
      out[String(r.state)] = Number(r.n);
    }
    return out;
  }

  /**
   * Remove finished jobs older than `maxAgeMs`, and the oldest beyond `maxJobs` finished ones.
   * Returns how many were removed.
   */
  collectGarbage(now: number, maxAgeMs: number, maxJobs: number): number {
    const byAge = this.#db.prepare(
      `DELETE FROM jobs WHERE state IN ${TERMINAL_STATES} AND finished_at < ?`,
    ).run(now - maxAgeMs);
    const byCount = this.#db.prepare(
      `DELETE FROM jobs WHERE seq IN (
         SELECT seq FROM jobs WHERE state IN ${TERMINAL_STATES}
         ORDER BY finished_at DESC, seq DESC LIMIT -1 OFFSET ?)`,
    ).run(maxJobs);
    return Number(byAge.changes) + Number(byCount.changes);
  }

  /** Flush what is pending and close the database. */
  close(): void {
    if (this.#closed) return;
    this.flush();
    this.#closed = true;
    if (this.#wal) {
      // What waits for a sync is made durable now; a sync in flight closes the file when
      // it returns.
      const waiters = this.#unsynced;
      this.#unsynced = [];
      try {
        this.#wal.syncDataSync();
        for (const w of waiters) w.resolve();
      } catch (err) {
        for (const w of waiters) w.reject(err);
      }
      if (!this.#syncing) {
        this.#wal.close();
        this.#wal = undefined;
      }
    }
    this.#db.close();
  }
}

function toParams(job: Job): (string | number | null | Uint8Array)[] {
  return [
    job.id,
    job.command,
    JSON.stringify(job.env),
    job.cwd,
    job.timeoutSeconds,
    job.maxRetries,
    job.idempotencyKey || null,
    job.priority,
    job.state,
    job.attempt,
    job.workerId,
    job.exitCode,
    job.signal,
    job.error,
    job.timedOut ? 1 : 0,
    job.stdout,
    job.stderr,
    job.stdoutTruncated ? 1 : 0,
    job.stderrTruncated ? 1 : 0,
    job.stdoutBytes,
    job.stderrBytes,
    job.createdAt,
    job.startedAt,
    job.finishedAt,
    job.notBefore,
    job.failures,
    job.lost,
    job.cancelRequested ? 1 : 0,
  ];
}

const EMPTY = new Uint8Array(0);

function fromRow(r: Row): Job {
  return {
    seq: Number(r.seq),
    id: String(r.id),
    command: String(r.command),
    env: JSON.parse(String(r.env)),
    cwd: String(r.cwd),
    timeoutSeconds: Number(r.timeout_seconds),
    maxRetries: Number(r.max_retries),
    idempotencyKey: r.idempotency_key == null ? "" : String(r.idempotency_key),
    priority: Number(r.priority),
    state: String(r.state) as State,
    attempt: Number(r.attempt),
    workerId: String(r.worker_id),
    exitCode: r.exit_code == null ? null : Number(r.exit_code),
    signal: String(r.signal),
    error: String(r.error),
    timedOut: r.timed_out === 1,
    stdout: r.stdout instanceof Uint8Array ? r.stdout : EMPTY,
    stderr: r.stderr instanceof Uint8Array ? r.stderr : EMPTY,
    stdoutTruncated: r.stdout_truncated === 1,
    stderrTruncated: r.stderr_truncated === 1,
    stdoutBytes: Number(r.stdout_bytes),
    stderrBytes: Number(r.stderr_bytes),
    createdAt: Number(r.created_at),
    startedAt: r.started_at == null ? null : Number(r.started_at),
    finishedAt: r.finished_at == null ? null : Number(r.finished_at),
    notBefore: Number(r.not_before),
    failures: Number(r.failures),
    lost: Number(r.lost),
    cancelRequested: r.cancel_requested === 1,
  };
}

/** Page tokens are opaque to clients: base64url of "seq:<n>". */
export function encodePageToken(seq: number): string {
  return btoa(`seq:${seq}`).replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");
}

/** The seq a page token points before, or throws RangeError for a token we did not make. */
export function decodePageToken(token: string): number {
  let text: string;
  try {
    text = atob(token.replaceAll("-", "+").replaceAll("_", "/"));
  } catch {
    throw new RangeError(`Invalid page_token: not one this manager issued`);
  }
  const m = /^seq:(\d{1,15})$/.exec(text);
  if (!m) throw new RangeError(`Invalid page_token: not one this manager issued`);
  return Number(m[1]);
}
