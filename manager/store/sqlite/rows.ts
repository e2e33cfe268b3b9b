/**
 * Row mapping for the jobs table: each column is named once, with how it is written from a
 * job and read back, so a column cannot drift out of line with its value.
 */
import { type DependencyPolicy, type Job, type State } from "../../../shared/model.ts";
import { blankJob } from "../blank_job.ts";

export type SqlValue = string | number | bigint | null | Uint8Array;
type Row = { [column: string]: SqlValue };

const bool = (v: SqlValue) => v === 1 || v === 1n;
const num = (v: SqlValue) => Number(v);
const numOrNull = (v: SqlValue) => (v == null ? null : Number(v));
const str = (v: SqlValue) => String(v);
const EMPTY = new Uint8Array(0);
const bytes = (v: SqlValue) => (v instanceof Uint8Array ? v : EMPTY);

/** Every column of the jobs table but `seq` (the store gives that out): write, then read. */
const COLUMN_MAP = {
  id: [(j: Job) => j.id, (v: SqlValue, j: Job) => (j.id = str(v))],
  command: [(j: Job) => j.command, (v, j) => (j.command = str(v))],
  env: [(j: Job) => JSON.stringify(j.env), (v, j) => (j.env = JSON.parse(str(v)))],
  cwd: [(j: Job) => j.cwd, (v, j) => (j.cwd = str(v))],
  timeout_seconds: [(j: Job) => j.timeoutSeconds, (v, j) => (j.timeoutSeconds = num(v))],
  max_retries: [(j: Job) => j.maxRetries, (v, j) => (j.maxRetries = num(v))],
  // NULL, not "", when absent: the column is UNIQUE and many jobs have no key.
  idempotency_key: [
    (j: Job) => j.idempotencyKey || null,
    (v, j) => (j.idempotencyKey = v == null ? "" : str(v)),
  ],
  priority: [(j: Job) => j.priority, (v, j) => (j.priority = num(v))],
  state: [(j: Job) => j.state, (v, j) => (j.state = str(v) as State)],
  attempt: [(j: Job) => j.attempt, (v, j) => (j.attempt = num(v))],
  worker_id: [(j: Job) => j.workerId, (v, j) => (j.workerId = str(v))],
  exit_code: [(j: Job) => j.exitCode, (v, j) => (j.exitCode = numOrNull(v))],
  signal: [(j: Job) => j.signal, (v, j) => (j.signal = str(v))],
  error: [(j: Job) => j.error, (v, j) => (j.error = str(v))],
  timed_out: [(j: Job) => (j.timedOut ? 1 : 0), (v, j) => (j.timedOut = bool(v))],
  stdout: [(j: Job) => j.stdout, (v, j) => (j.stdout = bytes(v))],
  stderr: [(j: Job) => j.stderr, (v, j) => (j.stderr = bytes(v))],
  stdout_truncated: [
    (j: Job) => (j.stdoutTruncated ? 1 : 0),
    (v, j) => (j.stdoutTruncated = bool(v)),
  ],
  stderr_truncated: [
    (j: Job) => (j.stderrTruncated ? 1 : 0),
    (v, j) => (j.stderrTruncated = bool(v)),
  ],
  stdout_bytes: [(j: Job) => j.stdoutBytes, (v, j) => (j.stdoutBytes = num(v))],
  stderr_bytes: [(j: Job) => j.stderrBytes, (v, j) => (j.stderrBytes = num(v))],
  created_at: [(j: Job) => j.createdAt, (v, j) => (j.createdAt = num(v))],
  started_at: [(j: Job) => j.startedAt, (v, j) => (j.startedAt = numOrNull(v))],
  finished_at: [(j: Job) => j.finishedAt, (v, j) => (j.finishedAt = numOrNull(v))],
  not_before: [(j: Job) => j.notBefore, (v, j) => (j.notBefore = num(v))],
  failures: [(j: Job) => j.failures, (v, j) => (j.failures = num(v))],
  lost: [(j: Job) => j.lost, (v, j) => (j.lost = num(v))],
  cancel_requested: [
    (j: Job) => (j.cancelRequested ? 1 : 0),
    (v, j) => (j.cancelRequested = bool(v)),
  ],
  cpu_millis: [(j: Job) => j.resources.cpuMillis, (v, j) => (j.resources.cpuMillis = num(v))],
  memory_mb: [(j: Job) => j.resources.memoryMb, (v, j) => (j.resources.memoryMb = num(v))],
  devices: [
    (j: Job) => JSON.stringify(j.resources.devices),
    (v, j) => (j.resources.devices = JSON.parse(str(v))),
  ],
  selector: [(j: Job) => JSON.stringify(j.selector), (v, j) => (j.selector = JSON.parse(str(v)))],
  queue: [(j: Job) => j.queue, (v, j) => (j.queue = str(v))],
  name: [(j: Job) => j.name, (v, j) => (j.name = str(v))],
  depends_on: [
    (j: Job) => JSON.stringify(j.dependsOn),
    (v, j) => (j.dependsOn = JSON.parse(str(v))),
  ],
  dependency_policy: [
    (j: Job) => j.dependencyPolicy,
    (v, j) => (j.dependencyPolicy = str(v) as DependencyPolicy),
  ],
  deps_waiting: [(j: Job) => j.depsWaiting, (v, j) => (j.depsWaiting = num(v))],
  // NULL, not "", when absent: (schedule_name, fire_time) is UNIQUE among schedules' jobs.
  schedule_name: [
    (j: Job) => j.scheduleName || null,
    (v, j) => (j.scheduleName = v == null ? "" : str(v)),
  ],
  fire_time: [(j: Job) => j.fireTime, (v, j) => (j.fireTime = numOrNull(v))],
} satisfies Record<string, [(j: Job) => SqlValue, (v: SqlValue, j: Job) => unknown]>;

export type JobColumn = keyof typeof COLUMN_MAP;

const ENTRIES = Object.entries(COLUMN_MAP) as [
  JobColumn,
  [(j: Job) => SqlValue, (v: SqlValue, j: Job) => unknown],
][];

/** Every column but seq, in one fixed order (for generated statements). */
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

const WRITERS = ENTRIES.map(([, [write]]) => write);

/**
 * A job as statement parameters, one per column in the order of `COLUMNS` (seq not included).
 * Positional, not named: Deno's node:sqlite binds named parameters about four times slower
 * (measured: 20,000 inserts of 39 columns, 4.5 s named against 1.0 s positional). The order
 * comes from COLUMNS alone, and the statements are generated from it.
 */
export function toParams(job: Job): SqlValue[] {
  const params = new Array<SqlValue>(WRITERS.length);
  for (let i = 0; i < WRITERS.length; i++) params[i] = WRITERS[i](job);
  return params;
}

/** A job read back from a row with `seq` and some or all columns (absent ones keep defaults). */
export function fromRow(row: Row): Job {
  const job = blankJob();
  job.seq = Number(row.seq);
  for (const [column, [, read]] of ENTRIES) {
    if (column in row) read(row[column], job);
  }
  return job;
}
