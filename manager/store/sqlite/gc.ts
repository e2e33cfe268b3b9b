/** Garbage collection in the SQLite driver: finished jobs past the retention policy go. */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { RetentionPolicy } from "../store.ts";

const TERMINAL_STATES = "('COMPLETED','FAILED','CANCELLED')";

export class GarbageCollector {
  readonly #byAge: StatementSync;
  readonly #byCount: StatementSync;

  constructor(db: DatabaseSync) {
    this.#byAge = db.prepare(
      `DELETE FROM jobs WHERE state IN ${TERMINAL_STATES} AND finished_at < ?`,
    );
    this.#byCount = db.prepare(
      `DELETE FROM jobs WHERE seq IN (
         SELECT seq FROM jobs WHERE state IN ${TERMINAL_STATES}
         ORDER BY finished_at DESC, seq DESC LIMIT -1 OFFSET ?)`,
    );
  }

  /** Remove what the policy no longer keeps; returns how many jobs went. */
  collect(now: number, policy: RetentionPolicy): number {
    const byAge = this.#byAge.run(now - policy.maxAgeMs);
    const byCount = this.#byCount.run(policy.maxJobs);
    return Number(byAge.changes) + Number(byCount.changes);
  }
}
