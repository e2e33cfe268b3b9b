/**
 * The read side of the PostgreSQL driver (one statement per question), and garbage
 * collection, the one write outside job batches, fenced by the leader's term like them.
 */
import type { Job, State } from "../../../shared/model.ts";
import type {
  DependencyState,
  JobPage,
  ListQuery,
  PendingKey,
  QueueSettings,
  RetentionPolicy,
} from "../store.ts";
import type { ScheduleRecord } from "../../workflows/schedule_record.ts";
import { type Sql, withTimeout } from "./connection.ts";
import { COLUMNS, fromRow, SUMMARY_COLUMNS } from "./rows.ts";

const ALL = `seq, ${COLUMNS.join(", ")}`;
const SUMMARY = `seq, ${SUMMARY_COLUMNS.join(", ")}`;
const TERMINAL = "('COMPLETED','FAILED','CANCELLED')";

export class JobQueries {
  constructor(readonly sql: () => Sql, readonly timeoutMs: number) {}

  async #rows(text: string, params: unknown[]): Promise<Job[]> {
    const rows = await withTimeout(
      // deno-lint-ignore no-explicit-any
      this.sql().unsafe(text, params as any[], { prepare: true }),
      this.timeoutMs,
      "query",
    );
    return rows.map(fromRow);
  }

  async get(id: string): Promise<Job | undefined> {
    return (await this.#rows(`SELECT ${ALL} FROM jobs WHERE id = $1`, [id]))[0];
  }

  async getByIdempotencyKey(key: string): Promise<Job | undefined> {
    return (await this.#rows(`SELECT ${ALL} FROM jobs WHERE idempotency_key = $1`, [key]))[0];
  }

  loadHeld(): Promise<Job[]> {
    return this.#rows(
      `SELECT ${ALL} FROM jobs WHERE state IN ('SCHEDULED','RUNNING') ORDER BY seq`,
      [],
    );
  }

  loadDelayed(now: number): Promise<Job[]> {
    return this.#rows(
      `SELECT ${ALL} FROM jobs
       WHERE state = 'PENDING' AND deps_waiting = 0 AND not_before > $1 ORDER BY seq`,
      [now],
    );
  }

  pendingAfter(after: PendingKey | undefined, limit: number): Promise<Job[]> {
    return after
      ? this.#rows(
        `SELECT ${ALL} FROM jobs
         WHERE state = 'PENDING' AND deps_waiting = 0
           AND (priority < $1 OR (priority = $1 AND seq > $2))
         ORDER BY priority DESC, seq LIMIT $3`,
        [after.priority, after.seq, limit],
      )
      : this.#rows(
        `SELECT ${ALL} FROM jobs WHERE state = 'PENDING' AND deps_waiting = 0
         ORDER BY priority DESC, seq LIMIT $1`,
        [limit],
      );
  }

  async countPending(): Promise<number> {
    const rows = await withTimeout(
      this.sql()`SELECT count(*)::int AS n FROM jobs WHERE state = 'PENDING' AND deps_waiting = 0`,
      this.timeoutMs,
      "query",
    );
    return Number(rows[0].n);
  }

  loadWaiting(): Promise<Job[]> {
    return this.#rows(
      `SELECT ${ALL} FROM jobs WHERE state = 'PENDING' AND deps_waiting > 0 ORDER BY seq`,
      [],
    );
  }

  async dependencyStates(ids: readonly string[]): Promise<DependencyState[]> {
    if (ids.length === 0) return [];
    const rows = await withTimeout(
      this.sql().unsafe(
        "SELECT id, name, state FROM jobs WHERE id = ANY($1::text[])",
        [ids as string[]],
        { prepare: true },
      ),
      this.timeoutMs,
      "query",
    );
    return rows.map((r) => ({ id: String(r.id), name: String(r.name), state: r.state as State }));
  }

  async loadSchedules(): Promise<ScheduleRecord[]> {
    const rows = await withTimeout(
      this.sql()`SELECT * FROM schedules ORDER BY name`,
      this.timeoutMs,
      "query",
    );
    return rows.map((r) => ({
      name: String(r.name),
      cron: String(r.cron),
      timezone: String(r.timezone),
      job: JSON.parse(String(r.job)),
      overlapPolicy: String(r.overlap_policy) as ScheduleRecord["overlapPolicy"],
      catchUpPolicy: String(r.catch_up_policy) as ScheduleRecord["catchUpPolicy"],
      paused: r.paused === true,
      nextFireAt: r.next_fire_at == null ? null : Number(r.next_fire_at),
      lastFireAt: r.last_fire_at == null ? null : Number(r.last_fire_at),
      lastJobId: String(r.last_job_id),
      createdAt: Number(r.created_at),
      updatedAt: Number(r.updated_at),
    }));
  }

  async countByState(): Promise<Partial<Record<State, number>>> {
    const rows = await withTimeout(
      this.sql()`SELECT state, count(*)::int AS n FROM jobs GROUP BY state`,
      this.timeoutMs,
      "query",
    );
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  }

  async list(query: ListQuery): Promise<JobPage> {
    const { states, limit } = query;
    const before = query.beforeSeq ?? Number.MAX_SAFE_INTEGER;
    const text = query.textContains ?? "";
    // The text taken literally: LIKE's wildcards and the escape character escaped.
    const pattern = text ? `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    // One statement text for every filter: an empty array means "all states", a null
    // pattern "any name or command".
    const jobs = await this.#rows(
      `SELECT ${SUMMARY} FROM jobs
       WHERE seq < $1 AND (cardinality($2::text[]) = 0 OR state = ANY($2::text[]))
         AND ($4::text IS NULL OR command ILIKE $4::text ESCAPE '\\'
              OR name ILIKE $4::text ESCAPE '\\')
         AND ($5::text IS NULL OR queue = $5::text)
         AND ($6::text = '' OR name = $6::text)
       ORDER BY seq DESC LIMIT $3`,
      [before, states as string[], limit + 1, pattern, query.queue ?? null, query.name ?? ""],
    );
    return { jobs: jobs.slice(0, limit), more: jobs.length > limit };
  }

  async countPendingByQueue(): Promise<Map<string, number>> {
    const rows = await withTimeout(
      this.sql()`SELECT queue, count(*)::int AS n FROM jobs WHERE state = 'PENDING' GROUP BY queue`,
      this.timeoutMs,
      "query",
    );
    return new Map(rows.map((r) => [String(r.queue), Number(r.n)]));
  }

  async loadQueues(): Promise<QueueSettings[]> {
    const rows = await withTimeout(
      this.sql()`SELECT name, max_running, paused FROM queues ORDER BY name`,
      this.timeoutMs,
      "query",
    );
    return rows.map((r) => ({
      name: String(r.name),
      maxRunning: Number(r.max_running),
      paused: r.paused === true,
    }));
  }

  /** Write one queue's settings, if `term` still leads (committed = durable). */
  async saveQueue(settings: QueueSettings, term: number): Promise<void> {
    await withTimeout(
      this.sql().begin(async (tx) => {
        await tx`SELECT titan_fence(${term}::bigint)`;
        await tx`INSERT INTO queues (name, max_running, paused)
                 VALUES (${settings.name}, ${settings.maxRunning}, ${settings.paused})
                 ON CONFLICT (name) DO UPDATE
                 SET max_running = EXCLUDED.max_running, paused = EXCLUDED.paused`;
      }),
      this.timeoutMs,
      "saving a queue",
    );
  }

  /** Remove finished jobs past the policy, if `term` still leads; returns how many went. */
  async collectGarbage(now: number, policy: RetentionPolicy, term: number): Promise<number> {
    return await withTimeout(
      this.sql().begin(async (tx) => {
        await tx`SELECT titan_fence(${term}::bigint)`;
        const byAge = await tx.unsafe(
          `DELETE FROM jobs WHERE state IN ${TERMINAL} AND finished_at < $1`,
          [now - policy.maxAgeMs],
        );
        const byCount = await tx.unsafe(
          `DELETE FROM jobs WHERE seq IN (
             SELECT seq FROM jobs WHERE state IN ${TERMINAL}
             ORDER BY finished_at DESC, seq DESC OFFSET $1)`,
          [policy.maxJobs],
        );
        return byAge.count + byCount.count;
      }),
      this.timeoutMs,
      "garbage collection",
    );
  }
}
