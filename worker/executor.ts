/**
 * The executor runs one attempt: `sh -c <command>` in a process group of its own, with its
 * output drained, capped and streamed, a timeout, and cancellation. It knows nothing of
 * gRPC or the manager; the agent turns its callbacks and result into wire messages.
 *
 * Invariants:
 * - The pipes are ALWAYS drained, whatever the caller does with the bytes: a child blocked
 *   on a full 64 KiB pipe would never exit.
 * - No process of the attempt outlives it. Cancel and timeout kill the whole group (TERM,
 *   then KILL after the grace). When the shell itself exits, whatever it left behind in its
 *   group is killed too (see `PIPE_GRACE_MS`): a job's lifetime is its shell's lifetime, and
 *   a leftover would run outside any slot, invisible to the scheduler.
 * - `start()` never throws for a bad attempt: a spawn failure becomes a result with `error`
 *   set, so the attempt is always reported.
 */

import type { Launcher } from "./launcher.ts";

/** Which output stream a chunk came from. */
export type StreamName = "stdout" | "stderr";

/** What to run: the parts of an assignment the executor needs. */
export interface ExecSpec {
  /** Run with `sh -c`. */
  command: string;
  /** Extra environment variables, added over the worker's (TITAN_* stripped) environment. */
  env?: Record<string, string>;
  /** Working directory; empty = `ExecOptions.workDir`. */
  cwd?: string;
  /** Kill the group after this many seconds; 0 or absent = no timeout. */
  timeoutSeconds?: number;
}

/** How to run it: the worker's settings and the caller's hooks. */
export interface ExecOptions {
  /** Working directory of jobs that name none. */
  workDir: string;
  /** Bytes of each stream kept in the result; the rest is only counted. */
  outputCap: number;
  /** Seconds between SIGTERM and SIGKILL when cancelling or timing out. */
  killGrace: number;
  /** Called as output arrives, up to `outputCap` bytes per stream. Must not throw. */
  onOutput?: (stream: StreamName, data: Uint8Array) => void;
  /** Aborting it cancels the attempt (same as `RunningAttempt.cancel()`). */
  signal?: AbortSignal;
  /** The environment to start from; default the worker's own. TITAN_* is always stripped. */
  baseEnv?: Record<string, string>;
  /** Milliseconds to wait for the pipes to close after the shell exits; default PIPE_GRACE_MS. */
  pipeGraceMs?: number;
  /** Run as this user and group (a root worker's --run-as); absent = the worker's own. */
  user?: { uid: number; gid: number };
}

/** How one attempt ended. */
export interface ExecResult {
  /** The exit code, when the process exited normally (not by a signal, not a spawn failure). */
  exitCode?: number;
  /** The signal that ended the shell (e.g. "SIGKILL"), or "". */
  signal: string;
  /** Set when the process could not be started; no exit code then. */
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
  /** The shell's pid, which is also the process group id; 0 when it never started. */
  pid: number;
}

/** An attempt that has been started (or failed to start: then `pid` is 0). */
export interface RunningAttempt {
  /** The shell's pid and process group id; 0 after a spawn failure. */
  readonly pid: number;
  /** RFC 3339, or "" after a spawn failure. */
  readonly startedAt: string;
  /** Resolves once the process and its whole group are gone and the pipes are drained. */
  readonly result: Promise<ExecResult>;
  /** Kill the group: SIGTERM now, SIGKILL after the kill grace. Idempotent. */
  cancel(): void;
}

/**
 * After the shell exits, how long its pipes may stay open before the rest of its group is
 * killed. Output written just before exit is still in flight for a moment; a background
 * child holding the pipes (`sleep 100 &`) would otherwise block draining forever.
 */
export const PIPE_GRACE_MS = 200;

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
let workerEnv: Record<string, string> | undefined;

/** The worker's own environment, read once (not once per job: that costs ~0.3 ms). */
function ownEnv(): Record<string, string> {
  return workerEnv ??= Deno.env.toObject();
}

/**
 * How a job's shell is started in a session and process group of its own (pgid = pid), and
 * as another user when the worker runs jobs as one, without forking the worker.
 *
 * `Deno.Command` with `detached` (setsid) or `uid`/`gid` has to run code between fork and
 * exec, so Rust cannot use posix_spawn and forks the whole worker process: page tables of
 * a ~100 MB process, 6–16 ms per job on a small machine, with the worker's event loop
 * blocked the whole time. A plain spawn costs ~0.5 ms. So when util-linux's `setsid` (and,
 * to switch user, `setpriv`) are installed, the job starts as `setsid [setpriv …] sh -c
 * <command>` from a plain spawn: each execs the next in the same process, so the pid the
 * worker sees is the shell's, its session and group leader. Without those tools: the old
 * way.
 */
