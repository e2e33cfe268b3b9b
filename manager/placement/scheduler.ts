/**
 * Placement: a pure decision from (the head of the queue, a snapshot of the fleet) to
 * assignments. No I/O and no clock: the caller applies the plan. That keeps it testable
 * with plain tables.
 *
 * Algorithm: the seed's round-robin, over healthy workers with free slots. Jobs are taken
 * in queue order (priority, then FIFO); each goes to the next worker in rotation that has
 * a free slot. The rotation cursor carries over between calls so load spreads evenly even
 * when jobs arrive one at a time.
 */

/** What placement needs to know of a worker. */
export interface WorkerSlots {
  id: string;
  freeSlots: number;
}

export interface Assignment {
  jobId: string;
  workerId: string;
}

export interface Plan {
  assignments: Assignment[];
  /** The id of the worker that got the last job, to continue the rotation after it. */
  cursor: string;
}

/**
 * Place `jobIds` (in order) onto `workers` (sorted by id for a stable rotation), starting
 * after the worker named by `cursor`. Jobs that do not fit stay unassigned.
 */
export function schedule(
  jobIds: readonly string[],
  workers: readonly WorkerSlots[],
  cursor: string,
): Plan {
  const ring = [...workers].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const free = ring.map((w) => w.freeSlots);
  let totalFree = free.reduce((a, b) => a + Math.max(0, b), 0);
  const assignments: Assignment[] = [];
  // Start at the first worker after the cursor.
  let next = ring.findIndex((w) => w.id > cursor);
  if (next < 0) next = 0;
  for (const jobId of jobIds) {
    if (totalFree <= 0) break;
    while (free[next] <= 0) next = (next + 1) % ring.length;
    assignments.push({ jobId, workerId: ring[next].id });
    free[next]--;
    totalFree--;
    cursor = ring[next].id;
    next = (next + 1) % ring.length;
  }
  return { assignments, cursor };
}
