/**
 * The write side of the SQLite driver: one batch of jobs (and what else the batch holds) in
 * one transaction.
 *
 * New jobs get their seq here rather than from SQLite (about half the cost of an
 * AUTOINCREMENT insert); a job already stored is found by its seq (the rowid), not through
 * the id index.
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { Job } from "../../../shared/model.ts";
import { COLUMNS, INSERT_ONLY_COLUMNS, toParams } from "./rows.ts";

const placeholders = (n: number) => Array.from({ length: n }, () => "?").join(",");

/** Positions in `toParams` of the columns an update writes, and of the id. */
const UPDATED = COLUMNS.flatMap((c, i) =>
  c !== "id" && !INSERT_ONLY_COLUMNS.includes(c) ? [i] : []
);
const ID = COLUMNS.indexOf("id");

export class JobWriter {
  readonly #insert: StatementSync;
  readonly #update: StatementSync;
  readonly #upsert: StatementSync;
  /** The last seq given out. */
  #lastSeq: number;

  constructor(readonly db: DatabaseSync) {
    const last = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'jobs'").get() as
      | { seq: number }
      | undefined;
    this.#lastSeq = Number(last?.seq ?? 0);
    const columns = COLUMNS.join(",");
    const updated = UPDATED.map((i) => COLUMNS[i]);
    this.#insert = db.prepare(
      `INSERT INTO jobs (seq, ${columns}) VALUES (?, ${placeholders(COLUMNS.length)})`,
    );
    this.#update = db.prepare(
      `UPDATE jobs SET ${updated.map((c) => `${c} = ?`).join(",")} WHERE seq = ? AND id = ?`,
    );
    this.#upsert = db.prepare(
      `INSERT INTO jobs (${columns}) VALUES (${placeholders(COLUMNS.length)})
       ON CONFLICT(id) DO UPDATE SET ${updated.map((c) => `${c} = excluded.${c}`).join(",")}
       RETURNING seq`,
    );
  }

  /**
   * Write every job, and what `more` writes, in one transaction; throws (rolled back) when
   * any write fails.
   */
  write(jobs: readonly Job[], more: () => void = () => {}): void {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      for (const job of jobs) this.#writeOne(job);
      more();
      this.db.exec("COMMIT");
    } catch (err) {
      try {
        this.db.exec("ROLLBACK");
      } catch { /* the transaction may not have started */ }
      throw err;
    }
  }

  #writeOne(job: Job): void {
    const params = toParams(job);
    if (job.seq > 0) {
      const update = UPDATED.map((i) => params[i]);
      if (Number(this.#update.run(...update, job.seq, params[ID]).changes) === 1) return;
    } else {
      try {
        this.#insert.run(this.#lastSeq + 1, ...params);
        job.seq = ++this.#lastSeq;
        return;
      } catch {
        // The id is taken (a job object made from a stored one): the statement alone
        // failed, the transaction goes on; update the row instead.
      }
    }
    const stored = this.#upsert.get(...params) as { seq: number };
    job.seq = Number(stored.seq);
    this.#lastSeq = Math.max(this.#lastSeq, job.seq);
  }
}
