/**
 * The write side of the PostgreSQL driver: batches written one transaction at a time, each
 * fenced by the leader's term, with the batches that queued up meanwhile merged into the next
 * one (under load, many submits and reports cost one commit, and one fsync on the server).
 *
 * A transaction is: `SELECT titan_fence(term)` (raises unless our term is still the leader's),
 * then one upsert of every job of the batch from a JSON document (one round trip whatever
 * the batch size), then COMMIT. It resolves after COMMIT returns: with PostgreSQL's default
 * synchronous_commit, the commit is durable then.
 *
 * When the database cannot be reached the transaction is tried again, with the same jobs
 * (their latest fields) and whatever queued since, until it goes through, the fence refuses
 * it (our lease ended meanwhile), or the writer is stopped. Writing a job's full row is
 * idempotent, so a commit whose answer was lost and is written again changes nothing more.
 */
import type { Job } from "../../../shared/model.ts";
import type { Logger } from "../../../shared/log.ts";
import type { Batch } from "../group_commit.ts";
import { TitanError } from "../../../shared/errors.ts";
import { grpc } from "../../../shared/proto.ts";
import { isFenced } from "../../maintenance/leader_lease.ts";
import { isConnectionError, type Sql, withTimeout } from "./connection.ts";
import { COLUMNS, INSERT_ONLY_COLUMNS, RECORD_TYPE, RECORD_VALUES, toRecord } from "./rows.ts";
import type { ScheduleRecord } from "../../workflows/schedule_record.ts";

const UPSERT = `
INSERT INTO jobs (${COLUMNS.join(", ")})
SELECT ${RECORD_VALUES} FROM json_to_recordset($1::json) AS x(${RECORD_TYPE})
ON CONFLICT (id) DO UPDATE SET ${
  COLUMNS.filter((c) => c !== "id" && !INSERT_ONLY_COLUMNS.includes(c))
    .map((c) => `${c} = EXCLUDED.${c}`).join(", ")
}
RETURNING id, seq`;

const SCHEDULE_UPSERT = `
INSERT INTO schedules (name, cron, timezone, job, overlap_policy, catch_up_policy, paused,
  next_fire_at, last_fire_at, last_job_id, created_at, updated_at)
SELECT x.name, x.cron, x.timezone, x.job, x.overlap_policy, x.catch_up_policy, x.paused,
  x.next_fire_at, x.last_fire_at, x.last_job_id, x.created_at, x.updated_at
FROM json_to_recordset($1::json) AS x(name text, cron text, timezone text, job text,
  overlap_policy text, catch_up_policy text, paused boolean, next_fire_at bigint,
  last_fire_at bigint, last_job_id text, created_at bigint, updated_at bigint)
ON CONFLICT (name) DO UPDATE SET cron = EXCLUDED.cron, timezone = EXCLUDED.timezone,
  job = EXCLUDED.job, overlap_policy = EXCLUDED.overlap_policy,
  catch_up_policy = EXCLUDED.catch_up_policy, paused = EXCLUDED.paused,
  next_fire_at = EXCLUDED.next_fire_at, last_fire_at = EXCLUDED.last_fire_at,
  last_job_id = EXCLUDED.last_job_id, updated_at = EXCLUDED.updated_at`;

const SCHEDULE_DELETE = `DELETE FROM schedules WHERE name = ANY($1::text[])`;

/** A schedule as one record of a batch document. */
function scheduleRecord(s: ScheduleRecord) {
  return {
    name: s.name,
    cron: s.cron,
    timezone: s.timezone,
    job: JSON.stringify(s.job),
    overlap_policy: s.overlapPolicy,
    catch_up_policy: s.catchUpPolicy,
    paused: s.paused,
    next_fire_at: s.nextFireAt,
    last_fire_at: s.lastFireAt,
    last_job_id: s.lastJobId,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  };
}

interface Queued {
  batch: Batch;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export interface FencedWriterOptions {
  /** The pool to write through (asked for anew after each failure: it may be replaced). */
  sql: () => Sql;
  /** The leader term every transaction is fenced by. */
  term: number;
  /** A transaction without an answer for this long counts as a lost connection; default 10000. */
  commitTimeoutMs?: number;
  /** Pause between tries while the database is unreachable; default 500. */
  retryMs?: number;
  /** The database went away (true) or answered again (false). */
  onUnreachable?: (unreachable: boolean, err?: unknown) => void;
  log: Logger;
}

export class FencedWriter {
  #queue: Queued[] = [];
  #busy = false;
  #stopped: Error | undefined;
  #wakeRetry: (() => void) | undefined;

