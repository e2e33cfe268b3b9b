/**
 * `deno task bench --peers`: BullMQ on Redis over the same workloads as Titan, in the same run,
 * so the two can be compared as a ratio on a shared machine. Two Node processes run a BullMQ
 * Worker each (16 jobs at once by default, as Titan's two workers have 16 slots), whose
 * processor spawns `sh -c <command>`; a Node client adds the jobs with addBulk and polls the
 * counts. The clock runs from the first add until every job is completed or failed, as Titan's
 * runs from the first SubmitJobs until every job is finished.
 *
 * Everything here is installed only when the flag is given: the pinned npm packages go to a
 * cache folder with npm (never into the project's dependencies: the tests never need them),
 * and `redis-server` comes from Debian with apt-get when it is missing. Redis runs with its
 * defaults except persistence: no RDB snapshots and no AOF, i.e. BullMQ's jobs are acknowledged
 * from memory, while Titan's are synced to disk first. That favours the peer; it is how BullMQ
 * is commonly run.
 */
import { childrenCpuSeconds, freePort, sleep, treeCpuSeconds, waitFor } from "./harness.ts";

export const BULLMQ_VERSION = "6.7.0";
export const IOREDIS_VERSION = "6.0.0";

const NODE_SCRIPT = new URL("./peers/bullmq_node.cjs", import.meta.url).pathname;

export interface PeerRun {
  n: number;
  seconds: number;
  rate: number;
  submitSeconds: number;
  failed: number;
  /** CPU ms per job of Redis, the Node workers and the processes they spawned. */
  cpuMsPerJob: number;
  /** CPU seconds of the client that added the jobs and polled. */
  clientCpu: number;
}

async function has(program: string): Promise<boolean> {
  const { code } = await new Deno.Command("sh", {
    args: ["-c", `command -v ${program}`],
    stdout: "null",
    stderr: "null",
  }).output();
  return code === 0;
}

async function run(cmd: string, args: string[], what: string): Promise<void> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  if (out.code !== 0) {
    throw new Error(
      `${what} failed (exit ${out.code}): ${new TextDecoder().decode(out.stderr).slice(-2000)}`,
    );
  }
}

async function aptInstall(packages: string[]): Promise<void> {
  console.log(`peers      installing ${packages.join(" ")} with apt-get`);
  await run("apt-get", ["update", "-q"], "apt-get update");
  await run("apt-get", ["install", "-y", "-q", ...packages], "apt-get install");
}

/** The node_modules folder holding the pinned bullmq and ioredis, installed on first use. */
async function bullmqModules(): Promise<string> {
  const cache = Deno.env.get("XDG_CACHE_HOME") ?? `${Deno.env.get("HOME") ?? "/tmp"}/.cache`;
  const prefix = `${cache}/titan-bench/bullmq-${BULLMQ_VERSION}-ioredis-${IOREDIS_VERSION}`;
  const modules = `${prefix}/node_modules`;
  const installed = (name: string) => {
    try {
      return JSON.parse(Deno.readTextFileSync(`${modules}/${name}/package.json`)).version;
    } catch {
      return undefined;
    }
  };
  if (installed("bullmq") === BULLMQ_VERSION && installed("ioredis") === IOREDIS_VERSION) {
    return modules;
  }
  if (!(await has("node")) || !(await has("npm"))) await aptInstall(["nodejs", "npm"]);
  Deno.mkdirSync(prefix, { recursive: true });
  console.log(
    `peers      installing bullmq@${BULLMQ_VERSION} ioredis@${IOREDIS_VERSION} into ${prefix}`,
  );
  // --legacy-peer-deps: bullmq names ioredis, node-redis, pg and an OpenTelemetry add-on as
  // peers; only ioredis is used (named explicitly), the others would be installed for nothing.
  await run("npm", [
    "install",
    "--prefix",
    prefix,
    "--no-save",
    "--no-audit",
    "--no-fund",
    "--legacy-peer-deps",
    `bullmq@${BULLMQ_VERSION}`,
    `ioredis@${IOREDIS_VERSION}`,
  ], "npm install");
  return modules;
}

