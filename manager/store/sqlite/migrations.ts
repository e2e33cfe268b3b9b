/**
 * The SQLite schema, as numbered migrations applied at open. The version reached is kept in
 * the database itself (`PRAGMA user_version`), so a data dir that outlives an upgrade (on a
 * persistent volume) is brought forward by the next manager, and one written by a newer
 * manager is refused rather than misread.
 *
 * Append only: never edit a migration that has shipped; add the next number.
 */
import type { DatabaseSync } from "node:sqlite";

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    // IF NOT EXISTS: data dirs made before the schema had a version hold exactly this table
    // at user_version 0, and are adopted as version 1 unchanged.
    description: "the jobs table and its indexes",
    sql: `
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
`,
  },
  {
    version: 2,
    description: "placement: resources, selector and queue of jobs; queue settings",
    sql: `
ALTER TABLE jobs ADD COLUMN cpu_millis INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN memory_mb INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN devices TEXT NOT NULL DEFAULT '{}';
ALTER TABLE jobs ADD COLUMN selector TEXT NOT NULL DEFAULT '{}';
ALTER TABLE jobs ADD COLUMN queue TEXT NOT NULL DEFAULT 'default';
CREATE TABLE queues (
  name TEXT PRIMARY KEY,
  max_running INTEGER NOT NULL,
  paused INTEGER NOT NULL
);
`,
  },
  {
    version: 3,
    // A held job (depsWaiting > 0) is PENDING but not queued: the queue's index leaves it
    // out, and a restarted manager finds the held ones by an index of their own.
    description: "job names and dependencies",
    sql: `
ALTER TABLE jobs ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN depends_on TEXT NOT NULL DEFAULT '[]';
ALTER TABLE jobs ADD COLUMN dependency_policy TEXT NOT NULL DEFAULT 'AFTER_SUCCESS';
ALTER TABLE jobs ADD COLUMN deps_waiting INTEGER NOT NULL DEFAULT 0;
DROP INDEX jobs_pending;
CREATE INDEX jobs_ready ON jobs(priority DESC, seq) WHERE state = 'PENDING' AND deps_waiting = 0;
CREATE INDEX jobs_waiting ON jobs(seq) WHERE state = 'PENDING' AND deps_waiting > 0;
CREATE INDEX jobs_name_seq ON jobs(name, seq) WHERE name != '';
`,
  },
  {
    version: 4,
    // The unique index is what makes a fire exactly once even against a second manager: a
    // batch that would store a second job for one fire time fails whole.
    description: "schedules, and the fire each job of a schedule stands for",
    sql: `
ALTER TABLE jobs ADD COLUMN schedule_name TEXT;
ALTER TABLE jobs ADD COLUMN fire_time INTEGER;
CREATE UNIQUE INDEX jobs_schedule_fire ON jobs(schedule_name, fire_time)
  WHERE schedule_name IS NOT NULL;
CREATE TABLE schedules (
  name TEXT PRIMARY KEY,
  cron TEXT NOT NULL,
  timezone TEXT NOT NULL,
  job TEXT NOT NULL,
  overlap_policy TEXT NOT NULL,
  catch_up_policy TEXT NOT NULL,
  paused INTEGER NOT NULL,
  next_fire_at INTEGER,
  last_fire_at INTEGER,
  last_job_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
`,
  },
];

/** The version a database at the newest schema has. */
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** Thrown when a data dir was written by a newer manager than this one. */
export class SchemaTooNewError extends Error {
  constructor(readonly found: number, readonly latest: number) {
    super(
      `the database is at schema version ${found}, newer than this manager knows (${latest}): ` +
        `run a manager at least as new as the one that wrote it`,
    );
    this.name = "SchemaTooNewError";
  }
}

/** The schema version recorded in `db`. */
export function schemaVersion(db: DatabaseSync): number {
  const row = db.prepare("PRAGMA user_version").get() as { user_version: number };
  return Number(row.user_version);
}

/**
 * Bring `db` to `target` (the newest by default), every step and the new version in one
 * transaction: a crash mid-way leaves the old version intact.
 */
export function migrate(
  db: DatabaseSync,
  migrations: readonly Migration[] = MIGRATIONS,
  target = migrations[migrations.length - 1].version,
): { from: number; to: number } {
  db.exec("BEGIN IMMEDIATE");
  try {
    const from = schemaVersion(db);
    if (from > target) throw new SchemaTooNewError(from, target);
    for (const m of migrations) {
      if (m.version > from && m.version <= target) db.exec(m.sql);
    }
    // PRAGMA takes no bound parameters; the version is an integer of ours.
    if (target !== from) db.exec(`PRAGMA user_version = ${Math.trunc(target)}`);
    db.exec("COMMIT");
    return { from, to: target };
  } catch (err) {
    db.exec("ROLLBACK");
    throw err;
  }
}
