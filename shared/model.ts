/**
 * Titan's vocabulary and job state machine.
 *
 * Terminology (used the same way everywhere):
 * - **job**: a shell command a user submitted, with its options; it lives until it reaches a
 *   terminal state and is later garbage-collected.
 * - **attempt**: one try at running a job on one worker, numbered 1, 2, … per job. Every
 *   assignment carries its attempt number; reports for any other attempt are refused
 *   (fencing), so a worker back from a partition cannot overwrite a newer attempt.
 * - **worker**: a process that dials the manager, offers slots and runs attempts as OS
 *   process groups.
 * - **slot**: room for one running attempt on a worker; a worker has `slots` of them.
 * - **lease**: the manager's belief that a worker holds an attempt; it lasts while the
 *   worker heartbeats and ends after the heartbeat timeout, when the attempt is requeued.
 * - **drain**: a worker stops taking work, lets running attempts finish within a grace
 *   period, hands back the rest and leaves.
 * - **resources**: what a job reserves on its worker while it runs (cpu, memory, countable
 *   devices), besides its slot; a worker's **capacity** is what it offers of them.
 * - **selector**: labels a job requires of its worker; every pair must equal one of the
 *   worker's labels.
 * - **queue**: a named group of jobs ("default" unless said); a queue may be paused and may
 *   bound how many of its jobs run at once across the fleet.
 * - **dependency**: a job that must end before another (its dependent) may run; a PENDING job
 *   with unfinished dependencies is **held**, and **released** when the last one ends.
 * - **schedule**: a cron expression with a job template; each **fire time** it reaches creates
 *   one job, exactly once.
 */
import type { JobState } from "./proto.ts";

/** Job states as the wire spells them. */
export const JobStates = {
  PENDING: "PENDING",
  SCHEDULED: "SCHEDULED",
  RUNNING: "RUNNING",
  COMPLETED: "COMPLETED",
  FAILED: "FAILED",
  CANCELLED: "CANCELLED",
} as const;

export type State = (typeof JobStates)[keyof typeof JobStates];

export const ALL_STATES: readonly State[] = Object.values(JobStates);

/**
 * THE table of legal transitions. The job controller refuses any change not listed here.
 *
 * - PENDING → SCHEDULED: the scheduler placed the job on a worker (a new attempt).
 * - PENDING → CANCELLED: cancelled before it ran.
 * - SCHEDULED → RUNNING: the worker reported the process started.
 * - SCHEDULED/RUNNING → PENDING: the worker was lost or handed the attempt back, and the job
 *   may run again (as a new attempt).
 * - SCHEDULED → FAILED: the process could not start, or the worker was lost with no
 *   retries left.
 * - SCHEDULED → COMPLETED: only when a finish report overtakes the start report (they
 *   travel on one ordered stream, so in practice after a manager restart).
 * - RUNNING → COMPLETED | FAILED | CANCELLED: the process ended.
 * - SCHEDULED → CANCELLED: cancelled while the worker was starting it.
 */
export const TRANSITIONS: Readonly<Record<State, readonly State[]>> = {
  PENDING: ["SCHEDULED", "CANCELLED"],
  SCHEDULED: ["RUNNING", "PENDING", "COMPLETED", "FAILED", "CANCELLED"],
  RUNNING: ["COMPLETED", "FAILED", "CANCELLED", "PENDING"],
  COMPLETED: [],
  FAILED: [],
  CANCELLED: [],
};

/** True when a job may move from `from` to `to`. */
export function canTransition(from: State, to: State): boolean {
  return TRANSITIONS[from].includes(to);
}

/** A terminal state has no way out: the job ran (or was cancelled) for good. */
export function isTerminal(state: State): boolean {
  return TRANSITIONS[state].length === 0;
}

/** States in which a job holds a worker slot. */
export function holdsSlot(state: State): boolean {
  return state === "SCHEDULED" || state === "RUNNING";
}