/** A child process whose output goes to a log file; `pid` is the program itself. */
class Child {
  readonly child: Deno.ChildProcess;
  constructor(cmd: string, args: string[], logFile: string, env: Record<string, string> = {}) {
    this.child = new Deno.Command("sh", {
      args: ["-c", 'exec "$@" >>"$PEER_LOG" 2>&1', "sh", cmd, ...args],
      env: { PEER_LOG: logFile, ...env },
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
  }
  get pid() {
    return this.child.pid;
  }
  async stop(graceMs = 5000): Promise<void> {
    try {
      this.child.kill("SIGTERM");
    } catch { /* gone */ }
    const timer = setTimeout(() => {
      try {
        this.child.kill("SIGKILL");
      } catch { /* gone */ }
    }, graceMs);
    await this.child.status;
    clearTimeout(timer);
  }
}

export interface PeerCluster {
  /** Run `n` × `command`; the figures of that run. */
  run(n: number, command: string): Promise<PeerRun>;
  stop(): Promise<void>;
}

/**
 * Install what the peers need (once; the bench calls it before measuring anything, so an
 * install does not fall into a measured run). Returns the node_modules folder.
 */
export async function installPeers(): Promise<string> {
  if (!(await has("redis-server"))) await aptInstall(["redis-server"]);
  return await bullmqModules();
}

/** Redis on a free loopback port and `workers` BullMQ workers of `concurrency` each. */
export async function startBullmq(
  dir: string,
  opts: { workers: number; concurrency: number; batch: number },
): Promise<PeerCluster> {
  const modules = await installPeers();
  Deno.mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const redis = new Child("redis-server", [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    dir,
  ], `${dir}/redis.log`);
  const procs: Child[] = [redis];
  const stop = async () => {
    for (const p of procs.slice(1)) await p.stop();
    await redis.stop();
  };
  try {
    await waitFor(
      async () => {
        const conn = await Deno.connect({ hostname: "127.0.0.1", port });
        conn.close();
        return true;
      },
      10_000,
      "redis-server to listen",
    );
    const env = { BULLMQ_MODULES: modules, NO_COLOR: "1" };
    const workerLog = `${dir}/workers.log`;
    for (let i = 0; i < opts.workers; i++) {
      procs.push(
        new Child(
          "node",
          [NODE_SCRIPT, "worker", String(port), "bench", String(opts.concurrency)],
          workerLog,
          env,
        ),
      );
    }
    await waitFor(
      () => {
        const text = Deno.readTextFileSync(workerLog);
        return (text.match(/^ready$/gm)?.length ?? 0) >= opts.workers;
      },
      30_000,
      "the BullMQ workers",
    );
    const roots = procs.map((p) => p.pid);
    const runOnce = async (n: number, command: string): Promise<PeerRun> => {
      const out = `${dir}/client-${crypto.randomUUID()}.json`;
      const tree0 = treeCpuSeconds(roots);
      const reaped0 = childrenCpuSeconds(Deno.pid);
      const client = new Deno.Command("sh", {
        args: [
          "-c",
          'exec "$@" >"$PEER_OUT" 2>>"$PEER_LOG"',
          "sh",
          "node",
          NODE_SCRIPT,
          "client",
          String(port),
          "bench",
          String(n),
          command,
          String(opts.batch),
          "4",
        ],
        env: { ...env, PEER_OUT: out, PEER_LOG: `${dir}/client.log` },
        stdin: "null",
        stdout: "null",
        stderr: "null",
      }).spawn();
      const status = await client.status;
      const treeCpu = treeCpuSeconds(roots) - tree0;
      const clientCpu = childrenCpuSeconds(Deno.pid) - reaped0;
      if (!status.success) {
        throw new Error(
          `BullMQ client exited ${status.code}: ${
            Deno.readTextFileSync(`${dir}/client.log`).slice(-2000)
          }`,
        );
      }
      const r = JSON.parse(Deno.readTextFileSync(out));
      return {
        n,
        seconds: r.seconds,
        rate: n / r.seconds,
        submitSeconds: r.submitSeconds,
        failed: r.failed,
        cpuMsPerJob: treeCpu * 1000 / n,
        clientCpu,
      };
    };
    // Warm up as Titan's cluster is warmed up: 300 jobs before anything is measured.
    await runOnce(300, "true");
    await sleep(100);
    return { run: runOnce, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
