/**
 * Reconciliation when a worker (re)registers: what it says it runs and has finished, against
 * what the manager believes it holds. A pure function, so every case is a row of a table.
 *
 * - An attempt the worker reports that is the job's current one, on this worker, and holds a
 *   slot: claimed; the worker keeps it.
 * - An attempt it reports running that is anything else: stale; the worker is told to kill
 *   it (a finished one needs nothing: its report will be refused and acknowledged).
 * - An attempt the manager believed it held but it does not report: missing. The assignment
 *   never arrived, or the worker restarted and its processes died with it.
 */
import type { AttemptRef } from "../fleet/fleet.ts";

/** The job's current attempt, when the job holds a slot (SCHEDULED or RUNNING). */
export interface CurrentAttempt {
  attempt: number;
  workerId: string;
}

export interface Reconciliation {
  claimed: AttemptRef[];
  stale: AttemptRef[];
  missing: AttemptRef[];
}

export function reconcile(
  workerId: string,
  reported: { running: readonly AttemptRef[]; finished: readonly AttemptRef[] },
  believed: ReadonlyMap<string, number>,
  current: (jobId: string) => CurrentAttempt | undefined,
): Reconciliation {
  const claimed: AttemptRef[] = [];
  const stale: AttemptRef[] = [];
  const claimedJobs = new Set<string>();
  const consider = (ref: AttemptRef, running: boolean) => {
    const now = current(ref.jobId);
    if (now && now.attempt === ref.attempt && now.workerId === workerId) {
      if (!claimedJobs.has(ref.jobId)) claimed.push({ jobId: ref.jobId, attempt: ref.attempt });
      claimedJobs.add(ref.jobId);
    } else if (running) {
      stale.push({ jobId: ref.jobId, attempt: ref.attempt });
    }
  };
  for (const ref of reported.running) consider(ref, true);
  for (const ref of reported.finished) consider(ref, false);
  const missing: AttemptRef[] = [];
  for (const [jobId, attempt] of believed) {
    if (!claimedJobs.has(jobId)) missing.push({ jobId, attempt });
  }
  return { claimed, stale, missing };
}
