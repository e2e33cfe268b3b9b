/**
 * End to end on one machine: a real manager and two real workers as subprocesses.
 */
import assert from "node:assert/strict";
import { ensureBuf, runBuf } from "./support/buf.ts";
import { Cluster, processesInGroup, waitFor } from "./support/cluster.ts";

const buf = await ensureBuf();
if (!buf.path) console.warn(`SKIP reflection client tests: ${buf.reason}`);

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test({
  name: "the seed's three grpcurl calls work verbatim through reflection (buf curl)",
  ignore: !buf.path,
  ...opts,
  fn: async () => {
    const cluster = await Cluster.start();
    try {
      const url = (method: string) => `http://${cluster.address}/titan.ManagerService/${method}`;
      const curl = async (method: string, data?: string) => {
        const args = ["curl", "--protocol", "grpc", "--http2-prior-knowledge", url(method)];
        if (data) args.push("-d", data);
        const res = await runBuf(buf.path!, args);
        assert.equal(res.code, 0, `buf curl ${method} failed: ${res.stderr}`);
        return JSON.parse(res.stdout);
      };
      const submitted = await curl("SubmitJob", '{"command":"echo Hello from Titan"}');
      assert.match(submitted.jobId, /^[0-9a-f-]{36}$/);
      await cluster.waitForState(submitted.jobId);
      const status = await curl("GetJobStatus", JSON.stringify({ job_id: submitted.jobId }));
      assert.equal(status.state, "COMPLETED");
      assert.equal(status.exitCode, 0);
      assert.equal(status.stdout, "Hello from Titan\n");
      const list = await curl("ListJobs");
      assert.ok(list.jobs.some((j: { jobId: string }) => j.jobId === submitted.jobId));
      // A message with a map<> field round-trips through reflection too.
      const withEnv = await curl(
        "SubmitJob",
        '{"command":"echo $GREETING","env":{"GREETING":"hi"}}',
      );
      assert.equal((await cluster.waitForState(withEnv.jobId)).stdout, "hi\n");
    } finally {
      await cluster.stop();
    }
  },
});

Deno.test({
  name: "jobs spread round-robin over both workers; output and exit codes are captured",
  ...opts,
  fn: async () => {
    const cluster = await Cluster.start();
    try {
      const ids = [];
      for (let i = 0; i < 8; i++) ids.push(await cluster.submit(`sleep 0.3; echo job-${i}`));
      const done = await Promise.all(ids.map((id) => cluster.waitForState(id)));
      const perWorker = new Map<string, number>();
      for (const s of done) {
        assert.equal(s.state, "COMPLETED");
        perWorker.set(s.workerId, (perWorker.get(s.workerId) ?? 0) + 1);
      }
      assert.deepEqual([...perWorker.keys()].sort(), ["worker-1", "worker-2"]);
      assert.deepEqual([...perWorker.values()], [4, 4]);
      assert.deepEqual(done.map((s) => s.stdout), ids.map((_, i) => `job-${i}\n`));

      const failing = await cluster.submit("echo oops >&2; echo partial; exit 42");
      const failed = await cluster.waitForState(failing);
      assert.equal(failed.state, "FAILED");
      assert.equal(failed.exitCode, 42);
      assert.equal(failed.stdout, "partial\n");
      assert.equal(failed.stderr, "oops\n");
      assert.ok(failed.startedAt && failed.finishedAt && failed.createdAt);
    } finally {
      await cluster.stop();
    }
  },
});

Deno.test({
  name: "cancel of a job with a background child leaves no process behind",
  ...opts,
  fn: async () => {
    const cluster = await Cluster.start();
    try {
      const jobId = await cluster.submit("echo $$; sleep 100 & sleep 100");
      const running = await cluster.waitForState(jobId, ["RUNNING"]);
      let pgid = 0;
      await waitFor(async () => {
        pgid = Number((await cluster.status(jobId)).stdout.trim());
        return pgid > 0;
      }, 10_000);
      assert.ok(running.workerId);
      assert.ok(processesInGroup(pgid).length >= 2, "the job's processes are running");
      const res = await cluster.call("CancelJob", { jobId });
      assert.ok(["RUNNING", "CANCELLED"].includes(res.state));
      const final = await cluster.waitForState(jobId);
      assert.equal(final.state, "CANCELLED");
      await waitFor(
        () => processesInGroup(pgid).length === 0,
        5000,
        () => `left behind: ${processesInGroup(pgid)}`,
      );
    } finally {
      await cluster.stop();
    }
  },
});

