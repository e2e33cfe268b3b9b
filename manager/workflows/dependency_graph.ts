/**
 * The held jobs and who waits for whom: the part of the dependency graph that is still open.
 *
 * A job with unfinished dependencies is **held**: PENDING, but not in the pending queue. It
 * is kept here (and in the controller's job table), never in the backlog's window, so a
 * fan-out of 10,000 held jobs does not crowd out the jobs that could run. Each dependency
 * that has not ended maps to the held jobs waiting for it; when it ends, `onTerminal` visits
 * exactly those: releasing a dependent costs O(its edges), never a scan of all jobs.
 *
 * Exactly once: the controller writes the effects `onTerminal` returns in the same batch as
 * the terminal state that caused them (one transaction), and a held job leaves this graph
 * the moment it is released or doomed, so no effect can happen twice. A manager restarted
 * after a crash rebuilds the graph from the held jobs in the store and counts their
 * unfinished dependencies again (`evaluateDependencies`); a dependency that is gone from the
 * store (garbage-collected) ended without dooming the job, or the job would not be held.
 *
 * Pure data: no I/O, no clock.
 */
import type { DependencyPolicy, Job, State } from "../../shared/model.ts";
import { isTerminal } from "../../shared/model.ts";

/** What a dependency's end does to one held dependent. */
export type DependencyEffect =
  /** Its last dependency ended: it may run (its depsWaiting is now 0). */
  | { kind: "released"; job: Job }
  /** A dependency ended without success under AFTER_SUCCESS: it must be cancelled. */
  | { kind: "doomed"; job: Job; error: string };

/** Where a job stands against its dependencies' states. */
export interface DependencyVerdict {
  /** The ids of the dependencies that have not ended yet. */
  unfinished: string[];
  /** Why the job can never run, when it cannot (`dependency <id> FAILED`). */
  doomedBy?: string;
}

/** Whether a dependency that ended in `state` lets a job of `policy` go on. */
export function satisfies(policy: DependencyPolicy, state: State): boolean {
  return policy === "AFTER_COMPLETION" || state === "COMPLETED";
}

/** The error of a job cancelled because `dependencyId` ended in `state`. */
export function doomedError(dependencyId: string, state: State): string {
  return `dependency ${dependencyId} ${state}`;
}

/**
 * Judge a job's dependencies from their states (`stateOf` returns undefined for a job that
 * is gone: it counts as ended without dooming, see above).
 */
export function evaluateDependencies(
  policy: DependencyPolicy,
  dependsOn: readonly string[],
  stateOf: (id: string) => State | undefined,
): DependencyVerdict {
  const unfinished: string[] = [];
  for (const id of dependsOn) {
    const state = stateOf(id);
    if (state === undefined) continue;
    if (!isTerminal(state)) unfinished.push(id);
    else if (!satisfies(policy, state)) return { unfinished, doomedBy: doomedError(id, state) };
  }
  return { unfinished };
}

/** The text of GetJobStatus's pending_reason for a held job, else undefined. */
export function dependencyPendingReason(job: Job): string | undefined {
  if (job.state !== "PENDING" || job.depsWaiting === 0) return undefined;
  const n = job.dependsOn.length;
  return `waiting for ${job.depsWaiting} of ${n} ${n === 1 ? "dependency" : "dependencies"}`;
}

export class DependencyGraph {
  /** Held jobs by id. */
  readonly #held = new Map<string, Job>();
  /** Dependency id → the held jobs waiting for it. */
  readonly #waiters = new Map<string, Set<string>>();

  /** How many jobs are held. */
  get size(): number {
    return this.#held.size;
  }

  isHeld(id: string): boolean {
    return this.#held.has(id);
  }

  /** Hold `job` until each of `unfinished` (its dependencies not ended yet) has ended. */
  hold(job: Job, unfinished: readonly string[]): void {
    job.depsWaiting = unfinished.length;
    this.#held.set(job.id, job);
    for (const id of unfinished) {
      let set = this.#waiters.get(id);
      if (!set) this.#waiters.set(id, set = new Set());
      set.add(job.id);
    }
  }

  /**
   * `job` reached a terminal state: the held jobs waiting for it are released (their last
   * dependency) or doomed (AFTER_SUCCESS and it did not complete). A held job that ends
   * itself (cancelled) leaves the graph. The caller cancels the doomed ones, and calls this
   * again for each: that is how a failure reaches the whole chain behind it.
   */
  onTerminal(job: Job): DependencyEffect[] {
    if (this.#held.get(job.id) === job) this.#drop(job);
    const waiting = this.#waiters.get(job.id);
    if (!waiting) return [];
    this.#waiters.delete(job.id);
    const effects: DependencyEffect[] = [];
    for (const id of waiting) {
      const dependent = this.#held.get(id);
      if (!dependent) continue;
      if (!satisfies(dependent.dependencyPolicy, job.state)) {
        this.#drop(dependent);
        effects.push({ kind: "doomed", job: dependent, error: doomedError(job.id, job.state) });
        continue;
      }
      dependent.depsWaiting--;
      if (dependent.depsWaiting === 0) {
        this.#held.delete(id);
        effects.push({ kind: "released", job: dependent });
      }
    }
    return effects;
  }

  /** Forget a held job and its edges to the dependencies it still waited for. */
  #drop(job: Job): void {
    this.#held.delete(job.id);
    for (const id of job.dependsOn) {
      const set = this.#waiters.get(id);
      if (!set) continue;
      set.delete(job.id);
      if (set.size === 0) this.#waiters.delete(id);
    }
  }
}
