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
import { isConnectionError, type Sql, withTimeout } from "./connection.ts";
import { COLUMNS, RECORD_TYPE, RECORD_VALUES, toRecord } from "./rows.ts";

const UPSERT = `
INSERT INTO jobs (${COLUMNS.join(", ")})
SELECT ${RECORD_VALUES} FROM json_to_recordset($1::json) AS x(${RECORD_TYPE})
ON CONFLICT (id) DO UPDATE SET ${
  COLUMNS.filter((c) => c !== "id").map((c) => `${c} = EXCLUDED.${c}`).join(", ")
}
RETURNING id, seq`;

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
    if (jobs.size === 0) return;
    const records = [...jobs.values()].map(toRecord);
    const sql = this.options.sql();
    const term = this.options.term;
    const rows = await withTimeout(
      sql.begin(async (tx) => {
        // Pipelined: the fence and the upsert leave in one round trip; if the fence raises,
        // the upsert fails with the aborted transaction and nothing is written.
        const [, written] = await Promise.all([
          tx`SELECT titan_fence(${term}::bigint)`,
          // The client serializes the records as the json parameter's text.
          tx.unsafe(UPSERT, [tx.json(records)], { prepare: true }),
        ]);
        return written;
      }),
      this.options.commitTimeoutMs ?? 10_000,
      "commit",
    );
    for (const row of rows) {
      const job = jobs.get(String(row.id));
      if (job && job.seq === 0) job.seq = Number(row.seq);
    }
  }
}
