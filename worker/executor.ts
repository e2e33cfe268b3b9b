/**
 * The executor runs one attempt: confined by the isolation (its cgroup or process group,
 * its user), started by the spawner it is given, with its output drained, capped and
 * streamed, a timeout, and cancellation. It knows nothing of gRPC or the manager; the
 * agent turns its callbacks and result into wire messages.
 *
 * Invariants:
 * - The pipes are ALWAYS drained, whatever the caller does with the bytes: a child blocked
 *   on a full 64 KiB pipe would never exit.
 * - No process of the attempt outlives it. Cancel and timeout signal all of it (TERM, then
 *   KILL after the grace). When the main process exits, whatever it left behind is killed
 *   after `pipeGraceMs`: a job's lifetime is its main process's lifetime, and a leftover
 *   would run outside any slot, invisible to the scheduler.
 * - Bounded: once the main process has ended, the result comes within pipe grace + kill
 *   grace (if a TERM was sent) + `readBoundMs`, even when a process the kill cannot reach
 *   still holds the output pipes: reading stops and the result says so.
 * - `start()` never throws for a bad attempt: a setup or spawn failure becomes a result with
 *   `error` set, so the attempt is always reported.
 */
import { launchPlan, type LaunchTools, openGate } from "./launch_plan.ts";
import { findOnPath } from "./program_path.ts";
import { commandSpawner, type Spawner, type Started } from "./spawner.ts";
import type { Isolation, JobUser, Limits, Sandbox } from "./isolation/isolation.ts";
import { SetupError } from "./isolation/isolation.ts";

/** Which output stream a chunk came from. */
export type StreamName = "stdout" | "stderr";

/** What to run: the parts of an assignment the executor needs. */
export interface ExecSpec {
  /** Names the attempt (its cgroup, its records, its work dir). */
  jobId: string;
  attempt: number;
  /** Run with `sh -c` (or directly, when it is plain words). */
  command: string;
  /** Extra environment variables, added over the worker's (TITAN_* stripped) environment. */
  env?: Record<string, string>;
  /** Working directory; empty = one the isolation provides. */
  cwd?: string;
  /** Kill the attempt after this many seconds; 0 or absent = no timeout. */
  timeoutSeconds?: number;
  /** Memory and CPU limits, enforced where the isolation can. */
  limits?: Limits;
}

/** The executor's settings, fixed for the worker's life. */
export interface ExecutorOptions {
  isolation: Isolation;
  /** How processes are started; default Deno.Command. */
  spawner?: Spawner;
  /** The helper programs of the launch plan. */
  tools: LaunchTools;
  /** Bytes of each stream kept in the result; the rest is only counted. */
  outputCap: number;
  /** Seconds between SIGTERM and SIGKILL when cancelling or timing out. */
  killGrace: number;
  /** The environment to start from; default the worker's own. TITAN_* is always stripped. */
  baseEnv?: Record<string, string>;
  /** Milliseconds the pipes may stay open after the main process exits; default PIPE_GRACE_MS. */
  pipeGraceMs?: number;
  /** Milliseconds to wait for the pipes to close after the kill; default READ_BOUND_MS. */
  readBoundMs?: number;
}

/** The caller's hooks for one attempt. */
export interface ExecHooks {
  /** Called as output arrives, up to `outputCap` bytes per stream. Must not throw. */
  onOutput?: (stream: StreamName, data: Uint8Array) => void;
  /** Aborting it cancels the attempt (same as `RunningAttempt.cancel()`). */
  signal?: AbortSignal;
}

/** How one attempt ended. */
export interface ExecResult {
  /** The exit code, when the process exited normally (not by a signal, not a spawn failure). */
  exitCode?: number;
  /** The signal that ended the main process (e.g. "SIGKILL"), or "". */
  signal: string;
  /**
   * Set when the process could not be started (no exit code then), or when the kernel or
   * the worker ended it for a reason of its own (`out of memory (limit N MiB)`).
   */
  error: string;
  timedOut: boolean;
  cancelled: boolean;
  stdout: Uint8Array;
  stderr: Uint8Array;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  /** Total bytes written, including what was not kept. */
  stdoutBytes: number;
  stderrBytes: number;
  /** RFC 3339; startedAt is "" when the process never started. */
  startedAt: string;
  finishedAt: string;
  /** The main process's pid (its process group id too); 0 when it never started. */
  pid: number;
  /**
   * What the worker should know but the job's outcome must not change: reading stopped
   * because a process out of the kill's reach kept the pipes open. For the worker's log.
   */
  warnings: string[];
}

