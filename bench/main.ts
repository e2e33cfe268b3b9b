/**
 * `deno task bench [flags]`: Titan against the machine's process-spawn ceiling, on real
 * processes over loopback (issue 6). Every scenario starts its own manager with a fresh data
 * dir; scenarios 1–2 attach two real workers (16 slots each).
 *
 *   ceiling     seq N | xargs -P 4 -I{} true, -P 32, and 500 × sleep 0.1 at -P 32
 *   throughput  N × `true` submitted with SubmitJobs, first submit → last completion
 *   sleep       500 × `sleep 0.1`, same measure, against xargs -P 32
 *   latency     sequential `true` jobs on an idle cluster: submit → RUNNING / COMPLETED
 *   api         SubmitJob acks/s with 64 in flight, SubmitJobs jobs/s, GetJobStatus/ListJobs/s
 *   scale       1,000,000 PENDING jobs: RSS, submit time, restart time, ListJobs first page,
 *               then two workers drain the queue while RSS is sampled; mixed requests by
 *               default (cpu, memory, queues, priorities, and 1 in 8 asking for a gpu no
 *               worker has, which stays PENDING: backfill has to reach past it)
 *   placement   the scheduler's pass alone, in this process: µs per pass for the shapes of
 *               the scenarios above
 *   fleet       200 simulated workers (register + heartbeats): manager CPU at idle
 *   failover    (PostgreSQL only) two managers, SIGKILL of the leader under a trickle of
 *               submits: kill → first job acknowledged by the new leader
 *   dag         workflows of `true` jobs, each submitted in one SubmitJobs call: a fan-out of
 *               10,000 (one root, 9,999 after it) and a fan-in of 10,000 (9,999 into one
 *               join), against 10,000 independent jobs on the same cluster: submit time,
 *               jobs/s, and how long a release takes (a dependency's end → its dependent's start)
 *
 * --store postgres runs the scenarios on a PostgreSQL of their own (initdb in a temporary
 * folder, fsync on, a database per scenario; as in tests/support/postgres.ts), or on the
 * database of a postgres:// URL; by default then: throughput, sleep, latency, api, failover.
 *
 * Flags: --only a,b  --n 5000  --sleep-n 500  --latency-n 200  --api-seconds 5  --dag-n 10000
 *        --scale-n 1000000  --scale-jobs mixed|plain  --drain-seconds 60  --fleet-workers 200  --fleet-seconds 30
 *        --fleet-heartbeat 10,1  --slots 16  --workers 2  --batch 1000  --repeat 1
 *        --log-level info  --cpu-prof DIR (profiles of manager and workers)  --json FILE
 *        --worker-args "--run-as=root"  --worker-env "TITAN_ISOLATION=process-group"
 *        --keep (keep the temporary data dirs)  --store sqlite|postgres|postgres://…
 *        --lease 10 (failover: the lease duration in seconds)
 *        --peers (throughput and sleep also on BullMQ + Redis, same run: Titan/BullMQ ratios;
 *        installs the pinned bullmq and ioredis into a cache folder, redis-server with apt-get)
 *
 * Loops are bounded in count and in time; nothing here asserts: it prints figures.
 */
import { parseArgs } from "node:util";
import { startFakeWorkers } from "./fake_workers.ts";
import {
  childrenCpuSeconds,
  cpuSeconds,
  fmt,
  LeanClient,
  MachineLoad,
  Manager,
  mb,
  pool,
  type Proc,
  rss,
  sleep,
  startWorker,
  summarize,
  timeShell,
  treeCpuSeconds,
  waitFor,
  waitForWorkers,
} from "./harness.ts";
import type { JobEvent__Output } from "../shared/proto.ts";
import { schedule } from "../manager/placement/scheduler.ts";
import { fromTimestamp } from "../shared/wire_time.ts";
import { PostgresServer } from "../tests/support/postgres.ts";
import { measureFailover } from "./failover.ts";
import {
  BULLMQ_VERSION,
  installPeers,
  IOREDIS_VERSION,
  type PeerRun,
  startBullmq,
} from "./peers.ts";

const SCENARIOS = [
  "ceiling",
  "throughput",
  "sleep",
  "latency",
  "api",
  "scale",
  "fleet",
  "placement",
  "failover",
  "dag",
] as const;
type Scenario = (typeof SCENARIOS)[number];

const { values: flags } = parseArgs({
  args: Deno.args,
  options: {
    only: { type: "string", default: "" },
    store: { type: "string", default: "sqlite" },
    lease: { type: "string", default: "10" },
    n: { type: "string", default: "5000" },
    "sleep-n": { type: "string", default: "500" },
    "latency-n": { type: "string", default: "200" },
    "api-seconds": { type: "string", default: "5" },
    "dag-n": { type: "string", default: "10000" },
    "api-inflight": { type: "string", default: "64" },
    "scale-n": { type: "string", default: "1000000" },
    "scale-jobs": { type: "string", default: "mixed" },
    "drain-seconds": { type: "string", default: "60" },
    "fleet-workers": { type: "string", default: "200" },
    "fleet-seconds": { type: "string", default: "30" },
    "fleet-heartbeat": { type: "string", default: "10,1" },
    slots: { type: "string", default: "16" },
    workers: { type: "string", default: "2" },
    batch: { type: "string", default: "1000" },
    repeat: { type: "string", default: "1" },
    "log-level": { type: "string", default: "info" },
    "cpu-prof": { type: "string", default: "" },
    json: { type: "string", default: "" },
    keep: { type: "boolean", default: false },
    peers: { type: "boolean", default: false },
    "worker-args": { type: "string", default: "" },
    "worker-env": { type: "string", default: "" },
  },
});

const num = (name: keyof typeof flags) => {
  const v = Number(flags[name]);
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${name}: not a number: ${flags[name]}`);
  return v;
};
const STORE = String(flags.store);
if (STORE !== "sqlite" && STORE !== "postgres" && !/^postgres(ql)?:\/\//.test(STORE)) {
  throw new Error(`--store: sqlite, postgres or a postgres:// URL, got ${STORE}`);
}
const ON_POSTGRES = STORE !== "sqlite";
const DEFAULT_ONLY = ON_POSTGRES
  ? "ceiling,throughput,sleep,latency,api,failover"
  : SCENARIOS.filter((s) => s !== "failover").join(",");
