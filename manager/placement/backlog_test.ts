import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { createLogger, setLogLevel } from "../../shared/log.ts";
import { noResources } from "../../shared/model.ts";
import type { Job } from "../../shared/model.ts";
import type { ManagerMessage } from "../../shared/proto.ts";
import type { WorkerStream } from "../fleet/fleet.ts";
import { Backlog } from "./backlog.ts";
import { ManagerCore } from "../core/core.ts";
import { newJob } from "../core/new_job.ts";
import { SqliteStore } from "../store/sqlite/sqlite_store.ts";
import type { ValidSpec } from "../core/new_job.ts";

setLogLevel("error");

const spec = (command: string, priority = 0): ValidSpec => ({
  command,
  env: {},
  cwd: "",
  timeoutSeconds: 0,
  maxRetries: 0,
  idempotencyKey: "",
  name: "",
  dependsOn: [],
  dependencyPolicy: "AFTER_SUCCESS",
  priority,
  resources: noResources(),
  selector: {},
  queue: "default",
});

/** A backlog over a real store, with a plain map as the job table. */
function setup(capacity: number) {
  const dir = Deno.makeTempDirSync({ prefix: "titan-backlog-" });
  const store = new SqliteStore(dir);
  const table = new Map<string, Job>();
  const backlog = new Backlog(store, {
    get: (id) => table.get(id),
    track: (job) => table.set(job.id, job),
    forget: (job) => table.delete(job.id),
  }, capacity);
  /** Submit as the controller does: durable first, then queued. */
  const submit = async (command: string, priority = 0) => {
    const job = newJob(spec(command, priority), 0);
    table.set(job.id, job);
    await store.save([job]);
    backlog.push(job, 0);
    return job;
  };
  /**
   * Take everything out in order, as the scheduler would, `n` at a time. Like the
   * controller's, taken jobs stay in memory (SCHEDULED) until they end.
   */
  const drain = async (n = 3) => {
    const out: string[] = [];
    for (let i = 0; i < 1000 && backlog.readyCount > 0; i++) {
      const ids = backlog.peek(n);
      // Nothing in memory: a refill from the store is in flight.
      if (ids.length === 0) await new Promise((r) => setTimeout(r, 0));
      backlog.take(ids);
      for (const id of ids) {
        const job = table.get(id)!;
        out.push(job.command);
        job.state = "SCHEDULED";
      }
    }
    return out;
  };
  return { dir, store, table, backlog, submit, drain };
}

Deno.test("Backlog keeps a window in memory and the rest in the store, in order", async () => {
  const t = setup(4);
  for (let i = 0; i < 20; i++) await t.submit(`job-${i}`);
  assert.equal(t.backlog.size, 20);
  assert.equal(t.backlog.readyCount, 20);
  assert.ok(t.table.size <= 4, `${t.table.size} jobs in memory`);
  assert.equal(t.backlog.spilled, 16);
  assert.deepEqual(await t.drain(), Array.from({ length: 20 }, (_, i) => `job-${i}`));
  assert.equal(t.backlog.size, 0);
  await t.store.close();
});

Deno.test("Backlog: a higher priority submitted late goes first, even past a full window", async () => {
  const t = setup(3);
  for (let i = 0; i < 10; i++) await t.submit(`low-${i}`);
  await t.submit("high", 5);
  for (let i = 10; i < 12; i++) await t.submit(`low-${i}`);
  const order = await t.drain(2);
  assert.equal(order[0], "high");
  assert.deepEqual(order.slice(1), Array.from({ length: 12 }, (_, i) => `low-${i}`));
  await t.store.close();
});

Deno.test("Backlog: a job put back at the front and one read again are not run twice", async () => {
  const t = setup(2);
  const jobs = [];
  for (let i = 0; i < 8; i++) jobs.push(await t.submit(`job-${i}`));
  // job-0 is scheduled, then handed back: it goes to the front, while later jobs wait in
  // the store; a refill reading past it must skip it.
  const [first] = t.backlog.peek(1);
  t.backlog.take([first]);
  const job0 = t.table.get(first)!;
  assert.equal(job0.command, "job-0");
  t.backlog.pushFront(job0);
  const order = await t.drain(1);
  assert.deepEqual(order, jobs.map((j) => j.command));
  await t.store.close();
});

