/** The read side of the SQLite driver: prepared queries, each answering one question. */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { Job } from "../../../shared/model.ts";
import type { JobPage, ListQuery, PendingKey } from "../store.ts";
import { COLUMNS, fromRow, type SqlValue, SUMMARY_COLUMNS } from "./rows.ts";

type Row = { [column: string]: SqlValue };
const ALL = `seq, ${COLUMNS.join(",")}`;

export class JobQueries {
  readonly #byId: StatementSync;
  readonly #byKey: StatementSync;
  readonly #held: StatementSync;
  readonly #delayed: StatementSync;
  readonly #pendingFirst: StatementSync;
  readonly #pendingAfter: StatementSync;
  readonly #countPending: StatementSync;
  /** Listing statements by the number of states filtered on, and whether by queue. */
  readonly #lists = new Map<string, StatementSync>();

  constructor(readonly db: DatabaseSync) {
    this.#byId = db.prepare(`SELECT ${ALL} FROM jobs WHERE id = ?`);
    this.#byKey = db.prepare(`SELECT ${ALL} FROM jobs WHERE idempotency_key = ?`);
    this.#held = db.prepare(
      `SELECT ${ALL} FROM jobs WHERE state IN ('SCHEDULED','RUNNING') ORDER BY seq`,
    );
    this.#delayed = db.prepare(
      `SELECT ${ALL} FROM jobs WHERE state = 'PENDING' AND not_before > ? ORDER BY seq`,
    );
    this.#pendingFirst = db.prepare(
      `SELECT ${ALL} FROM jobs INDEXED BY jobs_pending
       WHERE state = 'PENDING' ORDER BY priority DESC, seq LIMIT ?`,
    );
    this.#pendingAfter = db.prepare(
      `SELECT ${ALL} FROM jobs INDEXED BY jobs_pending
       WHERE state = 'PENDING' AND (priority < :priority OR (priority = :priority AND seq > :seq))
       ORDER BY priority DESC, seq LIMIT :limit`,
    );
    this.#countPending = db.prepare(
      "SELECT count(*) AS n FROM jobs INDEXED BY jobs_pending WHERE state = 'PENDING'",
    );
  }

  get(id: string): Job | undefined {
    const row = this.#byId.get(id) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  getByIdempotencyKey(key: string): Job | undefined {
    const row = this.#byKey.get(key) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  loadHeld(): Job[] {
    return (this.#held.all() as Row[]).map(fromRow);
  }

  loadDelayed(now: number): Job[] {
    return (this.#delayed.all(now) as Row[]).map(fromRow);
  }

  pendingAfter(after: PendingKey | undefined, limit: number): Job[] {
    const rows = after
      ? this.#pendingAfter.all({ priority: after.priority, seq: after.seq, limit })
      : this.#pendingFirst.all(limit);
    return (rows as Row[]).map(fromRow);
  }

  countPending(): number {
    return Number((this.#countPending.get() as { n: number }).n);
  }

  list(query: ListQuery): JobPage {
    const { states, limit, queue } = query;
    const shape = `${states.length}${queue === undefined ? "" : "q"}`;
    let statement = this.#lists.get(shape);
    if (!statement) {
      const filter = states.length ? `AND state IN (${states.map(() => "?").join(",")})` : "";
      const byQueue = queue === undefined ? "" : "AND queue = ?";
      statement = this.db.prepare(
        `SELECT seq, ${SUMMARY_COLUMNS.join(",")} FROM jobs WHERE seq < ? ${filter} ${byQueue}
         ORDER BY seq DESC LIMIT ?`,
      );
      this.#lists.set(shape, statement);
    }
    const before = query.beforeSeq ?? Number.MAX_SAFE_INTEGER;
    const params = queue === undefined ? [...states] : [...states, queue];
    const rows = statement.all(before, ...params, limit + 1) as Row[];
    return { jobs: rows.slice(0, limit).map(fromRow), more: rows.length > limit };
  }
}