const only = new Set(
  String(flags.only || DEFAULT_ONLY).split(",").map((s) => s.trim()).filter(Boolean) as Scenario[],
);
if (only.has("failover") && !ON_POSTGRES) throw new Error("--only failover needs --store postgres");
for (const s of only) {
  if (!SCENARIOS.includes(s)) throw new Error(`--only: unknown scenario ${s} (${SCENARIOS})`);
}
const N = num("n");
const SLEEP_N = num("sleep-n");
const SLOTS = num("slots");
const WORKERS = num("workers");
const BATCH = Math.min(10_000, Math.max(1, num("batch")));
const REPEAT = Math.max(1, num("repeat"));
const LOG_LEVEL = String(flags["log-level"]);
const CPU_PROF = flags["cpu-prof"] ? Deno.realPathSync(String(flags["cpu-prof"])) : "";
/** Extra worker flags and environment, e.g. `--worker-args=--run-as=root`. */
const WORKER_ARGS = String(flags["worker-args"]).split(" ").filter(Boolean);
const WORKER_ENV: Record<string, string> = Object.fromEntries(
  String(flags["worker-env"]).split(",").filter((kv) => kv.includes("=")).map((kv) => [
    kv.slice(0, kv.indexOf("=")),
    kv.slice(kv.indexOf("=") + 1),
  ]),
);
const workerOpts = () => ({
  logLevel: LOG_LEVEL,
  cpuProfDir: CPU_PROF || undefined,
  args: WORKER_ARGS,
  env: WORKER_ENV,
});

const root = Deno.makeTempDirSync({ prefix: "titan-bench-" });
// A root worker runs jobs as unprivileged uids (--run-as-range): let them reach
// the workers' work dirs under here.
Deno.chmodSync(root, 0o755);
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  args: Deno.args,
  nproc: navigator.hardwareConcurrency,
  deno: Deno.version.deno,
};
const verdicts: string[] = [];

function line(scenario: string, text: string): void {
  console.log(`${scenario.padEnd(10)} ${text}`);
}

/** Compare `value` with a target, remember the verdict, return a short mark. */
function verdict(what: string, value: number, op: "≥" | "≤", target: number, unit = ""): string {
  const ok = op === "≥" ? value >= target : value <= target;
  const text = `${what}: ${fmt(value, value < 10 ? 3 : 0)}${unit} (target ${op} ${target}${unit}) ${
    ok ? "MET" : "MISSED"
  }`;
  verdicts.push(text);
  return ok ? "MET" : "MISSED";
}

// ---- the store --------------------------------------------------------------------------

let postgres: PostgresServer | undefined;

/** The manager flags that select the store: a fresh PostgreSQL database per scenario. */
async function storeArgs(scenario: string): Promise<string[]> {
  if (!ON_POSTGRES) return [];
  if (STORE !== "postgres") return ["--store", STORE];
  postgres ??= await PostgresServer.start({
    // Room for several managers' pools and the benchmark's own connections.
    settings: { max_connections: "100" },
  });
  return ["--store", await postgres.createDatabase(`bench_${scenario}`)];
}

function scenarioDir(name: string): string {
  const dir = `${root}/${name}`;
  Deno.mkdirSync(dir, { recursive: true, mode: 0o755 });
  return dir;
}

const loadavg = () => Deno.readTextFileSync("/proc/loadavg").split(" ").slice(0, 3).join(" ");

// ---- ceiling ----------------------------------------------------------------------------

interface Ceiling {
  p4: number;
  p32: number;
  shP4: number;
  sleepP32: number;
  /** CPU ms per job of `xargs -P 4 -I{} true` (xargs and the processes it ran). */
  p4CpuMs: number;
  /** The same for `xargs -P 4 -I{} sh -c true`. */
  shP4CpuMs: number;
}

let ceiling: Ceiling | undefined;

async function runCeiling(): Promise<Ceiling> {
  const runs: Ceiling[] = [];
  for (let r = 0; r < REPEAT; r++) {
    let cpu0 = childrenCpuSeconds(Deno.pid);
    const p4 = N / await timeShell(`seq ${N} | xargs -P 4 -I{} true`);
    const p4CpuMs = (childrenCpuSeconds(Deno.pid) - cpu0) * 1000 / N;
    const p32 = N / await timeShell(`seq ${N} | xargs -P 32 -I{} true`);
    cpu0 = childrenCpuSeconds(Deno.pid);
    const shP4 = N / await timeShell(`seq ${N} | xargs -P 4 -I{} sh -c true`);
    const shP4CpuMs = (childrenCpuSeconds(Deno.pid) - cpu0) * 1000 / N;
    const sleepP32 = SLEEP_N / await timeShell(`seq ${SLEEP_N} | xargs -P 32 -I{} sleep 0.1`);
    runs.push({ p4, p32, shP4, sleepP32, p4CpuMs, shP4CpuMs });
  }
  const med = (k: keyof Ceiling) => summarize(runs.map((r) => r[k])).p50;
  const c = {
    p4: med("p4"),
    p32: med("p32"),
    shP4: med("shP4"),
    sleepP32: med("sleepP32"),
    p4CpuMs: med("p4CpuMs"),
    shP4CpuMs: med("shP4CpuMs"),
  };
  line(
    "ceiling",
    `N=${N} true: xargs -P 4 ${fmt(c.p4)}/s (${fmt(c.p4CpuMs, 2)} ms CPU per job), -P 32 ${
      fmt(c.p32)
    }/s, xargs -P 4 sh -c true ${fmt(c.shP4)}/s (${
      fmt(c.shP4CpuMs, 2)
    } ms CPU per job); ${SLEEP_N} × sleep 0.1: xargs -P 32 ${fmt(c.sleepP32)}/s` +
      (REPEAT > 1 ? ` (median of ${REPEAT})` : ""),
  );
  results.ceiling = c;
  return c;
}

// ---- a cluster --------------------------------------------------------------------------

interface Cluster {
  manager: Manager;
  workers: Proc[];
  dir: string;
}

