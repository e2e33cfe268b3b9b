/**
 * The agent: the attempts a worker holds, and what it tells the manager about them over its
 * connection (connection.ts: the stream, heartbeats and reconnects).
 *
 * Protocol, attempt side (the manager matches it):
 * 1. Register names the attempts still running and those finished but not acknowledged;
 *    every unacknowledged `finished` report follows it again.
 * 2. `registered` → kill the `stale` attempts, drop their reports.
 * 3. `assign` → `started`, `output` (coalesced), `finished` (with the capped output copy);
 *    a finished report is kept until its `finishedAck`. No free slot → the assignment is
 *    held in a FIFO queue of `queueDepth` (pipelining: the head starts the moment a slot
 *    frees, without a round trip to the manager), and is listed in Register's `running`
 *    meanwhile. Queue full or draining → an immediate `finished` with `handedBack`. A
 *    duplicate of a running or queued attempt is ignored.
 * 4. `cancel` → TERM all of the attempt, KILL after the grace, `finished` with `cancelled`;
 *    a queued one is dropped unrun, reported `cancelled` too. `cancel` with `handBack` (the
 *    manager revoking a queued attempt for a worker with free room): a queued one is handed
 *    back unrun; a started one runs on (its `started` report tells the manager).
 * 5. `drain` (or SIGTERM, via `drain()`) → heartbeat with `draining` at once, no new work,
 *    queued attempts are handed back at once, running attempts get the drain timeout, the rest
 *    are killed and handed back; wait a little for acks, close.
 * 6. Partition: no contact for the heartbeat timeout → kill running attempts (the manager
 *    gives them to someone else), unless `keepRunningWhenPartitioned`; their reports are
 *    kept and sent later as hand-backs, never failures (the manager refuses stale ones; one
 *    it still holds, after a restart of its own, is requeued). Queued attempts are handed
 *    back unrun. The same on `stop()`.
 *
 * Invariant: every attempt the agent accepts ends in exactly one finished report, kept
 * until acknowledged (or until the manager calls it stale). Nothing here may throw past
 * `#finish`, or an attempt would be lost.
 */
import type { grpc } from "../shared/proto.ts";
import type { AttemptFinished, AttemptRef, ManagerMessage__Output } from "../shared/proto.ts";
import type { Assign__Output } from "../shared/proto.ts";
import type { Register } from "../shared/gen/titan/Register.ts";
import type { Registered__Output } from "../shared/gen/titan/Registered.ts";
import { createLogger, type Logger } from "../shared/log.ts";
import { fromDuration, toTimestamp } from "../shared/wire_time.ts";
import type { ExecResult, Executor, RunningAttempt, StreamName } from "./executor.ts";
import { Coalescer } from "./coalesce.ts";
import { Connection } from "./connection.ts";
import { Waiter } from "./waiter.ts";

/** Everything the agent needs to know; durations in milliseconds unless named seconds. */
export interface AgentOptions {
  workerId: string;
  /** Manager addresses, host:port[,host:port…]: the stream goes to the leader among them. */
  manager: string;
  /** Channel credentials (TLS), or a maker of them per address; default insecure. */
  credentials?: grpc.ChannelCredentials | ((address: string) => grpc.ChannelCredentials);
  /** Worker bearer token, sent as `authorization: Bearer …`; "" = none. */
  token?: string;
  slots: number;
  /** Assignments held beyond the slots, started as slots free; default 0 (none). */
  queueDepth?: number;
  labels?: Record<string, string>;
  /** What the worker offers to jobs, advertised at register. */
  capacity?: { cpuMillis: number; memoryMb: number; devices: Record<string, number> };
  version?: string;
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
  keepRunningWhenPartitioned?: boolean;
  /** Time running attempts get to finish when draining, unless the Drain order says. */
  drainTimeoutMs: number;
  /** How long a drain waits for the acks of its last reports; default 3000. */
  ackWaitMs?: number;
  /** Reconnect backoff: first delay and cap; default 100 and 5000. */
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** Runs the attempts. */
  executor: Executor;
  /** Another live worker holds our id (see Connection's onIdInUse): the agent has stopped. */
  onIdInUse?: (details: string) => void;
  logger?: Logger;
}

