/**
 * A real Titan cluster for cross-process tests: the manager and workers run as
 * subprocesses (`deno run -A manager/main.ts`, `worker/main.ts`) on free loopback ports,
 * each with its own temporary data dir. Tests kill, restart and drain them for real.
 */
import { grpc, type JobStatus__Output, managerClient } from "../../shared/proto.ts";
import type { ManagerServiceClient } from "../../shared/proto.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** A free TCP port on 127.0.0.1 (the OS picks; released before use). */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** A running entrypoint with its output drained into memory (a pipe nobody reads blocks). */
export class Proc {
  readonly child: Deno.ChildProcess;
  readonly output: string[] = [];
  readonly exited: Promise<Deno.CommandStatus>;

  constructor(
    readonly name: string,
    script: string,
    args: string[],
    env: Record<string, string> = {},
    /** A command that runs Deno, e.g. `["ip", "netns", "exec", "ns"]` (it must exec it). */
    prefix: string[] = [],
  ) {
    const argv = [Deno.execPath(), "run", "-A", `${ROOT}${script}`, ...args];
    const [program, ...rest] = [...prefix, ...argv];
    this.child = new Deno.Command(program, {
      args: rest,
      cwd: ROOT,
      env: { NO_COLOR: "1", TITAN_LOG_LEVEL: "info", ...env },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const drain = async (stream: ReadableStream<Uint8Array>) => {
      const decoder = new TextDecoder();
      for await (const chunk of stream) {
        this.output.push(decoder.decode(chunk, { stream: true }));
        if (Deno.env.get("TITAN_TEST_VERBOSE")) {
          Deno.stderr.writeSync(new TextEncoder().encode(`[${name}] ${decoder.decode(chunk)}`));
        }
      }
    };
    const drained = Promise.all([drain(this.child.stdout), drain(this.child.stderr)]);
    this.exited = this.child.status.then(async (s) => {
      await drained;
      return s;
    });
  }

  get pid(): number {
    return this.child.pid;
  }

  get log(): string {
    return this.output.join("");
  }

  kill(signal: Deno.Signal = "SIGKILL"): void {
    try {
      this.child.kill(signal);
    } catch { /* already gone */ }
  }

  /** Stop it (TERM, KILL after `graceMs`) and wait. */
  async stop(graceMs = 5000): Promise<Deno.CommandStatus> {
    this.kill("SIGTERM");
    const timer = setTimeout(() => this.kill("SIGKILL"), graceMs);
    const status = await this.exited;
    clearTimeout(timer);
    return status;
  }
}

export interface ClusterOptions {
  workers?: number;
  slots?: number;
  heartbeatInterval?: number;
  heartbeatTimeout?: number;
  managerArgs?: string[];
  workerArgs?: string[];
  env?: Record<string, string>;
  /** The manager's --host (default 127.0.0.1); a non-loopback one needs the tokens below. */
  host?: string;
  /** Client and worker bearer tokens, given to the manager; "" = none. */
  token?: string;
  workerToken?: string;
  /** Credentials of the test's own client (TLS tests); default plaintext. */
  credentials?: grpc.ChannelCredentials;
  /** The workers' --run-as; default "root", said explicitly, so jobs can use the tests' temp dirs. */
  runAs?: string;
}

export class Cluster {
  readonly dir = Deno.makeTempDirSync({ prefix: "titan-cluster-" });
  readonly port = freePort();
  readonly httpPort = freePort();
  manager!: Proc;
  /** Every manager process started, the current one last (their logs outlive a restart). */
  readonly managerLives: Proc[] = [];
  readonly workers = new Map<string, Proc>();
  client!: ManagerServiceClient;

  constructor(readonly options: ClusterOptions = {}) {}

  get host(): string {
    return this.options.host ?? "127.0.0.1";
  }

  get address(): string {
    return `${this.host}:${this.port}`;
  }

  static async start(options: ClusterOptions = {}): Promise<Cluster> {
    const cluster = new Cluster(options);
    await cluster.startManager();
    for (let i = 1; i <= (options.workers ?? 2); i++) cluster.startWorker(`worker-${i}`);
    await cluster.waitForWorkers(options.workers ?? 2);
    return cluster;
  }

  async startManager(): Promise<void> {
    const o = this.options;
    this.manager = new Proc("manager", "manager/main.ts", [
      "--host",
      this.host,
      "--port",
      String(this.port),
      "--http-port",
      String(this.httpPort),
      "--data-dir",
      `${this.dir}/manager`,
      "--heartbeat-interval",
      String(o.heartbeatInterval ?? 0.2),
      "--heartbeat-timeout",
      String(o.heartbeatTimeout ?? 2),
      "--retry-backoff-base",
      "0.1",
      ...(o.managerArgs ?? []),
    ], { ...o.env, ...this.#tokenEnv(true) });
    this.managerLives.push(this.manager);
    await waitFor(
      async () => {
        const res = await fetch(`http://${this.host}:${this.httpPort}/readyz`).catch(() =>
          undefined
        );
        await res?.body?.cancel();
        return res?.ok === true;
      },
      30_000,
      () => `manager not ready:\n${this.manager.log}`,
    );
    this.client?.close();
    this.client = managerClient(this.address, this.options.credentials);
  }

  /** Tokens for the manager (both) as environment variables; workers read a file instead. */
  #tokenEnv(manager: boolean): Record<string, string> {
    const env: Record<string, string> = { TITAN_WORKER_TOKEN: "" };
    if (manager && this.options.workerToken) env.TITAN_WORKER_TOKEN = this.options.workerToken;
    if (manager && this.options.token) env.TITAN_TOKEN = this.options.token;
    return env;
  }

  /**
   * A worker's token flags: the token in a file only we can read, and, when its jobs run
   * under its own uid (the tests' `--run-as root`), the explicit acceptance of that.
   */
  #workerTokenArgs(): string[] {
    if (!this.options.workerToken) return [];
    const file = `${this.dir}/worker-token`;
    Deno.writeTextFileSync(file, this.options.workerToken, { mode: 0o600 });
    const shared = Deno.uid() !== 0 || (this.options.runAs ?? "root") === "root";
    return [`--worker-token-file=${file}`, ...(shared ? ["--insecure-shared-uid"] : [])];
  }

  /** Call metadata carrying the client token, if any. */
  metadata(): grpc.Metadata {
    const metadata = new grpc.Metadata();
    if (this.options.token) metadata.set("authorization", `Bearer ${this.options.token}`);
    return metadata;
  }

  /** The manager's /metrics as name{labels} → value. */
  async metrics(): Promise<Map<string, number>> {
    const res = await fetch(`http://${this.host}:${this.httpPort}/metrics`);
    const text = await res.text();
    const out = new Map<string, number>();
    for (const line of text.split("\n")) {
      const m = /^([a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
      if (m) out.set(m[1], Number(m[2]));
    }
    return out;
  }

  /** `prefix` runs the worker through another command (e.g. `ip netns exec <ns>`). */
  startWorker(id: string, extraArgs: string[] = [], prefix: string[] = []): Proc {
    const o = this.options;
    const proc = new Proc(
      id,
      "worker/main.ts",
      [
        "--id",
        id,
        "--manager",
        this.address,
        "--slots",
        String(o.slots ?? 4),
        "--port",
        "0",
        "--data-dir",
        `${this.dir}/${id}`,
        "--heartbeat-interval",
        String(o.heartbeatInterval ?? 0.2),
        "--heartbeat-timeout",
        String(o.heartbeatTimeout ?? 2),
        "--kill-grace",
        "1",
        ...(Deno.uid() === 0 ? ["--run-as", o.runAs ?? "root"] : []),
        ...this.#workerTokenArgs(),
        ...(o.workerArgs ?? []),
        ...extraArgs,
      ],
      { ...o.env, ...this.#tokenEnv(false) },
      prefix,
    );
    this.workers.set(id, proc);
    return proc;
  }

  /** Wait until `n` workers are HEALTHY. */
  async waitForWorkers(n: number, timeoutMs = 30_000): Promise<void> {
    await waitFor(
      async () => {
        const { workers } = await this.call("ListWorkers", {});
        return workers.filter((w: { state: string }) => w.state === "WORKER_STATE_HEALTHY")
          .length >= n;
      },
      timeoutMs,
      () => `workers not healthy:\n${this.logs()}`,
    );
  }

  /** Call a unary ManagerService method. */
  // deno-lint-ignore no-explicit-any
  call<T = any>(method: string, request: unknown, metadata = this.metadata()): Promise<T> {
    return new Promise((resolve, reject) => {
      // deno-lint-ignore no-explicit-any
      (this.client as any)[method](
        request,
        metadata,
        { deadline: Date.now() + 15_000 },
        (err: Error | null, res: T) => err ? reject(err) : resolve(res),
      );
    });
  }

  async submit(command: string, extra: Record<string, unknown> = {}): Promise<string> {
    const { jobId } = await this.call("SubmitJob", { command, ...extra });
    return jobId;
  }

  status(jobId: string): Promise<JobStatus__Output> {
    return this.call("GetJobStatus", { jobId });
  }

  /** Wait until the job is in one of `states` (default: any terminal state). */
  async waitForState(
    jobId: string,
    states = ["COMPLETED", "FAILED", "CANCELLED"],
    timeoutMs = 30_000,
  ): Promise<JobStatus__Output> {
    let last: JobStatus__Output | undefined;
    await waitFor(
      async () => {
        last = await this.status(jobId).catch(() => last);
        return last !== undefined && states.includes(last.state as string);
      },
      timeoutMs,
      () => `job ${jobId} never reached ${states}: ${JSON.stringify(last)}\n${this.logs()}`,
    );
    return last!;
  }

  logs(): string {
    const parts = [`--- manager ---\n${this.manager?.log.slice(-4000)}`];
    for (const [id, w] of this.workers) parts.push(`--- ${id} ---\n${w.log.slice(-4000)}`);
    return parts.join("\n");
  }

  async stop(): Promise<void> {
    this.client?.close();
    await Promise.all([...this.workers.values()].map((w) => w.stop(3000)));
    await this.manager?.stop(3000);
    await Deno.remove(this.dir, { recursive: true }).catch(() => {});
  }
}

/** Poll `check` until it returns true; throw with `describe()` after `timeoutMs`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  describe: () => string = () => "condition",
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms: ${describe()}`);
}

/** Process ids whose process group is `pgid` (scans /proc). */
export function processesInGroup(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const stat = Deno.readTextFileSync(`/proc/${entry.name}/stat`);
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) === pgid && fields[0] !== "Z") pids.push(Number(entry.name));
    } catch { /* exited meanwhile */ }
  }
  return pids;
}
