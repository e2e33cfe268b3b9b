/**
 * The agent: the worker's one connection to the manager (WorkerService/Connect, a bidi
 * stream the worker dials out), and the bookkeeping of the attempts it runs.
 *
 * Protocol, worker side (the manager matches it):
 * 1. On every (re)connect: `register` first (with the attempts still running and those
 *    finished but not acknowledged), then every unacknowledged `finished` report again.
 * 2. `registered` → adopt its heartbeat settings; kill the `stale` attempts, drop their reports.
 * 3. `heartbeat` every interval; any manager message counts as contact. No contact for the
 *    heartbeat timeout → the stream is dead: cancel the call (do not wait for TCP) and
 *    reconnect with exponential backoff and jitter, on a fresh channel.
 * 4. `assign` → `started`, `output` (coalesced), `finished` (with the capped output copy);
 *    a finished report is kept until its `finishedAck`. No free slot or draining → an
 *    immediate `finished` with `handedBack`. A duplicate of a running attempt is ignored.
 * 5. `cancel` → TERM the group, KILL after the grace, `finished` with `cancelled`.
 * 6. `drain` (or SIGTERM, via `drain()`) → heartbeat with `draining` at once, no new work,
 *    running attempts get the drain timeout, the rest are killed and handed back; wait a
 *    little for acks, close.
 * 7. Partition: no contact for the heartbeat timeout → kill running attempts (the manager
 *    gives them to someone else), unless `keepRunningWhenPartitioned`; their reports are
 *    kept and sent later as hand-backs, never failures (the manager refuses stale ones; one
 *    it still holds, after a restart of its own, is requeued). The same on `stop()`.
 *
 * Invariant: every attempt the agent accepts ends in exactly one finished report, kept
 * until acknowledged (or until the manager calls it stale). Nothing here may throw past
 * `#finish`, or an attempt would be lost.
 */
import { grpc, workerClient } from "../shared/proto.ts";
import type {
  AttemptFinished,
  AttemptRef,
  ManagerMessage__Output,
  WorkerMessage,
} from "../shared/proto.ts";
import type { Assign__Output } from "../shared/proto.ts";
import { createLogger, type Logger } from "../shared/log.ts";
import { fromDuration, toTimestamp } from "../shared/wire_time.ts";
import { ManagerList } from "../shared/leader_discovery.ts";
import { type ExecResult, start as startAttempt } from "./executor.ts";
import type { RunningAttempt, StreamName } from "./executor.ts";
import { Coalescer } from "./coalesce.ts";
import { backoffDelay } from "./backoff.ts";
import { Waiter } from "./waiter.ts";
import type { ProcessRecords } from "./procs.ts";

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
  labels?: Record<string, string>;
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
  /** Working directory of jobs without cwd. */
  workDir: string;
  /** Bytes of each output stream kept per attempt. */
  outputCap: number;
  /** Seconds between TERM and KILL. */
  killGrace: number;
  /** Where process groups are recorded for cleanup after a crash; optional. */
  procs?: ProcessRecords;
  /** The environment jobs start from (TITAN_* is stripped); default the worker's. */
  baseEnv?: Record<string, string>;
  /** The user jobs run as (see identity.ts); absent = the worker's own. */
  user?: { uid: number; gid: number };
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

/** One stream to the manager. */
interface Session {
  call: grpc.ClientDuplexStream<WorkerMessage, ManagerMessage__Output>;
  client: grpc.Client;
  openedAt: number;
  registered: boolean;
  closed: boolean;
  /** `write()` returned false: output waits for 'drain'; reports and heartbeats go anyway. */
  blocked: boolean;
  queued: WorkerMessage[];
  queuedBytes: number;
  heartbeat?: ReturnType<typeof setInterval>;
}

/** Output waiting for a congested stream beyond this is dropped (reports carry a copy). */
const MAX_QUEUED_OUTPUT_BYTES = 8 * 1024 * 1024;

const keyOf = (jobId: string, attempt: number) => `${jobId}#${attempt}`;

/** The worker's side of the Connect stream. Call `start()`, later `drain()` or `stop()`. */
export class Agent {
  readonly #opts: AgentOptions;
  readonly #log: Logger;
  readonly #sessionId = crypto.randomUUID();
  readonly #running = new Map<string, Attempt>();
  readonly #unacked = new Map<string, AttemptFinished>();
  readonly #changed = new Waiter();
  #session: Session | undefined;
  #intervalMs: number;
  #timeoutMs: number;
  #lastContact = Date.now();
  #seq = 0;
  #draining = false;
  #drainPromise: Promise<void> | undefined;
  #stopped = false;
  #stopPromise: Promise<void> | undefined;
  #loop: Promise<void> | undefined;
  #watchdog: ReturnType<typeof setInterval> | undefined;
  #wakeLoop: (() => void) | undefined;
  #closed = Promise.withResolvers<void>();
  #managers: ManagerList;