  constructor(readonly options: FencedWriterOptions) {}

  /** Write `batch` in order after those before it; resolves once committed. */
  write(batch: Batch): Promise<void> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    const done = new Promise<void>((resolve, reject) =>
      this.#queue.push({ batch, resolve, reject })
    );
    if (!this.#busy) this.#drain();
    return done;
  }

  /** Whether a transaction is being written or waits. */
  get idle(): boolean {
    return !this.#busy && this.#queue.length === 0;
  }

  /** Refuse further writes and fail the waiting ones with `err` (a deposed leader). */
  stop(err: Error): void {
    this.#stopped ??= err;
    this.#wakeRetry?.();
    if (!this.#busy) this.#failQueued(err);
  }

  #failQueued(err: unknown): void {
    const queued = this.#queue;
    this.#queue = [];
    for (const q of queued) q.reject(err);
  }

  async #drain(): Promise<void> {
    this.#busy = true;
    try {
      while (this.#queue.length > 0) {
        if (this.#stopped) {
          this.#failQueued(this.#stopped);
          break;
        }
        const group = this.#queue;
        this.#queue = [];
        try {
          await this.#commitWithRetry(group);
          for (const q of group) q.resolve();
        } catch (err) {
          for (const q of group) q.reject(err);
        }
      }
    } finally {
      this.#busy = false;
    }
  }

  /** Commit the jobs of `group` (and any batch queued while retrying) in one transaction. */
  async #commitWithRetry(group: Queued[]): Promise<void> {
    let unreachable = false;
    for (;;) {
      try {
        await this.#commit(group.map((q) => q.batch));
        if (unreachable) this.options.onUnreachable?.(false);
        return;
      } catch (err) {
        // Refused by the fence: callers hear UNAVAILABLE (another manager leads; try there).
        if (isFenced(err)) {
          throw new TitanError(grpc.status.UNAVAILABLE, "this manager is no longer the leader", {
            cause: err,
          });
        }
        if (!isConnectionError(err) || this.#stopped) throw this.#stopped ?? err;
        if (!unreachable) {
          unreachable = true;
          this.options.log.warn("database unreachable: the commit will be tried again", {
            error: err,
          });
          this.options.onUnreachable?.(true, err);
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.options.retryMs ?? 500);
          this.#wakeRetry = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.#wakeRetry = undefined;
        if (this.#stopped) throw this.#stopped;
        // What queued meanwhile rides along: its rows are newer, and order is kept.
        group.push(...this.#queue.splice(0));
      }
    }
  }

  async #commit(batches: Batch[]): Promise<void> {
    // Rows are taken now, from the jobs' current fields; a job in several batches once.
    const jobs = new Map<string, Job>();
    for (const b of batches) for (const job of b.jobs) jobs.set(job.id, job);
    // Schedules were taken when saved; a later batch's copy is the newer.
    const schedules = new Map<string, ScheduleRecord>();
    for (const b of batches) for (const s of b.schedules) schedules.set(s.name, s);
    if (jobs.size === 0 && schedules.size === 0) return;
    const records = [...jobs.values()].map(toRecord);
    const upserted = [...schedules.values()].filter((s) => !s.deleted).map(scheduleRecord);
    const deleted = [...schedules.values()].filter((s) => s.deleted).map((s) => s.name);
    const sql = this.options.sql();
    const term = this.options.term;
    const rows = await withTimeout(
      sql.begin(async (tx) => {
        // Pipelined: the fence and the upsert leave in one round trip; if the fence raises,
        // the upsert fails with the aborted transaction and nothing is written.
        const [, written] = await Promise.all([
          tx`SELECT titan_fence(${term}::bigint)`,
          // The client serializes the records as the json parameter's text.
          records.length
            ? tx.unsafe(UPSERT, [tx.json(records)], { prepare: true })
            : Promise.resolve([] as { id: string; seq: number }[]),
          upserted.length ? tx.unsafe(SCHEDULE_UPSERT, [tx.json(upserted)], { prepare: true }) : [],
          deleted.length ? tx.unsafe(SCHEDULE_DELETE, [deleted], { prepare: true }) : [],
        ]);
        return written;
      }),
      this.options.commitTimeoutMs ?? 10_000,
      "commit",
    );
    for (const row of rows as { id: string; seq: number }[]) {
      const job = jobs.get(String(row.id));
      if (job && job.seq === 0) job.seq = Number(row.seq);
    }
  }
}