/** Thrown when code asks for a transition the table forbids: a bug, never user input. */
export class IllegalTransitionError extends Error {
  constructor(readonly jobId: string, readonly from: State, readonly to: State) {
    super(`Illegal job transition for ${jobId}: ${from} → ${to}`);
    this.name = "IllegalTransitionError";
  }
}

/** Narrow a wire enum (string or number) to a State, or undefined when it is not one. */
export function parseState(value: JobState | string | undefined): State | undefined {
  return typeof value === "string" && (ALL_STATES as readonly string[]).includes(value)
    ? value as State
    : undefined;
}

/**
 * The most of each output stream stored per attempt, whatever a worker sends: stdout and
 * stderr together must fit a status message (MAX_MESSAGE_BYTES in proto.ts).
 */
export const MAX_STORED_OUTPUT_BYTES = 4 * 1024 * 1024;

/** Job ids: lowercase UUIDs in the 8-4-4-4-12 form (the manager makes version 7 ones). */
export const JOB_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Resources a job requests, or a worker offers or has handed out. Zero means none: a job
 * without resources reserves only its slot.
 */
export interface Resources {
  /** Thousandths of a core (1000 = one core). */
  cpuMillis: number;
  /** MiB. */
  memoryMb: number;
  /** Countable resources by name, e.g. { gpu: 1 }; only positive counts appear. */
  devices: Record<string, number>;
}

/** The queue of a job submitted without one. */
export const DEFAULT_QUEUE = "default";

/** Resources of nothing (a fresh object each time: callers may fill it). */
export function noResources(): Resources {
  return { cpuMillis: 0, memoryMb: 0, devices: {} };
}

/** The job's command, options and outcome, as the manager keeps it. */
export interface Job {
  id: string;
  seq: number;
  command: string;
  env: Record<string, string>;
  cwd: string;
  timeoutSeconds: number;
  maxRetries: number;
  idempotencyKey: string;
  priority: number;
  state: State;
  attempt: number;
  workerId: string;
  exitCode: number | null;
  signal: string;
  error: string;
  timedOut: boolean;
  stdout: Uint8Array;
  stderr: Uint8Array;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  stdoutBytes: number;
  stderrBytes: number;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  /** A PENDING job waiting out its retry backoff runs no earlier than this (epoch ms). */
  notBefore: number;
  /** Attempts that failed on their own (exit code, signal, timeout): bounded by maxRetries. */
  failures: number;
  /** Attempts lost with their worker: bounded by the manager's --max-lost-attempts. */
  lost: number;
  /** A user asked to cancel while the job held a slot; the worker is killing it. */
  cancelRequested: boolean;
  /** What the job reserves on its worker while it runs, besides its slot. */
  resources: Resources;
  /** Labels its worker must have (each pair equal). */
  selector: Record<string, string>;
  /** The queue it belongs to (DEFAULT_QUEUE unless submitted with one). */
  queue: string;
  /** A human name, shown in lists; "" = none. Not unique. */
  name: string;
  /** Ids of the jobs that must end first (see manager/workflows/). Fixed at submit. */
  dependsOn: string[];
  /** When the dependencies release this job. */
  dependencyPolicy: DependencyPolicy;
  /**
   * How many dependencies have not ended yet; a PENDING job with any is held (not queued).
   * Exact in memory; in the store only "zero or not" is kept exact (see
   * manager/workflows/dependency_graph.ts), and a restarted manager counts again.
   */
  depsWaiting: number;
  /** The schedule that created this job, and the fire time it stands for; "" / null = none. */
  scheduleName: string;
  fireTime: number | null;
}

/**
 * - AFTER_SUCCESS: run once every dependency COMPLETED; one FAILED or CANCELLED cancels the job.
 * - AFTER_COMPLETION: run once every dependency is terminal, whatever its outcome.
 */
export type DependencyPolicy = "AFTER_SUCCESS" | "AFTER_COMPLETION";