/** An attempt that has been started (or failed to start: then `pid` is 0). */
export interface RunningAttempt {
  /** The main process's pid; 0 after a setup or spawn failure. */
  readonly pid: number;
  /** RFC 3339, or "" after a spawn failure. */
  readonly startedAt: string;
  /** Resolves once nothing of the attempt runs and the pipes are drained (or given up). */
  readonly result: Promise<ExecResult>;
  /** SIGTERM to all of it now, SIGKILL after the kill grace. Idempotent. */
  cancel(): void;
}

/**
 * After the main process exits, how long its pipes may stay open before the rest of the
 * attempt is killed. Output written just before exit is still in flight for a moment; a
 * background child holding the pipes (`sleep 100 &`) would otherwise block draining forever.
 */
export const PIPE_GRACE_MS = 200;

/**
 * After the kill, how long to wait for the pipes to close before reading stops. Only a
 * process outside the attempt's reach (a process-group kill misses a child that left the
 * group) can hold them that long.
 */
export const READ_BOUND_MS = 1000;

/** How long to wait for the attempt's last processes to vanish after the kill. */
const SETTLE_MS = 1000;

/** The environment a job gets: `base` minus every TITAN_* variable (tokens), plus `extra`. */
export function jobEnv(
  base: Record<string, string>,
  extra: Record<string, string> = {},
): Record<string, string> {
  let env = stripped.get(base);
  if (!env) {
    env = {};
    for (const [key, value] of Object.entries(base)) {
      if (!key.startsWith("TITAN_")) env[key] = value;
    }
    stripped.set(base, env);
  }
  return { ...env, ...extra };
}

/** `base` environments already stripped of TITAN_*: every job of a worker shares one. */
const stripped = new WeakMap<Record<string, string>, Record<string, string>>();

/** Keeps up to `cap` bytes of one stream and counts the rest. */
class Capture {
  #chunks: Uint8Array[] = [];
  #kept = 0;
  total = 0;
  truncated = false;

  constructor(readonly cap: number) {}