/** What /healthz shows. */
export interface AgentStatus {
  workerId: string;
  /** Registered on a live stream right now. */
  connected: boolean;
  draining: boolean;
  running: number;
  slots: number;
  /** Assignments held for the next free slot. */
  queued: number;
  queueDepth: number;
  isolation: string;
}

/** One attempt the agent runs. */
interface Attempt {
  jobId: string;
  attempt: number;
  run: RunningAttempt;
  output: Coalescer;
  /** Why the agent killed it itself (drain, partition): reported as `error`. */
  killedBecause?: string;
  handedBack?: boolean;
  /** The manager asked for the kill (a user's cancel). */
  cancelRequested?: boolean;
  /** Given to someone else: its report is dropped. */
  stale?: boolean;
  done: Promise<void>;
}

const keyOf = (jobId: string, attempt: number) => `${jobId}#${attempt}`;

/** The worker's attempts and their reports. Call `start()`, later `drain()` or `stop()`. */
export class Agent {
  readonly #opts: AgentOptions;
  readonly #log: Logger;
  readonly #sessionId = crypto.randomUUID();
  readonly #running = new Map<string, Attempt>();
  /** Assignments held for the next free slot, oldest first (a Map keeps insertion order). */
  readonly #queued = new Map<string, Assign__Output>();
  readonly #queueDepth: number;
  readonly #unacked = new Map<string, AttemptFinished>();
  readonly #changed = new Waiter();
  readonly #conn: Connection;
  #draining = false;
  #drainPromise: Promise<void> | undefined;
  #stopped = false;
  #stopPromise: Promise<void> | undefined;
  #closed = Promise.withResolvers<void>();