async function startCluster(name: string, workers = WORKERS): Promise<Cluster> {
  const dir = scenarioDir(name);
  const manager = new Manager({
    dir,
    logLevel: LOG_LEVEL,
    cpuProfDir: CPU_PROF || undefined,
    args: await storeArgs(name),
  });
  await manager.start();
  const procs = [];
  for (let i = 1; i <= workers; i++) {
    procs.push(
      startWorker(manager, `worker-${i}`, SLOTS, dir, workerOpts()),
    );
  }
  await waitForWorkers(manager, workers);
  // Warm up (JIT, connections): the scenarios measure a steady state.
  const base = await finishedTotal(manager);
  await submitMany(manager, 300, "true");
  await waitFinished(manager, base, 300, 60_000);
  return { manager, workers: procs, dir };
}

async function stopCluster(c: Cluster): Promise<void> {
  await Promise.all(c.workers.map((w) => w.stop(10_000)));
  await c.manager.stop();
}

/**
 * Submit `n` copies of `command` (or the specs `spec` makes of each index) with SubmitJobs,
 * `inflight` batches at a time.
 */
async function submitMany(
  manager: Manager,
  n: number,
  command: string,
  batch = BATCH,
  inflight = 4,
  spec: (i: number) => Record<string, unknown> = () => ({ command }),
): Promise<string[]> {
  const batches = Math.ceil(n / batch);
  const ids: string[][] = [];
  await pool(inflight, batches, 3_600_000, async (i) => {
    const size = Math.min(batch, n - i * batch);
    const jobs = Array.from({ length: size }, (_, k) => spec(i * batch + k));
    const res = await manager.call("SubmitJobs", { jobs }, 300_000);
    ids[i] = res.jobs.map((j: { jobId: string }) => j.jobId);
  });
  return ids.flat();
}

/**
 * Wait until `target` jobs finished (any terminal state) since `base`; returns the time.
 * Done is seen as a client sees it: ListJobs shows nothing unfinished (one cheap call every
 * 10 ms), then the counters confirm the count. Polling /metrics instead cost the manager
 * ~2 ms of CPU per scrape (prom-client's default metrics), a fifth of a core at 100 scrapes/s
 * taken from the system being measured.
 */
async function waitFinished(
  manager: Manager,
  base: number,
  target: number,
  timeoutMs: number,
): Promise<{ at: number; completed: number; failed: number }> {
  let last = { completed: 0, failed: 0, cancelled: 0 };
  let at = 0;
  await waitFor(
    async () => {
      const page = await manager.call("ListJobs", { pageSize: 1, states: UNFINISHED });
      if (page.jobs.length > 0) return false;
      at = performance.now();
      last = await manager.finished();
      return last.completed + last.failed + last.cancelled - base >= target;
    },
    timeoutMs,
    `${target} jobs to finish`,
    10,
  );
  return { at, completed: last.completed, failed: last.failed };
}

const UNFINISHED = ["PENDING", "SCHEDULED", "RUNNING"];

async function finishedTotal(manager: Manager): Promise<number> {
  const f = await manager.finished();
  return f.completed + f.failed + f.cancelled;
}

// ---- 1. throughput ----------------------------------------------------------------------

async function throughput(c: Cluster, n: number, command: string) {
  const base = await finishedTotal(c.manager);
  const baseFailed = (await c.manager.finished()).failed;
  const cpu0 = cpuSeconds(c.manager.proc.pid);
  const wcpu0 = c.workers.map((w) => cpuSeconds(w.pid));
  const roots = [c.manager.proc.pid, ...c.workers.map((w) => w.pid)];
  const tree0 = treeCpuSeconds(roots);
  const self0 = cpuSeconds(Deno.pid);
  const load = new MachineLoad();
  const t0 = performance.now();
  await submitMany(c.manager, n, command);
  const tSubmitted = performance.now();
  const done = await waitFinished(c.manager, base, n, Math.max(120_000, n * 20));
  const seconds = (done.at - t0) / 1000;
  const busyCores = load.stop().busyCores;
  const treeCpu = treeCpuSeconds(roots) - tree0;
  const benchCpu = cpuSeconds(Deno.pid) - self0;
  return {
    /** CPU ms per job of the manager, the workers and everything they ran. */
    cpuMsPerJob: treeCpu * 1000 / n,
    benchCpu,
    /** Cores busy with other things than this benchmark (other users of the machine). */
    otherCores: Math.max(0, busyCores - (treeCpu + benchCpu) / seconds),
    n,
    seconds,
    rate: n / seconds,
    submitSeconds: (tSubmitted - t0) / 1000,
    failed: done.failed - baseFailed,
    managerCpu: cpuSeconds(c.manager.proc.pid) - cpu0,
    workerCpu: c.workers.reduce((s, w, i) => s + cpuSeconds(w.pid) - wcpu0[i], 0),
    busyCores,
  };
}

/**
 * How the last `n` jobs ran, from their records: the time each took on its worker (start to
 * end, worker clock) and how many ran at once on average. Slots × wall time minus the run
 * time is what dispatching cost.
 */
async function jobTimes(m: Manager, n: number) {
  const runs: number[] = [];
  let first = Infinity, last = 0, token = "";
  while (runs.length < n) {
    const page = await m.call("ListJobs", { pageSize: 1000, pageToken: token });
    for (const j of page.jobs) {
      const s = fromTimestamp(j.startedAt) ?? 0, f = fromTimestamp(j.finishedAt) ?? 0;
      if (!(s > 0 && f > 0) || runs.length >= n) continue;
      runs.push(f - s);
      first = Math.min(first, s);
      last = Math.max(last, f);
    }
    token = page.nextPageToken;
    if (!token) break;
  }
  const total = runs.reduce((a, b) => a + b, 0);
  return { run: summarize(runs), concurrency: total / Math.max(1, last - first) };
}

