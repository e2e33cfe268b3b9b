/**
 * Queues as the core tracks them: each one's settings (a max_running limit, paused) and how
 * many of its jobs wait or run. A queue exists once its settings are saved or a job names it.
 */
import { DEFAULT_QUEUE, holdsSlot, type State } from "../../shared/model.ts";
import type { QueueSettings } from "../store/store.ts";

/** A queue as the core tracks it: its settings and how many of its jobs wait or run. */
export interface QueueState extends QueueSettings {
  /** PENDING jobs (those waiting in the store only included). */
  pending: number;
  /** Jobs holding a slot (SCHEDULED or RUNNING). */
  running: number;
  /** Whether its settings were ever saved (else it exists because jobs name it). */
  configured: boolean;
}

export class Queues {
  readonly #queues = new Map<string, QueueState>();

  /** Read-only view for placement. */
  get all(): ReadonlyMap<string, QueueState> {
    return this.#queues;
  }

  /** The queue's state, made (unconfigured, no limits) when first named. */
  get(name: string): QueueState {
    let queue = this.#queues.get(name);
    if (!queue) {
      queue = { name, maxRunning: 0, paused: false, pending: 0, running: 0, configured: false };
      this.#queues.set(name, queue);
    }
    return queue;
  }

  /** Settings read from the store. */
  configure(settings: QueueSettings): QueueState {
    return Object.assign(this.get(settings.name), settings, { configured: true });
  }

  /**
   * Keep the counts in step with a job's move from one state to another. Returns whether a
   * queue with a limit got below it (its next job may start).
   */
  countMove(queueName: string, from: State, to: State): boolean {
    if (from === to) return false;
    const queue = this.get(queueName);
    if (from === "PENDING") queue.pending--;
    if (to === "PENDING") queue.pending++;
    let room = false;
    if (holdsSlot(from) && !holdsSlot(to)) {
      queue.running--;
      room = queue.maxRunning > 0;
    }
    if (!holdsSlot(from) && holdsSlot(to)) queue.running++;
    return room;
  }

  /**
   * The queues: every one with saved settings or with jobs waiting or running, and
   * "default" always; by name. Queues named once by jobs long gone are forgotten.
   */
  list(): QueueState[] {
    this.get(DEFAULT_QUEUE);
    const out: QueueState[] = [];
    for (const [name, q] of this.#queues) {
      if (q.configured || q.pending > 0 || q.running > 0 || name === DEFAULT_QUEUE) out.push(q);
      else this.#queues.delete(name);
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}