  constructor(opts: AgentOptions) {
    if (!Number.isInteger(opts.slots) || opts.slots < 1) {
      throw new RangeError(
        `Cannot start agent as 'slots' must be >= 1: current value is ${opts.slots}`,
      );
    }
    this.#opts = opts;
    this.#managers = new ManagerList(opts.manager);
    this.#log = opts.logger ?? createLogger("worker.agent", { workerId: opts.workerId });
    this.#intervalMs = opts.heartbeatIntervalMs;
    this.#timeoutMs = opts.heartbeatTimeoutMs;
  }

  /** Resolves once the agent has stopped (after a drain or `stop()`). */
  get closed(): Promise<void> {
    return this.#closed.promise;
  }

  /** A snapshot for health checks. */
  status(): AgentStatus {
    return {
      workerId: this.#opts.workerId,
      connected: this.#session?.registered === true && !this.#session.closed,
      draining: this.#draining,
      running: this.#running.size,
      slots: this.#opts.slots,
    };
  }

  /** Attempts running now, as `{jobId, attempt}`. */
  running(): AttemptRef[] {
    return [...this.#running.values()].map((a) => ({ jobId: a.jobId, attempt: a.attempt }));
  }

  /** Connect and keep connecting until stopped. */
  start(): void {
    if (this.#loop) return;
    this.#lastContact = Date.now();
    const tick = Math.max(10, Math.min(this.#opts.heartbeatTimeoutMs / 5, 1000));
    this.#watchdog = setInterval(() => this.#checkContact(), tick);
    this.#loop = this.#connectLoop();
  }

  /**
   * Stop taking work, let running attempts finish within `timeoutMs` (default the drain
   * timeout), kill and hand back the rest, wait briefly for acks, then stop. Idempotent.
   */
  drain(timeoutMs?: number): Promise<void> {
    if (this.#drainPromise) return this.#drainPromise;
    const grace = timeoutMs && timeoutMs > 0 ? timeoutMs : this.#opts.drainTimeoutMs;
    this.#draining = true;
    this.#log.info("draining", { running: this.#running.size, timeoutMs: grace });
    this.#sendHeartbeat(); // tell the manager at once: no more work for us
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
    this.#stopPromise = (async () => {
      clearInterval(this.#watchdog);
      this.#wakeLoop?.();
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
      const session = this.#session;
      if (session) {
        // Half-close so the manager sees a clean end; cancel if it does not answer soon.
        try {
          session.call.end();
        } catch { /* already closed */ }
        const t = setTimeout(() => session.call.cancel(), 1000);
        await this.#loop;
        clearTimeout(t);
      } else {
        await this.#loop;
      }
      this.#log.info("stopped");
      this.#closed.resolve();
    })();
    return this.#stopPromise;
  }

  // ----- connection -------------------------------------------------------------------------

  async #connectLoop(): Promise<void> {
    let failures = 0;
    while (!this.#stopped) {
      const registered = await this.#runSession();
      if (this.#stopped) break;
      failures = registered ? 0 : failures + 1;
      const delay = backoffDelay(
        failures,
        this.#opts.backoffInitialMs ?? 100,
        this.#opts.backoffMaxMs ?? 5000,
      );
      this.#log.debug("reconnecting", { delayMs: Math.round(delay), failures });
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, delay);
        this.#wakeLoop = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.#wakeLoop = undefined;
    }
  }

  /** One stream, from dial to end. Returns whether the manager registered us. */
  async #runSession(): Promise<boolean> {
    // A fresh channel each time: after a silent manager the old TCP connection may be a
    // black hole, and a new one also skips grpc-js's own (long) reconnect backoff.
    const address = this.#managers.current;
    const { credentials } = this.#opts;
    const client = workerClient(
      address,
      typeof credentials === "function" ? credentials(address) : credentials,
    );
    const metadata = new grpc.Metadata();
    if (this.#opts.token) metadata.set("authorization", `Bearer ${this.#opts.token}`);
    const call = client.Connect(metadata);
    const session: Session = {
      call,
      client,
      openedAt: Date.now(),
      registered: false,
      closed: false,
      blocked: false,
      queued: [],
      queuedBytes: 0,
    };
    this.#session = session;
    const ended = new Promise<void>((resolve) => {
      call.on("error", (err: grpc.ServiceError) => {
        if (!this.#stopped) this.#log.warn("stream failed", { code: err.code, error: err.details });
        // A standby names the leader; a dead manager sends us to the next one of the list.
        this.#managers.failed(address, err);
        resolve();
      });
      call.on("status", () => resolve());
      call.on("end", () => resolve());
    });
    call.on("data", (msg: ManagerMessage__Output) => this.#onMessage(session, msg));
    call.on("drain", () => this.#flushQueued(session));

    this.#write(session, {
      register: {
        workerId: this.#opts.workerId,
        slots: this.#opts.slots,
        labels: this.#opts.labels ?? {},
        running: this.running(),
        finished: [...this.#unacked.values()].map((f) => ({ jobId: f.jobId, attempt: f.attempt })),
        version: this.#opts.version ?? "",
        sessionId: this.#sessionId,
      },
    });
    for (const report of this.#unacked.values()) this.#write(session, { finished: report });
    this.#startHeartbeats(session);

    await ended;
    session.closed = true;
    clearInterval(session.heartbeat);
    if (this.#session === session) this.#session = undefined;
    call.cancel(); // no-op when already over; frees the call otherwise
    client.close();
    this.#changed.notify();
    return session.registered;
  }

  #startHeartbeats(session: Session): void {
    clearInterval(session.heartbeat);
    session.heartbeat = setInterval(() => this.#sendHeartbeat(), this.#intervalMs);
  }

  #sendHeartbeat(): void {
    const session = this.#session;
    if (!session || session.closed) return;
    this.#write(session, {
      heartbeat: { seq: ++this.#seq, draining: this.#draining },
    });
  }

  /** Runs every tick: a silent stream is cancelled; a long partition kills attempts. */
  #checkContact(): void {
    const now = Date.now();
    const session = this.#session;
    if (
      session && !session.closed && now - Math.max(this.#lastContact, session.openedAt) >
        this.#timeoutMs
    ) {
      this.#log.warn("no contact with the manager: reconnecting", { timeoutMs: this.#timeoutMs });
      session.closed = true;
      session.call.cancel();
    }
    if (this.#opts.keepRunningWhenPartitioned || now - this.#lastContact <= this.#timeoutMs) return;
    for (const a of this.#running.values()) {
      if (a.killedBecause) continue;
      a.killedBecause = `killed: no contact with the manager for ${this.#timeoutMs} ms`;
      // Not the job's failure: if the manager still holds this attempt when the report gets
      // through (it restarted and waited for us), it must run the job again, not fail it.
      a.handedBack = true;
      this.#log.warn("partitioned: killing attempt", { jobId: a.jobId, attempt: a.attempt });
      a.run.cancel();
    }
  }

  /** Write one message; a message for a closed stream is dropped (reports are resent). */
  #write(session: Session, msg: WorkerMessage): void {
    if (session.closed) return;
    try {
      if (!session.call.write(msg)) session.blocked = true;
    } catch (err) {
      this.#log.debug("write failed", { error: err as Error });
    }
  }

  /** Output chunks respect backpressure: they wait for 'drain' (and are dropped past a cap). */
  #writeOutput(msg: WorkerMessage): void {
    const session = this.#session;
    if (!session || session.closed) return; // live output only; the report carries a copy
    if (!session.blocked) return this.#write(session, msg);
    const size = msg.output?.data?.length ?? 0;
    if (session.queuedBytes + size > MAX_QUEUED_OUTPUT_BYTES) return;
    session.queued.push(msg);
    session.queuedBytes += size;
  }

  #flushQueued(session: Session): void {
    session.blocked = false;
    while (!session.blocked && session.queued.length > 0) {
      const msg = session.queued.shift()!;
      session.queuedBytes -= msg.output?.data?.length ?? 0;
      this.#write(session, msg);
    }
  }

  // ----- manager messages -------------------------------------------------------------------

  #onMessage(session: Session, msg: ManagerMessage__Output): void {
    if (session.closed) return;
    this.#lastContact = Date.now();
    switch (msg.msg) {
      case "registered": {
        const r = msg.registered!;
        session.registered = true;
        // The manager gives up on us after its timeout: we must act no later than that.
        const managerTimeoutMs = fromDuration(r.heartbeatTimeout) ?? 0;
        const managerIntervalMs = fromDuration(r.heartbeatInterval) ?? 0;
        this.#timeoutMs = managerTimeoutMs > 0
          ? Math.min(this.#opts.heartbeatTimeoutMs, managerTimeoutMs)
          : this.#opts.heartbeatTimeoutMs;
        // Contact comes from the acks of our heartbeats: beat at least twice per timeout.
        this.#intervalMs = Math.min(
          managerIntervalMs > 0 ? managerIntervalMs : this.#opts.heartbeatIntervalMs,
          this.#timeoutMs / 2,
        );
        this.#startHeartbeats(session);
        this.#log.info("registered", { sessionId: this.#sessionId, stale: r.stale.length });
        for (const ref of r.stale) this.#dropStale(ref.jobId, ref.attempt);
        this.#changed.notify();
        break;
      }
      case "assign":
        this.#onAssign(msg.assign!);
        break;
      case "cancel":
        this.#onCancel(msg.cancel!.jobId, msg.cancel!.attempt, msg.cancel!.reason);
        break;
      case "finishedAck":
        this.#unacked.delete(keyOf(msg.finishedAck!.jobId, msg.finishedAck!.attempt));
        this.#changed.notify();
        break;
      case "drain":
        void this.drain(fromDuration(msg.drain!.timeout) ?? undefined);
        break;
      case "heartbeatAck":
        break;
    }
  }

  #dropStale(jobId: string, attempt: number): void {
    const key = keyOf(jobId, attempt);
    this.#unacked.delete(key);
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
    if (this.#running.has(key)) {
      this.#log.debug("duplicate assign ignored", { jobId, attempt });
      return;
    }
    const earlier = this.#unacked.get(key);
    if (earlier) {
      // Ran already and the report is on its way: say it again rather than run twice.
      if (this.#session) this.#write(this.#session, { finished: earlier });
      return;
    }
    const refusal = this.#draining
      ? "handed back: worker is draining"
      : this.#running.size >= this.#opts.slots
      ? `handed back: no free slot (${this.#running.size}/${this.#opts.slots} busy)`
      : "";
    if (refusal) {
      this.#log.info("assign handed back", { jobId, attempt, reason: refusal });
      this.#report({
        jobId,
        attempt,
        error: refusal,
        handedBack: true,
        finishedAt: toTimestamp(Date.now()),
      });
      return;
    }
    this.#run(assign);
  }