export interface LaunchPlan {
  program: string;
  args: string[];
  /** Extra Deno.Command options (the slow path's `detached`, `uid`, `gid`). */
  options: { detached?: boolean; uid?: number; gid?: number };
}

/** Absolute paths of the helpers, or "" when missing. */
export interface LaunchTools {
  setsid: string;
  setpriv: string;
}

function findTool(name: string): string {
  const dirs = [...(Deno.env.get("PATH") ?? "").split(":"), "/usr/bin", "/bin"];
  for (const dir of dirs.filter((d) => d.startsWith("/"))) {
    try {
      const info = Deno.statSync(`${dir}/${name}`);
      if (info.isFile && ((info.mode ?? 0) & 0o111) !== 0) return `${dir}/${name}`;
    } catch { /* not here */ }
  }
  return "";
}

let launchTools: LaunchTools | undefined;

/** The helpers found on this machine (looked up once). */
export function defaultLaunchTools(): LaunchTools {
  return launchTools ??= { setsid: findTool("setsid"), setpriv: findTool("setpriv") };
}

/**
 * What the shell does with a command that has no shell syntax: run the program with its
 * words as arguments. Such a command is run without the shell (as Perl's and Ruby's
 * `system` do): one program start instead of two. Only plain words qualify — letters,
 * digits and `_ . / - , : = @ % +`, separated by single spaces — and the first word must
 * not be a shell builtin or keyword (`exit`, `cd`, `echo`, `true`, …: the shell's own
 * differ from, or have no, program) nor an assignment. Anything else goes to `sh -c`.
 */
export function plainArgv(command: string): string[] | undefined {
  if (!PLAIN.test(command)) return undefined;
  const argv = command.split(" ");
  if (SHELL_WORDS.has(argv[0]) || argv[0].includes("=")) return undefined;
  return argv;
}

const PLAIN = /^[A-Za-z0-9_./-]+( [A-Za-z0-9_.\/,:=@%+-]+)*$/;

/** dash's builtins and reserved words. */
const SHELL_WORDS = new Set(
  (". : [ alias bg break cd chdir command continue echo eval exec exit export false fc fg " +
    "getopts hash jobs kill local printf pwd read readonly return set shift test times trap " +
    "true type ulimit umask unalias unset wait if then else elif fi case esac for while " +
    "until do done in ! { } function select").split(" "),
);

export function launchPlan(
  command: string,
  user: { uid: number; gid: number } | undefined,
  tools: LaunchTools = defaultLaunchTools(),
): LaunchPlan {
  const shell = plainArgv(command) ?? ["sh", "-c", command];
  if (tools.setsid && (!user || tools.setpriv)) {
    const as = user
      ? [tools.setpriv, `--reuid=${user.uid}`, `--regid=${user.gid}`, "--clear-groups", "--"]
      : [];
    return { program: tools.setsid, args: [...as, ...shell], options: {} };
  }
  return {
    program: shell[0],
    args: shell.slice(1),
    options: { detached: true, ...(user ? { uid: user.uid, gid: user.gid } : {}) },
  };
}

/**
 * Send `signal` to every process of group `pgid`; a group already gone is not an error.
 * Returns whether the group existed.
 */
export function killGroup(pgid: number, signal: Deno.Signal): boolean {
  if (pgid <= 0) return false; // never kill(0) or kill(-1): that would hit the worker or all
  try {
    Deno.kill(-pgid, signal);
    return true;
  } catch {
    // ESRCH: the group is gone already, which is what we wanted.
    return false;
  }
}

function signalProcess(pid: number, signal: Deno.Signal): void {
  try {
    Deno.kill(pid, signal);
  } catch { /* gone */ }
}

let launcher: Launcher | undefined;

/**
 * Start jobs through `l` (see launcher.ts) from now on, while it is usable; undefined = spawn
 * directly. The worker's entrypoint sets one up; tests and the fallback spawn directly.
 */
export function useLauncher(l: Launcher | undefined): void {
  launcher = l;
}

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

async function drain(
  stream: AsyncIterable<Uint8Array>,
  name: StreamName,
  capture: Capture,
  onOutput?: (stream: StreamName, data: Uint8Array) => void,
): Promise<void> {
  try {
    for await (const chunk of stream) {
      const kept = capture.add(chunk);
      if (kept.length > 0 && onOutput) {
        try {
          onOutput(name, kept);
        } catch {
          // A failing consumer must not stop the draining, or the child would block.
        }
      }
    }
  } catch {
    // The pipe broke (the group was killed): whatever was read is kept.
  }
}

