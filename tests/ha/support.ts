/**
 * Several real managers on one real PostgreSQL, with real workers that are given the whole
 * list of managers (`--manager a,b`): the harness of the high-availability tests. Managers
 * are addressed by index; each keeps its ports across restarts, as a pod behind its own
 * address would.
 */
import { freePort, Proc, waitFor } from "../support/cluster.ts";
import { PostgresServer } from "../support/postgres.ts";
import { grpc, managerClient, type ManagerServiceClient } from "../../shared/proto.ts";
import { callLeader, ManagerList } from "../../shared/leader_discovery.ts";

export interface HaOptions {
  managers?: number;
  workers?: number;
  slots?: number;
  /** Seconds (--lease-duration). */
  leaseDuration?: number;
  heartbeatInterval?: number;
  heartbeatTimeout?: number;
  managerArgs?: string[];
  workerArgs?: string[];
  /** The address manager i listens on (default loopback); a veth end for partition tests. */
  managerHost?: (i: number) => string;
  /** How manager i reaches PostgreSQL (default loopback); partition tests change one. */
  postgresHost?: (i: number) => string;
  /** A command manager i runs through (e.g. `ip netns exec ns`). */
  managerPrefix?: (i: number) => string[];
  /** Extra addresses PostgreSQL listens on. */
  postgresListen?: string[];
}

export interface ManagerSlot {
  index: number;
  port: number;
  httpPort: number;
  proc?: Proc;
  lives: Proc[];
}

export class HaCluster {
  readonly dir = Deno.makeTempDirSync({ prefix: "titan-ha-" });
  readonly managers: ManagerSlot[] = [];
  readonly workers = new Map<string, Proc>();
  readonly workerLives: Proc[] = [];
  pg!: PostgresServer;
  url!: string;
  #clients = new Map<string, ManagerServiceClient>();
  #leaderListCache: ManagerList | undefined;

