/**
 * Pipelining with real processes: a worker holds up to --queue-depth assignments beyond its
 * slots and starts each the moment a slot frees. Queued attempts are SCHEDULED on their worker,
 * run exactly once, and are neither lost nor run twice when they are cancelled, drained, taken
 * back for a worker with free room, or when the manager or their worker dies.
 */
import assert from "node:assert/strict";
import { Cluster, waitFor } from "../support/cluster.ts";
import { logLines, markerCommand, readMarker } from "./support.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

/** A test on a cluster of its own, stopped whatever happens. */
function clusterTest(
  name: string,
  options: Parameters<typeof Cluster.start>[0],
  body: (cluster: Cluster) => Promise<void>,
) {
  Deno.test({
    name,
    ...opts,
    fn: async () => {
      const cluster = await Cluster.start(options);
      try {
        await body(cluster);
      } finally {
        await cluster.stop();
      }
    },
  });
}

interface Listed {
  jobId: string;
  state: string;
  workerId: string;
  attempt: number;
}

async function listJobs(cluster: Cluster): Promise<Listed[]> {
  const { jobs } = await cluster.call("ListJobs", { pageSize: 100 });
  return jobs;
}

/** Jobs of `ids` per state, as ListJobs shows them. */
async function states(cluster: Cluster, ids: string[]): Promise<Record<string, Listed[]>> {
  const out: Record<string, Listed[]> = {};
  for (const j of await listJobs(cluster)) {
    if (!ids.includes(j.jobId)) continue;
    (out[j.state] ??= []).push(j);
  }
  return out;
}

/** Each of `ids` COMPLETED on `workerId` as attempt `attempt`, the only one that ran. */
async function assertRanOnceOn(
  cluster: Cluster,
  ids: string[],
  markers: string[],
  workerId: string,
  attempt: number,
) {
  for (const id of ids) {
    const s = await cluster.waitForState(id);
    assert.equal(s.state, "COMPLETED", `${s.state}: ${s.error}`);
    assert.equal(s.workerId, workerId);
    assert.equal(s.attempt, attempt);
  }
  for (const m of markers) assert.deepEqual(readMarker(m).map((e) => e.attempt), [attempt]);
}

/**
 * On a one-slot worker with a queue of 2: a long job in the slot and two held behind it, each
 * counting its executions in a marker file.
 */
async function longAndHeld(cluster: Cluster, long = "sleep 30") {
  const longMarker = `${cluster.dir}/long`;
  const longId = await cluster.submit(markerCommand(longMarker, long));
  await cluster.waitForState(longId, ["RUNNING"]);
  const markers = [`${cluster.dir}/held-1`, `${cluster.dir}/held-2`];
  const held: string[] = [];
  for (const m of markers) held.push(await cluster.submit(markerCommand(m, "echo held")));
  await waitFor(async () => (await states(cluster, held)).SCHEDULED?.length === 2, 10_000);
  return { longId, longMarker, held, markers };
}

clusterTest(
  "pipelining: a worker with queue depth 2 gets slots + 2 assignments and runs them all",
  {
    workers: 1,
    slots: 2,
    workerArgs: ["--queue-depth", "2"],
  },
  async (cluster) => {
    const markers = Array.from({ length: 5 }, (_, i) => `${cluster.dir}/m${i}`);
    const ids: string[] = [];
    for (const m of markers) ids.push(await cluster.submit(markerCommand(m, "sleep 1.5")));
    await waitFor(async () => (await states(cluster, ids)).RUNNING?.length === 2, 10_000);
    const now = await states(cluster, ids);
    // Two run, two are held by the worker (SCHEDULED on it), one waits for room.
    assert.equal(now.SCHEDULED?.length, 2, JSON.stringify(now));
    assert.ok(now.SCHEDULED!.every((j) => j.workerId === "worker-1"));
    assert.equal(now.PENDING?.length, 1, JSON.stringify(now));
    const one = await cluster.status(now.SCHEDULED![0].jobId);
    assert.equal(one.state, "SCHEDULED");
    assert.equal(one.workerId, "worker-1");
    const health = await cluster.call("ListWorkers", {});
    assert.equal(health.workers[0].running, 4, "the manager counts the queued ones");
    assert.equal(health.workers[0].queueDepth, 2);
    for (const id of ids) {
      const s = await cluster.waitForState(id);
      assert.equal(s.state, "COMPLETED", `${s.state}: ${s.error}`);
      assert.equal(s.attempt, 1);
    }
    for (const m of markers) assert.equal(readMarker(m).length, 1, `${m} ran once`);
  },
);

clusterTest("pipelining: cancel of a queued attempt ends it without running it", {
  workers: 1,
  slots: 1,
  workerArgs: ["--queue-depth", "2"],
}, async (cluster) => {
  const { longId, held, markers } = await longAndHeld(cluster, "sleep 6");
  await cluster.call("CancelJob", { jobId: held[0] });
  const cancelled = await cluster.waitForState(held[0]);
  assert.equal(cancelled.state, "CANCELLED");
  const other = await cluster.waitForState(held[1]);
  assert.equal(other.state, "COMPLETED");
  assert.equal((await cluster.waitForState(longId)).state, "COMPLETED");
  assert.equal(readMarker(markers[0]).length, 0, "the cancelled queued attempt never ran");
  assert.equal(readMarker(markers[1]).length, 1);
});