function checkCwd(cwd: string, user?: { uid: number; gid: number }): string {
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
 * mode bits (no ACLs). The setpriv path enters the cwd as the worker (root) and switches user
 * after; this keeps a cwd the job's user cannot enter a failure to start, as a spawn with
 * `uid` set makes it.
 */
function canEnter(dir: string, user: { uid: number; gid: number }): boolean {
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
  };
}

/**
 * Start one attempt. Returns at once (synchronously); `result` resolves when it is over.
 * Spawn failures (missing cwd, no `sh`) resolve `result` with `error` set and `pid` 0.
 */
export function start(spec: ExecSpec, opts: ExecOptions): RunningAttempt {
  const cwd = spec.cwd || opts.workDir;
  if (launcher?.usable) {
    const cwdError = checkCwd(cwd, opts.user);
    if (cwdError) return spawnFailure(cwdError);
    try {
      const env = jobEnv(opts.baseEnv ?? ownEnv(), spec.env);
      return supervise(
        launcher.launch({ command: spec.command, cwd, env, user: opts.user }),
        spec,
        opts,
      );
    } catch {
      // The launcher could not start it (and said so in the log): spawn directly.
    }
  }
  const plan = launchPlan(spec.command, opts.user);
  // The slow path checks the user's access itself (it enters the cwd as that user).
  const cwdError = checkCwd(cwd, plan.options.uid === undefined ? opts.user : undefined);
  if (cwdError) return spawnFailure(cwdError);
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(plan.program, {
      args: plan.args,
      cwd,
      env: jobEnv(opts.baseEnv ?? ownEnv(), spec.env),
      clearEnv: true,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      // Its own session and process group (pgid = pid): cancel and timeout can kill the
      // whole tree. See launchPlan.
      ...plan.options,
    }).spawn();
  } catch (err) {
    return spawnFailure(`cannot start: ${(err as Error).message}`);
  }
  return supervise(child, spec, opts);
}

function spawnFailure(error: string): RunningAttempt {
  return {
    pid: 0,
    startedAt: "",
    result: Promise.resolve(failed(error)),
    cancel: () => {},
  };
}

/** What supervise needs of a started process: a Deno.ChildProcess, or a Launched one. */
interface Started {
  readonly pid: number;
  readonly stdout: AsyncIterable<Uint8Array>;
  readonly stderr: AsyncIterable<Uint8Array>;
  readonly status: Promise<{ code: number; signal: string | null }>;
}

function supervise(child: Started, spec: ExecSpec, opts: ExecOptions): RunningAttempt {
  const pid = child.pid;
  const startedAt = new Date().toISOString();
  const out = new Capture(opts.outputCap);
  const err = new Capture(opts.outputCap);
  const readers = Promise.all([
    drain(child.stdout, "stdout", out, opts.onOutput),
    drain(child.stderr, "stderr", err, opts.onOutput),
  ]);

  let timedOut = false;
  let cancelled = false;
  let exited = false;
  let killTimer: ReturnType<typeof setTimeout> | undefined;
  let killAt = 0;
  const terminate = () => {
    if (killTimer !== undefined || exited) return;
    // Right after the spawn, `setsid` may not have made the group yet: signal the process
    // itself then (it is our unreaped child, so the pid cannot have been reused).
    if (!killGroup(pid, "SIGTERM")) signalProcess(pid, "SIGTERM");
    killAt = Date.now() + opts.killGrace * 1000;
    killTimer = setTimeout(() => killGroup(pid, "SIGKILL"), opts.killGrace * 1000);
  };
  const cancel = () => {
    if (exited || cancelled || timedOut) return;
    cancelled = true;
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
  if (opts.signal?.aborted) cancel();
  else opts.signal?.addEventListener("abort", onAbort, { once: true });

  const result = (async (): Promise<ExecResult> => {
    const status = await child.status;
    exited = true;
    clearTimeout(timeoutTimer);
    opts.signal?.removeEventListener("abort", onAbort);
    // Give in-flight output a moment, then kill what the shell left behind so the pipes
    // close and no process of this attempt survives it. When a TERM was sent already, the
    // rest of the group keeps the kill grace it was promised to clean up.
    const pipeGrace = opts.pipeGraceMs ?? PIPE_GRACE_MS;
    const graceMs = killAt > 0 ? Math.max(killAt - Date.now(), pipeGrace) : pipeGrace;
    let graceTimer: ReturnType<typeof setTimeout> | undefined;
    const grace = new Promise<void>((resolve) => {
      graceTimer = setTimeout(resolve, graceMs);
    });
    await Promise.race([readers, grace]);
    clearTimeout(graceTimer);
    killGroup(pid, "SIGKILL");
    clearTimeout(killTimer);
    await readers;
    return {
      exitCode: status.signal ? undefined : status.code,
      signal: status.signal ?? "",
      error: "",
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
    };
  })();

  return { pid, startedAt, result, cancel };
}
