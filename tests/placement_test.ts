/**
 * Placement end to end: a real manager and real workers of different labels and capacity
 * (--cpus, --memory, --device, --label), jobs with requests and selectors, queues with
 * limits and pause across a manager restart. Over-commit is checked from the jobs' own start
 * and finish times: at no moment do the jobs running on a worker ask for more than it has.
 */
import assert from "node:assert/strict";
import type { JobStatus__Output } from "../shared/proto.ts";
import { fromTimestamp } from "../shared/wire_time.ts";
import { Cluster, waitFor } from "./support/cluster.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const CLI = new URL("../cli/main.ts", import.meta.url).pathname;

interface Offer {
  id: string;
  slots: number;
  cpus: number;
  memory: number;
  labels: string[];
  devices?: string[];
}

const SMALL: Offer = { id: "small", slots: 4, cpus: 1, memory: 512, labels: ["size=small"] };
const BIG: Offer = {
  id: "big",
  slots: 4,
  cpus: 2,
  memory: 2048,
  labels: ["size=big", "gpu=true"],
  devices: ["gpu=1"],
};

function startWorker(cluster: Cluster, w: Offer) {
  cluster.startWorker(w.id, [
    "--slots",
    String(w.slots),
    "--cpus",
    String(w.cpus),
    "--memory",
    String(w.memory),
    ...w.labels.flatMap((l) => ["--label", l]),
    ...(w.devices ?? []).flatMap((d) => ["--device", d]),
  ]);
}

async function startCluster(managerArgs: string[] = []): Promise<Cluster> {
  const cluster = await Cluster.start({ workers: 0, managerArgs });
  startWorker(cluster, SMALL);
  startWorker(cluster, BIG);
  await cluster.waitForWorkers(2);
  return cluster;
}

const res = (cpuMillis: number, memoryMb: number, devices: Record<string, number> = {}) => ({
  cpuMillis,
  memoryMb,
  devices,
});

/** The largest sum of `of(job)` over jobs running at one moment (from their start/finish). */
function peak(jobs: JobStatus__Output[], of: (j: JobStatus__Output) => number): number {
  const edges: [number, number][] = [];
  for (const j of jobs) {
    const start = fromTimestamp(j.startedAt);
    const end = fromTimestamp(j.finishedAt);
    assert.ok(start && end && end >= start, `job ${j.jobId} has its times: ${start}, ${end}`);
    edges.push([start, of(j)], [end, -of(j)]);
  }
  // At one instant, ends come before starts: a job may start the moment another ended.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let most = 0;
  for (const [, d] of edges) {
    now += d;
    most = Math.max(most, now);
  }
  return most;
}

async function titan(cluster: Cluster, args: string[]): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, ...args, "--manager", cluster.address],
    env: { NO_COLOR: "1", TITAN_TOKEN: "" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  return text;
}

