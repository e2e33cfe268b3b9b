/**
 * The fleet: the workers the manager knows, their streams, slots, liveness, and the attempts
 * the manager believes each one holds. This is the only place that changes a worker session;
 * everyone else reads sessions through the readonly `WorkerSession` type and asks the fleet.
 *
 * A worker is HEALTHY while its stream is open and it heartbeats; DRAINING once it said so
 * (it finishes what it runs, gets nothing new); UNHEALTHY when its stream broke or it went
 * silent (it gets no work; its attempts are requeued once the heartbeat timeout has passed
 * since the last contact); DISCONNECTED after that, or after a drained worker left.
 *
 * The fleet only tracks; decisions (requeue, assign) belong to the core, which hears of a
 * lease that ended through `onExpired`. Since every change goes through a method here, a
 * worker's allocation always equals the sum of what its attempts reserved.
 *
 * Queue depth (pipelining): a worker may hold that many assignments beyond its slots, each
 * started the moment one of its slots frees. Queued attempts count like running ones in every
 * dimension but the slots: they reserve their cpu, memory and devices, so the worker can start
 * any of them as soon as a slot frees; a worker's attempts may number up to slots + queue.
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

/** One attempt of one job: the only way the manager names an attempt. */
export interface AttemptRef {
  jobId: string;
  attempt: number;
}

/** A worker as the rest of the manager sees it (read-only: change it through the Fleet). */
export interface WorkerSession {
  readonly id: string;
  readonly sessionId: string;
  readonly slots: number;
  /** Assignments it holds beyond its slots, to start as slots free (0: none). */
  readonly queueDepth: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly version: string;
  readonly address: string;
  readonly state: WorkerStateName;
  /** The open stream, while connected. */
  readonly stream: WorkerStream | undefined;
  readonly connectedAt: number;
  readonly lastContact: number;
  /** What it offers to jobs besides slots (zero: it reported nothing of that kind). */
  readonly capacity: Readonly<Resources>;
  /** How attempts are isolated and killed: "cgroup" or "process-group" ("" = not said). */
  readonly isolation: string;
  /** Attempts the manager believes this worker holds, by job id, with what each reserved. */
  readonly attempts: ReadonlyMap<string, Readonly<HeldAttempt>>;
  /** The sum of what its attempts reserved. */
  readonly allocated: Readonly<Resources>;
  /** Attempts that ended on this worker (not handed back). */
  readonly completed: number;
}

/** An attempt a worker held when its lease ended. */
export interface ExpiredAttempt extends AttemptRef {
  /** It went to a queue place (HeldAttempt.queued). */
  queued: boolean;
}

/** An attempt a worker holds, and what it reserved of the worker's capacity. */
export interface HeldAttempt {
  attempt: number;
  resources: Resources;
  /** When the worker was given it (epoch ms, the manager's clock). */
  since: number;
  /** The manager asked for it back (a worker with free room could run it now). */
  revoked: boolean;
  /**
   * Placed into a free queue place: the worker held it for a slot. While no started report
   * came, its loss with the worker is no try of the job's (see worker_reports.ts).
   */
  queued: boolean;
}

type Session = { -readonly [K in keyof WorkerSession]: WorkerSession[K] } & {
  attempts: Map<string, HeldAttempt>;
  allocated: Resources;
};

/** What a worker says of itself when it registers. */
export type Registration = Pick<
  WorkerSession,
  | "id"
  | "sessionId"
  | "slots"
  | "queueDepth"
  | "labels"
  | "version"
  | "address"
  | "capacity"
  | "isolation"
>;

export class Fleet {
  readonly #workers = new Map<string, Session>();

  constructor(
    readonly heartbeatTimeoutMs: number,
    /** Called once when a worker's lease ends, with the attempts it held (now released). */
    readonly onExpired: (worker: WorkerSession, attempts: ExpiredAttempt[]) => void,
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
    fields: Registration,
    stream: WorkerStream,
  ): { session: WorkerSession; previous: WorkerStream | undefined } {
    const now = this.now();
    const existing = this.#workers.get(fields.id);
    const previous = existing?.stream;
    const session: Session = existing ?? {
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
   * After a manager restart: a worker the store says holds `attempts`, not connected yet.
   * Its lease starts now and expires after the heartbeat timeout unless it re-registers.
   */
  restore(workerId: string, attempts: readonly (AttemptRef & { resources: Resources })[]): void {
    const now = this.now();
    const allocated = noResources();
    for (const a of attempts) addResources(allocated, a.resources);
    this.#workers.set(workerId, {
      id: workerId,
      sessionId: "",
      slots: 0,
      queueDepth: 0,
      labels: {},
      version: "",
      address: "",
      state: "UNHEALTHY",
      stream: undefined,
      connectedAt: now,
      lastContact: now,
      capacity: noResources(),
      isolation: "",
      attempts: new Map(
        attempts.map((a) => {
          // Whether it waited in the worker's queue was not stored: counted as started.
          const held = {
            attempt: a.attempt,
            resources: a.resources,
            since: now,
            revoked: false,
            queued: false,
          };
          return [a.jobId, held];
        }),
      ),
      allocated,
      completed: 0,
    });
  }

