/**
 * The core's side of job dependencies (the rules are in manager/workflows/): jobs held until
 * their dependencies end, released or doomed when one does, restored after a restart, and
 * the submits that are reading their dependencies' states from the store meanwhile.
 */
import type { Job, State } from "../../shared/model.ts";
import type { Backlog } from "../placement/backlog.ts";
import type { Store } from "../store/store.ts";
import { DependencyGraph, evaluateDependencies } from "../workflows/dependency_graph.ts";
import type { Dispatcher } from "./dispatcher.ts";
import type { JobTable } from "./job_table.ts";
import type { Lifecycle } from "./lifecycle.ts";

/** One of a job's dependencies as its status shows it. */
export interface DependencyInfo {
  jobId: string;
  name: string;
  /** Undefined once the dependency was garbage-collected. */
  state: State | undefined;
}

/** Dependencies a submit reads from the store, and those seen ending meanwhile. */
export interface DependencyObserver {
  ids: Set<string>;
  ended: Map<string, State>;
}

export interface DependenciesDeps {
  store: Store;
  table: JobTable;
  backlog: Backlog;
  lifecycle: () => Lifecycle;
  dispatcher: () => Dispatcher;
  now: () => number;
}

export class Dependencies {
  /** Held jobs and the dependencies they wait for. */
  readonly #graph = new DependencyGraph();
  /**
   * Submits reading the state of their dependencies from the store: a dependency that ends
   * meanwhile is noted here, so the submit cannot miss its end (see JobController.submit).
   */
  readonly #observers = new Set<DependencyObserver>();

  constructor(readonly deps: DependenciesDeps) {}

  /** PENDING jobs held by their dependencies. */
  get heldCount(): number {
    return this.#graph.size;
  }

  /** Hold `job` until each of `unfinished` has ended. */
  hold(job: Job, unfinished: readonly string[]): void {
    this.#graph.hold(job, unfinished);
  }

  /** Note the ends of `ids` until the returned function is called. */
  observe(ids: Set<string>): { observer: DependencyObserver; stop: () => void } {
    const observer = { ids, ended: new Map<string, State>() };
    if (ids.size) this.#observers.add(observer);
    return { observer, stop: () => this.#observers.delete(observer) };
  }

  /** A job reached a terminal state (called by the lifecycle, for every one). */
  ended(job: Job): void {
    for (const o of this.#observers) if (o.ids.has(job.id)) o.ended.set(job.id, job.state);
  }

  /**
   * The effects of a terminal state on the held jobs behind it, transitively: those whose
   * last dependency it was are released, those it dooms are cancelled, and their own
   * dependents in turn. Everything is saved in one call with the job (one batch, one
   * transaction: the release is durable exactly when the outcome is). A worklist, not
   * recursion: a chain may be 10,000 jobs deep.
   */
  propagate(root: Job): void {
    const lifecycle = this.deps.lifecycle();
    const work = [root];
    const cancelled: Job[] = [];
    const released: Job[] = [];
    while (work.length) {
      for (const effect of this.#graph.onTerminal(work.pop()!)) {
        if (effect.kind === "released") {
          released.push(effect.job);
          continue;
        }
        lifecycle.setState(effect.job, "CANCELLED", { error: effect.error });
        cancelled.push(effect.job);
        work.push(effect.job);
      }
    }
    if (cancelled.length === 0 && released.length === 0) return;
    this.deps.store.save([root, ...cancelled, ...released]).then(() => {
      for (const job of cancelled) lifecycle.afterDurable(job);
    }, (err) => lifecycle.storeFailed([root, ...cancelled, ...released], err));
    const now = this.deps.now();
    for (const job of released) this.deps.backlog.push(job, now);
    if (released.length) this.deps.dispatcher().request();
  }

  /**
   * After a restart: held jobs back into the graph, their unfinished dependencies counted
   * again. A crash between a dependency's end and a release cannot happen (they share a
   * batch), but counting again costs one read and keeps the graph right whatever the stored
   * counters say. Returns how many jobs were held.
   */
  async recover(): Promise<number> {
    const { store, table, backlog, now } = this.deps;
    const lifecycle = this.deps.lifecycle();
    const waiting = await store.loadWaiting();
    if (waiting.length === 0) return 0;
    for (const job of waiting) table.track(job);
    const outside = new Set<string>();
    for (const job of waiting) {
      for (const id of job.dependsOn) if (!table.get(id)) outside.add(id);
    }
    const stored = new Map(
      (await store.dependencyStates([...outside])).map((d) => [d.id, d.state]),
    );
    const cancelled: Job[] = [];
    const released: Job[] = [];
    // Oldest first: a job's dependencies (older) are judged before it.
    for (const job of waiting) {
      const verdict = evaluateDependencies(
        job.dependencyPolicy,
        job.dependsOn,
        (id) => table.get(id)?.state ?? stored.get(id),
      );
      if (verdict.doomedBy) {
        lifecycle.setState(job, "CANCELLED", { error: verdict.doomedBy });
        cancelled.push(job);
      } else if (verdict.unfinished.length === 0) {
        job.depsWaiting = 0;
        released.push(job);
      } else {
        this.#graph.hold(job, verdict.unfinished);
      }
    }
    await store.save([...cancelled, ...released]);
    for (const job of cancelled) lifecycle.afterDurable(job);
    const t = now();
    for (const job of released) backlog.push(job, t);
    return waiting.length;
  }

  /** The dependencies of a job, with their current states. */
  async describe(job: Job): Promise<DependencyInfo[]> {
    const { table, store } = this.deps;
    const outside = job.dependsOn.filter((id) => !table.get(id));
    const stored = new Map((await store.dependencyStates(outside)).map((d) => [d.id, d]));
    return job.dependsOn.map((id) => {
      const known = table.get(id) ?? stored.get(id);
      return { jobId: id, name: known?.name ?? "", state: known?.state };
    });
  }
}
