/**
 * Limits (issue 4): a bounded number of unfinished jobs (RESOURCE_EXHAUSTED when full, all or
 * nothing, never a silent drop), a configurable command size, bounded WatchJob streams, and
 * per-worker limits the manager enforces instead of trusting the worker: slots, and the
 * output it keeps. Against a real manager; workers are hand-driven streams (FakeWorker) so a
 * test decides exactly what a worker claims.
 */
import assert from "node:assert/strict";
import {
  bearer,
  Code,
  codeName,
  FakeWorker,
  SecureCluster,
  waitFor,
  watchFirst,
} from "./helpers.ts";
import { grpc } from "../../shared/proto.ts";
import { toTimestamp } from "../../shared/wire_time.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

async function jobIds(sc: SecureCluster): Promise<string[]> {
  const { jobs } = await sc.ok<{ jobs: { jobId: string }[] }>("ListJobs", { pageSize: 1000 });
  return jobs.map((j) => j.jobId);
}

Deno.test({
  name: "--max-active-jobs: RESOURCE_EXHAUSTED when full, all or nothing, room again later",
  ...opts,
  fn: async () => {
    // No worker: submitted jobs stay PENDING, i.e. active.
    const sc = await SecureCluster.start({ workers: 0, managerArgs: ["--max-active-jobs", "3"] });
    try {
      const first = await sc.ok<{ jobId: string }>("SubmitJob", { command: "true" });
      await sc.ok("SubmitJobs", { jobs: [{ command: "true" }, { command: "true" }] });
      const full = await sc.call("SubmitJob", { command: "true" });
      assert.equal(full.code, Code.RESOURCE_EXHAUSTED, JSON.stringify(full));
      assert.match((full as { details: string }).details, /3/, "the message gives the limit");
      const before = await jobIds(sc);
      assert.equal(before.length, 3);

      // One slot free: a batch of two is refused whole, the single submit passes.
      await sc.ok("CancelJob", { jobId: first.jobId });
      const batch = await sc.call("SubmitJobs", {
        jobs: [{ command: "true", idempotencyKey: "limit-a" }, {
          command: "true",
          idempotencyKey: "limit-b",
        }],
      });
      assert.equal(batch.code, Code.RESOURCE_EXHAUSTED, JSON.stringify(batch));
      assert.deepEqual(await jobIds(sc), before, "a refused batch stored nothing");
      const again = await sc.ok<{ deduplicated: boolean }>("SubmitJob", {
        command: "true",
        idempotencyKey: "limit-a",
      });
      assert.equal(again.deduplicated, false, "the refused batch's key was not stored");
      assert.equal((await jobIds(sc)).length, 4);
      // An idempotent resubmit of a stored job is no new job: answered even when full.
      const dedup = await sc.call<{ deduplicated: boolean }>("SubmitJob", {
        command: "true",
        idempotencyKey: "limit-a",
      });
      assert.ok(dedup.ok && dedup.res.deduplicated, JSON.stringify(dedup));
    } finally {
      await sc.stop();
    }
  },
});

Deno.test({
  name: "--max-command-bytes: the command limit is configurable and counted in bytes",
  ...opts,
  fn: async () => {
    const sc = await SecureCluster.start({
      workers: 0,
      managerArgs: ["--max-command-bytes", "100"],
    });
    try {
      const ok = await sc.call("SubmitJob", { command: `true ${"#".repeat(95)}` }); // 100 bytes
      assert.equal(ok.code, Code.OK, JSON.stringify(ok));
      for (const command of [`true ${"#".repeat(96)}`, `true ${"é".repeat(48)}`]) {
        const out = await sc.call("SubmitJob", { command });
        assert.equal(
          out.code,
          Code.INVALID_ARGUMENT,
          `${command.length} chars: ${codeName(out.code)}`,
        );
        assert.match((out as { details: string }).details, /command.*101.*100/);
      }
    } finally {
      await sc.stop();
    }
  },
});

Deno.test({
  name: "slots are enforced by the manager: never more assignments than the registered slots",
  ...opts,
  fn: async () => {
    const sc = await SecureCluster.start({ workers: 0 });
    const assigns: { jobId: string; attempt: number }[] = [];
    const fw = new FakeWorker(sc.address, bearer(sc.tokens.worker), (m) => {
      if (m.assign) assigns.push(m.assign as { jobId: string; attempt: number });
    });
    try {
      fw.write({ register: { workerId: "fake-slots", slots: 2, sessionId: "s" } });
      assert.ok(await fw.waitFor((m) => m.msg === "registered"), JSON.stringify(fw.status));
      for (let i = 0; i < 5; i++) await sc.ok("SubmitJob", { command: "true" });
      await waitFor(() => assigns.length >= 2, 10_000);
      // The worker claims to run nothing and heartbeats: still no third assignment.
      fw.write({ heartbeat: { seq: 1, running: 0 } });
      assert.ok(
        await fw.waitFor((m) => m.msg === "heartbeatAck"),
        "heartbeat acknowledged",
      );
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(assigns.length, 2, "no more assignments than slots");
      // One attempt ends: exactly one slot is free again.
      const done = assigns[0];
      fw.write({ started: { ...done, pid: 1, startedAt: toTimestamp(Date.now()) } });
      fw.write({ finished: { ...done, exitCode: 0, finishedAt: toTimestamp(Date.now()) } });
      await waitFor(() => assigns.length >= 3, 10_000);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(assigns.length, 3);
      assert.equal((await sc.waitForState(done.jobId)).state, "COMPLETED");
    } finally {
      fw.close();
      await sc.stop();
    }
  },
});

