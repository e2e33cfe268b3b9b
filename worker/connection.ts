/**
 * The worker's one connection to the manager: WorkerService/Connect, a bidi stream the worker
 * dials out, with its heartbeats, its watchdog and its reconnects. It knows nothing of
 * attempts: what to say in Register and what to do with the manager's orders belong to the
 * caller (`ConnectionHandler`).
 *
 * Protocol, worker side (the manager matches it):
 * 1. On every (re)connect: `register` first (the handler builds it), then whatever the
 *    handler sends from `onOpen` (the unacknowledged reports).
 * 2. `registered` → adopt its heartbeat settings, then hand it to the handler.
 * 3. `heartbeat` every interval; any manager message counts as contact. No contact for the
 *    heartbeat timeout → the stream is dead: cancel the call (do not wait for TCP) and
 *    reconnect with exponential backoff and jitter, on a fresh channel.
 * 4. Output chunks respect backpressure (they wait for 'drain', dropped past a cap: the
 *    finish report carries a copy); reports and heartbeats are always written.
 */
import { grpc, workerClient } from "../shared/proto.ts";
import type { ManagerMessage__Output, WorkerMessage } from "../shared/proto.ts";
import type { Register } from "../shared/gen/titan/Register.ts";
import type { Registered__Output } from "../shared/gen/titan/Registered.ts";
import type { Logger } from "../shared/log.ts";
import { fromDuration } from "../shared/wire_time.ts";
import { ManagerList } from "../shared/leader_discovery.ts";
import { backoffDelay } from "./backoff.ts";

/** Settings of the connection; durations in milliseconds. */
export interface ConnectionOptions {
  /** Manager addresses, host:port[,host:port…]: the stream goes to the leader among them. */
  manager: string;
  /** Channel credentials (TLS), or a maker of them per address; default insecure. */
  credentials?: grpc.ChannelCredentials | ((address: string) => grpc.ChannelCredentials);
  /** Worker bearer token, sent as `authorization: Bearer …`; "" = none. */
  token?: string;
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
  /** Reconnect backoff: first delay and cap; default 100 and 5000. */
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  logger: Logger;
  /**
   * The manager keeps refusing our id as in use by another live worker (ALREADY_EXISTS)
   * for longer than two heartbeat timeouts: long enough for the session of a previous life
   * of ours to have ended, so it is another worker's. Called once; the worker exits.
   */
  onIdInUse?: (details: string) => void;
}

/** What the connection asks of its owner. */
export interface ConnectionHandler {
  /** The Register message for a new stream (called on every connect). */
  register(): Register;
  /** Right after Register was written: resend what must be resent. */
  onOpen(): void;
  /** The manager accepted us. */
  onRegistered(registered: Registered__Output): void;
  /** Any other manager message (assign, cancel, finishedAck, drain). */
  onMessage(msg: ManagerMessage__Output): void;
  /** The heartbeat's `draining` field. */
  heartbeatState(): { draining: boolean };
  /** Called after a stream ended (state the owner may wait on has changed). */
  onClosed(): void;
}

/** One stream to the manager. */
interface Session {
  call: grpc.ClientDuplexStream<WorkerMessage, ManagerMessage__Output>;
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

/** Dials the manager and keeps dialing until `close()`. */
export class Connection {
  readonly #opts: ConnectionOptions;
  readonly #handler: ConnectionHandler;
  readonly #log: Logger;
  readonly #managers: ManagerList;
  #session: Session | undefined;
  #intervalMs: number;
  #timeoutMs: number;
  #lastContact = Date.now();
  #seq = 0;
  #closing = false;
  #loop: Promise<void> | undefined;
  #watchdog: ReturnType<typeof setInterval> | undefined;
  #wakeLoop: (() => void) | undefined;
  /** Since when the manager refuses our id as in use (ALREADY_EXISTS). */
  #idRefusedSince: number | undefined;

  constructor(opts: ConnectionOptions, handler: ConnectionHandler) {
    this.#opts = opts;
    this.#handler = handler;
    this.#log = opts.logger;
    this.#managers = new ManagerList(opts.manager);
    this.#intervalMs = opts.heartbeatIntervalMs;
    this.#timeoutMs = opts.heartbeatTimeoutMs;
  }

  /** Registered on a live stream right now. */
  get connected(): boolean {
    return this.#session?.registered === true && !this.#session.closed;
  }

  /** The heartbeat timeout in force (the manager's, when shorter than ours). */
  get timeoutMs(): number {
    return this.#timeoutMs;
  }

  /** Milliseconds since the manager last said anything. */
  silenceMs(now = Date.now()): number {
    return now - this.#lastContact;
  }