  /** Whether the manager believes `worker` holds this attempt. */
  holds(worker: WorkerSession, ref: AttemptRef): boolean {
    return worker.attempts.get(ref.jobId)?.attempt === ref.attempt;
  }

  /**
   * The worker now holds this attempt: it takes a slot (or, `queued`, a queue place) and
   * reserves `resources`.
   */
  hold(worker: WorkerSession, ref: AttemptRef, resources: Resources, queued = false): void {
    const session = this.#session(worker);
    if (this.holds(worker, ref)) return;
    const before = session.attempts.get(ref.jobId);
    if (before) subtractResources(session.allocated, before.resources);
    session.attempts.set(ref.jobId, {
      attempt: ref.attempt,
      resources,
      since: this.now(),
      revoked: false,
      queued,
    });
    addResources(session.allocated, resources);
  }

  /** The worker no longer holds this attempt (ended, requeued, fenced off); false if not. */
  release(worker: WorkerSession, ref: AttemptRef): boolean {
    if (!this.holds(worker, ref)) return false;
    const session = this.#session(worker);
    subtractResources(session.allocated, session.attempts.get(ref.jobId)!.resources);
    session.attempts.delete(ref.jobId);
    return true;
  }

  /** What the worker offers in all: its slots and reported capacity. */
  total(worker: WorkerSession): Room {
    return freeRoom(worker.slots, worker.capacity, noResources(), 0);
  }

  /** What the worker's attempts leave free: real slots only (see `queueRoom`). */
  free(worker: WorkerSession): Room {
    return freeRoom(worker.slots, worker.capacity, worker.allocated, worker.attempts.size);
  }

  /** How many more assignments the worker would hold beyond its slots, now. */
  queueRoom(worker: WorkerSession): number {
    const held = Math.max(worker.slots, worker.attempts.size);
    return Math.max(0, worker.slots + worker.queueDepth - held);
  }

  /** The manager asked the worker to hand this queued attempt back; false if not held. */
  markRevoked(worker: WorkerSession, ref: AttemptRef): boolean {
    const held = (this.#session(worker).attempts as Map<string, HeldAttempt>).get(ref.jobId);
    if (held?.attempt !== ref.attempt) return false;
    held.revoked = true;
    return true;
  }

  /** The worker said it is draining (or was told to): it gets no new work. */
  markDraining(worker: WorkerSession): boolean {
    const session = this.#session(worker);
    if (session.state === "DRAINING") return false;
    session.state = "DRAINING";
    return true;
  }

  /** An attempt ended on this worker. */
  recordCompleted(worker: WorkerSession): void {
    this.#session(worker).completed++;
  }

  /** Any message from the worker renews its lease. */
  touch(worker: WorkerSession): void {
    const session = this.#session(worker);
    session.lastContact = this.now();
    if (session.state === "UNHEALTHY" && session.stream) session.state = "HEALTHY";
  }

  /** The worker's stream ended (or broke). Its lease runs on until the heartbeat timeout. */
  disconnected(worker: WorkerSession, stream: WorkerStream): void {
    const session = this.#session(worker);
    if (session.stream !== stream) return; // an old stream of a worker that reconnected
    session.stream = undefined;
    if (session.state === "DRAINING" && session.attempts.size === 0) {
      session.state = "DISCONNECTED";
    } else if (session.state !== "DISCONNECTED") {
      session.state = "UNHEALTHY";
    }
  }

  /** Free slots of a worker as the manager counts them (never trusting the worker's own). */
  freeSlots(worker: WorkerSession): number {
    return Math.max(0, worker.slots - worker.attempts.size);
  }

  /** Assignments the worker would take now: its free slots and its free queue places. */
  openings(worker: WorkerSession): number {
    return Math.max(0, worker.slots + worker.queueDepth - worker.attempts.size);
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
        const attempts = [...w.attempts].map(([jobId, held]) => ({
          jobId,
          attempt: held.attempt,
          queued: held.queued,
        }));
        w.attempts.clear();
        w.allocated = noResources();
        this.onExpired(w, attempts);
      } else if (w.stream && w.state === "HEALTHY" && silentFor >= this.heartbeatTimeoutMs / 2) {
        // Half the timeout without a word: stop giving it work before it is declared lost.
        w.state = "UNHEALTHY";
      }
    }
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

  /**
   * The fleet's own record behind a session it handed out. (It may have been forgotten since,
   * while an old stream still names it: changing that orphan harms nobody.)
   */
  #session(worker: WorkerSession): Session {
    return worker as Session;
  }
}