Deno.test("Backlog.recover() reads the head of the queue and counts the rest", async () => {
  const t = setup(4);
  for (let i = 0; i < 10; i++) await t.submit(`job-${i}`);
  const delayed = newJob(spec("later"), 0);
  delayed.notBefore = 10_000;
  await t.store.save([delayed]);
  await t.store.close();
  const store = new SqliteStore(t.dir);
  const table = new Map<string, Job>();
  const backlog = new Backlog(store, {
    get: (id) => table.get(id),
    track: (job) => table.set(job.id, job),
    forget: (job) => table.delete(job.id),
  }, 4);
  assert.equal(await backlog.recover(5_000), 11);
  assert.equal(table.size, 5); // four of the queue and the one in backoff
  assert.equal(backlog.readyCount, 10);
  assert.equal(backlog.size, 11);
  const out: string[] = [];
  while (backlog.readyCount > 0) {
    const ids = backlog.peek(3);
    if (ids.length === 0) await new Promise((r) => setTimeout(r, 0)); // a refill in flight
    backlog.take(ids);
    out.push(...ids.map((id) => table.get(id)!.command));
  }
  assert.deepEqual(out, Array.from({ length: 10 }, (_, i) => `job-${i}`));
  backlog.promote(20_000);
  assert.deepEqual(backlog.peek(5).map((id) => table.get(id)!.command), ["later"]);
  await store.close();
});

/** A worker stream that records what the manager sends. */
function fakeStream() {
  const sent: ManagerMessage[] = [];
  const stream = { write: (m: ManagerMessage) => sent.push(m) > 0, end: () => {} };
  return { stream: stream as unknown as WorkerStream, sent };
}

Deno.test("the controller runs a backlog far larger than its window, and cancels a job in the store", async () => {
  const store = new SqliteStore(Deno.makeTempDirSync({ prefix: "titan-backlog-ctl-" }));
  const core = new ManagerCore(store, {
    heartbeatTimeoutMs: 10_000,
    heartbeatIntervalMs: 1000,
    retryBackoffBaseMs: 0,
    retryBackoffMaxMs: 0,
    maxLostAttempts: 2,
    maxActiveJobs: 1000,
    drainTimeoutMs: 0,
    pendingWindow: 4,
  }, createLogger("test"));
  const ctl = core.jobs;
  const submitted = await ctl.submit(Array.from({ length: 30 }, (_, i) => spec(`job-${i}`)));
  assert.equal(ctl.activeCount, 30);
  assert.equal(ctl.queueLength, 30);
  const cancelled = submitted[25].jobId;
  assert.equal(await ctl.cancel(cancelled), "CANCELLED");
  assert.equal(ctl.activeCount, 29);
  const w = fakeStream();
  const worker = core.reports.onRegister(w.stream, {
    workerId: "w1",
    slots: 3,
    labels: {},
    running: [],
    finished: [],
    version: "test",
    sessionId: "s1",
    capacity: null,
    isolation: "",
    queueDepth: 0,
  }, "");
  const ran: string[] = [];
  for (let round = 0; round < 100 && ran.length < 29; round++) {
    await new Promise((r) => setTimeout(r, 2));
    const fresh = w.sent.filter((m) => m.assign).map((m) => m.assign!);
    w.sent.length = 0;
    for (const a of fresh) {
      ran.push(a.command!);
      await core.reports.onFinished(worker, {
        jobId: a.jobId!,
        attempt: a.attempt!,
        exitCode: 0,
        signal: "",
        error: "",
        timedOut: false,
        stdout: Buffer.alloc(0),
        stderr: Buffer.alloc(0),
        stdoutTruncated: false,
        stderrTruncated: false,
        stdoutBytes: 0,
        stderrBytes: 0,
        startedAt: null,
        finishedAt: null,
        handedBack: false,
        cancelled: false,
        oomKilled: false,
      });
    }
  }
  assert.deepEqual(
    ran,
    submitted.map((_: unknown, i: number) => `job-${i}`).filter((c) => c !== "job-25"),
  );
  assert.equal(ctl.activeCount, 0);
  assert.equal((await store.get(cancelled))!.state, "CANCELLED");
  core.stop();
  await store.close();
});

