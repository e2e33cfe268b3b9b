/**
 * Manager crashes and restarts, one behaviour at a time, with real processes: attempts
 * survive a manager SIGKILL without a restart; attempts nobody reclaims are requeued after the
 * heartbeat timeout; a manager away for longer than the timeout costs a re-run, never a
 * failure; idempotency keys hold across a restart; SIGTERM stops the manager cleanly.
 */
import assert from "node:assert/strict";
import { Cluster, processesInGroup, waitFor } from "../support/cluster.ts";
import { logLines, markerCommand, readMarker } from "./support.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test({
  name:
    "crash: after a manager SIGKILL, the worker re-registers and its attempt runs on, not restarted",
  ...opts,
  fn: async () => {
    const cluster = await Cluster.start({ workers: 1, heartbeatTimeout: 5 });
    try {
      const marker = `${cluster.dir}/marker`;
      const jobId = await cluster.submit(markerCommand(marker, "sleep 3; echo done"));
      await cluster.waitForState(jobId, ["RUNNING"]);
      await waitFor(() => readMarker(marker).length === 1, 5000);
      const [{ pid }] = readMarker(marker);

      cluster.manager.kill("SIGKILL");
      await cluster.manager.exited;
      await cluster.startManager();
      await cluster.waitForWorkers(1);
      assert.ok(processesInGroup(pid).length > 0, "the attempt's process lives on");

      const final = await cluster.waitForState(jobId);
      assert.equal(final.state, "COMPLETED");
      assert.equal(final.attempt, 1, "the same attempt finished");
      assert.equal(final.stdout, "done\n");
      assert.deepEqual(readMarker(marker), [{ attempt: 1, pid }], "it ran once, in one process");
      const registered = logLines([cluster.manager]).find((l) => l.msg === "worker registered");
      assert.equal(registered?.resumed, 1, "the worker reclaimed its attempt");
    } finally {
      await cluster.stop();
    }
  },
});

Deno.test({
  name: "crash: an attempt no worker reclaims goes back to PENDING after the heartbeat timeout",
  ...opts,
  fn: async () => {
    const timeout = 2;
    const cluster = await Cluster.start({ workers: 2, heartbeatTimeout: timeout });
    try {
      const marker = `${cluster.dir}/marker`;
      const jobId = await cluster.submit(markerCommand(marker, "sleep 60"));
      const running = await cluster.waitForState(jobId, ["RUNNING"]);
      await waitFor(() => readMarker(marker).length === 1, 5000);
      const victim = running.workerId;
      const survivor = victim === "worker-1" ? "worker-2" : "worker-1";

      // The manager and the worker holding the attempt die together.
      cluster.workers.get(victim)!.kill("SIGKILL");
      cluster.manager.kill("SIGKILL");
      await Promise.all([cluster.workers.get(victim)!.exited, cluster.manager.exited]);
      const downAt = Date.now();
      await cluster.startManager();
      const held = await cluster.status(jobId);
      assert.equal(held.attempt, 1, "the restarted manager waits for the worker to reclaim");
      assert.ok(["SCHEDULED", "RUNNING"].includes(held.state as string), held.state as string);

      let requeuedAt = 0;
      await waitFor(async () => {
        const s = await cluster.status(jobId);
        if (s.attempt === 2) requeuedAt ||= Date.now();
        return s.attempt === 2 && s.state === "RUNNING";
      }, 20_000);
      const again = await cluster.status(jobId);
      assert.equal(again.workerId, survivor);
      assert.ok(
        requeuedAt - downAt >= timeout * 1000 - 50,
        `requeued ${requeuedAt - downAt} ms after the restart, before the heartbeat timeout`,
      );
      await waitFor(() => readMarker(marker).length === 2, 5000);
      assert.deepEqual(readMarker(marker).map((e) => e.attempt), [1, 2]);

      // The victim's orphan is killed when it comes back with the same id.
      const orphan = readMarker(marker)[0].pid;
      assert.ok(processesInGroup(orphan).length > 0);
      cluster.startWorker(victim);
      await waitFor(() => processesInGroup(orphan).length === 0, 10_000);
      await cluster.call("CancelJob", { jobId });
      assert.equal((await cluster.waitForState(jobId)).state, "CANCELLED");
    } finally {
      await cluster.stop();
    }
  },
});

