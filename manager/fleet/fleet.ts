/**
 * The fleet: the workers the manager knows, their streams, slots and liveness.
 *
 * A worker is HEALTHY while its stream is open and it heartbeats; DRAINING once it said so
 * (it finishes what it runs, gets nothing new); UNHEALTHY when its stream broke or it went
 * silent (it gets no work; its attempts are requeued once the heartbeat timeout has passed
 * since the last contact); DISCONNECTED after that, or after a drained worker left.
 *
 * The fleet only tracks; decisions (requeue, assign) belong to the job controller, which
 * gets `onExpired` when a worker's lease on its attempts ends. Every change to a session
 * goes through a method here, so a worker's allocation always equals the sum of what its
 * attempts reserved.
 *
 * Capacity: what the worker reported at register (cpu, memory, devices). A worker that
 * reports none (an older worker, or one that could not tell) offers slots only: jobs that
 * request cpu, memory or devices never go to it, and their pending reason says so.
 */
import { noResources, type Resources } from "../../shared/model.ts";
import type { grpc, ManagerMessage, WorkerMessage__Output } from "../../shared/proto.ts";
import { addResources, freeRoom, type Room, subtractResources } from "../placement/resources.ts";

export type WorkerStateName = "HEALTHY" | "DRAINING" | "UNHEALTHY" | "DISCONNECTED";

export type WorkerStream = grpc.ServerDuplexStream<WorkerMessage__Output, ManagerMessage>;

export interface WorkerSession {
  id: string;
  sessionId: string;
  slots: number;
  labels: Record<string, string>;
  version: string;
  address: string;
  state: WorkerStateName;
  /** The open stream, while connected. */
  stream: WorkerStream | undefined;
  connectedAt: number;
  lastContact: number;
  /** What it offers to jobs besides slots (zero: it reported nothing of that kind). */
  capacity: Resources;
  /** How attempts are isolated and killed: "cgroup" or "process-group" ("" = not said). */
  isolation: string;
  /** Attempts the manager believes this worker holds: "jobId/attempt" → what each reserved. */
  attempts: Map<string, Resources>;
  /** The sum of what its attempts reserved. */
  allocated: Resources;
  completed: number;
}

export const attemptKey = (jobId: string, attempt: number) => `${jobId}/${attempt}`;

export class Fleet {
  readonly #workers = new Map<string, WorkerSession>();
  #sweepTimer: ReturnType<typeof setInterval> | undefined;

  constructor(
    readonly heartbeatTimeoutMs: number,
    /** Called once when a worker's lease ends: its attempts must be requeued. */
    readonly onExpired: (worker: WorkerSession) => void,
    readonly now: () => number = Date.now,
  ) {}

  get(id: string): WorkerSession | undefined {
    return this.#workers.get(id);
  }