Deno.test({
  name: "a timeout kills the whole process tree and fails the job",
  ...opts,
  fn: async () => {
    const cluster = await Cluster.start();
    try {
      const jobId = await cluster.submit("echo $$; sleep 100 & sleep 100", { timeoutSeconds: 1 });
      const final = await cluster.waitForState(jobId);
      assert.equal(final.state, "FAILED");
      assert.equal(final.timedOut, true);
      const pgid = Number(final.stdout.trim());
      assert.ok(pgid > 0);
      await waitFor(() => processesInGroup(pgid).length === 0, 5000);
    } finally {
      await cluster.stop();
    }
  },
});

Deno.test({
  name: "a job on a worker killed with SIGKILL finishes on the other worker",
  ...opts,
  fn: async () => {
    const cluster = await Cluster.start({ heartbeatTimeout: 1.5 });
    try {
      const dir = await Deno.makeTempDir();
      // The first attempt records its process group and hangs; a later one completes.
      const jobId = await cluster.submit(
        `if mkdir ${dir}/first 2>/dev/null; then echo $$ > ${dir}/pgid; sleep 60; fi; echo done`,
      );
      const running = await cluster.waitForState(jobId, ["RUNNING"]);
      await waitFor(() => Deno.readTextFile(`${dir}/pgid`).then((t) => t.trim() !== ""), 5000);
      const orphanGroup = Number(await Deno.readTextFile(`${dir}/pgid`));
      const victim = running.workerId;
      cluster.workers.get(victim)!.kill("SIGKILL");
      const final = await cluster.waitForState(jobId, undefined, 30_000);
      assert.equal(final.state, "COMPLETED");
      assert.notEqual(final.workerId, victim);
      assert.equal(final.attempt, 2);
      assert.equal(final.stdout, "done\n");
      // The killed worker's job process outlived it; restarted with the same id, the worker
      // kills what its previous life left behind.
      assert.ok(processesInGroup(orphanGroup).length > 0, "the orphan is still running");
      cluster.startWorker(victim);
      await waitFor(
        () => processesInGroup(orphanGroup).length === 0,
        10_000,
        () => `orphans left: ${processesInGroup(orphanGroup)}\n${cluster.logs()}`,
      );
    } finally {
      await cluster.stop();
    }
  },
});

Deno.test({
  name: "WatchJob streams live output and ends with the terminal status",
  ...opts,
  fn: async () => {
    const cluster = await Cluster.start();
    try {
      const jobId = await cluster.submit("for i in 1 2 3; do echo line $i; sleep 0.2; done");
      const events: { status?: { state: string }; output?: { data: Uint8Array } }[] = [];
      await new Promise<void>((resolve, reject) => {
        const call = cluster.client.WatchJob({ jobId, fromStart: true });
        call.on("data", (e) => events.push(e));
        call.on("end", () => resolve());
        call.on("error", reject);
      });
      const text = events.filter((e) => e.output).map((e) =>
        new TextDecoder().decode(e.output!.data)
      ).join("");
      assert.equal(text, "line 1\nline 2\nline 3\n");
      assert.equal(events.at(-1)!.status!.state, "COMPLETED");
    } finally {
      await cluster.stop();
    }
  },
});

Deno.test({
  name: "WatchJob of an unknown or malformed id ends with a precise status",
  ...opts,
  fn: async () => {
    const cluster = await Cluster.start({ workers: 0 });
    try {
      const watch = (jobId: string) =>
        new Promise<number>((resolve) => {
          const call = cluster.client.WatchJob({ jobId }, { deadline: Date.now() + 10_000 });
          call.on("data", () => {});
          call.on("error", (e: { code: number }) => resolve(e.code));
          call.on("end", () => resolve(0));
        });
      assert.equal(await watch(crypto.randomUUID()), 5); // NOT_FOUND
      assert.equal(await watch("nope"), 3); // INVALID_ARGUMENT
    } finally {
      await cluster.stop();
    }
  },
});
