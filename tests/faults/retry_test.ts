/**
 * Retries, timeouts, cancel and garbage collection with a real manager and worker. Timing
 * is checked only where it is the behaviour (backoff gaps, the kill grace), and then with
 * lower bounds, plus upper bounds far from the values they tell apart.
 */
import assert from "node:assert/strict";
import { Cluster, processesInGroup, waitFor } from "../support/cluster.ts";
import { markerCommand, readMarker, sleep } from "./support.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

/** Epoch ms of each run, appended by the job itself. */
function runTimes(path: string): number[] {
  try {
    return Deno.readTextFileSync(path).trim().split("\n").map((l) => Number(l) / 1e6);
  } catch {
    return [];
  }
}

Deno.test({
  name: "retry: a failing job is retried max_retries times with capped exponential backoff",
  ...opts,
  fn: async () => {
    // Backoff 0.3 s doubling, capped at 0.6 s: gaps 0.3, 0.6, 0.6, 0.6 (uncapped: … 1.2, 2.4).
    const cluster = await Cluster.start({
      workers: 1,
      managerArgs: ["--retry-backoff-base", "0.3", "--retry-backoff-max", "0.6"],
    });
    try {
      const times = `${cluster.dir}/times`;
      const jobId = await cluster.submit(`date +%s%N >> ${times}; exit 1`, { maxRetries: 4 });
      const final = await cluster.waitForState(jobId);
      assert.equal(final.state, "FAILED");
      assert.equal(final.exitCode, 1);
      assert.equal(final.attempt, 5, "one run plus max_retries retries");
      const t = runTimes(times);
      assert.equal(t.length, 5);
      const gaps = t.slice(1).map((v, i) => v - t[i]);
      const floors = [300, 600, 600, 600];
      gaps.forEach((gap, i) => {
        assert.ok(gap >= floors[i] - 20, `retry ${i + 1} after ${gap} ms, before its backoff`);
      });
      assert.ok(gaps[3] < 2000, `the last gap (${gaps[3]} ms) is capped, not 2.4 s`);

      // A job that fails once and then succeeds ends COMPLETED on its second attempt.
      const marker = `${cluster.dir}/flaky`;
      const flaky = await cluster.submit(
        markerCommand(marker, `[ $(wc -l < ${marker}) -ge 2 ] || exit 9`),
        { maxRetries: 3 },
      );
      const done = await cluster.waitForState(flaky);
      assert.equal(done.state, "COMPLETED");
      assert.equal(done.attempt, 2);
      assert.deepEqual(readMarker(marker).map((e) => e.attempt), [1, 2]);
    } finally {
      await cluster.stop();
    }
  },
});

Deno.test({
  name: "retry: a timeout kills the process tree and counts as a failure",
  ...opts,
  fn: async () => {
    const cluster = await Cluster.start({ workers: 1 });
    try {
      const marker = `${cluster.dir}/marker`;
      const jobId = await cluster.submit(markerCommand(marker, "sleep 30 & sleep 30"), {
        timeoutSeconds: 1,
        maxRetries: 1,
      });
      const final = await cluster.waitForState(jobId);
      assert.equal(final.state, "FAILED");
      assert.equal(final.timedOut, true);
      assert.equal(final.attempt, 2, "the timeout was retried once");
      const runs = readMarker(marker);
      assert.deepEqual(runs.map((r) => r.attempt), [1, 2]);
      for (const { pid } of runs) {
        await waitFor(() => processesInGroup(pid).length === 0, 5000, () => `group ${pid} lives`);
      }
    } finally {
      await cluster.stop();
    }
  },
});