async function runThroughput(c: Cluster, which: "throughput" | "sleep") {
  const isTrue = which === "throughput";
  const n = isTrue ? N : SLEEP_N;
  const command = isTrue ? "true" : "sleep 0.1";
  const runs = [];
  for (let r = 0; r < REPEAT; r++) runs.push(await throughput(c, n, command));
  runs.sort((a, b) => a.rate - b.rate);
  const t = runs[Math.floor(runs.length / 2)];
  const ceil = isTrue ? ceiling?.p4 : ceiling?.sleepP32;
  const ratio = ceil ? t.rate / ceil : NaN;
  let mark = "";
  if (isTrue && ceil) {
    mark = verdict("true throughput / xargs -P 4", ratio, "≥", 0.45);
    if (ceiling) {
      line(
        which,
        `  (vs xargs -P 32: ${fmt(t.rate / ceiling.p32, 2)}; vs xargs -P 4 sh -c true: ${
          fmt(t.rate / ceiling.shP4, 2)
        }; aim 0.6 of -P 4, where gearman is: ${ratio >= 0.6 ? "reached" : "not reached"})`,
      );
    }
  } else if (ceil) {
    mark = verdict("sleep 0.1 throughput / xargs -P 32", ratio, "≥", 0.97);
  }
  const cpuRatio = isTrue && ceiling
    ? ` (xargs -P 4 true: ${fmt(ceiling.p4CpuMs, 2)} ms, CPU ratio ${
      fmt(ceiling.p4CpuMs / t.cpuMsPerJob, 2)
    })`
    : "";
  line(
    which,
    `N=${n} × ${command}: ${fmt(t.rate)} jobs/s (${fmt(t.seconds, 2)} s first submit → last ` +
      `completion; submit phase ${fmt(t.submitSeconds, 2)} s; failed ${t.failed}) ` +
      `ratio Titan/ceiling ${fmt(ratio, 2)} ${mark}; CPU manager ${fmt(t.managerCpu, 2)} s, ` +
      `workers ${fmt(t.workerCpu, 2)} s (own, without children); all of Titan with the jobs ${
        fmt(t.cpuMsPerJob, 2)
      } ms CPU per job${cpuRatio}; bench client ${fmt(t.benchCpu, 2)} s; machine busy ${
        fmt(t.busyCores, 2)
      } cores, ${fmt(t.otherCores, 2)} of them other users'` +
      (REPEAT > 1 ? ` (median of ${REPEAT})` : ""),
  );
  const times = await jobTimes(c.manager, n);
  line(
    which,
    `  jobs ran ${fmt(times.run.p50, 1)} ms (p50, worker clock, start → end; p99 ${
      fmt(times.run.p99, 1)
    } ms), ${fmt(times.concurrency, 1)} at once on average of ${WORKERS * SLOTS} slots`,
  );
  results[which] = { ...t, ratio, runs, times };
}

// ---- 2. latency -------------------------------------------------------------------------

const epochNow = () => performance.timeOrigin + performance.now();

async function oneLatency(m: Manager) {
  const tSubmit = epochNow();
  const { jobId } = await m.call("SubmitJob", { command: "true" });
  const tAck = epochNow();
  const { tRunning, tDone } = await new Promise<{ tRunning: number; tDone: number }>(
    (resolve, reject) => {
      let tRunning = 0;
      const call = m.client.watchJob({ jobId });
      const timer = setTimeout(() => {
        call.cancel();
        reject(new Error(`job ${jobId} did not finish`));
      }, 30_000);
      call.on("data", (ev: JobEvent__Output) => {
        const state = ev.status?.state;
        if (!state) return;
        const now = epochNow();
        if (!tRunning && state !== "PENDING" && state !== "SCHEDULED") tRunning = now;
        if (state === "COMPLETED" || state === "FAILED" || state === "CANCELLED") {
          clearTimeout(timer);
          call.cancel();
          resolve({ tRunning, tDone: now });
        }
      });
      call.on("error", () => {});
    },
  );
  const status = await m.call("GetJobStatus", { jobId });
  const started = fromTimestamp(status.startedAt) ?? NaN;
  return {
    ack: tAck - tSubmit,
    running: tRunning - tSubmit,
    completed: tDone - tSubmit,
    spawned: started - tSubmit,
  };
}

async function runLatency(c: Cluster) {
  const n = num("latency-n");
  for (let i = 0; i < 20; i++) await oneLatency(c.manager); // warm-up, not counted
  const samples: Awaited<ReturnType<typeof oneLatency>>[] = [];
  const deadline = Date.now() + 300_000;
  for (let i = 0; i < n && Date.now() < deadline; i++) samples.push(await oneLatency(c.manager));
  const s = (k: "ack" | "running" | "completed" | "spawned") => summarize(samples.map((x) => x[k]));
  const running = s("running"), completed = s("completed"), ack = s("ack"), spawned = s("spawned");
  const m1 = verdict("idle submit→RUNNING p50", running.p50, "≤", 5, " ms");
  const m2 = verdict("idle submit→RUNNING p99", running.p99, "≤", 25, " ms");
  const ms = (x: number) => `${fmt(x, 1)} ms`;
  line(
    "latency",
    `${samples.length} sequential true (after 20 warm-up): submit→RUNNING p50 ${ms(running.p50)} ` +
      `${m1}, p99 ${ms(running.p99)} ${m2}; submit→COMPLETED p50 ${ms(completed.p50)}, p99 ${
        ms(completed.p99)
      }; SubmitJob ack p50 ${ms(ack.p50)}, p99 ${ms(ack.p99)}; submit→process spawned ` +
      `(worker clock, ms resolution) p50 ${ms(spawned.p50)}, p99 ${ms(spawned.p99)}`,
  );
  results.latency = { n: samples.length, running, completed, ack, spawned };
}

// ---- 3. API -----------------------------------------------------------------------------

