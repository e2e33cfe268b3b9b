/**
 * The PostgreSQL schema: the same numbered migrations as the SQLite driver's (one version
 * number means the same tables and columns on both), in PostgreSQL's dialect. The version
 * reached is kept in the database (`titan_schema`); every manager applies what is missing at
 * start, standbys included, under an advisory lock and in one transaction (PostgreSQL's DDL
 * is transactional: a crash mid-way leaves the old version).
 *
 * Besides the numbered migrations, the driver keeps the leader lease and its fence function
 * (../../maintenance/leader_lease.ts) current; they are idempotent and have no SQLite
 * counterpart (one SQLite manager needs no election).
 *
 * Append only: never edit a migration that has shipped; add the next number.
 */
import { LEASE_SCHEMA } from "../../maintenance/leader_lease.ts";
import type { Sql } from "./connection.ts";

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "the jobs table and its indexes",
    sql: `
CREATE TABLE jobs (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text NOT NULL UNIQUE,
  command text NOT NULL,
  env text NOT NULL,
  cwd text NOT NULL,
  timeout_seconds integer NOT NULL,
  max_retries integer NOT NULL,
  idempotency_key text UNIQUE,
  priority integer NOT NULL,
  state text NOT NULL,
  attempt integer NOT NULL,
  worker_id text NOT NULL,
  exit_code integer,
  signal text NOT NULL,
  error text NOT NULL,
  timed_out boolean NOT NULL,
  stdout bytea NOT NULL,
  stderr bytea NOT NULL,
  stdout_truncated boolean NOT NULL,
  stderr_truncated boolean NOT NULL,
  stdout_bytes bigint NOT NULL,
  stderr_bytes bigint NOT NULL,
  created_at bigint NOT NULL,
  started_at bigint,
  finished_at bigint,
  not_before bigint NOT NULL,
  failures integer NOT NULL,
  lost integer NOT NULL,
  cancel_requested boolean NOT NULL
);
CREATE INDEX jobs_state_seq ON jobs(state, seq);
CREATE INDEX jobs_finished_at ON jobs(finished_at) WHERE finished_at IS NOT NULL;
CREATE INDEX jobs_pending ON jobs(priority DESC, seq) WHERE state = 'PENDING';
`,
  },
  {
    version: 2,
    description: "placement: resources, selector and queue of jobs; queue settings",
    sql: `
ALTER TABLE jobs ADD COLUMN cpu_millis integer NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN memory_mb integer NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN devices text NOT NULL DEFAULT '{}';
ALTER TABLE jobs ADD COLUMN selector text NOT NULL DEFAULT '{}';
ALTER TABLE jobs ADD COLUMN queue text NOT NULL DEFAULT 'default';
CREATE TABLE queues (
  name text PRIMARY KEY,
  max_running integer NOT NULL,
  paused boolean NOT NULL
);
`,
  },
  {
    version: 3,
    // A held job (deps_waiting > 0) is PENDING but not queued: the queue's index leaves it
    // out, and a restarted manager finds the held ones by an index of their own.
    description: "job names and dependencies",
    sql: `
ALTER TABLE jobs ADD COLUMN name text NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN depends_on text NOT NULL DEFAULT '[]';
ALTER TABLE jobs ADD COLUMN dependency_policy text NOT NULL DEFAULT 'AFTER_SUCCESS';
ALTER TABLE jobs ADD COLUMN deps_waiting integer NOT NULL DEFAULT 0;
DROP INDEX jobs_pending;
CREATE INDEX jobs_ready ON jobs(priority DESC, seq) WHERE state = 'PENDING' AND deps_waiting = 0;
CREATE INDEX jobs_waiting ON jobs(seq) WHERE state = 'PENDING' AND deps_waiting > 0;
CREATE INDEX jobs_name_seq ON jobs(name, seq) WHERE name <> '';
`,
  },
  {
    version: 4,
    // The unique index makes a fire exactly once even against a second manager: a batch
    // that would store a second job for one fire time fails whole.
    description: "schedules, and the fire each job of a schedule stands for",
    sql: `
ALTER TABLE jobs ADD COLUMN schedule_name text;
ALTER TABLE jobs ADD COLUMN fire_time bigint;
CREATE UNIQUE INDEX jobs_schedule_fire ON jobs(schedule_name, fire_time)
  WHERE schedule_name IS NOT NULL;
CREATE TABLE schedules (
  name text PRIMARY KEY,
  cron text NOT NULL,
  timezone text NOT NULL,
  job text NOT NULL,
  overlap_policy text NOT NULL,
  catch_up_policy text NOT NULL,
  paused boolean NOT NULL,
  next_fire_at bigint,
  last_fire_at bigint,
  last_job_id text NOT NULL,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL
);
`,
  },
];

/** The version a database at the newest schema has. */
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** Any number; the same in every manager, so two starting at once migrate one after another. */
const MIGRATION_LOCK = 0x7469_7461; // "tita"

/** Thrown when the database was written by a newer manager than this one. */
export class SchemaTooNewError extends Error {
  constructor(readonly found: number, readonly latest: number) {
    super(
      `the database is at schema version ${found}, newer than this manager knows (${latest}): ` +
        `run a manager at least as new as the one that wrote it`,
    );
    this.name = "SchemaTooNewError";
  }
}

/** Bring the database to `target` (the newest by default); returns the versions. */
export async function migrate(
  sql: Sql,
  migrations: readonly Migration[] = MIGRATIONS,
  target = migrations[migrations.length - 1].version,
): Promise<{ from: number; to: number }> {
  return await sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`;
    await tx`CREATE TABLE IF NOT EXISTS titan_schema (
               id int PRIMARY KEY CHECK (id = 1), version int NOT NULL)`;
    const [row] = await tx`SELECT version FROM titan_schema WHERE id = 1`;
    const from = row ? Number(row.version) : 0;
    if (from > target) throw new SchemaTooNewError(from, target);
    for (const m of migrations) {
      if (m.version > from && m.version <= target) await tx.unsafe(m.sql);
    }
    await tx.unsafe(LEASE_SCHEMA);
    if (target !== from) {
      await tx`INSERT INTO titan_schema (id, version) VALUES (1, ${target})
               ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version`;
    }
    return { from, to: target };
  });
}

/** The schema version recorded in the database (0 when none). */
export async function schemaVersion(sql: Sql): Promise<number> {
  const [exists] = await sql`SELECT to_regclass('titan_schema') IS NOT NULL AS present`;
  if (!exists.present) return 0;
  const [row] = await sql`SELECT version FROM titan_schema WHERE id = 1`;
  return row ? Number(row.version) : 0;
}
