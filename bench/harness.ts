/**
 * Benchmark plumbing: real manager and worker processes (as tests/support/cluster.ts starts
 * them, but with their logs going to files so the benchmark process spends no CPU reading
 * pipes), a typed way to call the client API, /proc readers for RSS and CPU, and stats.
 */
import http2 from "node:http2";
import { Buffer } from "node:buffer";
import protobuf from "protobufjs";
import { grpc, managerClient, type ManagerServiceClient, PROTO_PATH } from "../shared/proto.ts";

const ROOT = new URL("../", import.meta.url).pathname;

import { freePort } from "../tests/support/cluster.ts";
export { freePort };

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Poll `check` until true; throws after `timeoutMs`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
  everyMs = 20,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch { /* not yet */ }
    await sleep(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** A Deno entrypoint running as a subprocess, stdout+stderr appended to `logFile`. */
export class Proc {
  readonly child: Deno.ChildProcess;
  readonly exited: Promise<Deno.CommandStatus>;

  constructor(
    readonly name: string,
    script: string,
    args: string[],
    readonly logFile: string,
    opts: { env?: Record<string, string>; cpuProfDir?: string } = {},
  ) {
    const denoArgs = ["run", "-A"];
    if (opts.cpuProfDir) {
      denoArgs.push(
        "--cpu-prof",
        `--cpu-prof-dir=${opts.cpuProfDir}`,
        `--cpu-prof-name=${name}.cpuprofile`,
      );
    }
    // `exec` keeps the pid: /proc/<pid> is the Deno process itself.
    this.child = new Deno.Command("sh", {
      args: [
        "-c",
        'exec "$@" >>"$BENCH_LOG" 2>&1',
        "sh",
        Deno.execPath(),
        ...denoArgs,
        `${ROOT}${script}`,
        ...args,
      ],
      cwd: ROOT,
      env: { NO_COLOR: "1", BENCH_LOG: logFile, ...opts.env },
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    this.exited = this.child.status;
  }

  get pid(): number {
    return this.child.pid;
  }

  kill(signal: Deno.Signal = "SIGKILL"): void {
    try {
      this.child.kill(signal);
    } catch { /* already gone */ }
  }

  /** TERM, KILL after `graceMs`, and wait. */
  async stop(graceMs = 5000): Promise<void> {
    this.kill("SIGTERM");
    const timer = setTimeout(() => this.kill("SIGKILL"), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  tail(bytes = 3000): string {
    try {
      const text = Deno.readTextFileSync(this.logFile);
      return text.slice(-bytes);
    } catch {
      return "";
    }
  }
}

export interface ManagerOptions {
  dir: string;
  port?: number;
  httpPort?: number;
  args?: string[];
  logLevel?: string;
  cpuProfDir?: string;
  name?: string;
  /** A standby (several managers on PostgreSQL): start waits for /healthz, not /readyz. */
  standby?: boolean;
}

/** A manager process with a client. */
export class Manager {
  proc!: Proc;
  client!: ManagerServiceClient;
  readonly port: number;
  readonly httpPort: number;

  constructor(readonly opts: ManagerOptions) {
    this.port = opts.port ?? freePort();
    this.httpPort = opts.httpPort ?? freePort();
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Spawn the process; resolves once /readyz answers and a ListJobs call succeeds. */
  async start(timeoutMs = 120_000): Promise<void> {
    const name = this.opts.name ?? "manager";
    this.proc = new Proc(
      name,
      "manager/main.ts",
      [
        "--port",
        String(this.port),
        "--http-port",
        String(this.httpPort),
        "--data-dir",
        `${this.opts.dir}/manager`,
        "--log-level",
        this.opts.logLevel ?? "info",
        ...(this.opts.args ?? []),
      ],
      `${this.opts.dir}/${name}.log`,
      { cpuProfDir: this.opts.cpuProfDir },
    );
    let exited = false;
    this.proc.exited.then(() => exited = true);
    await waitFor(
      async () => {
        if (exited) throw new Error(`manager exited:\n${this.proc.tail()}`);
        const path = this.opts.standby ? "/healthz" : "/readyz";
        const res = await fetch(`http://127.0.0.1:${this.httpPort}${path}`).catch(() => undefined);
        await res?.body?.cancel();
        return res?.ok === true;
      },
      timeoutMs,
      "manager /readyz",
      10,
    ).catch((err) => {
      if (exited) throw new Error(`manager exited:\n${this.proc.tail()}`);
      throw err;
    });
    this.client?.close();
    this.client = managerClient(this.address);
    if (this.opts.standby) return;
    await waitFor(
      async () => {
        await this.call("ListJobs", { pageSize: 1 });
        return true;
      },
      timeoutMs,
      "manager ListJobs",
      10,
    );
  }

  async stop(): Promise<void> {
    this.client?.close();
    await this.proc?.stop(10_000);
  }

  /** Call a unary ManagerService method. */
  // deno-lint-ignore no-explicit-any
  call<T = any>(method: string, request: unknown, timeoutMs = 60_000): Promise<T> {
    return new Promise((resolve, reject) => {
      // deno-lint-ignore no-explicit-any
      (this.client as any)[method](
        request,
        new grpc.Metadata(),
        { deadline: Date.now() + timeoutMs },
        (err: Error | null, res: T) => err ? reject(err) : resolve(res),
      );
    });
  }

  /** The manager's Prometheus counters (name{labels} → value). */
  async metrics(): Promise<Map<string, number>> {
    const res = await fetch(`http://127.0.0.1:${this.httpPort}/metrics`);
    const text = await res.text();
    const out = new Map<string, number>();
    for (const line of text.split("\n")) {
      if (!line || line.startsWith("#")) continue;
      const sp = line.lastIndexOf(" ");
      out.set(line.slice(0, sp), Number(line.slice(sp + 1)));
    }
    return out;
  }

  /** Jobs in a terminal state since the manager started. */
  async finished(): Promise<{ completed: number; failed: number; cancelled: number }> {
    const m = await this.metrics();
    return {
      completed: m.get('titan_jobs_finished_total{state="COMPLETED"}') ?? 0,
      failed: m.get('titan_jobs_finished_total{state="FAILED"}') ?? 0,
      cancelled: m.get('titan_jobs_finished_total{state="CANCELLED"}') ?? 0,
    };
  }
}

/** Start a worker process against `manager`. */
export function startWorker(
  manager: Manager,
  id: string,
  slots: number,
  dir: string,
  opts: {
    logLevel?: string;
    cpuProfDir?: string;
    args?: string[];
    env?: Record<string, string>;
  } = {},
): Proc {
  return new Proc(
    id,
    "worker/main.ts",
    [
      "--id",
      id,
      "--manager",
      manager.address,
      "--slots",
      String(slots),
      "--port",
      "0",
      "--data-dir",
      `${dir}/${id}`,
      "--log-level",
      opts.logLevel ?? "info",
      ...(opts.args ?? []),
    ],
    `${dir}/${id}.log`,
    { cpuProfDir: opts.cpuProfDir, env: opts.env },
  );
}

/** Wait until `n` workers are HEALTHY at the manager. */
export async function waitForWorkers(manager: Manager, n: number, timeoutMs = 60_000) {
  await waitFor(
    async () => {
      const { workers } = await manager.call("ListWorkers", {});
      return workers.filter((w: { state: string }) => w.state === "WORKER_STATE_HEALTHY").length >=
        n;
    },
    timeoutMs,
    `${n} healthy workers`,
    50,
  );
}

// ---- /proc ------------------------------------------------------------------------------

export const CLOCK_TICKS = 100; // getconf CLK_TCK on Linux

/** Resident set size and its peak, in bytes. */
export function rss(pid: number): { rss: number; peak: number } {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  const kb = (key: string) =>
    Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
  return { rss: kb("VmRSS") * 1024, peak: kb("VmHWM") * 1024 };
}

/** CPU time (user + system) used by the process itself, in seconds. */
export function cpuSeconds(pid: number): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 14 (utime) and 15 (stime) are at index 11 and 12 after the state (field 3).
  return (Number(f[11]) + Number(f[12])) / CLOCK_TICKS;
}

/** CPU seconds of reaped children (cutime + cstime) of a process. */
export function childrenCpuSeconds(pid: number): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[13]) + Number(f[14])) / CLOCK_TICKS;
}

/**
 * CPU seconds used by the processes `roots` and all their descendants, live or reaped:
 * each live process's own time plus the time of the children it reaped. (A child's time
 * moves into its parent's cutime when reaped, so nothing is counted twice.)
 */
export function treeCpuSeconds(roots: number[]): number {
  const parent = new Map<number, number>();
  const times = new Map<number, number>();
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const stat = Deno.readTextFileSync(`/proc/${entry.name}/stat`);
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const pid = Number(entry.name);
      parent.set(pid, Number(f[1]));
      times.set(pid, (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / CLOCK_TICKS);
    } catch { /* exited meanwhile */ }
  }
  const wanted = new Set(roots);
  let total = 0;
  for (const [pid, t] of times) {
    let p: number | undefined = pid;
    for (let depth = 0; p !== undefined && p > 1 && depth < 64; depth++) {
      if (wanted.has(p)) {
        total += t;
        break;
      }
      p = parent.get(p);
    }
  }
  return total;
}

/** Machine-wide busy and total CPU seconds (all cores) from /proc/stat. */
export function machineCpu(): { busy: number; total: number } {
  const line = Deno.readTextFileSync("/proc/stat").split("\n")[0];
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = v[3] + (v[4] ?? 0);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: (total - idle) / CLOCK_TICKS, total: total / CLOCK_TICKS };
}

