/**
 * Helpers for the security tests: a real cluster started with tokens (the shared harness in
 * tests/support/cluster.ts sends none with its own client), calls that carry
 * `authorization: Bearer …` metadata and always settle (deadlines, never a throw), and the
 * checks every test repeats: is the manager still up and serving.
 */
import { Cluster, type ClusterOptions, waitFor } from "../support/cluster.ts";
import { service as healthService } from "grpc-health-check";
import {
  CHANNEL_OPTIONS,
  grpc,
  type JobStatus__Output,
  managerClient,
  type ManagerServiceClient,
  titan,
  workerClient,
  type WorkerServiceClient,
} from "../../shared/proto.ts";

export { Cluster, waitFor };

/** A client of grpc.health.v1.Health, from the definition the health server serves. */
const HealthClient = grpc.makeClientConstructor(
  healthService as unknown as grpc.ServiceDefinition,
  "grpc.health.v1.Health",
);

/** gRPC status codes by name (numbers as on the wire). */
export const Code = grpc.status;

/** Name of a status code, for messages ("INVALID_ARGUMENT (3)"). */
export function codeName(code: number | undefined): string {
  if (code === undefined) return "OK";
  return `${grpc.status[code] ?? "?"} (${code})`;
}

/** Random, unguessable tokens per test run (hex, so they survive any header handling). */
export function randomToken(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

export interface Tokens {
  client: string;
  worker: string;
}

export function newTokens(): Tokens {
  return { client: randomToken("client"), worker: randomToken("worker") };
}

/** Metadata with `authorization: Bearer <token>`; no token → empty metadata. */
export function bearer(token?: string): grpc.Metadata {
  const md = new grpc.Metadata();
  if (token !== undefined) md.set("authorization", `Bearer ${token}`);
  return md;
}

/** Metadata with a raw `authorization` value (any scheme); undefined → no header. */
export function grpcMetadata(authorization: string | undefined): grpc.Metadata {
  const md = new grpc.Metadata();
  if (authorization !== undefined) md.set("authorization", authorization);
  return md;
}

/** The outcome of one call: OK with a response, or an error status. Never throws. */
export type Outcome<T = unknown> =
  | { ok: true; code: 0; res: T }
  | { ok: false; code: number; details: string };

export const DEFAULT_DEADLINE_MS = 10_000;

/** Call a unary method of any grpc-js client, settling with its outcome. */
export function unary<T = unknown>(
  client: grpc.Client,
  method: string,
  request: unknown,
  metadata: grpc.Metadata = new grpc.Metadata(),
  deadlineMs = DEFAULT_DEADLINE_MS,
): Promise<Outcome<T>> {
  return new Promise((resolve) => {
    // deno-lint-ignore no-explicit-any
    (client as any)[method](
      request,
      metadata,
      { deadline: Date.now() + deadlineMs },
      (err: grpc.ServiceError | null, res: T) =>
        resolve(
          err ? { ok: false, code: err.code ?? Code.UNKNOWN, details: err.details ?? "" } : {
            ok: true,
            code: 0,
            res,
          },
        ),
    );
  });
}

/**
 * Open WatchJob and settle with the first thing that happens: the first event (then the
 * stream is cancelled), a clean end, or an error status.
 */
export function watchFirst(
  client: ManagerServiceClient,
  request: unknown,
  metadata: grpc.Metadata = new grpc.Metadata(),
  deadlineMs = DEFAULT_DEADLINE_MS,
): Promise<Outcome<unknown[]>> {
  return new Promise((resolve) => {
    // deno-lint-ignore no-explicit-any
    const call = (client.WatchJob as any)(request, metadata, { deadline: Date.now() + deadlineMs });
    const events: unknown[] = [];
    let settled = false;
    const settle = (o: Outcome<unknown[]>) => {
      if (settled) return;
      settled = true;
      resolve(o);
    };
    call.on("data", (event: unknown) => {
      events.push(event);
      settle({ ok: true, code: 0, res: events });
      call.cancel();
    });
    call.on("error", (err: grpc.ServiceError) => {
      if (err.code === Code.CANCELLED && settled) return;
      settle({ ok: false, code: err.code ?? Code.UNKNOWN, details: err.details ?? "" });
    });
    call.on("end", () => settle({ ok: true, code: 0, res: events }));
    call.on("status", (s: grpc.StatusObject) => {
      if (s.code === 0) settle({ ok: true, code: 0, res: events });
    });
  });
}

/** Read a whole WatchJob stream (for terminal jobs: it ends by itself). */
export function watchAll(
  client: ManagerServiceClient,
  request: unknown,
  metadata: grpc.Metadata = new grpc.Metadata(),
  deadlineMs = DEFAULT_DEADLINE_MS,
): Promise<Outcome<unknown[]>> {
  return new Promise((resolve) => {
    // deno-lint-ignore no-explicit-any
    const call = (client.WatchJob as any)(request, metadata, { deadline: Date.now() + deadlineMs });
    const events: unknown[] = [];
    call.on("data", (event: unknown) => events.push(event));
    call.on(
      "error",
      (err: grpc.ServiceError) =>
        resolve({ ok: false, code: err.code ?? Code.UNKNOWN, details: err.details ?? "" }),
    );
    call.on("status", (s: grpc.StatusObject) => {
      if (s.code === 0) resolve({ ok: true, code: 0, res: events });
    });
  });
}

/**
 * Open WorkerService.Connect, send `messages` (in order), and settle with what the manager
 * did within `waitMs`: refused the stream with a status, or kept it open (with the
 * messages it sent back). The stream is then closed from this side.
 */
export async function workerStream(
  address: string,
  metadata: grpc.Metadata,
  messages: unknown[],
  waitMs = 1500,
): Promise<{ status?: { code: number; details: string }; received: unknown[] }> {
  const client: WorkerServiceClient = workerClient(address);
  const received: unknown[] = [];
  let status: { code: number; details: string } | undefined;
  const done = Promise.withResolvers<void>();
  // deno-lint-ignore no-explicit-any
  const call = (client.Connect as any)(metadata, { deadline: Date.now() + 30_000 });
  call.on("data", (m: unknown) => received.push(m));
  call.on("error", (err: grpc.ServiceError) => {
    status ??= { code: err.code ?? Code.UNKNOWN, details: err.details ?? "" };
    done.resolve();
  });
  call.on("status", (s: grpc.StatusObject) => {
    status ??= { code: s.code, details: s.details };
    done.resolve();
  });
  for (const m of messages) {
    try {
      call.write(m);
    } catch { /* the stream was refused meanwhile */ }
  }
  const timer = setTimeout(() => done.resolve(), waitMs);
  await done.promise;
  clearTimeout(timer);
  try {
    call.end();
    call.cancel();
  } catch { /* closed */ }
  client.close();
  return { status, received };
}

/** A client of the client API without the default 16 MiB send limit (to test the server's). */
export function unlimitedClient(address: string): ManagerServiceClient {
  return new titan.ManagerService(address, grpc.credentials.createInsecure(), {
    ...CHANNEL_OPTIONS,
    "grpc.max_send_message_length": -1,
    "grpc.max_receive_message_length": -1,
  });
}

/** A secured cluster: a manager with both tokens, `workers` real workers with the worker token. */
export class SecureCluster {
  readonly client: ManagerServiceClient;
  /**
   * Health checks share the client's connection (same channel options: grpc-js reuses the
   * subchannel), so checking never opens and closes connections: closing connections can
   * itself crash the manager (see fuzz_test.ts, the BUG about short-lived clients).
   */
  readonly health: grpc.Client;

  private constructor(readonly cluster: Cluster, readonly tokens: Tokens) {
    this.client = managerClient(cluster.address);
    this.health = new HealthClient(
      cluster.address,
      grpc.credentials.createInsecure(),
      CHANNEL_OPTIONS,
    );
  }

  static async start(
    options: ClusterOptions & { tokens?: Tokens } = {},
  ): Promise<SecureCluster> {
    const tokens = options.tokens ?? newTokens();
    // The harness picks ports with freePort() (free now, bound later): a test file starting a
    // cluster at the same moment (deno test --parallel) can get the same port, and then the
    // readiness probe answers for the other cluster's manager while ours failed to bind. Make
    // sure our own manager is the one listening; else start again on new ports.
    for (let attempt = 1;; attempt++) {
      const cluster = new Cluster({
        ...options,
        token: tokens.client,
        workerToken: tokens.worker,
      });
      const sc = new SecureCluster(cluster, tokens);
      try {
        await cluster.startManager();
        if (!(await sc.ownsPort())) {
          if (attempt < 5) {
            await sc.stop();
            continue;
          }
          throw new Error(`the manager did not get port ${cluster.port}:\n${cluster.logs()}`);
        }
        const n = options.workers ?? 1;
        for (let i = 1; i <= n; i++) cluster.startWorker(`worker-${i}`);
        if (n > 0) await sc.waitForWorkers(n);
      } catch (err) {
        await sc.stop();
        throw err;
      }
      return sc;
    }
  }

  /** Our manager process is alive and says it listens on our port. */
  async ownsPort(): Promise<boolean> {
    const listening = `"grpc":"127.0.0.1:${this.cluster.port}"`;
    try {
      await waitFor(
        async () => !(await this.managerAlive()) || this.cluster.manager.log.includes(listening),
        10_000,
      );
    } catch { /* neither: treat as not ours */ }
    return (await this.managerAlive()) && this.cluster.manager.log.includes(listening);
  }

  get address(): string {
    return this.cluster.address;
  }

  /** A call with the client token. */
  call<T = unknown>(method: string, request: unknown, deadlineMs?: number): Promise<Outcome<T>> {
    return unary<T>(this.client, method, request, bearer(this.tokens.client), deadlineMs);
  }

  /** A call with the client token that must succeed. */
  async ok<T = unknown>(method: string, request: unknown): Promise<T> {
    const out = await this.call<T>(method, request);
    if (!out.ok) {
      throw new Error(
        `${method}(${JSON.stringify(request).slice(0, 200)}) failed: ${
          codeName(out.code)
        } ${out.details}`,
      );
    }
    return out.res;
  }

  async waitForWorkers(n: number, timeoutMs = 30_000): Promise<void> {
    await waitFor(
      async () => {
        const { workers } = await this.ok<{ workers: { state: string }[] }>("ListWorkers", {});
        return workers.filter((w) => w.state === "WORKER_STATE_HEALTHY").length >= n;
      },
      timeoutMs,
      () => `workers not healthy:\n${this.cluster.logs()}`,
    );
  }

  waitForState(
    jobId: string,
    states = ["COMPLETED", "FAILED", "CANCELLED"],
    timeoutMs = 30_000,
  ): Promise<JobStatus__Output> {
    return this.cluster.waitForState(jobId, states, timeoutMs);
  }

  /** The manager process has not exited. */
  async managerAlive(): Promise<boolean> {
    const exited = await Promise.race([
      this.cluster.manager.exited.then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), 10)),
    ]);
    return !exited;
  }

  /** Throws unless the manager is up and answers health checks and ListJobs. */
  async assertServing(context: string): Promise<void> {
    if (!(await this.managerAlive())) {
      const status = await this.cluster.manager.exited;
      throw new Error(
        `${context}: the manager exited (code ${status.code}, signal ${status.signal})\n${this.cluster.logs()}`,
      );
    }
    const res = await unary<{ status: string }>(this.health, "Check", { service: "" });
    if (!res.ok || res.res.status !== "SERVING") {
      throw new Error(`${context}: health check answered ${JSON.stringify(res)}`);
    }
    const list = await this.call("ListJobs", { pageSize: 1 });
    if (!list.ok) {
      const status = await Promise.race([
        this.cluster.manager.exited,
        new Promise<undefined>((r) => setTimeout(() => r(undefined), 1000)),
      ]);
      throw new Error(
        `${context}: ListJobs failed: ${codeName(list.code)} ${list.details}; manager ${
          status ? `exited (code ${status.code}, signal ${status.signal})` : "still running"
        }\n${this.cluster.logs()}`,
      );
    }
  }

  /** Cancel every unfinished job and wait (bounded) until they ended: no job outlives a test. */
  async cancelAll(timeoutMs = 10_000): Promise<void> {
    const active = ["PENDING", "SCHEDULED", "RUNNING"];
    try {
      await waitFor(async () => {
        const list = await this.call<{ jobs: { jobId: string }[] }>("ListJobs", {
          states: active,
          pageSize: 1000,
        }, 3000);
        if (!list.ok) return true; // manager gone: nothing to cancel through it
        if (list.res.jobs.length === 0) return true;
        await Promise.all(list.res.jobs.map((j) => this.call("CancelJob", { jobId: j.jobId })));
        return false;
      }, timeoutMs);
    } catch { /* best effort */ }
  }

  async stop(): Promise<void> {
    if (await this.managerAlive()) await this.cancelAll();
    this.client.close();
    this.health.close();
    // Bounded: a process that keeps a worker's output pipes open (a job child that
    // outlives its worker) would otherwise keep Proc.exited, and the test, waiting forever.
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      this.cluster.stop(),
      new Promise<void>((resolve) =>
        timer = setTimeout(() => {
          console.warn(`cluster on ${this.address}: stop did not finish within 20 s`);
          resolve();
        }, 20_000)
      ),
    ]);
    clearTimeout(timer);
  }
}