async function runApi() {
  const dir = scenarioDir("api");
  const m = new Manager({
    dir,
    logLevel: LOG_LEVEL,
    cpuProfDir: CPU_PROF || undefined,
    args: await storeArgs("api"),
  });
  await m.start();
  const lean = new LeanClient(m.address);
  const seconds = num("api-seconds");
  const inflight = num("api-inflight");
  const submitOne = () =>
    lean.call("SubmitJob", "JobSpec", "SubmitJobResponse", { command: "true" });
  try {
    const ids: string[] = [];
    await pool(16, 200, 10_000, async () => { // warm-up
      ids.push((await submitOne()).jobId);
    });
    const cpu0 = cpuSeconds(m.proc.pid);
    const single = await pool(inflight, 1_000_000, seconds * 1000, async () => {
      ids.push((await submitOne()).jobId);
    });
    const singleRate = single.done / single.seconds;
    const perCall = (cpuSeconds(m.proc.pid) - cpu0) * 1e6 / single.done;
    const viaGrpcJs = await pool(inflight, 1_000_000, Math.min(seconds, 3) * 1000, async () => {
      ids.push((await m.call("SubmitJob", { command: "true" })).jobId);
    });
    const mark1 = verdict("SubmitJob durable acks/s (64 in flight)", singleRate, "≥", 3000);
    line(
      "api",
      `SubmitJob, ${inflight} in flight: ${fmt(singleRate)} durable acks/s ` +
        `(${single.done} in ${fmt(single.seconds, 2)} s; manager ${
          fmt(perCall)
        } µs CPU per call) ` +
        `${mark1}; with a grpc-js client as load generator: ${
          fmt(viaGrpcJs.done / viaGrpcJs.seconds)
        }/s`,
    );
    const batchSize = BATCH;
    const batch = await pool(4, 1_000_000, seconds * 1000, async () => {
      const jobs = Array.from({ length: batchSize }, () => ({ command: "true" }));
      await lean.call("SubmitJobs", "SubmitJobsRequest", "SubmitJobsResponse", { jobs });
    });
    const batchRate = (batch.done * batchSize) / batch.seconds;
    // The PostgreSQL target is lower: every batch crosses a socket to another process.
    const mark2 = verdict("SubmitJobs jobs/s", batchRate, "≥", ON_POSTGRES ? 20_000 : 30_000);
    line(
      "api",
      `SubmitJobs, ${batchSize} jobs per call, 4 calls in flight: ${fmt(batchRate)} jobs/s ` +
        `(${batch.done} calls in ${fmt(batch.seconds, 2)} s) ${mark2}`,
    );
    const get = await pool(inflight, 1_000_000, seconds * 1000, async (i) => {
      const jobId = ids[(i * 7919) % ids.length];
      await lean.call("GetJobStatus", "GetJobStatusRequest", "JobStatus", { jobId });
    });
    const list = await pool(inflight, 1_000_000, seconds * 1000, async () => {
      await lean.call("ListJobs", "ListJobsRequest", "ListJobsResponse", {});
    });
    const list10 = await pool(inflight, 1_000_000, seconds * 1000, async () => {
      await lean.call("ListJobs", "ListJobsRequest", "ListJobsResponse", { pageSize: 10 });
    });
    line(
      "api",
      `GetJobStatus, ${inflight} in flight: ${fmt(get.done / get.seconds)}/s; ListJobs ` +
        `(first page of 100): ${fmt(list.done / list.seconds)}/s; ListJobs (page of 10): ${
          fmt(list10.done / list10.seconds)
        }/s; over ${fmt(ids.length + batch.done * batchSize)} jobs`,
    );
    results.api = {
      submitJobPerSec: singleRate,
      submitJobManagerCpuUs: perCall,
      submitJobGrpcJsClientPerSec: viaGrpcJs.done / viaGrpcJs.seconds,
      submitJobsPerSec: batchRate,
      batchSize,
      getJobStatusPerSec: get.done / get.seconds,
      listJobs100PerSec: list.done / list.seconds,
      listJobs10PerSec: list10.done / list10.seconds,
    };
  } finally {
    lean.close();
    await m.stop();
  }
}

// ---- 4. scale ---------------------------------------------------------------------------

async function firstPageLatency(m: Manager, request: unknown, count = 20) {
  const times = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await m.call("ListJobs", request);
    times.push(performance.now() - t0);
  }
  return summarize(times);
}

async function runScale() {
  const n = num("scale-n");
  const dir = scenarioDir("scale");
  let m = new Manager({ dir, logLevel: LOG_LEVEL, cpuProfDir: CPU_PROF || undefined });
  await m.start();
  const workers: Proc[] = [];
  const r: Record<string, unknown> = { n };
  try {
    const rss0 = rss(m.proc.pid);
    const t0 = performance.now();
    const batch = Math.max(BATCH, 5000);
    const mixed = flags["scale-jobs"] !== "plain";
    await submitMany(m, n, "true", batch, 2, mixed ? mixedSpec : undefined);
    const submitSeconds = (performance.now() - t0) / 1000;
    await sleep(1000);
    const after = rss(m.proc.pid);
    const markRss = verdict(`RSS with ${fmt(n)} pending`, after.rss / 2 ** 20, "≤", 512, " MB");
    line(
      "scale",
      `submit ${fmt(n)} × true${
        mixed ? " of mixed requests" : ""
      } (SubmitJobs of ${batch}, 2 in flight): ${fmt(submitSeconds, 1)} s ` +
        `= ${fmt(n / submitSeconds)} jobs/s; manager RSS idle ${mb(rss0.rss)} → ${
          mb(after.rss)
        } with ${fmt(n)} pending ${markRss} (peak ${mb(after.peak)})`,
    );
    const page = await firstPageLatency(m, {});
    const pagePending = await firstPageLatency(m, { states: ["PENDING"] });
    const markPage = verdict(`ListJobs first page (${fmt(n)} pending)`, page.p50, "≤", 50, " ms");
    line(
      "scale",
      `ListJobs first page (100 jobs) p50 ${fmt(page.p50, 1)} ms ${markPage}, max ${
        fmt(page.max, 1)
      } ms; with states=[PENDING] p50 ${fmt(pagePending.p50, 1)} ms, max ${
        fmt(pagePending.max, 1)
      } ms`,
    );
    Object.assign(r, { submitSeconds, rss0, after, page, pagePending });

    // Restart: time from spawn to serving again.
    const tStop = performance.now();
    await m.stop();
    const stopSeconds = (performance.now() - tStop) / 1000;
    m = new Manager({
      dir,
      port: m.port,
      httpPort: m.httpPort,
      logLevel: LOG_LEVEL,
      cpuProfDir: CPU_PROF || undefined,
      name: "manager-restarted",
    });
    const tStart = performance.now();
    await m.start(300_000);
    const restartSeconds = (performance.now() - tStart) / 1000;
    const restarted = rss(m.proc.pid);
    const pageAfter = await firstPageLatency(m, {});
    const markRestart = verdict(
      `restart to serving (${fmt(n)} pending)`,
      restartSeconds,
      "≤",
      10,
      " s",
    );
    line(
      "scale",
      `restart with ${fmt(n)} pending: stop ${fmt(stopSeconds, 2)} s, spawn → serving ` +
        `(readyz + ListJobs) ${fmt(restartSeconds, 2)} s ${markRestart}; RSS after restart ${
          mb(restarted.rss)
        }; ListJobs first page p50 ${fmt(pageAfter.p50, 1)} ms`,
    );
    Object.assign(r, { stopSeconds, restartSeconds, restarted, pageAfter });

    // Attach workers and watch the queue drain.
    const drainSeconds = num("drain-seconds");
    const base = await finishedTotal(m);
    for (let i = 1; i <= WORKERS; i++) {
      workers.push(
        startWorker(m, `worker-${i}`, SLOTS, dir, { ...workerOpts(), cpuProfDir: undefined }),
      );
    }
    await waitForWorkers(m, WORKERS);
    const samples: { t: number; done: number; rss: number }[] = [];
    const t1 = performance.now();
    while (performance.now() - t1 < drainSeconds * 1000) {
      await sleep(1000);
      const done = (await finishedTotal(m)) - base;
      samples.push({ t: (performance.now() - t1) / 1000, done, rss: rss(m.proc.pid).rss });
      if (done >= n) break;
    }
    const last = samples[samples.length - 1];
    const rssValues = samples.map((s) => s.rss);
    const firstRss = rssValues[0], maxRss = Math.max(...rssValues), endRss = last.rss;
    // V8's heap grows to the load, then saws up and down: compare the second half of the
    // drain with the first (after its first 10 s).
    const half = samples[Math.floor(samples.length / 2)] ?? last;
    const firstHalfMax = Math.max(
      ...samples.filter((s) => s.t >= 10 && s.t < half.t).map((s) => s.rss),
      0,
    );
    const secondHalfMax = Math.max(...samples.filter((s) => s.t >= half.t).map((s) => s.rss));
    const warm = half;
    const flat = firstHalfMax === 0 || secondHalfMax <= firstHalfMax * 1.3;
    line(
      "scale",
      `drain with ${WORKERS} workers × ${SLOTS} slots for ${fmt(last.t, 0)} s: ${
        fmt(last.done)
      } done (${fmt(last.done / last.t)}/s); manager RSS during drain: first ${
        mb(firstRss)
      }, after ${fmt(warm.t, 0)} s ${mb(warm.rss)}, max ${mb(maxRss)}, last ${
        mb(endRss)
      }; max of ` +
        `the first half ${mb(firstHalfMax)}, of the second ${mb(secondHalfMax)} (${
          flat ? "bounded" : "grew"
        })`,
    );
    Object.assign(r, { drain: samples });
  } finally {
    await Promise.all(workers.map((w) => w.stop(10_000)));
    await m.stop();
  }
  results.scale = r;
}

