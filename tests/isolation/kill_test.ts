/**
 * A job's children that leave its process group (`setsid`, a daemon's double fork) die with
 * it on cancel, on timeout, and across a worker SIGKILL and restart: real manager and
 * worker processes, a cgroup per attempt. As root on this machine cgroup mode must be the
 * mode in use. And in every mode a job whose main process ended, or that was cancelled,
 * reaches its terminal state within a bound although an escaped child holds its stdout; in
 * process-group mode a uid per attempt still finds the escaped children.
 */
import assert from "node:assert/strict";
import { Cluster, waitFor } from "../support/cluster.ts";
import { alive, escapedPids, escapingJob, killAll, skipReason, waitGone } from "./support.ts";

const opts = { ignore: skipReason !== "", sanitizeOps: false, sanitizeResources: false };

async function cluster(workerArgs: string[] = []): Promise<Cluster> {
  const c = new Cluster({ workerArgs });
  await c.startManager();
  c.startWorker("worker-1");
  await c.waitForWorkers(1);
  return c;
}

/** The isolation the worker said it uses at start. */
async function isolationOf(c: Cluster, id = "worker-1"): Promise<string> {
  let mode = "";
  await waitFor(
    () => {
      mode = /isolation: (cgroup|process-group)/.exec(c.workers.get(id)!.log)?.[1] ?? "";
      return mode !== "";
    },
    10_000,
    () => c.logs(),
  );
  return mode;
}

Deno.test({
  name: "isolation: cancel kills children that left the job's process group (cgroup mode)",
  ...opts,
  fn: async () => {
    const c = await cluster();
    let pids: number[] = [];
    try {
      assert.equal(await isolationOf(c), "cgroup", "a root worker here runs in cgroup mode");
      const jobId = await c.submit(escapingJob(c.dir, "cancel"));
      pids = await escapedPids(c.dir, "cancel");
      assert.ok(pids.every(alive));
      await c.call("CancelJob", { jobId });
      const done = await c.waitForState(jobId, ["CANCELLED"], 10_000);
      assert.equal(done.state, "CANCELLED");
      await waitGone(pids);
    } finally {
      killAll(pids);
      await c.stop();
    }
  },
});

Deno.test({
  name: "isolation: a timeout kills them too (cgroup mode)",
  ...opts,
  fn: async () => {
    const c = await cluster();
    let pids: number[] = [];
    try {
      const jobId = await c.submit(escapingJob(c.dir, "timeout"), { timeoutSeconds: 2 });
      pids = await escapedPids(c.dir, "timeout");
      const done = await c.waitForState(jobId, ["FAILED"], 15_000);
      assert.match(done.error, /timed out|timeout/i);
      await waitGone(pids);
    } finally {
      killAll(pids);
      await c.stop();
    }
  },
});

Deno.test({
  name: "isolation: a worker SIGKILLed and restarted kills what its attempt left, escaped or not",
  ...opts,
  fn: async () => {
    const c = await cluster();
    let pids: number[] = [];
    try {
      await c.submit(
        escapingJob(c.dir, "crash", "echo $$ >> " + c.dir + "/crash.main; sleep 1000"),
      );
      pids = await escapedPids(c.dir, "crash");
      await waitFor(() => {
        try {
          return Deno.readTextFileSync(`${c.dir}/crash.main`).trim() !== "";
        } catch {
          return false;
        }
      }, 10_000);
      const main = Number(Deno.readTextFileSync(`${c.dir}/crash.main`).trim());
      const worker = c.workers.get("worker-1")!;
      worker.kill("SIGKILL");
      await worker.exited;
      // A crash kills nothing: the job and its escaped children run on, unowned.
      await new Promise((r) => setTimeout(r, 200));
      assert.ok([main, ...pids].every(alive), "the attempt survived its worker");
      c.startWorker("worker-1"); // same id, same data dir
      await waitGone([main, ...pids], 15_000);
      await waitFor(
        () => /killed a leftover/.test(c.workers.get("worker-1")!.log),
        5000,
        () => c.logs(),
      );
    } finally {
      killAll(pids);
      await c.stop();
    }
  },
});

for (const mode of ["cgroup", "process-group"]) {
  Deno.test({
    name: `isolation (${mode}): an escaped child holding stdout does not keep the job running`,
    ...opts,
    fn: async () => {
      const c = await cluster(["--isolation", mode]);
      let pids: number[] = [];
      try {
        assert.equal(await isolationOf(c), mode);
        // The main process ends at once; its escaped children keep stdout open.
        const t0 = Date.now();
        const ended = await c.submit(
          `setsid sleep 1000 & echo $! > ${c.dir}/held.pid; echo started`,
        );
        const done = await c.waitForState(ended, undefined, 15_000);
        const took = Date.now() - t0;
        pids.push(Number(Deno.readTextFileSync(`${c.dir}/held.pid`).trim()));
        assert.equal(done.state, "COMPLETED", done.error);
        assert.equal(done.stdout, "started\n");
        assert.ok(took < 10_000, `terminal after ${took} ms`);
        if (mode === "cgroup") await waitGone(pids);
        else assert.match(c.workers.get("worker-1")!.log, /output cut/);

        // A cancel ends the job although an escaped child holds its pipes.
        const cancelled = await c.submit(escapingJob(c.dir, `cancel-${mode}`));
        pids = [...pids, ...await escapedPids(c.dir, `cancel-${mode}`)];
        await c.call("CancelJob", { jobId: cancelled });
        const state = await c.waitForState(cancelled, undefined, 15_000);
        assert.equal(state.state, "CANCELLED");
        if (mode === "cgroup") await waitGone(pids);
      } finally {
        killAll(pids);
        await c.stop();
      }
    },
  });
}

Deno.test({
  name: "isolation (process-group): a uid per attempt still kills escaped children on cancel",
  ...opts,
  fn: async () => {
    const c = new Cluster({ runAs: "", workerArgs: ["--isolation", "process-group"] });
    let pids: number[] = [];
    try {
      Deno.chmodSync(c.dir, 0o755);
      const shared = `${c.dir}/shared`;
      Deno.mkdirSync(shared);
      Deno.chmodSync(shared, 0o1777); // the job's own uid writes its pids here
      await c.startManager();
      c.startWorker("worker-1");
      await c.waitForWorkers(1);
      assert.equal(await isolationOf(c), "process-group");
      const jobId = await c.submit(escapingJob(shared, "uid"));
      pids = await escapedPids(shared, "uid");
      assert.ok(pids.every(alive));
      await c.call("CancelJob", { jobId });
      assert.equal((await c.waitForState(jobId, undefined, 15_000)).state, "CANCELLED");
      await waitGone(pids);
    } finally {
      killAll(pids);
      await c.stop();
    }
  },
});
