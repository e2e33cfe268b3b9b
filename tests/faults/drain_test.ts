/**
 * Graceful drain of a real worker, three ways in: SIGTERM, the DrainWorker RPC, and
 * `titan drain <worker>`. Running attempts get the worker's --drain-timeout to finish; the
 * rest are handed back and requeued at once (well before any heartbeat timeout); the worker
 * exits 0.
 */
import assert from "node:assert/strict";
import { Cluster, processesInGroup, waitFor } from "../support/cluster.ts";
import { markerCommand, readMarker } from "./support.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const ROOT = new URL("../../", import.meta.url).pathname;

/** A cluster whose heartbeat timeout (30 s) is far longer than any drain here takes. */
async function drainCluster(): Promise<Cluster> {
  return await Cluster.start({
    workers: 1,
    slots: 2,
    heartbeatInterval: 0.5,
    heartbeatTimeout: 30,
    workerArgs: ["--drain-timeout", "2"],
  });
}

/**
 * On worker-1: a short job that finishes within the drain timeout and a long one that does
 * not. Then worker-2 joins, to take over what is handed back.
 */
async function shortAndLong(cluster: Cluster) {
  const marker = `${cluster.dir}/long`;
  const short = await cluster.submit("sleep 1; echo short done");
  const long = await cluster.submit(markerCommand(marker, "sleep 60"));
  await cluster.waitForState(short, ["RUNNING"]);
  await cluster.waitForState(long, ["RUNNING"]);
  await waitFor(() => readMarker(marker).length === 1, 5000);
  cluster.startWorker("worker-2");
  await cluster.waitForWorkers(2);
  return { short, long, marker, pid: readMarker(marker)[0].pid };
}

async function assertDrained(
  cluster: Cluster,
  jobs: { short: string; long: string; marker: string; pid: number },
  since: number,
) {
  const worker = cluster.workers.get("worker-1")!;
  const status = await worker.exited;
  assert.equal(status.code, 0, worker.log.slice(-3000));
  const short = await cluster.status(jobs.short);
  assert.equal(short.state, "COMPLETED", "the short job finished within the drain timeout");
  assert.equal(short.attempt, 1);
  assert.equal(short.stdout, "short done\n");
  // The long one was handed back and runs again on worker-2, at once: not after a timeout.
  await waitFor(() => readMarker(jobs.marker).length === 2, 10_000);
  const tookMs = Date.now() - since;
  assert.ok(tookMs < 15_000, `requeued after ${tookMs} ms (heartbeat timeout is 30 s)`);
  const long = await cluster.status(jobs.long);
  assert.equal(long.attempt, 2);
  assert.equal(long.workerId, "worker-2");
  assert.equal(processesInGroup(jobs.pid).length, 0, "the handed-back attempt was killed");
  const metrics = await cluster.metrics();
  assert.equal(metrics.get("titan_attempts_handed_back_total"), 1);
  const { workers } = await cluster.call("ListWorkers", {});
  const w1 = workers.find((w: { workerId: string }) => w.workerId === "worker-1");
  assert.equal(w1.state, "WORKER_STATE_DISCONNECTED");
  await cluster.call("CancelJob", { jobId: jobs.long });
}

Deno.test({
  name: "drain: SIGTERM lets running attempts finish, hands back the rest, exits 0",
  ...opts,
  fn: async () => {
    const cluster = await drainCluster();
    try {
      const jobs = await shortAndLong(cluster);
      const since = Date.now();
      cluster.workers.get("worker-1")!.kill("SIGTERM");
      await assertDrained(cluster, jobs, since);
    } finally {
      await cluster.stop();
    }
  },
});

Deno.test({
  name: "drain: the DrainWorker RPC drains with the worker's own --drain-timeout",
  ...opts,
  fn: async () => {
    const cluster = await drainCluster();
    try {
      const jobs = await shortAndLong(cluster);
      const since = Date.now();
      const res = await cluster.call("DrainWorker", { workerId: "worker-1" });
      assert.deepEqual([res.workerId, res.state], ["worker-1", "WORKER_STATE_DRAINING"]);
      await assertDrained(cluster, jobs, since);
    } finally {
      await cluster.stop();
    }
  },
});

Deno.test({
  name: "drain: `titan drain <worker>` drains it the same way",
  ...opts,
  fn: async () => {
    const cluster = await drainCluster();
    try {
      const jobs = await shortAndLong(cluster);
      const since = Date.now();
      const out = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          `${ROOT}cli/main.ts`,
          "--manager",
          cluster.address,
          "drain",
          "worker-1",
        ],
        env: { NO_COLOR: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const text = new TextDecoder();
      assert.equal(out.code, 0, text.decode(out.stderr));
      assert.match(text.decode(out.stdout), /worker-1\s+DRAINING/);
      await assertDrained(cluster, jobs, since);
    } finally {
      await cluster.stop();
    }
  },
});
