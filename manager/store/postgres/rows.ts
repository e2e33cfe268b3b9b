/**
 * Row mapping for the jobs table in PostgreSQL: each column is named once, with its SQL type,
 * how it is written from a job (as a JSON value: a batch travels as one JSON document) and
 * how it is read back from what the client returns.
 */
import { Buffer } from "node:buffer";
import { type DependencyPolicy, type Job, type State } from "../../../shared/model.ts";
import { blankJob } from "../blank_job.ts";

type Json = string | number | boolean | null;
// deno-lint-ignore no-explicit-any
type Value = any;

const EMPTY = new Uint8Array(0);
const num = (v: Value) => Number(v);
const numOrNull = (v: Value) => (v == null ? null : Number(v));
const str = (v: Value) => String(v);
/** bytea arrives as a Buffer: hand out a plain Uint8Array of our own (a copy). */
const bytes = (v: Value) => (v instanceof Uint8Array && v.length > 0 ? new Uint8Array(v) : EMPTY);
/** Bytes in JSON: base64, decoded by the statement (decode(…, 'base64')). */
const base64 = (b: Uint8Array) =>
  b.length === 0 ? "" : Buffer.from(b.buffer, b.byteOffset, b.length).toString("base64");

interface Column {
  type: string;
  write: (j: Job) => Json;
  read: (v: Value, j: Job) => unknown;
}

const col = (
  type: string,
  write: (j: Job) => Json,
  read: (v: Value, j: Job) => unknown,
): Column => ({ type, write, read });

/** Every column of the jobs table but `seq` (the database gives that out). */
const COLUMN_MAP = {
  id: col("text", (j) => j.id, (v, j) => (j.id = str(v))),
  command: col("text", (j) => j.command, (v, j) => (j.command = str(v))),
  env: col("text", (j) => JSON.stringify(j.env), (v, j) => (j.env = JSON.parse(str(v)))),
  cwd: col("text", (j) => j.cwd, (v, j) => (j.cwd = str(v))),
  timeout_seconds: col("integer", (j) => j.timeoutSeconds, (v, j) => (j.timeoutSeconds = num(v))),
  max_retries: col("integer", (j) => j.maxRetries, (v, j) => (j.maxRetries = num(v))),
  // NULL, not "", when absent: the column is UNIQUE and many jobs have no key.
  idempotency_key: col(
    "text",
    (j) => j.idempotencyKey || null,
    (v, j) => (j.idempotencyKey = v == null ? "" : str(v)),
  ),
  priority: col("integer", (j) => j.priority, (v, j) => (j.priority = num(v))),
  state: col("text", (j) => j.state, (v, j) => (j.state = str(v) as State)),
  attempt: col("integer", (j) => j.attempt, (v, j) => (j.attempt = num(v))),
  worker_id: col("text", (j) => j.workerId, (v, j) => (j.workerId = str(v))),
  exit_code: col("integer", (j) => j.exitCode, (v, j) => (j.exitCode = numOrNull(v))),
  signal: col("text", (j) => j.signal, (v, j) => (j.signal = str(v))),
  error: col("text", (j) => j.error, (v, j) => (j.error = str(v))),
  timed_out: col("boolean", (j) => j.timedOut, (v, j) => (j.timedOut = v === true)),
  stdout: col("bytea", (j) => base64(j.stdout), (v, j) => (j.stdout = bytes(v))),
  stderr: col("bytea", (j) => base64(j.stderr), (v, j) => (j.stderr = bytes(v))),
  stdout_truncated: col(
    "boolean",
    (j) => j.stdoutTruncated,
    (v, j) => (j.stdoutTruncated = v === true),
  ),
  stderr_truncated: col(
    "boolean",
    (j) => j.stderrTruncated,
    (v, j) => (j.stderrTruncated = v === true),
  ),
  stdout_bytes: col("bigint", (j) => j.stdoutBytes, (v, j) => (j.stdoutBytes = num(v))),
  stderr_bytes: col("bigint", (j) => j.stderrBytes, (v, j) => (j.stderrBytes = num(v))),
  created_at: col("bigint", (j) => j.createdAt, (v, j) => (j.createdAt = num(v))),
  started_at: col("bigint", (j) => j.startedAt, (v, j) => (j.startedAt = numOrNull(v))),
  finished_at: col("bigint", (j) => j.finishedAt, (v, j) => (j.finishedAt = numOrNull(v))),
  not_before: col("bigint", (j) => j.notBefore, (v, j) => (j.notBefore = num(v))),
  failures: col("integer", (j) => j.failures, (v, j) => (j.failures = num(v))),
  lost: col("integer", (j) => j.lost, (v, j) => (j.lost = num(v))),
  cancel_requested: col(
    "boolean",
    (j) => j.cancelRequested,
    (v, j) => (j.cancelRequested = v === true),
  ),
  cpu_millis: col(
    "integer",
    (j) => j.resources.cpuMillis,
    (v, j) => (j.resources.cpuMillis = num(v)),
  ),
  memory_mb: col("integer", (j) => j.resources.memoryMb, (v, j) => (j.resources.memoryMb = num(v))),
  devices: col(
    "text",
    (j) => JSON.stringify(j.resources.devices),
    (v, j) => (j.resources.devices = JSON.parse(str(v))),
  ),
  selector: col(
    "text",
    (j) => JSON.stringify(j.selector),
    (v, j) => (j.selector = JSON.parse(str(v))),
  ),
  queue: col("text", (j) => j.queue, (v, j) => (j.queue = str(v))),
  name: col("text", (j) => j.name, (v, j) => (j.name = str(v))),
  depends_on: col(
    "text",
    (j) => JSON.stringify(j.dependsOn),
    (v, j) => (j.dependsOn = JSON.parse(str(v))),
  ),
  dependency_policy: col(
    "text",
    (j) => j.dependencyPolicy,
    (v, j) => (j.dependencyPolicy = str(v) as DependencyPolicy),
  ),
  deps_waiting: col("integer", (j) => j.depsWaiting, (v, j) => (j.depsWaiting = num(v))),
  // NULL, not "", when absent: (schedule_name, fire_time) is UNIQUE among schedules' jobs.
  schedule_name: col(
    "text",
    (j) => j.scheduleName || null,
    (v, j) => (j.scheduleName = v == null ? "" : str(v)),
  ),
  fire_time: col("bigint", (j) => j.fireTime, (v, j) => (j.fireTime = numOrNull(v))),
} satisfies Record<string, Column>;