/**
 * The scale scenario's mix, by index: slot-only, cpu, memory, both in another queue, a
 * higher priority, a queue of its own, and 1 in 8 asking for a gpu (no bench worker has
 * one: those stay PENDING, and backfill must reach past them).
 */
function mixedSpec(i: number): Record<string, unknown> {
  const command = "true";
  switch (i % 8) {
    case 1:
      return { command, resources: { cpuMillis: 500 } };
    case 2:
      return { command, resources: { memoryMb: 64 } };
    case 3:
      return { command, resources: { cpuMillis: 250, memoryMb: 32 }, queue: "batch" };
    case 4:
      return { command, priority: 5 };
    case 5:
      return { command, queue: "etl" };
    case 7:
      return { command, resources: { devices: { gpu: 1 } }, selector: { gpu: "true" } };
    default:
      return { command };
  }
}

// ---- 5. fleet ---------------------------------------------------------------------------

async function managerCpu(m: Manager, seconds: number): Promise<number> {
  const c0 = cpuSeconds(m.proc.pid), t0 = performance.now();
  await sleep(seconds * 1000);
  return (cpuSeconds(m.proc.pid) - c0) / ((performance.now() - t0) / 1000);
}

async function runFleet() {
  const count = num("fleet-workers");
  const seconds = num("fleet-seconds");
  const out: Record<string, unknown>[] = [];
  for (const hb of String(flags["fleet-heartbeat"]).split(",").map(Number)) {
    const dir = scenarioDir(`fleet-${hb}`);
    const m = new Manager({
      dir,
      logLevel: LOG_LEVEL,
      cpuProfDir: CPU_PROF || undefined,
      args: ["--heartbeat-interval", String(hb), "--heartbeat-timeout", String(hb * 3)],
    });
    await m.start();
    try {
      await sleep(1000);
      const idle = await managerCpu(m, Math.min(seconds, 10));
      const fleet = startFakeWorkers(m.address, count);
      try {
        await waitFor(() => fleet.registered() >= count, 60_000, `${count} registrations`, 50);
        await waitForWorkers(m, count);
        await sleep(2000);
        const hb0 = fleet.heartbeatsSent();
        const busy = await managerCpu(m, seconds);
        const beats = fleet.heartbeatsSent() - hb0;
        // The target is for the default heartbeat (10 s); other intervals show the headroom.
        const mark = hb === 10
          ? verdict(
            `${count} idle workers (heartbeat ${hb} s): manager CPU`,
            busy * 100,
            "≤",
            5,
            " % of a core",
          )
          : "";
        line(
          "fleet",
          `${count} simulated workers, heartbeat every ${hb} s: manager CPU ${
            fmt(busy * 100, 2)
          } % of one core over ${seconds} s ${mark} (${beats} heartbeats; with no workers ${
            fmt(idle * 100, 2)
          } %); RSS ${mb(rss(m.proc.pid).rss)}`,
        );
        out.push({ heartbeatSeconds: hb, workers: count, cpu: busy, idleCpu: idle, beats });
      } finally {
        fleet.close();
      }
    } finally {
      await m.stop();
    }
  }
  results.fleet = out;
}

// ---- 6. failover (PostgreSQL) ---------------------------------------------------------

async function runFailover() {
  const leaseSeconds = num("lease");
  const storeUrl = (await storeArgs("failover"))[1];
  const r = await measureFailover({
    dir: scenarioDir("failover"),
    storeUrl,
    leaseSeconds,
    logLevel: LOG_LEVEL,
  });
  const mark = verdict(
    "failover: leader SIGKILL → first job accepted",
    r.killToFirstAckMs / 1000,
    "≤",
    15,
    " s",
  );
  line(
    "failover",
    `lease ${leaseSeconds} s: leader SIGKILL → first job acknowledged by the new leader ` +
      `${fmt(r.killToFirstAckMs)} ms ${mark}; → new leader ready ${fmt(r.killToReadyMs)} ms ` +
      `(${r.ackedBefore} jobs before, ${r.ackedAfter} after, ${r.failedCalls} calls refused meanwhile)`,
  );
  results.failover = r;
}