  constructor(opts: AgentOptions) {
    if (!Number.isInteger(opts.slots) || opts.slots < 1) {
      throw new RangeError(
        `Cannot start agent as 'slots' must be >= 1: current value is ${opts.slots}`,
      );
    }
    const queueDepth = opts.queueDepth ?? 0;
    if (!Number.isInteger(queueDepth) || queueDepth < 0) {
      throw new RangeError(
        `Cannot start agent as 'queueDepth' must be >= 0: current value is ${queueDepth}`,
      );
    }
    this.#queueDepth = queueDepth;
    this.#opts = opts;
    this.#log = opts.logger ?? createLogger("worker.agent", { workerId: opts.workerId });
    this.#conn = new Connection({
      manager: opts.manager,
      credentials: opts.credentials,
      token: opts.token,
      heartbeatIntervalMs: opts.heartbeatIntervalMs,
      heartbeatTimeoutMs: opts.heartbeatTimeoutMs,
      backoffInitialMs: opts.backoffInitialMs,
      backoffMaxMs: opts.backoffMaxMs,
      logger: this.#log,
      onIdInUse: (details) => {
        this.#log.error("another live worker has our id: stopping", { error: details });
        opts.onIdInUse?.(details);
        void this.stop();
      },
    }, {
      register: () => this.#register(),
      onOpen: () => {
        for (const report of this.#unacked.values()) this.#conn.send({ finished: report });
      },
      onRegistered: (r) => this.#onRegistered(r),
      onMessage: (m) => this.#onMessage(m),
      heartbeatState: () => ({ draining: this.#draining }),
      onClosed: () => this.#changed.notify(),
    });
  }

  /** Resolves once the agent has stopped (after a drain or `stop()`). */
  get closed(): Promise<void> {
    return this.#closed.promise;
  }

  /** A snapshot for health checks. */
  status(): AgentStatus {
    return {
      workerId: this.#opts.workerId,
      connected: this.#conn.connected,
      draining: this.#draining,
      running: this.#running.size,
      slots: this.#opts.slots,
      queued: this.#queued.size,
      queueDepth: this.#queueDepth,
      isolation: this.#opts.executor.isolation.mode,
    };
  }

  /** Attempts running now, as `{jobId, attempt}`. */
  running(): AttemptRef[] {
    return [...this.#running.values()].map((a) => ({ jobId: a.jobId, attempt: a.attempt }));
  }

  /** Attempts held for the next free slot, oldest first. */
  queued(): AttemptRef[] {
    return [...this.#queued.values()].map((a) => ({ jobId: a.jobId, attempt: a.attempt }));
  }

  /** Connect and keep connecting until stopped. */
  start(): void {
    this.#conn.start(() => this.#checkPartition());
  }

  /**
   * Stop taking work, let running attempts finish within `timeoutMs` (default the drain
   * timeout), kill and hand back the rest, wait briefly for acks, then stop. Idempotent.
   */
  drain(timeoutMs?: number): Promise<void> {
    if (this.#drainPromise) return this.#drainPromise;
    const grace = timeoutMs && timeoutMs > 0 ? timeoutMs : this.#opts.drainTimeoutMs;
    this.#draining = true;
    this.#log.info("draining", {
      running: this.#running.size,
      queued: this.#queued.size,
      timeoutMs: grace,
    });
    this.#conn.heartbeat(); // tell the manager at once: no more work for us
    // Queued attempts would only wait for our slots: they start sooner elsewhere.
    this.#handBackQueued("handed back unrun: worker is draining");
    this.#drainPromise = (async () => {
      await this.#changed.until(() => this.#running.size === 0, grace);
      const rest = [...this.#running.values()];
      for (const a of rest) {
        a.killedBecause =
          `handed back: worker drained and the attempt did not finish within ${grace} ms`;
        a.handedBack = true;
        a.run.cancel();
      }
      await Promise.all(rest.map((a) => a.done));
      const acked = await this.#changed.until(
        () => this.#unacked.size === 0,
        this.#opts.ackWaitMs ?? 3000,
      );
      if (!acked) {
        this.#log.warn("leaving with unacknowledged reports", { count: this.#unacked.size });
      }
      await this.stop();
    })();
    return this.#drainPromise;
  }

  /** Close the stream and stop at once; attempts still running are killed. Idempotent. */
  stop(): Promise<void> {
    if (this.#stopPromise) return this.#stopPromise;
    this.#stopped = true;
    this.#handBackQueued("handed back unrun: worker stopped");
    this.#stopPromise = (async () => {
      const rest = [...this.#running.values()];
      for (const a of rest) {
        if (!a.killedBecause && !a.cancelRequested) {
          // The job did not fail: the worker went away. Hand it back to run elsewhere.
          a.killedBecause = "handed back: worker stopped";
          a.handedBack = true;
        }
        a.run.cancel();
      }
      await Promise.all(rest.map((a) => a.done));
      await this.#conn.close();
      this.#log.info("stopped");
      this.#closed.resolve();
    })();
    return this.#stopPromise;
  }

