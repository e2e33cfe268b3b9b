/**
 * The jobs the manager holds in memory: every job not in a terminal state (but PENDING ones
 * the backlog left in the store), and terminal ones until their end is durable. Memory is
 * the newest version of a job; the store is read only for what is not here.
 */
import type { Job } from "../../shared/model.ts";

export class JobTable {
  readonly #byId = new Map<string, Job>();
  readonly #byKey = new Map<string, Job>();

  get size(): number {
    return this.#byId.size;
  }

  get(id: string): Job | undefined {
    return this.#byId.get(id);
  }

  /** The job in memory submitted with this idempotency key, if any. */
  byIdempotencyKey(key: string): Job | undefined {
    return this.#byKey.get(key);
  }

  track(job: Job): void {
    this.#byId.set(job.id, job);
    if (job.idempotencyKey) this.#byKey.set(job.idempotencyKey, job);
  }

  /** Drop this job object (not a newer one under the same id). */
  forget(job: Job): void {
    if (this.#byId.get(job.id) !== job) return;
    this.#byId.delete(job.id);
    if (job.idempotencyKey && this.#byKey.get(job.idempotencyKey) === job) {
      this.#byKey.delete(job.idempotencyKey);
    }
  }
}