Deno.test({
  name: "WatchJob streams are bounded (1000) and a closed watch frees its place",
  ...opts,
  fn: async () => {
    const sc = await SecureCluster.start({ workers: 0 });
    const calls: grpc.ClientReadableStream<unknown>[] = [];
    try {
      const { jobId } = await sc.ok<{ jobId: string }>("SubmitJob", { command: "true" });
      let opened = 0;
      for (let i = 0; i < 1000; i++) {
        // deno-lint-ignore no-explicit-any
        const call = (sc.client.WatchJob as any)({ jobId }, bearer(sc.tokens.client));
        call.on("data", () => {});
        call.on("error", () => {});
        calls.push(call);
        call.once("data", () => opened++);
      }
      await waitFor(() => opened === 1000, 30_000, () => `${opened} of 1000 watches opened`);
      const over = await watchFirst(sc.client, { jobId }, bearer(sc.tokens.client), 10_000);
      assert.equal(over.code, Code.RESOURCE_EXHAUSTED, JSON.stringify(over));
      assert.match((over as { details: string }).details, /1000/);
      for (const c of calls.splice(0, 10)) c.cancel();
      await waitFor(async () => {
        const out = await watchFirst(sc.client, { jobId }, bearer(sc.tokens.client), 10_000);
        return out.ok;
      }, 10_000);
    } finally {
      for (const c of calls) c.cancel();
      await sc.stop();
    }
  },
});

/** A fake worker that registered and holds the first job submitted after it. */
async function holdOneJob(sc: SecureCluster): Promise<
  { fw: FakeWorker; job: { jobId: string; attempt: number } }
> {
  const assigns: { jobId: string; attempt: number }[] = [];
  const fw = new FakeWorker(sc.address, bearer(sc.tokens.worker), (m) => {
    if (m.assign) assigns.push(m.assign as { jobId: string; attempt: number });
  });
  fw.write({ register: { workerId: "fake-holder", slots: 1, sessionId: "s" } });
  assert.ok(await fw.waitFor((m) => m.msg === "registered"), JSON.stringify(fw.status));
  await sc.ok("SubmitJob", { command: "true" });
  await waitFor(() => assigns.length >= 1, 10_000);
  const job = assigns[0];
  fw.write({ started: { ...job, pid: 1, startedAt: toTimestamp(Date.now()) } });
  await sc.waitForState(job.jobId, ["RUNNING"]);
  return { fw, job };
}

Deno.test({
  name: "a worker cannot make a running job's status unreadable with a flood of output",
  // Was a bug: the manager kept every live output chunk a worker sends for a running attempt
  // (manager/core/controller.ts onOutput: `live.stdout.push(data)`, no cap), and GetJobStatus returns
  // all of it. After a worker sent 20 chunks of 1 MiB for a job it holds, GetJobStatus of
  // that job answers RESOURCE_EXHAUSTED "Sent message larger than max (20971677 vs.
  // 16777216)" until the job ends, and the manager's memory grows without bound (a worker
  // token, or a buggy worker, is enough). Expected: the manager caps what it keeps per
  // stream (the stored output cap of the core issue: e.g. the first 1 MiB, then
  // stdout_truncated) and GetJobStatus answers OK.

  ...opts,
  fn: async () => {
    const sc = await SecureCluster.start({ workers: 0 });
    let fw: FakeWorker | undefined;
    try {
      const held = await holdOneJob(sc);
      fw = held.fw;
      const mib = new Uint8Array(1024 * 1024).fill(120);
      for (let i = 0; i < 20; i++) {
        fw.write({ output: { ...held.job, stream: "OUTPUT_STREAM_STDOUT", data: mib } });
      }
      fw.write({ heartbeat: { seq: 7 } });
      assert.ok(await fw.waitFor((m) => m.msg === "heartbeatAck", 20_000));
      const st = await sc.call<{ stdout: string; stdoutTruncated: boolean }>("GetJobStatus", {
        jobId: held.job.jobId,
      });
      assert.equal(
        st.code,
        Code.OK,
        `GetJobStatus: ${codeName(st.code)} ${JSON.stringify(st).slice(0, 300)}`,
      );
    } finally {
      fw?.close();
      await sc.stop();
    }
  },
});

Deno.test({
  name: "a worker cannot store a job whose status no client can read",
  // Was a bug: a finish report was stored as sent: output (no manager-side cap), signal and error of
  // any length. A report with 7.8 MiB stdout, 7.8 MiB stderr and a 300 KB signal name (the
  // report itself is under the 16 MiB message limit) leaves a FAILED job whose GetJobStatus
  // answers RESOURCE_EXHAUSTED "Sent message larger than max" for good: stored, but no
  // client can ever read it. Expected: the manager caps stored output per stream and bounds
  // the other strings, so the status stays readable.

  ...opts,
  fn: async () => {
    const sc = await SecureCluster.start({ workers: 0 });
    let fw: FakeWorker | undefined;
    try {
      const held = await holdOneJob(sc);
      fw = held.fw;
      const big = (b: number) => new Uint8Array(Math.floor(7.8 * 1024 * 1024)).fill(b);
      fw.write({
        finished: {
          ...held.job,
          signal: "S".repeat(300_000),
          stdout: big(65),
          stderr: big(66),
          stdoutBytes: 8 * 1024 * 1024,
          stderrBytes: 8 * 1024 * 1024,
          finishedAt: toTimestamp(Date.now()),
        },
      });
      assert.ok(await fw.waitFor((m) => m.msg === "finishedAck", 20_000), "finish acknowledged");
      const st = await sc.call("GetJobStatus", { jobId: held.job.jobId });
      assert.equal(
        st.code,
        Code.OK,
        `GetJobStatus: ${codeName(st.code)} ${JSON.stringify(st).slice(0, 300)}`,
      );
    } finally {
      fw?.close();
      await sc.stop();
    }
  },
});