  #register(): Register {
    return {
      workerId: this.#opts.workerId,
      slots: this.#opts.slots,
      labels: this.#opts.labels ?? {},
      // Queued attempts too: the manager keeps them assigned to us (still SCHEDULED).
      running: [...this.running(), ...this.queued()],
      queueDepth: this.#queueDepth,
      finished: [...this.#unacked.values()].map((f) => ({ jobId: f.jobId, attempt: f.attempt })),
      version: this.#opts.version ?? "",
      sessionId: this.#sessionId,
      ...(this.#opts.capacity ? { capacity: this.#opts.capacity } : {}),
      isolation: this.#opts.executor.isolation.mode,
    };
  }

  /** Runs every watchdog tick: a long partition kills the attempts. */
  #checkPartition(): void {
    const timeoutMs = this.#conn.timeoutMs;
    if (this.#conn.silenceMs() <= timeoutMs) {
      // Contact again after a silence that held the queue back (see #startQueued).
      if (this.#running.size < this.#opts.slots) this.#startQueued();
      return;
    }
    // The manager gives what we hold to someone else: never start it here (even when running
    // attempts are kept). The reports are hand-backs, refused as stale if the job moved on, a
    // requeue if the manager still holds it (after a restart of its own).
    this.#handBackQueued(`handed back unrun: no contact with the manager for ${timeoutMs} ms`);
    if (this.#opts.keepRunningWhenPartitioned) return;
    for (const a of this.#running.values()) {
      if (a.killedBecause) continue;
      a.killedBecause = `killed: no contact with the manager for ${timeoutMs} ms`;
      // Not the job's failure: if the manager still holds this attempt when the report gets
      // through (it restarted and waited for us), it must run the job again, not fail it.
      a.handedBack = true;
      this.#log.warn("partitioned: killing attempt", { jobId: a.jobId, attempt: a.attempt });
      a.run.cancel();
    }
  }

  #onRegistered(r: Registered__Output): void {
    this.#log.info("registered", { sessionId: this.#sessionId, stale: r.stale.length });
    for (const ref of r.stale) this.#dropStale(ref.jobId, ref.attempt);
    this.#startQueued();
    this.#changed.notify();
  }

  #onMessage(msg: ManagerMessage__Output): void {
    switch (msg.msg) {
      case "assign":
        this.#onAssign(msg.assign!);
        break;
      case "cancel":
        if (msg.cancel!.handBack) this.#onRevoke(msg.cancel!.jobId, msg.cancel!.attempt);
        else this.#onCancel(msg.cancel!.jobId, msg.cancel!.attempt, msg.cancel!.reason);
        break;
      case "finishedAck":
        this.#unacked.delete(keyOf(msg.finishedAck!.jobId, msg.finishedAck!.attempt));
        this.#changed.notify();
        break;
      case "drain":
        void this.drain(fromDuration(msg.drain!.timeout) ?? undefined);
        break;
    }
  }

