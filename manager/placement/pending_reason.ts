/**
 * Why a PENDING job is not running, in one sentence a user can act on. Pure: computed when
 * asked (GetJobStatus, ListJobs) from the job and a snapshot of the fleet, the queues and the
 * reservations of the last placement pass, following the scheduler's own order of gates
 * (scheduler.ts): backoff, queue, labels, capacity, free room, reservations.
 */
import type { Resources } from "../../shared/model.ts";
import { fits, formatCpu, matchesSelector, type Room, take } from "./resources.ts";
import type { PlacementJob, PlacementQueue, PlacementWorker } from "./scheduler.ts";

/** Room held back for a starving job by the last pass. */
export interface HeldRoom {
  jobId: string;
  workerId: string;
  resources: Resources;
  /** Since when that job waits (epoch ms). */
  waitingSince: number;
}

export interface ReasonSnapshot {
  /** Healthy workers. */
  workers: readonly PlacementWorker[];
  /** Workers known but not healthy (draining, unhealthy, gone): named when none is healthy. */
  otherWorkers: number;
  queues: ReadonlyMap<string, PlacementQueue>;
  reservations: readonly HeldRoom[];
  now: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** One dimension of a request, for messages. */
interface Dimension {
  /** "cpu", "memory", "gpu". */
  name: string;
  need: number;
  of: (r: Room) => number;
  show: (n: number) => string;
  /** An amount where the dimension is clear from the context ("2048 MiB"). */
  brief: (n: number) => string;
}

function dimensions(req: Resources): Dimension[] {
  const dims: Dimension[] = [];
  if (req.cpuMillis > 0) {
    dims.push({
      name: "cpu",
      need: req.cpuMillis,
      of: (r) => r.cpuMillis,
      show: formatCpu,
      brief: formatCpu,
    });
  }
  if (req.memoryMb > 0) {
    dims.push({
      name: "memory",
      need: req.memoryMb,
      of: (r) => r.memoryMb,
      show: (n) => `${n} MiB memory`,
      brief: (n) => `${n} MiB`,
    });
  }
  for (const [name, need] of Object.entries(req.devices).sort(([a], [b]) => a.localeCompare(b))) {
    const show = (n: number) => `${n} ${name}`;
    dims.push({ name, need, of: (r) => r.devices[name] ?? 0, show, brief: show });
  }
  return dims;
}

/** The worker with the most of one dimension (lowest id on ties). */
function most(workers: readonly PlacementWorker[], rooms: readonly Room[], dim: Dimension) {
  let best = 0;
  for (let i = 1; i < workers.length; i++) {
    if (dim.of(rooms[i]) > dim.of(rooms[best])) best = i;
  }
  return { worker: workers[best], amount: dim.of(rooms[best]) };
}

/**
 * The reason, or "" when nothing holds the job back (it is about to be placed, or waits
 * its turn behind jobs ahead of it).
 */
export function explainPending(job: PlacementJob, snap: ReasonSnapshot): string {
  if (job.notBefore > snap.now) return `retry backoff until ${iso(job.notBefore)}`;
  const queue = snap.queues.get(job.queue);
  if (queue?.paused) return `queue ${job.queue} is paused`;
  if (queue && queue.maxRunning > 0 && queue.running >= queue.maxRunning) {
    return `queue ${job.queue} is at max_running ${queue.maxRunning}`;
  }
  if (snap.workers.length === 0) {
    return snap.otherWorkers > 0
      ? `no healthy worker (${snap.otherWorkers} known, none healthy)`
      : "no worker is connected";
  }
  const matching = snap.workers.filter((w) => matchesSelector(w.labels, job.selector));
  if (matching.length === 0) return selectorReason(job.selector, snap.workers);

  const req = job.resources;
  const dims = dimensions(req);
  // Larger than every feasible worker, in one dimension or in their combination.
  const capable = matching.filter((w) => fits(w.total, req));
  if (capable.length === 0) {
    for (const dim of dims) {
      const { worker, amount } = most(matching, matching.map((w) => w.total), dim);
      if (amount >= dim.need) continue;
      if (amount === 0) {
        return `needs ${dim.show(dim.need)}; no healthy worker${labelled(job)} offers ${dim.name}`;
      }
      return `needs ${dim.show(dim.need)}; no healthy worker${labelled(job)} has that much ` +
        `(largest: ${dim.brief(amount)} on ${worker.id})`;
    }
    return `needs ${dims.map((d) => d.show(d.need)).join(" and ")}; ` +
      `no healthy worker${labelled(job)} has all of it`;
  }

  // Room as the job sees it: free, minus what is held for other jobs.
  const rooms = capable.map((w) => {
    const r = { ...w.free, devices: { ...w.free.devices } };
    for (const held of snap.reservations) {
      if (held.workerId === w.id && held.jobId !== job.id) take(r, held.resources);
    }
    return r;
  });
  const own = snap.reservations.find((h) => h.jobId === job.id);
  const suffix = own ? `; room is reserved for it on ${own.workerId}` : "";
  if (rooms.some((r) => fits(r, req))) return "";
  const freeSlots = capable.filter((w) => w.free.slots > 0);
  if (freeSlots.length === 0) {
    const n = capable.length;
    return `no free slot on the ${n === 1 ? "worker" : `${n} workers`} that could run it` +
      suffix;
  }
  for (const dim of dims) {
    const free = most(capable, capable.map((w) => w.free), dim);
    if (free.amount < dim.need) {
      return `needs ${dim.show(dim.need)}; most free on any worker: ${dim.brief(free.amount)} ` +
        `(${free.worker.id})${suffix}`;
    }
  }
  // It would fit in free room, were it not held for others.
  const fitsFree = capable.findIndex((w) => fits(w.free, req));
  if (fitsFree >= 0) {
    const holder = snap.reservations.find((h) =>
      h.workerId === capable[fitsFree].id && h.jobId !== job.id
    );
    if (holder) {
      return `the room on ${holder.workerId} is reserved for job ${holder.jobId}, waiting ` +
        `since ${iso(holder.waitingSince)}${suffix}`;
    }
  }
  return `no single worker has ${dims.map((d) => d.show(d.need)).join(" and ")} free at once` +
    suffix;
}

const labelled = (job: PlacementJob) =>
  Object.keys(job.selector).length ? " matching its selector" : "";

function selectorReason(
  selector: Record<string, string>,
  workers: readonly PlacementWorker[],
): string {
  const pairs = Object.entries(selector).sort(([a], [b]) => a.localeCompare(b));
  for (const [key, value] of pairs) {
    if (!workers.some((w) => w.labels[key] === value)) {
      return `no healthy worker has label ${key}=${value}`;
    }
  }
  return `no healthy worker has all of the labels ${pairs.map(([k, v]) => `${k}=${v}`).join(", ")}`;
}
