/**
 * What happens to a job after a failed or lost attempt: pure decisions, no clock of their own.
 *
 * - A failed attempt (exit code, signal, timeout) is retried with exponential backoff while
 *   `maxRetries` allows; its failures count.
 * - A lost attempt (the worker vanished or restarted) is requeued at once without counting a
 *   failure, up to `maxLostAttempts` losses: a job that kills its worker every time ends.
 */
import type { Job } from "../../shared/model.ts";
import type { AttemptFinished__Output } from "../../shared/proto.ts";

export interface RetryOptions {
  retryBackoffBaseMs: number;
  retryBackoffMaxMs: number;
  maxLostAttempts: number;
}

/** The wait before retry number `failures` (1, 2, …): base · 2^(failures−1), capped. */
export function backoffMs(failures: number, options: RetryOptions): number {
  return Math.min(options.retryBackoffMaxMs, options.retryBackoffBaseMs * 2 ** (failures - 1));
}

export type FailureDecision =
  | { retry: true; notBefore: number; error: string }
  | { retry: false; error: string };

/** After the job's `failures`-th failure (already counted), at `now`. */
export function afterFailure(
  job: Pick<Job, "failures" | "maxRetries">,
  reason: string,
  now: number,
  options: RetryOptions,
): FailureDecision {
  if (job.failures > job.maxRetries) return { retry: false, error: reason };
  return {
    retry: true,
    notBefore: now + backoffMs(job.failures, options),
    error: `${reason}; retry ${job.failures} of ${job.maxRetries}`,
  };
}

export type LossDecision = { requeue: true; error: string } | { requeue: false; error: string };

/** After the job's `lost`-th lost attempt (already counted). */
export function afterLoss(
  job: Pick<Job, "lost">,
  reason: string,
  options: RetryOptions,
): LossDecision {
  if (job.lost > options.maxLostAttempts) {
    return {
      requeue: false,
      error: `${reason}; lost ${job.lost} times (limit ${options.maxLostAttempts})`,
    };
  }
  return { requeue: true, error: reason };
}

/** The error a failed attempt's job carries, from the worker's report. */
export function describeFailure(f: AttemptFinished__Output): string {
  if (f.error) return f.error.slice(0, 4096);
  if (f.timedOut) return "timed out; process group killed";
  if (f.signal) return `killed by ${f.signal}`;
  return `exited with code ${f.exitCode}`;
}