  get #leaderList(): ManagerList {
    return this.#leaderListCache ??= new ManagerList(this.managerList);
  }

  constructor(readonly options: HaOptions = {}) {
    for (let i = 0; i < (options.managers ?? 2); i++) {
      this.managers.push({ index: i, port: freePort(), httpPort: freePort(), lives: [] });
    }
  }

  host(i: number): string {
    return this.options.managerHost?.(i) ?? "127.0.0.1";
  }

  address(i: number): string {
    return `${this.host(i)}:${this.managers[i].port}`;
  }

  /** Every manager's address, comma-separated, as workers and clients are given them. */
  get managerList(): string {
    return this.managers.map((m) => this.address(m.index)).join(",");
  }

  static async start(options: HaOptions = {}): Promise<HaCluster> {
    const c = new HaCluster(options);
    await c.startPostgres();
    for (const m of c.managers) c.startManager(m.index);
    await c.waitForLeader();
    for (let i = 1; i <= (options.workers ?? 2); i++) c.startWorker(`worker-${i}`);
    await c.waitForWorkers(options.workers ?? 2);
    return c;
  }

  /** The PostgreSQL server and the database every manager uses. */
  async startPostgres(): Promise<void> {
    this.pg = await PostgresServer.start({ listen: this.options.postgresListen });
    this.url = await this.pg.createDatabase("ha");
  }

  storeUrl(i: number): string {
    const host = this.options.postgresHost?.(i) ?? this.pg.host;
    return this.pg.url(new URL(this.url).pathname.slice(1), host);
  }

  startManager(i: number): Proc {
    const m = this.managers[i];
    const o = this.options;
    const proc = new Proc(
      `manager-${i}`,
      "manager/main.ts",
      [
        "--host",
        this.host(i),
        "--port",
        String(m.port),
        "--http-port",
        String(m.httpPort),
        "--data-dir",
        `${this.dir}/manager-${i}`,
        "--store",
        this.storeUrl(i),
        "--advertise",
        this.address(i),
        "--lease-duration",
        String(o.leaseDuration ?? 2),
        "--heartbeat-interval",
        String(o.heartbeatInterval ?? 0.25),
        "--heartbeat-timeout",
        String(o.heartbeatTimeout ?? 3),
        "--retry-backoff-base",
        "0.1",
        ...(this.host(i) === "127.0.0.1" ? [] : ["--insecure"]),
        ...(o.managerArgs ?? []),
      ],
      {},
      o.managerPrefix?.(i) ?? [],
    );
    m.proc = proc;
    m.lives.push(proc);
    return proc;
  }

  /** A worker given `managers` (default: every manager). */
  startWorker(id: string, extraArgs: string[] = [], managers = this.managerList): Proc {
    const o = this.options;
    const proc = new Proc(id, "worker/main.ts", [
      "--id",
      id,
      "--manager",
      managers,
      "--slots",
      String(o.slots ?? 4),
      "--port",
      "0",
      "--data-dir",
      `${this.dir}/${id}`,
      "--heartbeat-interval",
      String(o.heartbeatInterval ?? 0.25),
      "--heartbeat-timeout",
      String(o.heartbeatTimeout ?? 3),
      "--kill-grace",
      "1",
      ...(Deno.uid() === 0 ? ["--run-as", "root"] : []),
      ...(o.workerArgs ?? []),
      ...extraArgs,
    ]);
    this.workers.set(id, proc);
    this.workerLives.push(proc);
    return proc;
  }

  /** Whether manager i answers /readyz with 200 (only a serving leader does). */
  async ready(i: number): Promise<boolean> {
    const res = await fetch(`http://${this.host(i)}:${this.managers[i].httpPort}/readyz`, {
      signal: AbortSignal.timeout(2000),
    }).catch(() => undefined);
    await res?.body?.cancel();
    return res?.status === 200;
  }

  /** The index of the manager that is ready, waiting for one; throws if two are. */
  async waitForLeader(timeoutMs = 30_000, except?: number): Promise<number> {
    let leader = -1;
    await waitFor(
      async () => {
        const ready: number[] = [];
        for (const m of this.managers) {
          if (m.index !== except && m.proc && await this.ready(m.index)) ready.push(m.index);
        }
        if (ready.length > 1) throw new Error(`two leaders ready at once: ${ready}`);
        leader = ready[0] ?? -1;
        return leader >= 0;
      },
      timeoutMs,
      () => `no leader:\n${this.logs()}`,
    );
    return leader;
  }

  client(i: number): ManagerServiceClient {
    return this.clientAt(this.address(i));
  }

  clientAt(address: string): ManagerServiceClient {
    let c = this.#clients.get(address);
    if (!c) {
      c = managerClient(address);
      this.#clients.set(address, c);
    }
    return c;
  }

  /** A unary call to manager i. */
  // deno-lint-ignore no-explicit-any
  call<T = any>(i: number, method: string, request: unknown): Promise<T> {
    return this.callAt(this.address(i), method, request);
  }

  // deno-lint-ignore no-explicit-any
  callAt<T = any>(address: string, method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
      // deno-lint-ignore no-explicit-any
      (this.clientAt(address) as any)[method](
        request,
        new grpc.Metadata(),
        { deadline: Date.now() + 10_000 },
        (err: Error | null, res: T) => err ? reject(err) : resolve(res),
      );
    });
  }

  /**
   * A unary call at the leader, found as a client would (shared/leader_discovery.ts), tried
   * again while no manager leads, until `deadline`. Resolves with the answer and who gave it.
   */
  // deno-lint-ignore no-explicit-any
  async callLeader<T = any>(
    method: string,
    request: unknown,
    deadline = Date.now() + 60_000,
  ): Promise<{ result: T; address: string }> {
    for (;;) {
      let answered = "";
      try {
        const result = await callLeader(this.#leaderList, (address) => {
          answered = address;
          return this.callAt<T>(address, method, request);
        }, true);
        return { result, address: answered };
      } catch (err) {
        const code = (err as { code?: number }).code;
        if (code !== grpc.status.UNAVAILABLE || Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /** Which manager index has this address. */
  indexOf(address: string): number {
    return this.managers.findIndex((m) => this.address(m.index) === address);
  }

  async waitForWorkers(n: number, timeoutMs = 30_000): Promise<void> {
    await waitFor(
      async () => {
        const leader = await this.waitForLeader(timeoutMs);
        const { workers } = await this.call(leader, "ListWorkers", {});
        return workers.filter((w: { state: string }) => w.state === "WORKER_STATE_HEALTHY")
          .length >= n;
      },
      timeoutMs,
      () => `workers not healthy:\n${this.logs()}`,
    );
  }

  logs(): string {
    const parts: string[] = [];
    for (const m of this.managers) {
      parts.push(`--- manager-${m.index} ---\n${m.proc?.log.slice(-3000)}`);
    }
    for (const [id, w] of this.workers) parts.push(`--- ${id} ---\n${w.log.slice(-2000)}`);
    return parts.join("\n");
  }

  async stop(): Promise<void> {
    for (const c of this.#clients.values()) c.close();
    // A stopped manager would stay stopped through SIGTERM: wake it first.
    for (const m of this.managers) m.proc?.kill("SIGCONT");
    await Promise.all([...this.workers.values()].map((w) => w.stop(3000)));
    await Promise.all(this.managers.map((m) => m.proc?.stop(3000)));
    await this.pg?.destroy();
    await Deno.remove(this.dir, { recursive: true }).catch(() => {});
  }
}