  #dropStale(jobId: string, attempt: number): void {
    const key = keyOf(jobId, attempt);
    this.#unacked.delete(key);
    if (this.#queued.delete(key)) {
      this.#log.info("stale queued attempt: dropped", { jobId, attempt });
      return;
    }
    const a = this.#running.get(key);
    if (!a) return;
    this.#log.info("stale attempt: killing", { jobId, attempt });
    a.stale = true;
    a.killedBecause = "killed: the manager gave the attempt to another worker";
    a.run.cancel();
  }

  #onAssign(assign: Assign__Output): void {
    const { jobId, attempt } = assign;
    const key = keyOf(jobId, attempt);
    if (this.#running.has(key) || this.#queued.has(key)) {
      this.#log.debug("duplicate assign ignored", { jobId, attempt });
      return;
    }
    const earlier = this.#unacked.get(key);
    if (earlier) {
      // Ran already and the report is on its way: say it again rather than run twice.
      this.#conn.send({ finished: earlier });
      return;
    }
    const slotFree = this.#running.size < this.#opts.slots && this.#queued.size === 0;
    const refusal = this.#draining || this.#stopped
      ? "handed back: worker is draining"
      : slotFree || this.#queued.size < this.#queueDepth
      ? ""
      : `handed back: no free slot (${this.#running.size}/${this.#opts.slots} busy, ` +
        `${this.#queued.size}/${this.#queueDepth} queued)`;
    if (refusal) {
      this.#log.info("assign handed back", { jobId, attempt, reason: refusal });
      this.#handBack(jobId, attempt, refusal);
      return;
    }
    if (slotFree) {
      this.#run(assign);
      return;
    }
    this.#queued.set(key, assign);
    this.#log.debug("assign queued for the next free slot", {
      jobId,
      attempt,
      queued: this.#queued.size,
    });
  }

  /**
   * Start queued attempts, oldest first, while slots are free. Not after half the heartbeat
   * timeout without a word from the manager: it stops counting on us then, and may requeue
   * what we hold once the timeout has passed (the watchdog hands them back then).
   */
  #startQueued(): void {
    if (this.#draining || this.#stopped || this.#queued.size === 0) return;
    if (this.#conn.silenceMs() > this.#conn.timeoutMs / 2) return;
    for (const [key, assign] of this.#queued) {
      if (this.#running.size >= this.#opts.slots) return;
      this.#queued.delete(key);
      try {
        this.#run(assign);
      } catch (err) {
        // Not expected (the executor reports its failures as results), but never lost.
        this.#report({
          jobId: assign.jobId,
          attempt: assign.attempt,
          error: `executor: ${String(err)}`,
          finishedAt: toTimestamp(Date.now()),
        });
      }
    }
  }

  /** Every queued attempt goes back unrun (drain, stop, partition). */
  #handBackQueued(reason: string): void {
    if (this.#queued.size === 0) return;
    this.#log.info("handing back queued attempts", { count: this.#queued.size, reason });
    const held = [...this.#queued.values()];
    this.#queued.clear();
    for (const a of held) this.#handBack(a.jobId, a.attempt, reason);
  }

  /** An attempt that never started goes back: requeued without counting a try. */
  #handBack(jobId: string, attempt: number, reason: string): void {
    this.#report({
      jobId,
      attempt,
      error: reason,
      handedBack: true,
      finishedAt: toTimestamp(Date.now()),
    });
  }

  /**
   * The manager takes a queued attempt back for a worker with free room. One that started
   * meanwhile runs on: the `started` report, sent before this answer, tells the manager.
   */
  #onRevoke(jobId: string, attempt: number): void {
    const key = keyOf(jobId, attempt);
    if (this.#queued.delete(key)) {
      this.#log.info("queued attempt revoked: handing back", { jobId, attempt });
      this.#handBack(jobId, attempt, "handed back unrun: revoked for a worker with free room");
      return;
    }
    if (this.#running.has(key)) return;
    const earlier = this.#unacked.get(key);
    if (earlier) {
      this.#conn.send({ finished: earlier });
      return;
    }
    // Unknown here (never arrived, or long acknowledged): say it is back so nobody waits.
    this.#handBack(jobId, attempt, "handed back: the attempt is not queued on this worker");
  }

  #onCancel(jobId: string, attempt: number, reason: string): void {
    const key = keyOf(jobId, attempt);
    if (this.#queued.delete(key)) {
      this.#log.info("cancelling queued attempt before it started", { jobId, attempt, reason });
      this.#report({
        jobId,
        attempt,
        cancelled: true,
        error: "cancelled before it started",
        finishedAt: toTimestamp(Date.now()),
      });
      return;
    }
    const a = this.#running.get(key);
    if (a) {
      this.#log.info("cancelling attempt", { jobId, attempt, reason });
      a.cancelRequested = true;
      a.run.cancel();
      return;
    }
    const earlier = this.#unacked.get(key);
    if (earlier) {
      this.#conn.send({ finished: earlier });
      return;
    }
    // Unknown here (never arrived, or long acknowledged): say it is over so nobody waits.
    this.#report({
      jobId,
      attempt,
      cancelled: true,
      error: "cancel: the attempt is not running on this worker",
      finishedAt: toTimestamp(Date.now()),
    });
  }

  // ----- attempts ---------------------------------------------------------------------------

  #run(assign: Assign__Output): void {
    const { jobId, attempt } = assign;
    const key = keyOf(jobId, attempt);
    const output = new Coalescer((stream: StreamName, data: Uint8Array) =>
      this.#conn.sendOutput({
        output: {
          jobId,
          attempt,
          stream: stream === "stdout" ? "OUTPUT_STREAM_STDOUT" : "OUTPUT_STREAM_STDERR",
          data,
        },
      })
    );
    const run = this.#opts.executor.start(
      {
        jobId,
        attempt,
        command: assign.command,
        // Who the job is, so it can make its own effects idempotent (or count its runs).
        env: { ...assign.env, TITAN_JOB_ID: jobId, TITAN_ATTEMPT: String(attempt) },
        cwd: assign.cwd,
        timeoutSeconds: assign.timeoutSeconds,
        limits: assign.resources
          ? { cpuMillis: assign.resources.cpuMillis, memoryMb: assign.resources.memoryMb }
          : undefined,
      },
      { onOutput: (stream, data) => output.push(stream, data) },
    );
    const entry: Attempt = { jobId, attempt, run, output, done: Promise.resolve() };
    this.#running.set(key, entry);
    if (run.pid > 0) {
      // Per attempt at debug: the manager logs every job's end, and a line costs ~0.04 ms of
      // the worker's main thread (3 % of a short job's whole cost).
      this.#log.debug("attempt started", { jobId, attempt, pid: run.pid });
      const startedAt = toTimestamp(Date.parse(run.startedAt));
      this.#conn.send({ started: { jobId, attempt, pid: run.pid, startedAt } });
    }
    entry.done = run.result.then(
      (result) => this.#finish(entry, result),
      (err) => this.#finish(entry, undefined, err),
    );
  }

  /** The one way out of `#running`: must never throw. */
  #finish(a: Attempt, result: ExecResult | undefined, failure?: unknown): void {
    const key = keyOf(a.jobId, a.attempt);
    this.#running.delete(key);
    try {
      a.output.flush();
    } catch (err) {
      this.#log.warn("cleanup after attempt failed", { error: err as Error });
    }
    // The freed slot goes to the next queued attempt before anything else (the report below).
    this.#startQueued();
    if (a.stale) {
      this.#changed.notify();
      return;
    }
    const r = result;
    const error = [r?.error, a.killedBecause, failure ? `executor: ${String(failure)}` : ""]
      .filter((e) => e).join("; ");
    for (const warning of r?.warnings ?? []) {
      this.#log.warn(warning, { jobId: a.jobId, attempt: a.attempt });
    }
    // A clean exit at debug (the manager logs it); anything else is worth a line here.
    const clean = r?.exitCode === 0 && !error && !r.timedOut && !r.cancelled;
    this.#log[clean ? "debug" : "info"]("attempt finished", {
      jobId: a.jobId,
      attempt: a.attempt,
      exitCode: r?.exitCode,
      signal: r?.signal,
      timedOut: r?.timedOut,
      cancelled: r?.cancelled,
      error,
    });
    this.#report({
      jobId: a.jobId,
      attempt: a.attempt,
      ...(r?.exitCode !== undefined ? { exitCode: r.exitCode } : {}),
      signal: r?.signal ?? "",
      error,
      timedOut: r?.timedOut ?? false,
      // A kill of our own (drain, partition) is not a user's cancel.
      cancelled: (r?.cancelled ?? false) && (a.cancelRequested ?? false),
      handedBack: a.handedBack ?? false,
      stdout: r?.stdout ?? new Uint8Array(),
      stderr: r?.stderr ?? new Uint8Array(),
      stdoutTruncated: r?.stdoutTruncated ?? false,
      stderrTruncated: r?.stderrTruncated ?? false,
      stdoutBytes: r?.stdoutBytes ?? 0,
      stderrBytes: r?.stderrBytes ?? 0,
      // The executor's times are RFC 3339 ("" when the process never started).
      startedAt: toTimestamp(Date.parse(r?.startedAt ?? "")),
      finishedAt: toTimestamp(r?.finishedAt ? Date.parse(r.finishedAt) : Date.now()),
    });
  }

  /** Keep a finished report until acknowledged, and send it now if connected. */
  #report(report: AttemptFinished): void {
    this.#unacked.set(keyOf(report.jobId!, report.attempt!), report);
    this.#conn.send({ finished: report });
    this.#changed.notify();
  }
}
