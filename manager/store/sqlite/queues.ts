/** Queue settings in the SQLite driver: one row per queue whose settings were ever changed. */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { QueueSettings } from "../store.ts";

export class QueueTable {
  readonly #all: StatementSync;
  readonly #upsert: StatementSync;
  readonly #pendingByQueue: StatementSync;

  constructor(db: DatabaseSync) {
    this.#all = db.prepare("SELECT name, max_running, paused FROM queues ORDER BY name");
    this.#upsert = db.prepare(
      `INSERT INTO queues (name, max_running, paused) VALUES (:name, :max_running, :paused)
       ON CONFLICT(name) DO UPDATE SET max_running = excluded.max_running, paused = excluded.paused`,
    );
    this.#pendingByQueue = db.prepare(
      "SELECT queue, count(*) AS n FROM jobs WHERE state = 'PENDING' GROUP BY queue",
    );
  }

  all(): QueueSettings[] {
    return (this.#all.all() as { name: string; max_running: number; paused: number }[]).map((
      r,
    ) => ({ name: r.name, maxRunning: Number(r.max_running), paused: Number(r.paused) === 1 }));
  }

  /** Write one queue's settings (its own transaction: the caller makes it durable). */
  write(settings: QueueSettings): void {
    this.#upsert.run({
      name: settings.name,
      max_running: settings.maxRunning,
      paused: settings.paused ? 1 : 0,
    });
  }

  pendingByQueue(): Map<string, number> {
    const rows = this.#pendingByQueue.all() as { queue: string; n: number }[];
    return new Map(rows.map((r) => [r.queue, Number(r.n)]));
  }
}