Deno.test({
  name: "crash: a manager away longer than the heartbeat timeout costs a re-run, not a failure",
  ...opts,
  fn: async () => {
    const timeout = 1;
    const cluster = await Cluster.start({ workers: 1, heartbeatTimeout: timeout });
    try {
      const marker = `${cluster.dir}/marker`;
      const jobId = await cluster.submit(markerCommand(marker, "sleep 3; echo done"));
      await cluster.waitForState(jobId, ["RUNNING"]);
      await waitFor(() => readMarker(marker).length === 1, 5000);
      const [{ pid }] = readMarker(marker);

      cluster.manager.kill("SIGKILL");
      await cluster.manager.exited;
      // The worker hears nothing for more than its timeout: it must kill the attempt (the
      // manager may have given it to someone else), and the job must run again.
      await waitFor(() => processesInGroup(pid).length === 0, 10_000);
      await cluster.startManager();

      const final = await cluster.waitForState(jobId);
      assert.equal(final.state, "COMPLETED", `${final.state}: ${final.error}`);
      assert.equal(final.attempt, 2);
      assert.deepEqual(readMarker(marker).map((e) => e.attempt), [1, 2]);
    } finally {
      await cluster.stop();
    }
  },
});

Deno.test({
  name: "crash: an idempotency key returns the first job across a manager restart",
  ...opts,
  fn: async () => {
    const cluster = await Cluster.start({ workers: 1 });
    try {
      const key = `key-${crypto.randomUUID()}`;
      const first = await cluster.call("SubmitJob", { command: "echo once", idempotencyKey: key });
      assert.equal(first.deduplicated, false);
      const pending = await cluster.call("SubmitJob", {
        command: "echo twice",
        idempotencyKey: key,
      });
      assert.equal(pending.jobId, first.jobId);
      assert.equal(pending.deduplicated, true);
      await cluster.waitForState(first.jobId);

      cluster.manager.kill("SIGKILL");
      await cluster.manager.exited;
      await cluster.startManager();
      const again = await cluster.call("SubmitJob", { command: "echo again", idempotencyKey: key });
      assert.equal(again.jobId, first.jobId);
      assert.equal(again.deduplicated, true);
      assert.equal(again.state, "COMPLETED");
      const { jobs } = await cluster.call("ListJobs", {});
      assert.equal(jobs.length, 1, "nothing was created by the repeated submits");
      assert.equal((await cluster.status(first.jobId)).stdout, "once\n");
    } finally {
      await cluster.stop();
    }
  },
});

Deno.test({
  name: "crash: SIGTERM stops the manager cleanly (exit 0); its jobs and their attempts go on",
  ...opts,
  fn: async () => {
    const cluster = await Cluster.start({ workers: 1, heartbeatTimeout: 5 });
    try {
      const marker = `${cluster.dir}/marker`;
      const done = await cluster.submit("echo finished");
      await cluster.waitForState(done);
      const jobId = await cluster.submit(markerCommand(marker, "sleep 4; echo done"));
      await cluster.waitForState(jobId, ["RUNNING"]);

      cluster.manager.kill("SIGTERM");
      const stopping = cluster.manager;
      let exited = false;
      stopping.exited.then(() => exited = true);
      // Once it says it is stopping (not ready), it acknowledges no new job.
      await waitFor(async () => {
        if (exited) return true;
        const res = await fetch(`http://${cluster.host}:${cluster.httpPort}/readyz`);
        await res.body?.cancel();
        return res.status === 503;
      }, 10_000);
      const refused = await cluster.submit("echo late").then(() => false, () => true);
      const status = await stopping.exited;
      assert.equal(status.code, 0, stopping.log.slice(-2000));
      assert.ok(refused, "a submit during shutdown is refused");
      assert.ok(logLines([stopping]).some((l) => l.msg === "stopped"));

      await cluster.startManager();
      assert.equal((await cluster.status(done)).stdout, "finished\n");
      const final = await cluster.waitForState(jobId);
      assert.equal(final.state, "COMPLETED");
      assert.equal(final.attempt, 1, "the attempt ran on through the manager's restart");
      assert.equal(readMarker(marker).length, 1);
      const { jobs } = await cluster.call("ListJobs", {});
      assert.equal(jobs.length, 2, "the late submit created nothing");
    } finally {
      await cluster.stop();
    }
  },
});