export type JobColumn = keyof typeof COLUMN_MAP;
const ENTRIES = Object.entries(COLUMN_MAP) as [JobColumn, Column][];

/** Every column but seq, in one fixed order. */
export const COLUMNS: readonly JobColumn[] = ENTRIES.map(([c]) => c);

/** Columns of a listing: everything but the output blobs and the dependency list. */
export const SUMMARY_COLUMNS: readonly JobColumn[] = COLUMNS.filter(
  (c) => c !== "stdout" && c !== "stderr" && c !== "depends_on",
);

/**
 * Columns fixed at insert, left out of updates: a join's list of 10,000 dependencies would
 * otherwise be rewritten with every change of the job.
 */
export const INSERT_ONLY_COLUMNS: readonly JobColumn[] = ["depends_on"];

/** `x(id text, …)`: the record type of a batch document for json_to_recordset. */
export const RECORD_TYPE = ENTRIES.map(([c, { type }]) =>
  `${c} ${type === "bytea" ? "text" : type}`
).join(", ");

/** The record's columns as values of the table's types (bytes decoded from base64). */
export const RECORD_VALUES = ENTRIES.map(([c, { type }]) =>
  type === "bytea" ? `decode(x.${c}, 'base64')` : `x.${c}`
).join(", ");

/** A job as one record of a batch document. */
export function toRecord(job: Job): Record<string, Json> {
  const record: Record<string, Json> = {};
  for (const [column, { write }] of ENTRIES) record[column] = write(job);
  return record;
}

/** A job read back from a row with `seq` and some or all columns (absent ones keep defaults). */
export function fromRow(row: Record<string, Value>): Job {
  const job = blankJob();
  job.seq = Number(row.seq);
  for (const [column, { read }] of ENTRIES) {
    if (column in row) read(row[column], job);
  }
  return job;
}