Deno.test("a job submitted to an idle cluster is scheduled in the commit of its insert", async () => {
  const store = new SqliteStore(Deno.makeTempDirSync({ prefix: "titan-backlog-early-" }));
  const core = new ManagerCore(store, {
    heartbeatTimeoutMs: 10_000,
    heartbeatIntervalMs: 1000,
    retryBackoffBaseMs: 0,
    retryBackoffMaxMs: 0,
    maxLostAttempts: 2,
    maxActiveJobs: 1000,
    drainTimeoutMs: 0,
  }, createLogger("test"));
  const ctl = core.jobs;
  const w = fakeStream();
  core.reports.onRegister(w.stream, {
    workerId: "w1",
    slots: 1,
    labels: {},
    running: [],
    finished: [],
    version: "test",
    sessionId: "s1",
    capacity: null,
    isolation: "",
    queueDepth: 0,
  }, "");
  const [{ jobId, state }] = await ctl.submit([spec("true")]);
  assert.equal(state, "PENDING"); // what the client is told
  // Already durable as SCHEDULED: one commit for both.
  assert.equal((await store.get(jobId))!.state, "SCHEDULED");
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(w.sent.filter((m) => m.assign).length, 1);
  core.stop();
  await store.close();
});

Deno.test("backfill reaches past the window: jobs in the store only run while the window is blocked", async () => {
  const store = new SqliteStore(Deno.makeTempDirSync({ prefix: "titan-backlog-beyond-" }));
  const core = new ManagerCore(store, {
    heartbeatTimeoutMs: 10_000,
    heartbeatIntervalMs: 1000,
    retryBackoffBaseMs: 0,
    retryBackoffMaxMs: 0,
    maxLostAttempts: 2,
    maxActiveJobs: 10_000,
    drainTimeoutMs: 0,
    pendingWindow: 8,
  }, createLogger("test"));
  const ctl = core.jobs;
  // 3000 jobs no worker can take fill the window many times over, then 3 that fit.
  const blocked = Array.from({ length: 3000 }, (_, i) => ({
    ...spec(`gpu-${i}`),
    selector: { gpu: "true" },
  }));
  await ctl.submit(blocked);
  await ctl.submit([spec("plain-1"), spec("plain-2"), spec("plain-3")]);
  const w = fakeStream();
  const worker = core.reports.onRegister(w.stream, {
    workerId: "cpu-only",
    slots: 2,
    labels: {},
    running: [],
    finished: [],
    version: "test",
    sessionId: "s1",
    capacity: null,
    isolation: "",
    queueDepth: 0,
  }, "");
  const assigned = () => w.sent.filter((m) => m.assign).map((m) => m.assign!.command);
  for (let i = 0; i < 200 && assigned().length < 2; i++) {
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.deepEqual(assigned(), ["plain-1", "plain-2"]);
  const [first] = (await store.list({ states: ["SCHEDULED"], limit: 10 })).jobs;
  await core.reports.onFinished(worker, {
    jobId: first.id,
    attempt: 1,
    exitCode: 0,
    signal: "",
    error: "",
    timedOut: false,
    stdout: Buffer.alloc(0),
    stderr: Buffer.alloc(0),
    stdoutTruncated: false,
    stderrTruncated: false,
    stdoutBytes: 0,
    stderrBytes: 0,
    startedAt: null,
    finishedAt: null,
    handedBack: false,
    cancelled: false,
    oomKilled: false,
  });
  for (let i = 0; i < 200 && assigned().length < 3; i++) {
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.deepEqual(assigned(), ["plain-1", "plain-2", "plain-3"]);
  // The blocked ones stay, in the store and in memory, none lost.
  assert.equal(ctl.queueLength, 3000);
  const waiting = await ctl.get((await store.list({ states: ["PENDING"], limit: 1 })).jobs[0].id);
  assert.equal(ctl.pendingReason(waiting), "no healthy worker has label gpu=true");
  core.stop();
  await store.close();
});