  #onCancel(jobId: string, attempt: number, reason: string): void {
    const key = keyOf(jobId, attempt);
    const a = this.#running.get(key);
    if (a) {
      this.#log.info("cancelling attempt", { jobId, attempt, reason });
      a.cancelRequested = true;
      a.run.cancel();
      return;
    }
    const earlier = this.#unacked.get(key);
    if (earlier) {
      if (this.#session) this.#write(this.#session, { finished: earlier });
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
      this.#writeOutput({
        output: {
          jobId,
          attempt,
          stream: stream === "stdout" ? "OUTPUT_STREAM_STDOUT" : "OUTPUT_STREAM_STDERR",
          data,
        },
      })
    );
    const run = startAttempt(
      {
        command: assign.command,
        // Who the job is, so it can make its own effects idempotent (or count its runs).
        env: { ...assign.env, TITAN_JOB_ID: jobId, TITAN_ATTEMPT: String(attempt) },
        cwd: assign.cwd,
        timeoutSeconds: assign.timeoutSeconds,
      },
      {
        workDir: this.#opts.workDir,
        outputCap: this.#opts.outputCap,
        killGrace: this.#opts.killGrace,
        baseEnv: this.#opts.baseEnv,
        user: this.#opts.user,
        onOutput: (stream, data) => output.push(stream, data),
      },
    );
    const entry: Attempt = { jobId, attempt, run, output, done: Promise.resolve() };
    this.#running.set(key, entry);
    if (run.pid > 0) {
      this.#recordGroup(jobId, attempt, run.pid);
      this.#log.info("attempt started", { jobId, attempt, pid: run.pid });
      if (this.#session) {
        this.#write(this.#session, {
          started: {
            jobId,
            attempt,
            pid: run.pid,
            startedAt: toTimestamp(Date.parse(run.startedAt)),
          },
        });
      }
    }
    entry.done = run.result.then(
      (result) => this.#finish(entry, result),
      (err) => this.#finish(entry, undefined, err),
    );
  }

  #recordGroup(jobId: string, attempt: number, pgid: number): void {
    try {
      this.#opts.procs?.add(jobId, attempt, pgid);
    } catch (err) {
      this.#log.warn("cannot record process group", { jobId, attempt, error: err as Error });
    }
  }

  /** The one way out of `#running`: must never throw. */
  #finish(a: Attempt, result: ExecResult | undefined, failure?: unknown): void {
    const key = keyOf(a.jobId, a.attempt);
    this.#running.delete(key);
    try {
      this.#opts.procs?.remove(a.jobId, a.attempt);
      a.output.flush();
    } catch (err) {
      this.#log.warn("cleanup after attempt failed", { error: err as Error });
    }
    if (a.stale) {
      this.#changed.notify();
      return;
    }
    const r = result;
    const error = [r?.error, a.killedBecause, failure ? `executor: ${String(failure)}` : ""]
      .filter((e) => e).join("; ");
    this.#log.info("attempt finished", {
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
    if (this.#session) this.#write(this.#session, { finished: report });
    this.#changed.notify();
  }
}
