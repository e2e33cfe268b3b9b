/**
 * What the core tells metrics about (http/metrics.ts turns it into Prometheus series). The
 * core depends on this interface only, so it neither knows nor needs the metrics library.
 */
import type { Job } from "../../shared/model.ts";

export interface CoreMetrics {
  /** Jobs created, and submits answered with an existing job by idempotency key. */
  jobsSubmitted(created: number, deduplicated: number): void;
  /** An attempt's process started (the job is RUNNING). */
  attemptStarted(job: Job): void;
  /** A job reached its terminal state, durably. */
  jobFinished(job: Job): void;
  /** Attempts sent to workers. */
  attemptsAssigned(count: number): void;
  /** A failed attempt will be retried. */
  attemptRetried(): void;
  /** An attempt was requeued after its worker was lost or restarted. */
  attemptLost(): void;
  /** A worker handed an attempt back (draining, or asked to). */
  attemptHandedBack(): void;
  /** A queued attempt was asked back for a worker with free room. */
  queuedAttemptRevoked(): void;
  /** Reports refused because they named an attempt that is not current. */
  staleReportsRefused(count: number): void;
}

/** Metrics nobody reads (tests, tools). */
export const NO_METRICS: CoreMetrics = {
  jobsSubmitted: () => {},
  attemptStarted: () => {},
  jobFinished: () => {},
  attemptsAssigned: () => {},
  attemptRetried: () => {},
  attemptLost: () => {},
  attemptHandedBack: () => {},
  queuedAttemptRevoked: () => {},
  staleReportsRefused: () => {},
};
