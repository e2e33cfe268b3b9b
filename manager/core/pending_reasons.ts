/**
 * Why a PENDING job is not running, as GetJobStatus and ListJobs tell it: first what other
 * parts of the manager hold jobs back for (dependencies, say), then placement's own gates
 * (placement/pending_reason.ts) over a snapshot of the fleet, the queues and the last pass's
 * reservations.
 */
import type { Job } from "../../shared/model.ts";
import type { Fleet } from "../fleet/fleet.ts";
import { explainPending, type ReasonSnapshot } from "../placement/pending_reason.ts";
import type { Dispatcher } from "./dispatcher.ts";
import type { JobTable } from "./job_table.ts";
import type { Queues } from "./queues.ts";

/**
 * Something besides placement that holds PENDING jobs back: it answers with its reason for a
 * job it holds, else undefined. Consulted before placement's reasons.
 */
export type PendingReasonSource = (job: Job) => string | undefined;

export interface PendingReasonsDeps {
  fleet: Fleet;
  queues: Queues;
  table: JobTable;
  dispatcher: Dispatcher;
  now: () => number;
}

export class PendingReasons {
  readonly #sources: PendingReasonSource[] = [];

  constructor(readonly deps: PendingReasonsDeps) {}

  addSource(source: PendingReasonSource): void {
    this.#sources.push(source);
  }

  /** Why a PENDING job is not running ("" for a job in any other state). */
  explain(job: Job): string {
    return this.explainer()(job);
  }

  /** `explain` for many jobs (a listing page): the snapshot of the fleet is taken once. */
  explainer(): (job: Job) => string {
    let snapshot: ReasonSnapshot | undefined;
    return (job) => {
      if (job.state !== "PENDING") return "";
      snapshot ??= this.#snapshot();
      return this.#explain(job, snapshot);
    };
  }

  #snapshot(): ReasonSnapshot {
    const { fleet, queues, dispatcher, now } = this.deps;
    const healthy = fleet.schedulable();
    return {
      workers: dispatcher.placementWorkers(healthy),
      otherWorkers: fleet.all().filter((w) => w.state !== "DISCONNECTED").length -
        healthy.length,
      queues: queues.all,
      reservations: dispatcher.reservations,
      now: now(),
    };
  }

  #explain(job: Job, snapshot: ReasonSnapshot): string {
    for (const source of this.#sources) {
      const reason = source(job);
      if (reason) return reason;
    }
    const reason = explainPending(job, snapshot);
    if (reason) return reason;
    return this.deps.table.get(job.id)
      ? "waiting for a place (it is next in line)"
      : "waiting for its turn in the queue";
  }
}