Deno.test({
  name: "placement honours selectors and capacity: no worker is over-committed at any moment",
  ...opts,
  fn: async () => {
    const cluster = await startCluster();
    try {
      const { workers } = await cluster.call("ListWorkers", {});
      const big = workers.find((w: { workerId: string }) => w.workerId === "big");
      assert.deepEqual(big.capacity, res(2000, 2048, { gpu: 1 }));
      assert.deepEqual(big.labels, { size: "big", gpu: "true" });
      assert.match(big.isolation, /^(cgroup|process-group)$/);

      const submitted: { id: string; kind: string }[] = [];
      const submit = async (kind: string, spec: Record<string, unknown>) => {
        submitted.push({ id: await cluster.submit("sleep 0.5", spec), kind });
      };
      // 8 cores-worth of one-core jobs for 3 cores: they must queue, never overlap beyond.
      for (let i = 0; i < 8; i++) await submit("cpu", { resources: res(1000, 128) });
      // Memory-heavy: only "big" holds 1500 MiB, and only one at a time.
      for (let i = 0; i < 3; i++) await submit("mem", { resources: res(0, 1500) });
      // One gpu in the fleet: gpu jobs run one after another, on "big".
      for (let i = 0; i < 3; i++) {
        await submit("gpu", { resources: res(0, 0, { gpu: 1 }), selector: { gpu: "true" } });
      }
      // Slot-only jobs pinned to the small worker.
      for (let i = 0; i < 3; i++) await submit("small", { selector: { size: "small" } });

      const done = await Promise.all(
        submitted.map((s) => cluster.waitForState(s.id, ["COMPLETED", "FAILED"], 60_000)),
      );
      for (const j of done) assert.equal(j.state, "COMPLETED", `${j.jobId}: ${j.error}`);
      const kind = new Map(submitted.map((s) => [s.id, s.kind]));
      const on = (id: string) => done.filter((j) => j.workerId === id);
      for (const j of done) {
        if (kind.get(j.jobId) === "mem" || kind.get(j.jobId) === "gpu") {
          assert.equal(j.workerId, "big", `${kind.get(j.jobId)} job on ${j.workerId}`);
        }
        if (kind.get(j.jobId) === "small") assert.equal(j.workerId, "small");
      }
      for (const w of [SMALL, BIG]) {
        const jobs = on(w.id);
        assert.ok(peak(jobs, (j) => j.resources?.cpuMillis ?? 0) <= w.cpus * 1000, `${w.id} cpu`);
        assert.ok(peak(jobs, (j) => j.resources?.memoryMb ?? 0) <= w.memory, `${w.id} memory`);
        assert.ok(peak(jobs, () => 1) <= w.slots, `${w.id} slots`);
      }
      assert.ok(peak(on("big"), (j) => j.resources?.devices?.gpu ?? 0) <= 1, "one gpu");
      // Both workers took cpu jobs: the fleet's 3 cores were used, not just one worker's.
      const cpuJobs = done.filter((j) => kind.get(j.jobId) === "cpu");
      assert.deepEqual([...new Set(cpuJobs.map((j) => j.workerId))].sort(), ["big", "small"]);

      // Nothing left allocated once everything ended.
      const after = await cluster.call("ListWorkers", {});
      for (const w of after.workers) {
        assert.deepEqual([w.running, w.allocated.cpuMillis, w.allocated.memoryMb], [0, 0, 0]);
      }
    } finally {
      await cluster.stop();
    }
  },
});

Deno.test({
  name: "a job asking for more than anyone has stays PENDING with its reason, in status and list",
  ...opts,
  fn: async () => {
    const cluster = await startCluster();
    try {
      const huge = await cluster.submit("true", { resources: res(0, 1_000_000) });
      const unlabelled = await cluster.submit("true", { selector: { zone: "mars" } });
      const fine = await cluster.submit("echo fits", { resources: res(500, 256) });
      assert.equal((await cluster.waitForState(fine)).state, "COMPLETED");
      const status = await cluster.status(huge);
      assert.equal(status.state, "PENDING");
      assert.equal(
        status.pendingReason,
        "needs 1000000 MiB memory; no healthy worker has that much (largest: 2048 MiB on big)",
      );
      assert.equal(
        (await cluster.status(unlabelled)).pendingReason,
        "no healthy worker has label zone=mars",
      );
      const listed = await cluster.call("ListJobs", { states: ["PENDING"] });
      assert.equal(listed.jobs.length, 2);
      assert.ok(listed.jobs.every((j: JobStatus__Output) => j.pendingReason !== ""));

      const shown = await titan(cluster, ["status", huge]);
      assert.match(shown, /^Reason:\s+needs 1000000 MiB memory; no healthy worker has that much/m);
      const table = await titan(cluster, ["list", "--state", "PENDING"]);
      assert.match(table, /REASON/);
      assert.match(table, /no healthy worker has label zone=mars/);
      const workers = await titan(cluster, ["workers"]);
      assert.match(
        workers,
        /^big\s+HEALTHY\s+0\/4\s+0\/2\s+0\/2048\s+gpu 0\/1\s+\S+\s+gpu=true,size=big/m,
      );

      // A worker that has enough joins: the job that waited for it runs.
      cluster.startWorker("huge", ["--slots", "1", "--cpus", "1", "--memory", "1000000"]);
      assert.equal((await cluster.waitForState(huge)).workerId, "huge");
    } finally {
      await cluster.stop();
    }
  },
});