  /** Store the part of `chunk` under the cap and return it (possibly empty). */
  add(chunk: Uint8Array): Uint8Array {
    this.total += chunk.length;
    const room = this.cap - this.#kept;
    const kept = chunk.length <= room ? chunk : chunk.subarray(0, Math.max(room, 0));
    if (kept.length < chunk.length) this.truncated = true;
    if (kept.length > 0) {
      this.#chunks.push(kept);
      this.#kept += kept.length;
    }
    return kept;
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.#kept);
    let at = 0;
    for (const c of this.#chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

/** Reads one stream to its end, or until `stop()`. */
class Drain {
  readonly done: Promise<void>;
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;

  constructor(
    stream: ReadableStream<Uint8Array>,
    name: StreamName,
    capture: Capture,
    onOutput?: (stream: StreamName, data: Uint8Array) => void,
  ) {
    const reader = stream.getReader();
    this.#reader = reader;
    this.done = (async () => {
      try {
        while (true) {
          const { value, done } = await reader.read();
          if (done) return;
          const kept = capture.add(value);
          if (kept.length > 0 && onOutput) {
            try {
              onOutput(name, kept);
            } catch {
              // A failing consumer must not stop the draining, or the child would block.
            }
          }
        }
      } catch {
        // The pipe broke, or reading was stopped: whatever was read is kept.
      }
    })();
  }

  /** Stop reading (closes our end of the pipe). */
  stop(): void {
    this.#reader.cancel().catch(() => {});
  }
}

function checkCwd(cwd: string, user?: JobUser): string {
  try {
    // Synchronous on purpose: `start()` stays synchronous, so no cancel can slip in between.
    const info = Deno.statSync(cwd);
    if (!info.isDirectory) return `cwd ${JSON.stringify(cwd)} is not a directory`;
    if (user && !canEnter(cwd, user)) {
      return `cannot start: cwd ${JSON.stringify(cwd)}: Permission denied for uid ${user.uid}`;
    }
    return "";
  } catch (err) {
    return `cwd ${JSON.stringify(cwd)} is not usable: ${(err as Error).message}`;
  }
}

/**
 * Whether `user` may enter `dir` (search permission on it and every parent), judged from the
 * mode bits (no ACLs). The job enters its cwd as the worker and switches user after (the
 * launch plan); this keeps a cwd the job's user cannot enter a failure to start.
 */
function canEnter(dir: string, user: JobUser): boolean {
  if (!dir.startsWith("/")) return true; // the kernel will judge
  const parts = dir.split("/").filter(Boolean);
  for (let i = 0; i <= parts.length; i++) {
    const info = Deno.statSync(`/${parts.slice(0, i).join("/")}`);
    const mode = info.mode ?? 0;
    const bit = info.uid === user.uid ? 0o100 : info.gid === user.gid ? 0o010 : 0o001;
    if ((mode & bit) === 0) return false;
  }
  return true;
}

function failed(error: string): ExecResult {
  return {
    signal: "",
    error,
    timedOut: false,
    cancelled: false,
    stdout: new Uint8Array(),
    stderr: new Uint8Array(),
    stdoutTruncated: false,
    stderrTruncated: false,
    stdoutBytes: 0,
    stderrBytes: 0,
    startedAt: "",
    finishedAt: new Date().toISOString(),
    pid: 0,
    warnings: [],
  };
}

/** Let go of a process that was started but must not run (killed already): its pipes. */
function discard(child: Started): void {
  child.stdout.cancel().catch(() => {});
  child.stderr.cancel().catch(() => {});
  child.stdin?.abort().catch(() => {});
  child.status.catch(() => {});
}

function spawnFailure(error: string): RunningAttempt {
  return { pid: 0, startedAt: "", result: Promise.resolve(failed(error)), cancel: () => {} };
}

/** Starts attempts; one per worker. */
export class Executor {
  readonly #opts: ExecutorOptions;
  readonly #spawner: Spawner;
  #ownEnv: Record<string, string> | undefined;

  constructor(opts: ExecutorOptions) {
    this.#opts = opts;
    this.#spawner = opts.spawner ?? commandSpawner;
  }

  get isolation(): Isolation {
    return this.#opts.isolation;
  }

  /**
   * Start one attempt. Returns at once (synchronously); `result` resolves when it is over.
   * Setup and spawn failures (missing cwd, no uid free, no `sh`) resolve `result` with
   * `error` set and `pid` 0.
   */
  start(spec: ExecSpec, hooks: ExecHooks = {}): RunningAttempt {
    let sandbox: Sandbox;
    try {
      sandbox = this.#opts.isolation.prepare({
        jobId: spec.jobId,
        attempt: spec.attempt,
        cwd: spec.cwd ?? "",
        limits: spec.limits,
      });
    } catch (err) {
      if (err instanceof SetupError) return spawnFailure(err.message);
      return spawnFailure(`cannot start: ${(err as Error).message}`);
    }
    // The worker's own environment, read once (not once per job: that costs ~0.3 ms).
    const base = this.#opts.baseEnv ?? (this.#ownEnv ??= Deno.env.toObject());
    const env = jobEnv(base, { ...sandbox.env, ...spec.env });
    const plan = launchPlan(spec.command, sandbox.user, this.#opts.tools, {
      gate: this.#opts.isolation.gates,
      locate: (program) => findOnPath(program, env.PATH, sandbox.user),
    });
    // The fallback plan enters the cwd as the job's user already; the others as the worker.
    const cwdError = checkCwd(
      sandbox.cwd,
      plan.options.uid === undefined ? sandbox.user : undefined,
    );
    if (cwdError) {
      sandbox.release();
      return spawnFailure(cwdError);
    }
    let child: Started;
    let spawned: Started | undefined;
    try {
      child = sandbox.spawn(
        () => (spawned = this.#spawner(plan, { cwd: sandbox.cwd, env })),
        plan.gate,
      );
    } catch (err) {
      if (spawned) discard(spawned);
      sandbox.release();
      return spawnFailure(`cannot start: ${(err as Error).message}`);
    }
    if (plan.gate) openGate(child.stdin);
    return this.#supervise(child, sandbox, spec, hooks);
  }

  #supervise(
    child: Started,
    sandbox: Sandbox,
    spec: ExecSpec,
    hooks: ExecHooks,
  ): RunningAttempt {
    const opts = this.#opts;
    const pid = child.pid;
    const startedAt = new Date().toISOString();
    const out = new Capture(opts.outputCap);
    const err = new Capture(opts.outputCap);
    const drains = [
      new Drain(child.stdout, "stdout", out, hooks.onOutput),
      new Drain(child.stderr, "stderr", err, hooks.onOutput),
    ];
    const readers = Promise.all(drains.map((d) => d.done));

    let timedOut = false;
    let cancelled = false;
    let exited = false;
    let over = false;
    let killTimer: ReturnType<typeof setTimeout> | undefined;
    let killAt = 0;
    const terminate = () => {
      if (killTimer !== undefined) return;
      sandbox.signal("SIGTERM");
      killAt = Date.now() + opts.killGrace * 1000;
      killTimer = setTimeout(() => sandbox.kill(), opts.killGrace * 1000);
    };
    const cancel = () => {
      // Once over, its pids may belong to others: nothing may be signalled any more.
      if (over || cancelled || timedOut) return;
      cancelled = !exited;
      // After the main process ended, a cancel still ends what it left (it is being ended
      // anyway); the result stays the main process's.
      terminate();
    };

    const timeoutTimer = spec.timeoutSeconds && spec.timeoutSeconds > 0
      ? setTimeout(() => {
        if (exited || cancelled) return;
        timedOut = true;
        terminate();
      }, spec.timeoutSeconds * 1000)
      : undefined;
    const onAbort = () => cancel();
    if (hooks.signal?.aborted) cancel();
    else hooks.signal?.addEventListener("abort", onAbort, { once: true });

    const wait = (ms: number, on?: Promise<unknown>) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), Math.max(ms, 0));
      });
      return Promise.race([on ? on.then(() => true) : timeout, timeout]).finally(() =>
        clearTimeout(timer)
      );
    };

    const result = (async (): Promise<ExecResult> => {
      const status = await child.status;
      exited = true;
      clearTimeout(timeoutTimer);
      hooks.signal?.removeEventListener("abort", onAbort);
      // Give in-flight output a moment, then kill what the main process left behind so the
      // pipes close and nothing of this attempt survives it. When a TERM was sent already,
      // the rest keeps the kill grace it was promised to clean up.
      if (sandbox.alive()) {
        const pipeGrace = opts.pipeGraceMs ?? PIPE_GRACE_MS;
        await wait(killAt > 0 ? Math.max(killAt - Date.now(), pipeGrace) : pipeGrace, readers);
        sandbox.kill();
      }
      clearTimeout(killTimer);
      const warnings: string[] = [];
      if (!(await wait(opts.readBoundMs ?? READ_BOUND_MS, readers))) {
        for (const d of drains) d.stop();
        // Something left the process group and holds the pipes: the isolation's full kill
        // (its cgroup, its uid) may still reach it.
        sandbox.kill();
        warnings.push("output cut: a process outside the attempt's reach kept its pipes open");
      }
      await sandbox.settle(SETTLE_MS);
      const verdict = sandbox.verdict();
      over = true;
      clearTimeout(killTimer);
      sandbox.release();
      return {
        exitCode: status.signal ? undefined : status.code,
        signal: status.signal ?? "",
        error: verdict,
        timedOut,
        cancelled,
        stdout: out.bytes(),
        stderr: err.bytes(),
        stdoutTruncated: out.truncated,
        stderrTruncated: err.truncated,
        stdoutBytes: out.total,
        stderrBytes: err.total,
        startedAt,
        finishedAt: new Date().toISOString(),
        pid,
        warnings,
      };
    })();

    return { pid, startedAt, result, cancel };
  }
}
