/**
 * Placement: a pure decision from (the pending jobs in queue order, a snapshot of the fleet
 * and the queues) to a plan. No I/O and no clock of its own: the caller passes `now` and
 * applies the plan. README.md beside this file describes the pipeline and its vocabulary;
 * in short, for each job in order (priority, then FIFO):
 *
 * 1. queue gate: a paused queue, or one at its max_running, places nothing;
 * 2. feasibility: healthy workers whose labels match the job's selector;
 * 3. fit: of those, the ones whose room (free minus what is reserved for starving jobs)
 *    holds the request: a slot, cpu, memory, devices;
 * 4. choice: round-robin after the cursor (the default), or binpack (the fullest worker),
 *    among the workers with a free slot; only when none has one, among the workers with a
 *    free queue place (pipelining: the worker starts it the moment one of its slots frees),
 *    so that queues fill only once every slot the job could use is taken;
 * 5. reservation: a job that fits nowhere and has waited `reserveAfterMs` holds back, on the
 *    feasible worker closest to fitting it, the room it lacks, so the smaller jobs behind it
 *    (which go on being placed: backfill) cannot keep it waiting forever.
 *
 * Reservations are recomputed by every pass from the jobs' waiting times; the plan reports
 * them so a pending job can say why it waits.
 */
import type { Resources } from "../../shared/model.ts";
import { fits, fitsResources, isSlotOnly, matchesSelector, type Room, take } from "./resources.ts";

/** What placement needs to know of a job. */
export interface PlacementJob {
  id: string;
  queue: string;
  resources: Resources;
  selector: Record<string, string>;
  /** Epoch ms; with notBefore, when the job began to wait (see `waitingSince`). */
  createdAt: number;
  notBefore: number;
}

/** What placement needs to know of a healthy worker. */
export interface PlacementWorker {
  id: string;
  labels: Record<string, string>;
  /** What it offers in all (slots and reported capacity). */
  total: Room;
  /** What its running attempts leave free. */
  free: Room;
  /**
   * Assignments it would hold beyond its slots now (its free queue places; 0 or absent:
   * none). A queued attempt reserves its resources like a running one, from `free`.
   */
  queue?: number;
}

/** What placement needs to know of a queue; a queue not in the map has no limits. */
export interface PlacementQueue {
  paused: boolean;
  /** 0 = no limit. */
  maxRunning: number;
  /** Its jobs holding a slot now. */
  running: number;
}

export type PlacementMode = "round-robin" | "binpack";
export const PLACEMENT_MODES: readonly PlacementMode[] = ["round-robin", "binpack"];

export interface PlacementInput {
  /** Pending jobs in queue order; read lazily, and only as far as anything could still fit. */
  jobs: Iterable<PlacementJob>;
  workers: readonly PlacementWorker[];
  queues: ReadonlyMap<string, PlacementQueue>;
  /** The id of the worker that got the last job (round-robin goes on after it). */
  cursor: string;
  mode: PlacementMode;
  now: number;
  /** A job that fits nowhere gets room reserved once it has waited this long. */
  reserveAfterMs: number;
}

export interface Assignment {
  jobId: string;
  workerId: string;
  /** Set when it went to a free queue place: the worker holds it until a slot frees. */
  queued?: true;
}

/** Room held back on a worker for a job that has waited too long. */
export interface Reservation {
  jobId: string;
  workerId: string;
}

export interface Plan {
  assignments: Assignment[];
  cursor: string;
  reservations: Reservation[];
  /** Whether every job offered was examined (false: the pass stopped once nothing could fit). */
  examinedAll: boolean;
  /** The slots and queue places left for further jobs after the plan (reserved not counted). */
  slotsLeft: number;
}

/** When a job began to wait for a place: its submission, or the end of its retry backoff. */
export function waitingSince(job: PlacementJob): number {
  return Math.max(job.createdAt, job.notBefore);
}

const byId = (a: PlacementWorker, b: PlacementWorker) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const copyRoom = (r: Room): Room => ({ ...r, devices: { ...r.devices } });

/** Jobs of one shape (queue, selector, request) fit or fail alike within one pass. */
const shapes = new WeakMap<PlacementJob, string>();
function shapeOf(job: PlacementJob): string {
  let key = shapes.get(job);
  if (key === undefined) {
    const selector = Object.keys(job.selector).length ? JSON.stringify(job.selector) : "";
    const req = isSlotOnly(job.resources) ? "" : JSON.stringify(job.resources);
    key = `${job.queue}\u0000${selector}\u0000${req}`;
    shapes.set(job, key);
  }
  return key;
}