// ---- main -------------------------------------------------------------------------------

// ---- 7. placement ------------------------------------------------------------------------

/** µs per call of `fn`, the median of 5 rounds of `calls` calls. */
function microseconds(calls: number, fn: () => unknown): number {
  const rounds: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) fn();
    rounds.push(((performance.now() - t0) * 1000) / calls);
  }
  return rounds.sort((a, b) => a - b)[2];
}

function runPlacement() {
  const none = { cpuMillis: 0, memoryMb: 0, devices: {} };
  const room = (slots: number) => ({ slots, cpuMillis: 2000, memoryMb: 8192, devices: {} });
  const workers = (n: number, free: number) =>
    Array.from({ length: n }, (_, i) => ({
      id: `w${i}`,
      labels: {},
      total: room(16),
      free: room(free),
    }));
  const job = (i: number, resources = none, selector = {}, queue = "default") => ({
    id: `j${i}`,
    queue,
    resources,
    selector,
    createdAt: 0,
    notBefore: 0,
  });
  const plain = Array.from({ length: 4096 }, (_, i) => job(i));
  const mixed = Array.from({ length: 4096 }, (_, i) => {
    const s = mixedSpec(i) as {
      resources?: Partial<typeof none>;
      selector?: object;
      queue?: string;
    };
    return job(i, { ...none, ...s.resources }, s.selector ?? {}, s.queue ?? "default");
  });
  // The gpu jobs alone fill a window: every pass walks it, then stops.
  const blocked = Array.from(
    { length: 4096 },
    (_, i) => job(i, { ...none, devices: { gpu: 1 } }, { gpu: "true" }),
  );
  const base = { queues: new Map(), cursor: "", now: 1, reserveAfterMs: 60_000 };
  const cases: [string, () => unknown][] = [
    [
      "32 slot-only jobs onto 2 idle workers (a throughput pass)",
      () =>
        schedule({
          ...base,
          jobs: plain.slice(0, 64),
          workers: workers(2, 16),
          mode: "round-robin",
        }),
    ],
    [
      "1 slot free, window of 4096 slot-only jobs (a slot freed under load)",
      () =>
        schedule({
          ...base,
          jobs: plain,
          workers: workers(2, 0).map((w, i) => i ? w : { ...w, free: room(1) }),
          mode: "round-robin",
        }),
    ],
    [
      "32 slots free, window of 4096 mixed requests",
      () => schedule({ ...base, jobs: mixed, workers: workers(2, 16), mode: "round-robin" }),
    ],
    [
      "same, binpack",
      () => schedule({ ...base, jobs: mixed, workers: workers(2, 16), mode: "binpack" }),
    ],
    [
      "32 slots free, window of 4096 jobs that fit nowhere",
      () => schedule({ ...base, jobs: blocked, workers: workers(2, 16), mode: "round-robin" }),
    ],
    [
      "same onto 200 workers",
      () => schedule({ ...base, jobs: blocked, workers: workers(200, 16), mode: "round-robin" }),
    ],
  ];
  for (const [what, fn] of cases) {
    const us = microseconds(what.includes("4096") ? 200 : 2000, fn);
    line("placement", `${what}: ${fmt(us, 1)} µs per pass`);
  }
}

// ---- peers: BullMQ on Redis ------------------------------------------------------------

async function runPeers() {
  const peers = await startBullmq(scenarioDir("bullmq"), {
    workers: WORKERS,
    concurrency: SLOTS,
    batch: BATCH,
  });
  const peerResults: Record<string, unknown> = {};
  try {
    for (const which of ["throughput", "sleep"] as const) {
      if (!only.has(which)) continue;
      const isTrue = which === "throughput";
      const n = isTrue ? N : SLEEP_N;
      const command = isTrue ? "true" : "sleep 0.1";
      const runs: PeerRun[] = [];
      for (let r = 0; r < REPEAT; r++) runs.push(await peers.run(n, command));
      runs.sort((a, b) => a.rate - b.rate);
      const p = runs[Math.floor(runs.length / 2)];
      const titan = results[which] as { rate: number; cpuMsPerJob: number } | undefined;
      const ceil = isTrue ? ceiling?.p4 : ceiling?.sleepP32;
      line(
        "bullmq",
        `N=${n} × ${command}: ${fmt(p.rate)} jobs/s (${fmt(p.seconds, 2)} s first add → last ` +
          `completion; add phase ${fmt(p.submitSeconds, 2)} s; failed ${p.failed}) ratio ` +
          `BullMQ/ceiling ${fmt(ceil ? p.rate / ceil : NaN, 2)}; Redis + workers + the jobs ${
            fmt(p.cpuMsPerJob, 2)
          } ms CPU per job; client ${fmt(p.clientCpu, 2)} s` +
          (REPEAT > 1 ? ` (median of ${REPEAT})` : ""),
      );
      if (titan) {
        line(
          "bullmq",
          `  Titan/BullMQ on ${command}: ${fmt(titan.rate / p.rate, 2)} (jobs/s), CPU per job ${
            fmt(titan.cpuMsPerJob, 2)
          } vs ${fmt(p.cpuMsPerJob, 2)} ms`,
        );
        verdict(`${command} Titan/BullMQ`, titan.rate / p.rate, "≥", 1);
      }
      peerResults[which] = { ...p, runs, ratioTitan: titan ? titan.rate / p.rate : NaN };
    }
  } finally {
    await peers.stop();
  }
  results.bullmq = { bullmq: BULLMQ_VERSION, ioredis: IOREDIS_VERSION, ...peerResults };
}

// ---- dag --------------------------------------------------------------------------------

/** Every job of a run, by listing (newest first): id → [started, finished] epoch ms. */
async function runSpans(m: Manager, n: number): Promise<Map<string, [number, number]>> {
  const spans = new Map<string, [number, number]>();
  let token = "";
  while (spans.size < n) {
    const page = await m.call("ListJobs", { pageSize: 1000, pageToken: token });
    for (const j of page.jobs) {
      if (spans.size >= n) break;
      spans.set(j.jobId, [fromTimestamp(j.startedAt) ?? 0, fromTimestamp(j.finishedAt) ?? 0]);
    }
    token = page.nextPageToken;
    if (!token) break;
  }
  return spans;
}