  /** Connect, and keep connecting until `close()`. `tick` runs on every watchdog tick. */
  start(tick: () => void = () => {}): void {
    if (this.#loop) return;
    this.#lastContact = Date.now();
    const every = Math.max(10, Math.min(this.#opts.heartbeatTimeoutMs / 5, 1000));
    this.#watchdog = setInterval(() => {
      this.#checkContact();
      tick();
    }, every);
    this.#loop = this.#connectLoop();
  }

  /** Write a message on the live stream; dropped when there is none (reports are resent). */
  send(msg: WorkerMessage): void {
    const session = this.#session;
    if (session) this.#write(session, msg);
  }

  /** Output chunks respect backpressure: they wait for 'drain' (and are dropped past a cap). */
  sendOutput(msg: WorkerMessage): void {
    const session = this.#session;
    if (!session || session.closed) return; // live output only; the report carries a copy
    if (!session.blocked) return this.#write(session, msg);
    const size = msg.output?.data?.length ?? 0;
    if (session.queuedBytes + size > MAX_QUEUED_OUTPUT_BYTES) return;
    session.queued.push(msg);
    session.queuedBytes += size;
  }

  /** A heartbeat now (the draining flag changed, say). */
  heartbeat(): void {
    const session = this.#session;
    if (!session || session.closed) return;
    this.#write(session, { heartbeat: { seq: ++this.#seq, ...this.#handler.heartbeatState() } });
  }

  /** Stop reconnecting; half-close the stream, cancel it if the manager does not end it. */
  async close(): Promise<void> {
    this.#closing = true;
    clearInterval(this.#watchdog);
    this.#wakeLoop?.();
    const session = this.#session;
    if (session) {
      try {
        session.call.end();
      } catch { /* already closed */ }
      const t = setTimeout(() => session.call.cancel(), 1000);
      await this.#loop;
      clearTimeout(t);
    } else {
      await this.#loop;
    }
  }

  async #connectLoop(): Promise<void> {
    let failures = 0;
    while (!this.#closing) {
      const registered = await this.#runSession();
      if (this.#closing) break;
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
        if (err.code === grpc.status.ALREADY_EXISTS) return resolve(this.#idRefused(err.details));
        if (!this.#closing) this.#log.warn("stream failed", { code: err.code, error: err.details });
        // A standby names the leader; a dead manager sends us to the next one of the list.
        this.#managers.failed(address, err);
        resolve();
      });
      call.on("status", () => resolve());
      call.on("end", () => resolve());
    });
    call.on("data", (msg: ManagerMessage__Output) => this.#onMessage(session, msg));
    call.on("drain", () => this.#flushQueued(session));

    this.#write(session, { register: this.#handler.register() });
    this.#handler.onOpen();
    this.#startHeartbeats(session);

    await ended;
    session.closed = true;
    clearInterval(session.heartbeat);
    if (this.#session === session) this.#session = undefined;
    call.cancel(); // no-op when already over; frees the call otherwise
    client.close();
    this.#handler.onClosed();
    return session.registered;
  }

  #idRefused(details: string): void {
    const now = Date.now();
    this.#idRefusedSince ??= now;
    const refusedMs = now - this.#idRefusedSince;
    this.#log.warn("the manager refuses our id: another live worker has it", {
      error: details,
      refusedMs,
    });
    if (refusedMs >= 2 * this.#opts.heartbeatTimeoutMs && this.#opts.onIdInUse) {
      const onIdInUse = this.#opts.onIdInUse;
      this.#opts.onIdInUse = undefined;
      onIdInUse(details);
    }
  }

  #startHeartbeats(session: Session): void {
    clearInterval(session.heartbeat);
    session.heartbeat = setInterval(() => this.heartbeat(), this.#intervalMs);
  }

  /**
   * A silent stream is cancelled: the loop dials again. After half the timeout, not the
   * whole: a manager that went silent without closing the connection (paused, cut off) may
   * have been replaced by another one, which must hear from us before the timeout kills
   * our attempts.
   */
  #checkContact(): void {
    const session = this.#session;
    const silentMs = this.#timeoutMs / 2;
    if (
      session && !session.closed &&
      Date.now() - Math.max(this.#lastContact, session.openedAt) > silentMs
    ) {
      this.#log.warn("no contact with the manager: reconnecting", { silentMs });
      session.closed = true;
      session.call.cancel();
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

  #flushQueued(session: Session): void {
    session.blocked = false;
    while (!session.blocked && session.queued.length > 0) {
      const msg = session.queued.shift()!;
      session.queuedBytes -= msg.output?.data?.length ?? 0;
      this.#write(session, msg);
    }
  }

  #onMessage(session: Session, msg: ManagerMessage__Output): void {
    if (session.closed) return;
    this.#lastContact = Date.now();
    if (msg.msg === "registered") {
      const r = msg.registered!;
      session.registered = true;
      this.#idRefusedSince = undefined;
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
      this.#handler.onRegistered(r);
      return;
    }
    if (msg.msg === "heartbeatAck") return;
    this.#handler.onMessage(msg);
  }
}
