/**
 * Backoff promotion: jobs waiting out a retry backoff join the queue when it ends. One timer,
 * set for the earliest end; it asks for placement when it fires.
 */
import type { Backlog } from "../placement/backlog.ts";

export class BackoffPromotion {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #at = Infinity;

  constructor(
    readonly backlog: Backlog,
    /** Jobs came out of backoff: placement may run. */
    readonly promoted: () => void,
    readonly now: () => number = Date.now,
  ) {}

  /** Promote what is due now, and wake up when the earliest remaining backoff ends. */
  arm(): void {
    const next = this.backlog.promote(this.now());
    if (next === undefined || next >= this.#at) return;
    clearTimeout(this.#timer);
    this.#at = next;
    this.#timer = setTimeout(() => {
      this.#at = Infinity;
      this.arm();
      this.promoted();
    }, Math.max(0, next - this.now()));
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#at = Infinity;
  }
}