Deno.test({
  name: "cancel: a PENDING job is CANCELLED at once and never runs",
  ...opts,
  fn: async () => {
    // No queue places: the second job must wait PENDING behind the blocker, not be queued on
    // the worker (a queued one's cancel is in tests/faults/pipelining_test.ts).
    const cluster = await Cluster.start({
      workers: 1,
      slots: 1,
      workerArgs: ["--queue-depth", "0"],
    });
    try {
      const blocker = await cluster.submit("sleep 30");
      await cluster.waitForState(blocker, ["RUNNING"]);
      const marker = `${cluster.dir}/marker`;
      const jobId = await cluster.submit(markerCommand(marker, "true"));
      assert.equal((await cluster.status(jobId)).state, "PENDING");
      const res = await cluster.call("CancelJob", { jobId });
      assert.equal(res.state, "CANCELLED", "cancelled in the answer itself");
      assert.equal((await cluster.status(jobId)).state, "CANCELLED");
      // The slot frees up: the cancelled job still never runs.
      await cluster.call("CancelJob", { jobId: blocker });
      await cluster.waitForState(blocker);
      const next = await cluster.submit("echo next");
      await cluster.waitForState(next);
      assert.deepEqual(readMarker(marker), []);
    } finally {
      await cluster.stop();
    }
  },
});

Deno.test({
  name: "cancel: a RUNNING job gets TERM, then KILL after the grace, then CANCELLED",
  ...opts,
  fn: async () => {
    const cluster = await Cluster.start({ workers: 1 }); // --kill-grace 1
    try {
      const marker = `${cluster.dir}/marker`;
      const terms = `${cluster.dir}/terms`;
      // It ignores TERM (noting it), so only KILL ends it.
      const jobId = await cluster.submit(
        markerCommand(marker, `trap 'echo TERM >> ${terms}' TERM; while true; do sleep 0.1; done`),
      );
      await cluster.waitForState(jobId, ["RUNNING"]);
      await waitFor(() => readMarker(marker).length === 1, 5000);
      const [{ pid }] = readMarker(marker);
      const t0 = Date.now();
      const res = await cluster.call("CancelJob", { jobId });
      assert.equal(res.state, "RUNNING", "it ends when the worker has killed it");
      await waitFor(() => Deno.readTextFile(terms).then((t) => t.includes("TERM")), 5000);
      const final = await cluster.waitForState(jobId);
      const took = Date.now() - t0;
      assert.equal(final.state, "CANCELLED");
      assert.equal(final.signal, "SIGKILL");
      assert.ok(took >= 1000 - 20, `cancelled after ${took} ms, inside the 1 s kill grace`);
      assert.equal(processesInGroup(pid).length, 0);
    } finally {
      await cluster.stop();
    }
  },
});

Deno.test({
  name: "gc: finished jobs are removed beyond --gc-max-jobs and after --gc-max-age",
  ...opts,
  fn: async () => {
    const cluster = await Cluster.start({
      workers: 1,
      managerArgs: ["--gc-max-jobs", "3", "--gc-max-age", "3", "--gc-interval", "0.2"],
    });
    try {
      const long = await cluster.submit("sleep 30");
      const quick: string[] = [];
      for (let i = 0; i < 5; i++) {
        quick.push(await cluster.submit(`echo ${i}`));
        await cluster.waitForState(quick[i]);
        await sleep(20); // distinct finish times: "the oldest" is well defined
      }
      const finishedAt = Date.now();
      const ids = async () =>
        (await cluster.call("ListJobs", { pageSize: 100 })).jobs.map((j: { jobId: string }) =>
          j.jobId
        ).sort();
      // By count: the three newest finished jobs stay, and the unfinished one.
      await waitFor(async () => (await ids()).length === 4, 5000);
      assert.deepEqual(await ids(), [long, ...quick.slice(2)].sort());
      await assert.rejects(cluster.status(quick[0]), /NOT_FOUND|not found/);
      // By age: after 3 s, none of the finished ones; the running job is never collected.
      await waitFor(async () => (await ids()).length === 1, 10_000);
      assert.ok(Date.now() - finishedAt >= 3000 - 50, "collected before --gc-max-age");
      assert.deepEqual(await ids(), [long]);
      assert.equal((await cluster.status(long)).state, "RUNNING");
      await cluster.call("CancelJob", { jobId: long });
    } finally {
      await cluster.stop();
    }
  },
});
