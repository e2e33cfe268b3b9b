/** The read side of the SQLite driver: prepared queries, each answering one question. */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { Job, State } from "../../../shared/model.ts";
import type { DependencyState, JobPage, ListQuery, PendingKey } from "../store.ts";
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
  readonly #waiting: StatementSync;
  readonly #dependencyStates: StatementSync;
  readonly #countByState: StatementSync;
  /** Listing statements by the filters they take (states, text searched, queue, name). */
  readonly #lists = new Map<string, StatementSync>();

  constructor(readonly db: DatabaseSync) {
    this.#byId = db.prepare(`SELECT ${ALL} FROM jobs WHERE id = ?`);
    this.#byKey = db.prepare(`SELECT ${ALL} FROM jobs WHERE idempotency_key = ?`);
    this.#held = db.prepare(
      `SELECT ${ALL} FROM jobs WHERE state IN ('SCHEDULED','RUNNING') ORDER BY seq`,
    );
    this.#delayed = db.prepare(
      `SELECT ${ALL} FROM jobs
       WHERE state = 'PENDING' AND deps_waiting = 0 AND not_before > ? ORDER BY seq`,
    );
    this.#pendingFirst = db.prepare(
      `SELECT ${ALL} FROM jobs INDEXED BY jobs_ready
       WHERE state = 'PENDING' AND deps_waiting = 0 ORDER BY priority DESC, seq LIMIT ?`,
    );
    this.#pendingAfter = db.prepare(
      `SELECT ${ALL} FROM jobs INDEXED BY jobs_ready
       WHERE state = 'PENDING' AND deps_waiting = 0
         AND (priority < :priority OR (priority = :priority AND seq > :seq))
       ORDER BY priority DESC, seq LIMIT :limit`,
    );
    this.#countPending = db.prepare(
      `SELECT count(*) AS n FROM jobs INDEXED BY jobs_ready
       WHERE state = 'PENDING' AND deps_waiting = 0`,
    );
    this.#waiting = db.prepare(
      `SELECT ${ALL} FROM jobs INDEXED BY jobs_waiting
       WHERE state = 'PENDING' AND deps_waiting > 0 ORDER BY seq`,
    );
    // One statement for any number of ids: they travel as one JSON array.
    this.#dependencyStates = db.prepare(
      "SELECT id, name, state FROM jobs WHERE id IN (SELECT value FROM json_each(?))",
    );
    // Answered from the (state, seq) index alone, without reading the rows.
    this.#countByState = db.prepare(
      "SELECT state, count(*) AS n FROM jobs INDEXED BY jobs_state_seq GROUP BY state",
    );
  }

  loadWaiting(): Job[] {
    return (this.#waiting.all() as Row[]).map(fromRow);
  }

  dependencyStates(ids: readonly string[]): DependencyState[] {
    if (ids.length === 0) return [];
    const rows = this.#dependencyStates.all(JSON.stringify(ids)) as Row[];
    return rows.map((r) => ({ id: String(r.id), name: String(r.name), state: r.state as State }));
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

  countByState(): Partial<Record<State, number>> {
    const out: Partial<Record<State, number>> = {};
    for (const row of this.#countByState.all() as { state: State; n: number }[]) {
      out[row.state] = Number(row.n);
    }
    return out;
  }

  list(query: ListQuery): JobPage {
    if (query.states.length > 1) {
      // One ordered index range per state, merged here: `state IN (…) ORDER BY seq` makes
      // SQLite read every row of those states and sort them (a page of the unfinished jobs
      // cost 0.3 ms with 2,000 queued, and grows with the queue); each range stops after a
      // page.
      const pages = query.states.map((state) => this.list({ ...query, states: [state] }));
      const jobs = pages.flatMap((p) => p.jobs).sort((a, b) => b.seq - a.seq);
      return {
        jobs: jobs.slice(0, query.limit),
        more: jobs.length > query.limit || pages.some((p) => p.more),
      };
    }
    const { states, limit, queue } = query;
    const text = query.textContains ?? "";
    const name = query.name ?? "";
    const key = `${states.length}/${text !== ""}/${queue !== undefined}/${name !== ""}`;
    let statement = this.#lists.get(key);
    if (!statement) {
      const filter = states.length ? `AND state IN (${states.map(() => "?").join(",")})` : "";
      // Walks seq downwards and stops at the page's end: a search that matches often costs
      // a page, one that matches rarely scans further (bounded by the jobs kept).
      const search = text !== ""
        ? "AND (command LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\')"
        : "";
      const byQueue = queue === undefined ? "" : "AND queue = ?";
      const byName = name !== "" ? "AND name = ?" : "";
      statement = this.db.prepare(
        `SELECT seq, ${SUMMARY_COLUMNS.join(",")} FROM jobs WHERE seq < ? ${filter} ${search}
         ${byQueue} ${byName} ORDER BY seq DESC LIMIT ?`,
      );
      this.#lists.set(key, statement);
    }
    const before = query.beforeSeq ?? Number.MAX_SAFE_INTEGER;
    const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const pattern = text !== "" ? [like, like] : [];
    const byQueue = queue === undefined ? [] : [queue];
    const names = name !== "" ? [name] : [];
    const rows = statement.all(
      before,
      ...states,
      ...pattern,
      ...byQueue,
      ...names,
      limit + 1,
    ) as Row[];
    return { jobs: rows.slice(0, limit).map(fromRow), more: rows.length > limit };
  }
}
