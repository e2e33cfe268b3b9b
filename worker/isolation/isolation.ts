/**
 * Isolation: what confines one attempt and how all of it is killed. Two modes:
 * - `cgroup` (cgroup.ts): each attempt in a cgroup of its own; the kill is the cgroup's, so
 *   children that left the process group (setsid, double fork) die too; memory and CPU
 *   limits are the kernel's.
 * - `process-group` (process_group.ts): the job's session and process group; with a uid of
 *   its own per attempt, every process of that uid as well.
 * Both take the job's user from `JobUsers` (users.ts).
 */

/** How the worker confines attempts; reported to the manager at register. */
export type IsolationMode = "cgroup" | "process-group";

/** A user and group to run a job as. */
export interface JobUser {
  uid: number;
  gid: number;
}

/** Limits an attempt asked for; 0 or absent = none. */
export interface Limits {
  /** 1000 = one core. */
  cpuMillis?: number;
  memoryMb?: number;
}

/** What `prepare` needs to know of an attempt. */
export interface AttemptSetup {
  jobId: string;
  attempt: number;
  /** The job's own cwd, or "" for a work dir the worker provides. */
  cwd: string;
  limits?: Limits;
}

/** A failure to set an attempt up: its message goes into the attempt's report. */
export class SetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SetupError";
  }
}

/** The confinement of one attempt, from before its spawn until nothing of it is left. */
export interface Sandbox {
  /** Run the job as this user; absent = the worker's own. */
  readonly user?: JobUser;
  /** The directory the job starts in. */
  readonly cwd: string;
  /** The cwd was made for this attempt and its user: it exists and the user may enter it. */
  readonly ownCwd: boolean;
  /** Variables added to the job's environment (its HOME when it has a work dir of its own). */
  readonly env: Record<string, string>;
  /**
   * Call `spawn` (synchronous) so that the process it starts is confined before it can fork:
   * nothing of the job may start outside. `gated`: the process waits at its gate until the
   * caller opens it, so it may be confined after it started; else it must be confined from
   * its first instruction on.
   */
  spawn<T extends { pid: number }>(spawn: () => T, gated: boolean): T;
  /** Send `signal` to every process of the attempt. */
  signal(signal: Deno.Signal): void;
  /** SIGKILL every process of the attempt, including those that left its process group. */
  kill(): void;
  /** Whether any process of the attempt may still be alive (cheap; false once settled). */
  alive(): boolean;
  /** Resolves true once no process of the attempt is left, false after `timeoutMs`. */
  settle(timeoutMs: number): Promise<boolean>;
  /** Why the kernel ended the attempt, e.g. `out of memory (limit 64 MiB)`; "" if not. */
  verdict(): string;
  /** Give back what the attempt held (its cgroup, uid, work dir), in the background. */
  release(): void;
}

/** One isolation mode, for the worker's whole life. */
export interface Isolation {
  readonly mode: IsolationMode;
  /** Why this mode (what was found), for the start-up log. */
  readonly detail: string;
  /**
   * Shell commands should be launched gated (`launchPlan`'s `gate`): confining a waiting
   * process is cheaper than confining it from birth.
   */
  readonly gates: boolean;
  /** Set an attempt up; throws SetupError when it cannot (no uid free, say). */
  prepare(setup: AttemptSetup): Sandbox;
  /**
   * Kill what a previous life of this worker left running (it crashed), before any attempt
   * runs. Returns a line per thing killed, for the log.
   */
  killLeftovers(): Promise<string[]>;
  /** The worker leaves: give back what the isolation holds itself. */
  close(): Promise<void>;
}