/** Measures how busy the whole machine was between `start()` and `stop()`, in cores. */
export class MachineLoad {
  #start = machineCpu();
  #t0 = performance.now();
  stop(): { busyCores: number } {
    const end = machineCpu();
    const wall = (performance.now() - this.#t0) / 1000;
    return { busyCores: wall > 0 ? (end.busy - this.#start.busy) / wall : 0 };
  }
}

// ---- stats ------------------------------------------------------------------------------

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function summarize(
  values: number[],
): { p50: number; p99: number; max: number; mean: number } {
  const s = [...values].sort((a, b) => a - b);
  return {
    p50: percentile(s, 50),
    p99: percentile(s, 99),
    max: s[s.length - 1],
    mean: s.reduce((a, b) => a + b, 0) / s.length,
  };
}

export const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : String(n);
export const mb = (bytes: number) => `${fmt(bytes / 1024 / 1024, 0)} MB`;

/** Run `task` with at most `limit` in flight until `count` tasks ran or `untilMs` passed. */
export async function pool(
  limit: number,
  count: number,
  untilMs: number,
  task: (i: number) => Promise<void>,
): Promise<{ done: number; seconds: number }> {
  const t0 = performance.now();
  let next = 0;
  let done = 0;
  const deadline = t0 + untilMs;
  const lane = async () => {
    while (next < count && performance.now() < deadline) {
      const i = next++;
      await task(i);
      done++;
    }
  };
  await Promise.all(Array.from({ length: limit }, lane));
  return { done, seconds: (performance.now() - t0) / 1000 };
}

/** Run a shell pipeline (the ceiling); returns wall seconds. */
export async function timeShell(script: string): Promise<number> {
  const t0 = performance.now();
  const { code } = await new Deno.Command("sh", {
    args: ["-c", script],
    stdout: "null",
    stderr: "null",
  }).output();
  if (code !== 0) throw new Error(`${script} exited ${code}`);
  return (performance.now() - t0) / 1000;
}

// ---- a lean client ------------------------------------------------------------------------

const protoRoot = protobuf.loadSync(PROTO_PATH);

/**
 * Unary calls of the client API over one HTTP/2 connection, with protobufjs framing and
 * nothing else. The benchmark shares the machine's two cores with the manager: grpc-js as
 * a load generator costs ~200 µs of CPU per call here, this ~110 µs, so the figures say
 * more about the manager. (The API scenario prints the grpc-js figure too.)
 */
export class LeanClient {
  readonly #session: http2.ClientHttp2Session;

  constructor(address: string) {
    this.#session = http2.connect(`http://${address}`);
    this.#session.on("error", () => {});
  }

  /** Call `titan.ManagerService/<method>`; resolves with the decoded response. */
  // deno-lint-ignore no-explicit-any
  call<T = any>(
    method: string,
    requestType: string,
    responseType: string,
    request: object,
  ): Promise<T> {
    const reqT = protoRoot.lookupType(`titan.${requestType}`);
    const resT = protoRoot.lookupType(`titan.${responseType}`);
    const payload = reqT.encode(reqT.fromObject(request)).finish();
    const frame = Buffer.alloc(5 + payload.length);
    frame.writeUInt32BE(payload.length, 1);
    frame.set(payload, 5);
    return new Promise((resolve, reject) => {
      const req = this.#session.request({
        ":method": "POST",
        ":path": `/titan.ManagerService/${method}`,
        "content-type": "application/grpc",
        te: "trailers",
      });
      const chunks: Buffer[] = [];
      let status = "";
      let message = "";
      req.on("response", (h) => {
        if (h["grpc-status"] !== undefined) status = String(h["grpc-status"]); // trailers-only
        message = String(h["grpc-message"] ?? "");
      });
      req.on("trailers", (t) => {
        status = String(t["grpc-status"]);
        message = String(t["grpc-message"] ?? "");
      });
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        if (status !== "0") return reject(new Error(`${method}: status ${status} ${message}`));
        const body = Buffer.concat(chunks);
        resolve(
          resT.toObject(resT.decode(body.subarray(5)), { longs: Number, enums: String }) as T,
        );
      });
      req.on("error", reject);
      req.end(frame);
    });
  }

  close(): void {
    this.#session.close();
  }
}