Deno.test({
  name: "queue limits and pause hold, also across a manager restart",
  ...opts,
  fn: async () => {
    const cluster = await startCluster();
    try {
      await cluster.call("UpdateQueue", { name: "etl", maxRunning: 1 });
      await cluster.call("UpdateQueue", { name: "batch", paused: true });
      const etl: string[] = [];
      for (let i = 0; i < 4; i++) etl.push(await cluster.submit("sleep 0.4", { queue: "etl" }));
      const batch = await cluster.submit("echo batch", { queue: "batch" });
      await cluster.waitForState(etl[0], ["COMPLETED"]);
      assert.equal((await cluster.status(batch)).pendingReason, "queue batch is paused");

      // The manager restarts while etl jobs wait: its settings come back from the store.
      await cluster.manager.stop();
      await cluster.startManager();
      await cluster.waitForWorkers(2);
      const { queues } = await cluster.call("ListQueues", {});
      const byName = Object.fromEntries(queues.map((q: { name: string }) => [q.name, q]));
      assert.equal(byName.etl.maxRunning, 1);
      assert.equal(byName.batch.paused, true);
      assert.equal(byName.batch.pending, 1);
      assert.ok(byName.default, "the default queue is always listed");

      const done = await Promise.all(etl.map((id) => cluster.waitForState(id, ["COMPLETED"])));
      assert.equal(peak(done, () => 1), 1, "never two etl jobs at once");
      const waiting = await cluster.status(batch);
      assert.equal(waiting.state, "PENDING");
      assert.equal(waiting.pendingReason, "queue batch is paused");

      const metrics = await cluster.metrics();
      assert.equal(metrics.get('titan_queue_paused{queue="batch"}'), 1);
      assert.equal(metrics.get('titan_queue_jobs{queue="batch",state="pending"}'), 1);
      assert.equal(metrics.get('titan_queue_jobs{queue="etl",state="running"}'), 0);
      await titan(cluster, ["queue", "resume", "batch"]);
      assert.equal((await cluster.waitForState(batch)).stdout, "batch\n");
      const listing = await titan(cluster, ["queues"]);
      assert.match(listing, /^etl\s+active\s+1\s+0\s+0$/m);
      assert.match(listing, /^batch\s+active\s+-\s+0\s+0$/m);
    } finally {
      await cluster.stop();
    }
  },
});

Deno.test({
  name: "binpack fills one worker before the next",
  ...opts,
  fn: async () => {
    const cluster = await Cluster.start({ workers: 0, managerArgs: ["--placement", "binpack"] });
    try {
      for (const id of ["w1", "w2"]) cluster.startWorker(id, ["--slots", "3", "--cpus", "3"]);
      await cluster.waitForWorkers(2);
      const ids = [];
      for (let i = 0; i < 3; i++) {
        ids.push(await cluster.submit("sleep 1", { resources: res(1000, 0) }));
      }
      await waitFor(async () => {
        const { workers } = await cluster.call("ListWorkers", {});
        return workers.reduce((n: number, w: { running: number }) => n + w.running, 0) === 3;
      }, 20_000);
      const { workers } = await cluster.call("ListWorkers", {});
      assert.deepEqual(workers.map((w: { running: number }) => w.running).sort(), [0, 3]);
      await Promise.all(ids.map((id) => cluster.waitForState(id)));
    } finally {
      await cluster.stop();
    }
  },
});