  all(): WorkerSession[] {
    return [...this.#workers.values()];
  }

  /** Workers that may receive work now. */
  schedulable(): WorkerSession[] {
    return this.all().filter((w) => w.state === "HEALTHY" && w.stream !== undefined);
  }

  /**
   * A worker registered on `stream`. Returns the session (new or resumed) and the previous
   * stream if the worker had one still open (a reconnect that overtook the old stream's end).
   */
  register(
    fields: Pick<
      WorkerSession,
      "id" | "sessionId" | "slots" | "labels" | "version" | "address" | "capacity" | "isolation"
    >,
    stream: WorkerStream,
  ): { session: WorkerSession; previous: WorkerStream | undefined } {
    const now = this.now();
    const existing = this.#workers.get(fields.id);
    const previous = existing?.stream;
    const session: WorkerSession = existing ?? {
      ...fields,
      state: "HEALTHY",
      stream,
      connectedAt: now,
      lastContact: now,
      attempts: new Map(),
      allocated: noResources(),
      completed: 0,
    };
    Object.assign(session, fields, {
      state: "HEALTHY",
      stream,
      connectedAt: now,
      lastContact: now,
    });
    this.#workers.set(fields.id, session);
    return { session, previous: previous === stream ? undefined : previous };
  }

  /**
   * After a manager restart: a worker the store says holds `attemptKeys`, not connected yet.
   * Its lease starts now and expires after the heartbeat timeout unless it re-registers.
   */
  restore(workerId: string, attempts: Map<string, Resources>): void {
    const now = this.now();
    const allocated = noResources();
    for (const res of attempts.values()) addResources(allocated, res);
    this.#workers.set(workerId, {
      id: workerId,
      sessionId: "",
      slots: 0,
      labels: {},
      version: "",
      address: "",
      state: "UNHEALTHY",
      stream: undefined,
      connectedAt: now,
      lastContact: now,
      capacity: noResources(),
      isolation: "",
      attempts,
      allocated,
      completed: 0,
    });
  }

  /** The worker holds this attempt now, reserving `resources` of its capacity. */
  hold(worker: WorkerSession, key: string, resources: Resources): void {
    if (worker.attempts.has(key)) return;
    worker.attempts.set(key, resources);
    addResources(worker.allocated, resources);
  }

  /** The attempt left the worker (ended, requeued, fenced off); false if it held none such. */
  release(worker: WorkerSession, key: string): boolean {
    const resources = worker.attempts.get(key);
    if (!resources) return false;
    worker.attempts.delete(key);
    subtractResources(worker.allocated, resources);
    return true;
  }

  /** Release every attempt of the worker (its lease ended); returns their keys. */
  releaseAll(worker: WorkerSession): string[] {
    const keys = [...worker.attempts.keys()];
    worker.attempts.clear();
    worker.allocated = noResources();
    return keys;
  }

  /** The worker stops taking work (it said so, or was told to). */
  markDraining(worker: WorkerSession): void {
    worker.state = "DRAINING";
  }

  /** One more attempt ran to its end on this worker. */
  countCompleted(worker: WorkerSession): void {
    worker.completed++;
  }

  /** What the worker offers in all: its slots and reported capacity. */
  total(worker: WorkerSession): Room {
    return freeRoom(worker.slots, worker.capacity, noResources(), 0);
  }

  /** What the worker's attempts leave free. */
  free(worker: WorkerSession): Room {
    return freeRoom(worker.slots, worker.capacity, worker.allocated, worker.attempts.size);
  }

  /** Any message from the worker renews its lease. */
  touch(worker: WorkerSession): void {
    worker.lastContact = this.now();
    if (worker.state === "UNHEALTHY" && worker.stream) worker.state = "HEALTHY";
  }

  /** The worker's stream ended (or broke). Its lease runs on until the heartbeat timeout. */
  disconnected(worker: WorkerSession, stream: WorkerStream): void {
    if (worker.stream !== stream) return; // an old stream of a worker that reconnected
    worker.stream = undefined;
    if (worker.state === "DRAINING" && worker.attempts.size === 0) {
      worker.state = "DISCONNECTED";
    } else if (worker.state !== "DISCONNECTED") {
      worker.state = "UNHEALTHY";
    }
  }

  /** Free slots of a worker as the manager counts them (never trusting the worker's own). */
  freeSlots(worker: WorkerSession): number {
    return Math.max(0, worker.slots - worker.attempts.size);
  }

  /** Mark workers silent for too long; expire leases past the heartbeat timeout. */
  sweep(): void {
    const now = this.now();
    for (const w of this.#workers.values()) {
      if (w.state === "DISCONNECTED") continue;
      const silentFor = now - w.lastContact;
      if (silentFor >= this.heartbeatTimeoutMs) {
        // A black-holed stream may still look open to us: end it, so a worker coming back
        // must register again (and learn which of its attempts are stale).
        const stream = w.stream;
        w.stream = undefined;
        w.state = "DISCONNECTED";
        try {
          stream?.end();
        } catch { /* already closed */ }
        this.onExpired(w);
      } else if (w.stream && w.state === "HEALTHY" && silentFor >= this.heartbeatTimeoutMs / 2) {
        // Half the timeout without a word: stop giving it work before it is declared lost.
        w.state = "UNHEALTHY";
      }
    }
  }

  /** Run `sweep` periodically (a few times per heartbeat timeout). */
  startSweeping(): void {
    const every = Math.max(50, Math.min(1000, this.heartbeatTimeoutMs / 5));
    this.#sweepTimer = setInterval(() => this.sweep(), every);
  }

  stop(): void {
    clearInterval(this.#sweepTimer);
  }

  /** Forget disconnected workers with nothing assigned, keeping the list readable. */
  forgetGone(olderThanMs: number): void {
    const now = this.now();
    for (const [id, w] of this.#workers) {
      if (
        w.state === "DISCONNECTED" && w.attempts.size === 0 && now - w.lastContact > olderThanMs
      ) {
        this.#workers.delete(id);
      }
    }
  }

  /** Forward one manager message; false when the worker has no open stream. */
  send(worker: WorkerSession, message: ManagerMessage): boolean {
    if (!worker.stream) return false;
    try {
      worker.stream.write(message);
      return true;
    } catch {
      return false;
    }
  }
}

export type { WorkerMessage__Output };