/**
 * A hand-driven worker stream (WorkerService.Connect): the test writes whatever it likes and
 * sees everything the manager sends back, and how the stream ended.
 */
export class FakeWorker {
  readonly received: { msg?: string; [k: string]: unknown }[] = [];
  status: { code: number; details: string } | undefined;
  readonly #client: WorkerServiceClient;
  // deno-lint-ignore no-explicit-any
  readonly #call: any;
  readonly #closed = Promise.withResolvers<void>();

  constructor(
    address: string,
    metadata: grpc.Metadata,
    onMessage: (m: { msg?: string; [k: string]: unknown }, w: FakeWorker) => void = () => {},
  ) {
    this.#client = workerClient(address);
    // deno-lint-ignore no-explicit-any
    this.#call = (this.#client.Connect as any)(metadata, { deadline: Date.now() + 120_000 });
    this.#call.on("data", (m: { msg?: string }) => {
      this.received.push(m);
      onMessage(m, this);
    });
    this.#call.on("error", (err: grpc.ServiceError) => {
      this.status ??= { code: err.code ?? Code.UNKNOWN, details: err.details ?? "" };
      this.#closed.resolve();
    });
    this.#call.on("status", (s: grpc.StatusObject) => {
      this.status ??= { code: s.code, details: s.details };
      this.#closed.resolve();
    });
  }

  write(message: unknown): void {
    try {
      this.#call.write(message);
    } catch { /* refused meanwhile */ }
  }

  /** Wait until `predicate` holds for a received message (true) or `ms` pass (false). */
  async waitFor(
    predicate: (m: { msg?: string; [k: string]: unknown }) => boolean,
    ms = 5000,
  ): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (this.received.some(predicate)) return true;
      if (this.status) return this.received.some(predicate);
      await new Promise((r) => setTimeout(r, 20));
    }
    return false;
  }

  /** Resolves when the stream ended (true) or after `ms` (false). */
  async ended(ms: number): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const res = await Promise.race([
      this.#closed.promise.then(() => true),
      new Promise<boolean>((r) => timer = setTimeout(() => r(false), ms)),
    ]);
    clearTimeout(timer);
    return res;
  }

  close(): void {
    try {
      this.#call.end();
      this.#call.cancel();
    } catch { /* closed */ }
    this.#client.close();
  }
}
