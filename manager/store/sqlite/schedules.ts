/** The schedules table of the SQLite driver: written inside a batch's transaction, read whole. */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { ScheduleRecord } from "../../workflows/schedule_record.ts";
import type { SqlValue } from "./rows.ts";

type Row = { [column: string]: SqlValue };

export class ScheduleTable {
  readonly #upsert: StatementSync;
  readonly #delete: StatementSync;
  readonly #all: StatementSync;

  constructor(db: DatabaseSync) {
    this.#upsert = db.prepare(
      `INSERT INTO schedules (name, cron, timezone, job, overlap_policy, catch_up_policy, paused,
         next_fire_at, last_fire_at, last_job_id, created_at, updated_at)
       VALUES (:name, :cron, :timezone, :job, :overlap_policy, :catch_up_policy, :paused,
         :next_fire_at, :last_fire_at, :last_job_id, :created_at, :updated_at)
       ON CONFLICT(name) DO UPDATE SET cron = excluded.cron, timezone = excluded.timezone,
         job = excluded.job, overlap_policy = excluded.overlap_policy,
         catch_up_policy = excluded.catch_up_policy, paused = excluded.paused,
         next_fire_at = excluded.next_fire_at, last_fire_at = excluded.last_fire_at,
         last_job_id = excluded.last_job_id, updated_at = excluded.updated_at`,
    );
    this.#delete = db.prepare("DELETE FROM schedules WHERE name = ?");
    this.#all = db.prepare("SELECT * FROM schedules ORDER BY name");
  }

  /** Inside the caller's transaction. */
  write(schedules: readonly ScheduleRecord[]): void {
    for (const s of schedules) {
      if (s.deleted) {
        this.#delete.run(s.name);
        continue;
      }
      this.#upsert.run({
        name: s.name,
        cron: s.cron,
        timezone: s.timezone,
        job: JSON.stringify(s.job),
        overlap_policy: s.overlapPolicy,
        catch_up_policy: s.catchUpPolicy,
        paused: s.paused ? 1 : 0,
        next_fire_at: s.nextFireAt,
        last_fire_at: s.lastFireAt,
        last_job_id: s.lastJobId,
        created_at: s.createdAt,
        updated_at: s.updatedAt,
      });
    }
  }

  load(): ScheduleRecord[] {
    return (this.#all.all() as Row[]).map((r) => ({
      name: String(r.name),
      cron: String(r.cron),
      timezone: String(r.timezone),
      job: JSON.parse(String(r.job)),
      overlapPolicy: String(r.overlap_policy) as ScheduleRecord["overlapPolicy"],
      catchUpPolicy: String(r.catch_up_policy) as ScheduleRecord["catchUpPolicy"],
      paused: Number(r.paused) === 1,
      nextFireAt: r.next_fire_at == null ? null : Number(r.next_fire_at),
      lastFireAt: r.last_fire_at == null ? null : Number(r.last_fire_at),
      lastJobId: String(r.last_job_id),
      createdAt: Number(r.created_at),
      updatedAt: Number(r.updated_at),
    }));
  }
}