clusterTest(
  "pipelining: a drained worker hands its queued attempts back; they run elsewhere once",
  {
    workers: 1,
    slots: 1,
    heartbeatTimeout: 30,
    heartbeatInterval: 0.5,
    workerArgs: ["--queue-depth", "2", "--drain-timeout", "5"],
  },
  async (cluster) => {
    const { longId, held, markers } = await longAndHeld(cluster, "sleep 2");
    cluster.workers.get("worker-1")!.kill("SIGTERM");
    // Handed back at once, unrun: PENDING with no worker to go to, long before any timeout.
    await waitFor(async () => (await states(cluster, held)).PENDING?.length === 2, 5000);
    cluster.startWorker("worker-2");
    await assertRanOnceOn(cluster, held, markers, "worker-2", 2);
    const long = await cluster.waitForState(longId);
    assert.equal(long.state, "COMPLETED", "the running one finished within the drain timeout");
    assert.equal(long.attempt, 1);
    assert.equal((await cluster.workers.get("worker-1")!.exited).code, 0);
    assert.equal((await cluster.metrics()).get("titan_attempts_handed_back_total"), 2);
  },
);

clusterTest("pipelining: after a manager SIGKILL, queued attempts stay assigned and run once", {
  workers: 1,
  slots: 1,
  heartbeatTimeout: 5,
  workerArgs: ["--queue-depth", "2"],
}, async (cluster) => {
  const { longId, longMarker, held, markers } = await longAndHeld(cluster, "sleep 10");
  cluster.manager.kill("SIGKILL");
  await cluster.manager.exited;
  await cluster.startManager();
  await cluster.waitForWorkers(1);
  // Still queued behind the long job, still assigned to the worker: not requeued.
  const after = await states(cluster, held);
  assert.equal(after.SCHEDULED?.length, 2, JSON.stringify(after));
  assert.ok(after.SCHEDULED!.every((j) => j.workerId === "worker-1" && j.attempt === 1));
  const registered = logLines([cluster.manager]).find((l) => l.msg === "worker registered");
  assert.equal(registered?.resumed, 3, "the worker reclaimed the running and queued attempts");
  for (const id of [longId, ...held]) {
    const s = await cluster.waitForState(id);
    assert.equal(s.state, "COMPLETED", `${s.state}: ${s.error}`);
    assert.equal(s.attempt, 1, "the same attempts, not new ones");
  }
  for (const m of [longMarker, ...markers]) {
    assert.deepEqual(readMarker(m).map((e) => e.attempt), [1], `${m} ran once`);
  }
});

clusterTest("pipelining: a worker SIGKILLed with queued attempts: they are requeued and run once", {
  workers: 1,
  slots: 1,
  heartbeatTimeout: 2,
  workerArgs: ["--queue-depth", "2"],
}, async (cluster) => {
  const { held, markers } = await longAndHeld(cluster, "sleep 10");
  cluster.workers.get("worker-1")!.kill("SIGKILL");
  await cluster.workers.get("worker-1")!.exited;
  cluster.startWorker("worker-2", ["--slots", "3", "--queue-depth", "0"]);
  await assertRanOnceOn(cluster, held, markers, "worker-2", 2);
  assert.equal(
    (await cluster.metrics()).get("titan_attempts_lost_total"),
    1,
    "only the running attempt counts as lost; the queued ones never started",
  );
});

clusterTest("pipelining: a queued attempt waiting behind a long job moves to a newly free worker", {
  workers: 1,
  slots: 1,
  workerArgs: ["--queue-depth", "2"],
}, async (cluster) => {
  const { longId, held, markers } = await longAndHeld(cluster, "sleep 30");
  cluster.startWorker("worker-2", ["--slots", "2"]);
  const since = Date.now();
  for (const id of held) {
    const s = await cluster.waitForState(id, ["COMPLETED", "FAILED", "CANCELLED"], 15_000);
    assert.equal(s.state, "COMPLETED", `${s.state}: ${s.error}`);
    assert.equal(s.workerId, "worker-2");
    assert.equal(s.attempt, 2);
  }
  const tookMs = Date.now() - since;
  assert.ok(tookMs < 10_000, `moved after ${tookMs} ms (the long job runs 30 s)`);
  for (const m of markers) assert.deepEqual(readMarker(m).map((e) => e.attempt), [2]);
  assert.equal((await cluster.metrics()).get("titan_queued_attempts_revoked_total"), 2);
  assert.equal((await cluster.status(longId)).state, "RUNNING");
  await cluster.call("CancelJob", { jobId: longId });
  assert.equal((await cluster.waitForState(longId)).state, "CANCELLED");
});