/** Place jobs in order onto the workers; see the top of this file. */
export function schedule(input: PlacementInput): Plan {
  const { mode, now, reserveAfterMs } = input;
  const ring = [...input.workers].sort(byId);
  /** What jobs not holding a reservation may still use, per worker. */
  const room = ring.map((w) => copyRoom(w.free));
  /** Free queue places per worker. */
  const places = ring.map((w) => w.queue ?? 0);
  let slots = room.reduce((n, r) => n + r.slots, 0) + places.reduce((n, q) => n + q, 0);
  const reserved = new Set<number>();
  const placedPerQueue = new Map<string, number>();
  /** Shapes that found no room in this pass: room only shrinks while a pass runs. */
  const failed = new Set<string>();
  const assignments: Assignment[] = [];
  const reservations: Reservation[] = [];
  let cursor = input.cursor;
  let next = ring.findIndex((w) => w.id > cursor);
  if (next < 0) next = 0;
  let examinedAll = true;

  for (const job of input.jobs) {
    if (slots <= 0) {
      // Every job needs a slot: nothing further can be placed nor needs protecting.
      examinedAll = false;
      break;
    }
    const queue = input.queues.get(job.queue);
    const placed = placedPerQueue.get(job.queue) ?? 0;
    if (queue?.paused) continue;
    if (queue && queue.maxRunning > 0 && queue.running + placed >= queue.maxRunning) continue;
    const shape = shapeOf(job);
    const starving = now - waitingSince(job) >= reserveAfterMs;
    if (failed.has(shape) && !starving) continue;
    let chosen = failed.has(shape) ? -1 : choose(job, ring, room, next, mode);
    let queued = false;
    if (chosen < 0 && !failed.has(shape)) {
      chosen = choose(job, ring, room, next, mode, places);
      queued = chosen >= 0;
    }
    if (chosen >= 0) {
      if (queued) {
        // A queued attempt takes a queue place and reserves its resources, not a slot.
        places[chosen]--;
        const slotsBefore = room[chosen].slots;
        take(room[chosen], job.resources);
        room[chosen].slots = slotsBefore;
      } else {
        take(room[chosen], job.resources);
      }
      slots--;
      assignments.push(
        queued
          ? { jobId: job.id, workerId: ring[chosen].id, queued: true }
          : { jobId: job.id, workerId: ring[chosen].id },
      );
      placedPerQueue.set(job.queue, placed + 1);
      cursor = ring[chosen].id;
      next = (chosen + 1) % ring.length;
      continue;
    }
    failed.add(shape);
    if (!starving || reserved.size === ring.length) continue;
    const target = reservationTarget(job, ring, room, reserved);
    if (target < 0) continue;
    reserved.add(target);
    reservations.push({ jobId: job.id, workerId: ring[target].id });
    // Hold back the job's request: others may use only what is beyond it. Nothing queues
    // there either: a queued attempt would take the slot the starving job waits for.
    slots -= room[target].slots + places[target];
    places[target] = 0;
    take(room[target], job.resources);
    slots += room[target].slots;
  }
  return { assignments, cursor, reservations, examinedAll, slotsLeft: slots };
}

/**
 * The worker (index into ring) a job goes to, or -1 when none fits: into a free slot, or,
 * given `queue` (free queue places per worker), into a free queue place instead.
 */
function choose(
  job: PlacementJob,
  ring: readonly PlacementWorker[],
  room: readonly Room[],
  next: number,
  mode: PlacementMode,
  queue?: readonly number[],
): number {
  const n = ring.length;
  const fitsIn = queue
    ? (i: number) => queue[i] >= 1 && fitsResources(room[i], job.resources)
    : (i: number) => fits(room[i], job.resources);
  if (mode === "round-robin") {
    for (let k = 0; k < n; k++) {
      const i = (next + k) % n;
      if (fitsIn(i) && matchesSelector(ring[i].labels, job.selector)) return i;
    }
    return -1;
  }
  let best = -1;
  let bestScore = Infinity;
  for (let i = 0; i < n; i++) {
    if (!fitsIn(i) || !matchesSelector(ring[i].labels, job.selector)) continue;
    const score = packScore(ring[i].total, room[i], job.resources);
    if (score < bestScore) {
      best = i;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Binpack score of placing `req` in `room` (lower = fuller afterwards), after Nomad's:
 * the sum over the dimensions the worker offers of 10^(fraction left free). Exponential, so
 * a worker nearly full in one dimension is preferred to one half full in two.
 */
function packScore(total: Room, room: Room, req: Resources): number {
  let score = 10 ** ((room.slots - 1) / Math.max(1, total.slots));
  if (total.cpuMillis > 0) score += 10 ** ((room.cpuMillis - req.cpuMillis) / total.cpuMillis);
  if (total.memoryMb > 0) score += 10 ** ((room.memoryMb - req.memoryMb) / total.memoryMb);
  for (const name in total.devices) {
    const t = total.devices[name];
    if (t > 0) score += 10 ** (((room.devices[name] ?? 0) - (req.devices[name] ?? 0)) / t);
  }
  return score;
}

/**
 * Where a starving job should have room held: a feasible worker, not reserved yet, whose
 * total capacity holds the request, the one with the least missing (summed over dimensions
 * as fractions of its capacity), ties to the lowest id. -1 when none could ever hold it (a
 * request larger than every worker reserves nothing: it would block the rest for nothing).
 */
function reservationTarget(
  job: PlacementJob,
  ring: readonly PlacementWorker[],
  room: readonly Room[],
  reserved: ReadonlySet<number>,
): number {
  let best = -1;
  let bestMissing = Infinity;
  const req = job.resources;
  for (let i = 0; i < ring.length; i++) {
    const w = ring[i];
    if (reserved.has(i) || !matchesSelector(w.labels, job.selector)) continue;
    if (!fits(w.total, req)) continue;
    const r = room[i];
    let missing = r.slots < 1 ? 1 / w.total.slots : 0;
    if (req.cpuMillis > r.cpuMillis) missing += (req.cpuMillis - r.cpuMillis) / w.total.cpuMillis;
    if (req.memoryMb > r.memoryMb) missing += (req.memoryMb - r.memoryMb) / w.total.memoryMb;
    for (const name in req.devices) {
      const have = r.devices[name] ?? 0;
      if (req.devices[name] > have) {
        missing += (req.devices[name] - have) / w.total.devices[name];
      }
    }
    if (missing < bestMissing) {
      best = i;
      bestMissing = missing;
    }
  }
  return best;
}