/** One workflow of `jobs`, submitted in one call; returns the ids, submit and total seconds. */
async function oneWorkflow(c: Cluster, jobs: Record<string, unknown>[]) {
  const base = await finishedTotal(c.manager);
  const cpu0 = cpuSeconds(c.manager.proc.pid);
  const t0 = performance.now();
  const res = await c.manager.call("SubmitJobs", { jobs }, 300_000);
  const submitted = performance.now();
  const done = await waitFinished(c.manager, base, jobs.length, 600_000);
  const ids: string[] = res.jobs.map((j: { jobId: string }) => j.jobId);
  const seconds = (done.at - t0) / 1000;
  return {
    ids,
    submitSeconds: (submitted - t0) / 1000,
    seconds,
    rate: jobs.length / seconds,
    failed: done.failed,
    managerCpuMsPerJob: (cpuSeconds(c.manager.proc.pid) - cpu0) * 1000 / jobs.length,
  };
}

async function runDag() {
  const c = await startCluster("dag");
  const n = Math.min(10_000, Math.max(2, num("dag-n")));
  try {
    const plain = await oneWorkflow(c, Array.from({ length: n }, () => ({ command: "true" })));
    line(
      "dag",
      `independent ${n}: submit ${fmt(plain.submitSeconds * 1000)} ms, ${
        fmt(plain.rate)
      } jobs/s, manager ${fmt(plain.managerCpuMsPerJob, 2)} ms CPU/job`,
    );

    const fanOut = await oneWorkflow(c, [
      { name: "root", command: "true" },
      ...Array.from({ length: n - 1 }, () => ({ command: "true", dependsOn: ["root"] })),
    ]);
    const outSpans = await runSpans(c.manager, n);
    const root = outSpans.get(fanOut.ids[0])!;
    const firstDependent = Math.min(...fanOut.ids.slice(1).map((id) => outSpans.get(id)![0]));
    line(
      "dag",
      `fan-out 1→${n - 1}: submit ${fmt(fanOut.submitSeconds * 1000)} ms, ${
        fmt(fanOut.rate)
      } jobs/s (${fmt(fanOut.rate / plain.rate, 3)} of independent), root end → first ` +
        `dependent start ${fmt(firstDependent - root[1])} ms, manager ${
          fmt(fanOut.managerCpuMsPerJob, 2)
        } ms CPU/job`,
    );

    const fanIn = await oneWorkflow(c, [
      ...Array.from({ length: n - 1 }, (_, i) => ({ name: `leaf${i}`, command: "true" })),
      {
        name: "join",
        command: "true",
        dependsOn: Array.from({ length: n - 1 }, (_, i) => `leaf${i}`),
      },
    ]);
    const inSpans = await runSpans(c.manager, n);
    const join = inSpans.get(fanIn.ids[n - 1])!;
    const lastLeaf = Math.max(...fanIn.ids.slice(0, n - 1).map((id) => inSpans.get(id)![1]));
    const statusCalls = 20;
    const t0 = performance.now();
    for (let i = 0; i < statusCalls; i++) {
      await c.manager.call("GetJobStatus", { jobId: fanIn.ids[n - 1] });
    }
    const statusMs = (performance.now() - t0) / statusCalls;
    line(
      "dag",
      `fan-in ${n - 1}→1: submit ${fmt(fanIn.submitSeconds * 1000)} ms, ${
        fmt(fanIn.rate)
      } jobs/s (${fmt(fanIn.rate / plain.rate, 3)} of independent), last leaf end → join ` +
        `start ${fmt(join[0] - lastLeaf)} ms, GetJobStatus of the join (${n - 1} dependencies) ${
          fmt(statusMs, 1)
        } ms, manager ${fmt(fanIn.managerCpuMsPerJob, 2)} ms CPU/job`,
    );
    results.dag = {
      n,
      independent: { ...plain, ids: undefined },
      fanOut: { ...fanOut, ids: undefined, releaseMs: firstDependent - root[1] },
      fanIn: { ...fanIn, ids: undefined, releaseMs: join[0] - lastLeaf, statusMs },
    };
  } finally {
    await stopCluster(c);
  }
}

async function main() {
  console.log(
    `Titan bench ${
      new Date().toISOString()
    } — nproc ${navigator.hardwareConcurrency}, deno ${Deno.version.deno}, ` +
      `loadavg ${loadavg()}, data ${root}`,
  );
  console.log(`args: ${Deno.args.join(" ") || "(defaults)"}`);
  console.log(
    `store: ${
      ON_POSTGRES
        ? (STORE === "postgres" ? "PostgreSQL (local, initdb, fsync on)" : STORE)
        : "sqlite"
    }`,
  );
  results.store = ON_POSTGRES ? "postgres" : "sqlite";
  const withPeers = flags.peers && (only.has("throughput") || only.has("sleep"));
  if (withPeers) await installPeers();
  const needCeiling = only.has("ceiling") || only.has("throughput") || only.has("sleep");
  if (needCeiling) ceiling = await runCeiling();
  if (only.has("throughput") || only.has("sleep") || only.has("latency")) {
    const c = await startCluster("cluster");
    try {
      if (only.has("throughput")) await runThroughput(c, "throughput");
      if (only.has("sleep")) await runThroughput(c, "sleep");
      if (only.has("latency")) await runLatency(c);
    } finally {
      await stopCluster(c);
    }
  }
  if (withPeers) await runPeers();
  if (only.has("api")) await runApi();
  if (only.has("scale")) await runScale();
  if (only.has("fleet")) await runFleet();
  if (only.has("placement")) runPlacement();
  if (only.has("failover")) await runFailover();
  if (only.has("dag")) await runDag();
  console.log(`loadavg at the end ${loadavg()}`);
  console.log("targets:");
  for (const v of verdicts) console.log(`  ${v}`);
  results.verdicts = verdicts;
  if (flags.json) Deno.writeTextFileSync(String(flags.json), JSON.stringify(results, null, 2));
}

try {
  await main();
} finally {
  await postgres?.destroy();
  if (!flags.keep) Deno.removeSync(root, { recursive: true });
  else console.log(`kept ${root}`);
}
Deno.exit(0);
