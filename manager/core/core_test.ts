import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { TitanError } from "../../shared/errors.ts";
import { createLogger, setLogLevel } from "../../shared/log.ts";
import type {
  AttemptFinished__Output,
  ManagerMessage,
  Register__Output,
} from "../../shared/proto.ts";
import { grpc } from "../../shared/proto.ts";
import { noResources } from "../../shared/model.ts";
import type { WorkerStream } from "../fleet/fleet.ts";
import { SqliteStore } from "../store/sqlite/sqlite_store.ts";
import { type CoreOptions, ManagerCore } from "./core.ts";
import type { CoreMetrics } from "./metrics.ts";
import type { ValidSpec } from "./new_job.ts";

setLogLevel("error");

const OPTIONS: CoreOptions = {
  heartbeatTimeoutMs: 1000,
  heartbeatIntervalMs: 100,
  retryBackoffBaseMs: 0,
  retryBackoffMaxMs: 0,
  maxLostAttempts: 2,
  maxActiveJobs: 100,
  drainTimeoutMs: 1000,
};

/** Metrics that count what the tests look at. */
function countingMetrics() {
  const counts = { stale: 0, retried: 0, lost: 0, handedBack: 0, revoked: 0, finished: 0 };
  const metrics: CoreMetrics = {
    jobsSubmitted: () => {},
    attemptStarted: () => {},
    jobFinished: () => void counts.finished++,
    attemptsAssigned: () => {},
    attemptRetried: () => void counts.retried++,
    attemptLost: () => void counts.lost++,
    attemptHandedBack: () => void counts.handedBack++,
    queuedAttemptRevoked: () => void counts.revoked++,
    staleReportsRefused: (n) => void (counts.stale += n),
  };
  return Object.assign(counts, metrics);
}

/** A worker stream that records what the manager sends. */
function fakeStream() {
  const sent: ManagerMessage[] = [];
  let ended = false;
  const stream = {
    write: (m: ManagerMessage) => {
      sent.push(m);
      return true;
    },
    end: () => {
      ended = true;
    },
  } as unknown as WorkerStream;
  return { stream, sent, ended: () => ended };
}

function setup(dir = Deno.makeTempDirSync({ prefix: "titan-jobs-" }), opts = OPTIONS) {
  let clock = 1_000_000;
  const store = new SqliteStore(dir);
  const counters = countingMetrics();
  const core = new ManagerCore(store, opts, createLogger("test"), counters, () => clock);
  return {
    dir,
    store,
    core,
    jobs: core.jobs,
    reports: core.reports,
    counters,
    advance: (ms: number) => (clock += ms),
    close: async () => {
      core.stop();
      await store.close();
    },
  };
}

const spec = (command = "true", over: Partial<ValidSpec> = {}): ValidSpec => ({
  command,
  env: {},
  cwd: "",
  timeoutSeconds: 0,
  maxRetries: 0,
  idempotencyKey: "",
  name: "",
  dependsOn: [],
  dependencyPolicy: "AFTER_SUCCESS",
  priority: 0,
  resources: noResources(),
  selector: {},
  queue: "default",
  ...over,
});

const register = (workerId: string, over: Partial<Register__Output> = {}): Register__Output => ({
  workerId,
  slots: 2,
  labels: {},
  running: [],
  finished: [],
  version: "test",
  sessionId: `${workerId}-s1`,
  capacity: null,
  isolation: "",
  queueDepth: 0,
  ...over,
});

const finished = (
  jobId: string,
  attempt: number,
  over: Partial<AttemptFinished__Output> = {},
): AttemptFinished__Output => ({
  jobId,
  attempt,
  exitCode: 0,
  signal: "",
  error: "",
  timedOut: false,
  stdout: Buffer.from("hello\n"),
  stderr: Buffer.alloc(0),
  stdoutTruncated: false,
  stderrTruncated: false,
  stdoutBytes: 6,
  stderrBytes: 0,
  startedAt: null,
  finishedAt: null,
  handedBack: false,
  cancelled: false,
  oomKilled: false,
  ...over,
});

/** Let group commits and scheduling run. */
const settle = () => new Promise((r) => setTimeout(r, 5));

const assigns = (sent: ManagerMessage[]) => sent.filter((m) => m.assign).map((m) => m.assign!);

Deno.test("a submitted job is assigned once durable, runs and completes with its output", async () => {
  const t = setup();
  const w = fakeStream();
  const worker = t.reports.onRegister(w.stream, register("w1"), "peer");
  assert.ok(w.sent[0].registered);
  const [{ jobId }] = await t.jobs.submit([spec("echo hello")]);
  await settle();
  const [assign] = assigns(w.sent);
  assert.equal(assign.jobId, jobId);
  assert.equal(assign.attempt, 1);
  assert.equal((await t.store.get(jobId))!.state, "SCHEDULED"); // durable before it was sent
  t.reports.onStarted(worker, jobId, 1, Date.now());
  assert.equal((await t.jobs.get(jobId)).state, "RUNNING");
  await t.reports.onFinished(worker, finished(jobId, 1));
  const done = (await t.store.get(jobId))!;
  assert.equal(done.state, "COMPLETED");
  assert.equal(new TextDecoder().decode(done.stdout), "hello\n");
  assert.ok(w.sent.some((m) => m.finishedAck?.jobId === jobId));
  await t.close();
});

Deno.test("a lost worker's attempt is requeued elsewhere and its late report is refused", async () => {
  const t = setup();
  const a = fakeStream(), b = fakeStream();
  const wa = t.reports.onRegister(a.stream, register("a", { slots: 1 }), "");
  const [{ jobId }] = await t.jobs.submit([spec()]);
  await settle();
  assert.equal(assigns(a.sent).length, 1);
  t.reports.onStarted(wa, jobId, 1, null);
  t.advance(1500); // a is silent past the heartbeat timeout
  const wb = t.reports.onRegister(b.stream, register("b", { slots: 1 }), "");
  t.core.sweepLeases();
  await settle();
  const [second] = assigns(b.sent);
  assert.equal(second.attempt, 2);
  // a comes back from its partition and reports attempt 1: refused, acked, nothing changes.
  await t.reports.onFinished(wa, finished(jobId, 1, { exitCode: 7 }));
  assert.equal(t.counters.stale, 1);
  assert.equal((await t.jobs.get(jobId)).state, "SCHEDULED");
  t.reports.onStarted(wb, jobId, 2, null);
  await t.reports.onFinished(wb, finished(jobId, 2));
  assert.equal((await t.store.get(jobId))!.state, "COMPLETED");
  assert.equal((await t.store.get(jobId))!.workerId, "b");
  await t.close();
});

Deno.test("a lost attempt goes back to the front of the queue, not behind later jobs", async () => {
  const t = setup();
  const a = fakeStream(), b = fakeStream();
  t.reports.onRegister(a.stream, register("a", { slots: 1 }), "");
  const [{ jobId: first }] = await t.jobs.submit([spec()]);
  await settle();
  const later = await t.jobs.submit([spec(), spec(), spec()]);
  t.advance(1500); // a is lost with the first job
  t.reports.onRegister(b.stream, register("b", { slots: 1 }), "");
  t.core.sweepLeases();
  await settle();
  assert.deepEqual(assigns(b.sent).map((x) => [x.jobId, x.attempt]), [[first, 2]]);
  assert.equal((await t.jobs.get(later[0].jobId)).state, "PENDING");
  await t.close();
});

Deno.test("a stale attempt still running is told to die", async () => {
  const t = setup();
  const a = fakeStream();
  const wa = t.reports.onRegister(a.stream, register("a"), "");
  const [{ jobId }] = await t.jobs.submit([spec()]);
  await settle();
  t.advance(1500);
  t.core.sweepLeases(); // a lost: the job goes back to PENDING
  const a2 = fakeStream();
  t.reports.onRegister(a2.stream, register("a", { running: [{ jobId, attempt: 1 }] }), "");
  assert.deepEqual(a2.sent[0].registered!.stale, [{ jobId, attempt: 1 }]);
  t.reports.onOutput(wa, jobId, 1, "STDOUT", new Uint8Array([65]));
  await t.close();
});

Deno.test("failed attempts are retried up to max_retries, then the job fails", async () => {
  const t = setup();
  const w = fakeStream();
  const worker = t.reports.onRegister(w.stream, register("w"), "");
  const [{ jobId }] = await t.jobs.submit([spec("exit 3", { maxRetries: 1 })]);
  await settle();
  await t.reports.onFinished(worker, finished(jobId, 1, { exitCode: 3 }));
  assert.equal((await t.jobs.get(jobId)).failures, 1);
  assert.ok(
    (await t.store.list({ states: [], limit: 10 })).jobs.length === 1 &&
      t.counters.retried === 1,
    "requeued, not failed",
  );
  await settle();
  assert.equal(assigns(w.sent)[1].attempt, 2);
  await t.reports.onFinished(worker, finished(jobId, 2, { exitCode: 3 }));
  const job = (await t.store.get(jobId))!;
  assert.equal(job.state, "FAILED");
  assert.equal(job.exitCode, 3);
  await t.close();
});

Deno.test("a job whose worker keeps dying fails after max-lost-attempts", async () => {
  const t = setup();
  const [{ jobId }] = await t.jobs.submit([spec()]);
  for (let i = 1; i <= 3; i++) {
    const w = fakeStream();
    t.reports.onRegister(w.stream, register(`w${i}`), "");
    await settle();
    t.advance(1500);
    t.core.sweepLeases();
  }
  const job = await t.jobs.get(jobId);
  assert.equal(job.state, "FAILED");
  assert.match(job.error, /lost 3 times \(limit 2\)/);
  await t.close();
});

Deno.test("cancel ends a PENDING job at once and kills a running one", async () => {
  const t = setup();
  const [{ jobId: pending }] = await t.jobs.submit([spec()]);
  assert.equal(await t.jobs.cancel(pending), "CANCELLED");
  await assert.rejects(
    () => t.jobs.cancel(pending),
    (e: TitanError) => e.code === grpc.status.FAILED_PRECONDITION,
  );
  const w = fakeStream();
  const worker = t.reports.onRegister(w.stream, register("w"), "");
  const [{ jobId }] = await t.jobs.submit([spec("sleep 100")]);
  await settle();
  t.reports.onStarted(worker, jobId, 1, null);
  assert.equal(await t.jobs.cancel(jobId), "RUNNING");
  assert.deepEqual(w.sent.find((m) => m.cancel)!.cancel!.jobId, jobId);
  await t.reports.onFinished(
    worker,
    finished(jobId, 1, { exitCode: undefined, signal: "SIGTERM", cancelled: true }),
  );
  assert.equal((await t.store.get(jobId))!.state, "CANCELLED");
  await t.close();
});

Deno.test("watchers hear of a terminal state only once it is durable", async () => {
  const t = setup();
  const w = fakeStream();
  const worker = t.reports.onRegister(w.stream, register("w", { slots: 1 }), "");
  const [{ jobId: pending }] = await t.jobs.submit([spec("sleep 100")]);
  const [{ jobId: queued }] = await t.jobs.submit([spec("true", { priority: -1 })]);
  const states: string[] = [];
  t.jobs.watch(queued, (e) => e.kind === "status" && states.push(e.job.state));
  const cancelled = t.jobs.cancel(queued);
  assert.deepEqual(states, [], "not before the commit");
  await cancelled;
  assert.deepEqual(states, ["CANCELLED"]);

  await settle();
  const seen: string[] = [];
  t.jobs.watch(pending, (e) => e.kind === "status" && seen.push(e.job.state));
  t.reports.onStarted(worker, pending, 1, null);
  assert.deepEqual(seen, ["RUNNING"], "non-terminal changes are told at once");
  const finishing = t.reports.onFinished(worker, finished(pending, 1));
  assert.deepEqual(seen, ["RUNNING"]);
  await finishing;
  assert.deepEqual(seen, ["RUNNING", "COMPLETED"]);
  assert.equal((await t.store.get(pending))!.state, "COMPLETED");
  await t.close();
});

Deno.test("a finish report repeated while its outcome commits is acknowledged once durable", async () => {
  const t = setup();
  const w = fakeStream();
  const worker = t.reports.onRegister(w.stream, register("w"), "");
  const [{ jobId }] = await t.jobs.submit([spec()]);
  await settle();
  const first = t.reports.onFinished(worker, finished(jobId, 1));
  const repeat = t.reports.onFinished(worker, finished(jobId, 1));
  assert.equal(w.sent.filter((m) => m.finishedAck).length, 0, "no ack before the commit");
  await Promise.all([first, repeat]);
  assert.equal(w.sent.filter((m) => m.finishedAck).length, 2);
  assert.equal((await t.store.get(jobId))!.state, "COMPLETED");
  assert.equal(t.counters.stale, 0, "a repeat is not a stale attempt");
  await t.close();
});

Deno.test("an idempotency key returns the first job, also after a restart", async () => {
  const t = setup();
  const [first] = await t.jobs.submit([spec("true", { idempotencyKey: "k" })]);
  const [again] = await t.jobs.submit([spec("true", { idempotencyKey: "k" })]);
  assert.equal(again.jobId, first.jobId);
  assert.equal(again.deduplicated, true);
  await t.close();
  const t2 = setup(t.dir);
  await t2.jobs.recover();
  const [third] = await t2.jobs.submit([spec("true", { idempotencyKey: "k" })]);
  assert.equal(third.jobId, first.jobId);
  assert.equal((await t2.store.list({ states: [], limit: 100 })).jobs.length, 1);
  await t2.close();
});

Deno.test("after a restart, a worker reclaims its attempts; unclaimed ones are requeued", async () => {
  const t = setup();
  const w = fakeStream();
  t.reports.onRegister(w.stream, register("w", { slots: 2 }), "");
  const [{ jobId: kept }, { jobId: lost }] = await t.jobs.submit([spec(), spec()]);
  await settle();
  assert.equal(assigns(w.sent).length, 2);
  await t.close();

  const t2 = setup(t.dir);
  assert.deepEqual(await t2.jobs.recover(), { pending: 0, held: 2, waiting: 0 });
  const w2 = fakeStream();
  const worker = t2.reports.onRegister(
    w2.stream,
    register("w", { running: [{ jobId: kept, attempt: 1 }] }),
    "",
  );
  assert.deepEqual(w2.sent[0].registered!.stale, []);
  assert.equal((await t2.jobs.get(kept)).state, "SCHEDULED");
  await settle();
  // the unclaimed one went back to the queue and, as a new attempt, to the free slot
  assert.deepEqual(assigns(w2.sent).map((a) => [a.jobId, a.attempt]), [[lost, 2]]);
  assert.equal(
    (await t2.jobs.get(lost)).lost,
    0,
    "not charged: the assignment may never have arrived",
  );
  await t2.reports.onFinished(worker, finished(kept, 1));
  assert.equal((await t2.store.get(kept))!.state, "COMPLETED");
  await t2.close();
});

Deno.test("a handed-back attempt is requeued at once without counting a failure", async () => {
  const t = setup();
  const w = fakeStream();
  const worker = t.reports.onRegister(w.stream, register("w"), "");
  const [{ jobId }] = await t.jobs.submit([spec()]);
  await settle();
  t.reports.onHeartbeat(worker, 1, true); // draining: no more work for it
  await t.reports.onFinished(worker, finished(jobId, 1, { handedBack: true, error: "draining" }));
  const job = await t.jobs.get(jobId);
  assert.equal(job.state, "PENDING");
  assert.equal(job.failures, 0);
  await settle();
  assert.equal(assigns(w.sent).length, 1);
  await t.close();
});

Deno.test("submit refuses beyond max active jobs with RESOURCE_EXHAUSTED", async () => {
  const t = setup(undefined, { ...OPTIONS, maxActiveJobs: 2 });
  await t.jobs.submit([spec(), spec()]);
  await assert.rejects(
    () => t.jobs.submit([spec()]),
    (e: TitanError) => e.code === grpc.status.RESOURCE_EXHAUSTED,
  );
  await t.close();
});

Deno.test("jobs go only where their request fits; capacity is freed when they end", async () => {
  const t = setup();
  const small = fakeStream();
  const big = fakeStream();
  const legacy = fakeStream();
  const cap = (cpuMillis: number, memoryMb: number) => ({ cpuMillis, memoryMb, devices: {} });
  t.reports.onRegister(
    small.stream,
    register("small", { slots: 4, capacity: cap(1000, 1024) }),
    "",
  );
  const bigWorker = t.reports.onRegister(
    big.stream,
    register("big", { slots: 4, capacity: cap(4000, 8192), labels: { disk: "ssd" } }),
    "",
  );
  t.reports.onRegister(legacy.stream, register("legacy", { slots: 4 }), "");
  const res = (cpuMillis: number, memoryMb: number) => ({ cpuMillis, memoryMb, devices: {} });
  const [a, b, c, d] = await t.jobs.submit([
    spec("a", { resources: res(3000, 0) }),
    spec("b", { resources: res(2000, 0) }), // 3000 + 2000 > 4000 on "big": waits
    spec("c", { resources: res(0, 512), selector: { disk: "ssd" } }),
    spec("d", { resources: res(0, 16384) }), // larger than every worker
  ]);
  await settle();
  assert.deepEqual(assigns(big.sent).map((x) => x.jobId), [a.jobId, c.jobId]);
  assert.deepEqual(assigns(big.sent)[0].resources, res(3000, 0));
  assert.deepEqual(assigns(small.sent), []);
  assert.deepEqual(assigns(legacy.sent), []);
  assert.deepEqual(bigWorker.allocated, res(3000, 512));
  const waiting = await t.jobs.get(b.jobId);
  assert.equal(waiting.state, "PENDING");
  assert.equal(
    t.jobs.pendingReason(waiting),
    "needs 2 cpu; most free on any worker: 1 cpu (big)",
  );
  assert.equal(
    t.jobs.pendingReason(await t.jobs.get(d.jobId)),
    "needs 16384 MiB memory; no healthy worker has that much (largest: 8192 MiB on big)",
  );
  await t.reports.onFinished(bigWorker, finished(a.jobId, 1));
  await settle();
  assert.deepEqual(assigns(big.sent).map((x) => x.jobId), [a.jobId, c.jobId, b.jobId]);
  assert.deepEqual(bigWorker.allocated, res(2000, 512));
  await t.close();
});

Deno.test("a queue's max_running and pause hold, and survive a restart", async () => {
  const t = setup();
  const w = fakeStream();
  const worker = t.reports.onRegister(w.stream, register("w", { slots: 8 }), "");
  await t.jobs.updateQueue("etl", { maxRunning: 2 });
  await t.jobs.updateQueue("paused", { paused: true });
  const jobs = await t.jobs.submit([
    spec("e1", { queue: "etl" }),
    spec("e2", { queue: "etl" }),
    spec("e3", { queue: "etl" }),
    spec("p1", { queue: "paused" }),
    spec("d1"),
  ]);
  await settle();
  const sent = () => assigns(w.sent).map((x) => x.command);
  assert.deepEqual(sent(), ["e1", "e2", "d1"]);
  assert.equal(
    t.jobs.pendingReason(await t.jobs.get(jobs[2].jobId)),
    "queue etl is at max_running 2",
  );
  assert.equal(t.jobs.pendingReason(await t.jobs.get(jobs[3].jobId)), "queue paused is paused");
  const byName = () => Object.fromEntries(t.jobs.listQueues().map((q) => [q.name, q]));
  assert.deepEqual(
    [byName().etl.running, byName().etl.pending, byName().paused.pending],
    [2, 1, 1],
  );
  await t.reports.onFinished(worker, finished(jobs[0].jobId, 1));
  await settle();
  assert.deepEqual(sent(), ["e1", "e2", "d1", "e3"], "a place in the queue freed up");
  await t.close();

  // A new manager on the same data: the limits and the pause are still there.
  const t2 = setup(t.dir);
  await t2.jobs.recover();
  const queues = Object.fromEntries(t2.jobs.listQueues().map((q) => [q.name, q]));
  assert.equal(queues.etl.maxRunning, 2);
  assert.equal(queues.etl.running, 2);
  assert.equal(queues.paused.paused, true);
  assert.equal(queues.paused.pending, 1);
  const w2 = fakeStream();
  t2.reports.onRegister(
    w2.stream,
    register("w", {
      slots: 8,
      running: [jobs[1], jobs[2], jobs[4]].map((j) => ({ jobId: j.jobId, attempt: 1 })),
    }),
    "",
  );
  const [e4] = await t2.jobs.submit([spec("e4", { queue: "etl" })]);
  await settle();
  assert.deepEqual(assigns(w2.sent).map((x) => x.command), [], "etl is full, paused is paused");
  assert.equal(t2.jobs.pendingReason(await t2.jobs.get(e4.jobId)), "queue etl is at max_running 2");
  await t2.jobs.updateQueue("paused", { paused: false });
  await settle();
  assert.deepEqual(assigns(w2.sent).map((x) => x.command), ["p1"]);
  await t2.close();
});

Deno.test("a worker with a queue depth gets slots + queue assignments; queued ones stay SCHEDULED", async () => {
  const t = setup();
  const w = fakeStream();
  const worker = t.reports.onRegister(w.stream, register("w", { slots: 1, queueDepth: 2 }), "");
  const submitted = await t.jobs.submit([spec(), spec(), spec(), spec()]);
  const [j1, j2, j3, j4] = submitted.map((s) => s.jobId);
  await settle();
  assert.deepEqual(assigns(w.sent).map((a) => a.jobId), [j1, j2, j3]);
  t.reports.onStarted(worker, j1, 1, null);
  for (const id of [j2, j3]) {
    const job = await t.jobs.get(id);
    assert.equal(job.state, "SCHEDULED");
    assert.equal(job.workerId, "w");
    assert.equal((await t.store.get(id))!.state, "SCHEDULED", "durable before it was sent");
  }
  assert.equal((await t.jobs.get(j4)).state, "PENDING");
  // The worker starts a queued one the moment its slot frees; the manager hears of it after.
  t.reports.onStarted(worker, j2, 1, null);
  await t.reports.onFinished(worker, finished(j1, 1));
  await settle();
  assert.equal((await t.jobs.get(j2)).state, "RUNNING");
  assert.deepEqual(assigns(w.sent).map((a) => a.jobId), [j1, j2, j3, j4]);
  await t.close();
});

Deno.test("a worker lost with queued attempts: they run again without counting a try", async () => {
  const t = setup();
  const a = fakeStream(), b = fakeStream();
  const wa = t.reports.onRegister(a.stream, register("a", { slots: 1, queueDepth: 1 }), "");
  const [{ jobId: ran }, { jobId: held }] = await t.jobs.submit([spec(), spec()]);
  await settle();
  assert.equal(assigns(a.sent).length, 2);
  t.reports.onStarted(wa, ran, 1, null);
  t.advance(1500); // a is silent past the heartbeat timeout
  t.reports.onRegister(b.stream, register("b", { slots: 2 }), "");
  t.core.sweepLeases();
  await settle();
  assert.deepEqual(
    assigns(b.sent).map((x) => [x.jobId, x.attempt]).sort(),
    [
      [held, 2],
      [ran, 2],
    ].sort(),
  );
  assert.equal((await t.jobs.get(ran)).lost, 1, "it ran: its loss counts");
  assert.equal((await t.jobs.get(held)).lost, 0, "it never started: no try counted");
  await t.close();
});

Deno.test("a queued attempt waiting behind long jobs is taken back for a newly free worker", async () => {
  const t = setup();
  const a = fakeStream(), b = fakeStream();
  const wa = t.reports.onRegister(a.stream, register("a", { slots: 1, queueDepth: 2 }), "");
  const ids = (await t.jobs.submit([spec(), spec(), spec()])).map((s) => s.jobId);
  await settle();
  t.reports.onStarted(wa, ids[0], 1, null);
  t.core.revokeLongQueued(); // nobody else has room: nothing happens
  t.reports.onRegister(b.stream, register("b", { slots: 1 }), "");
  t.core.revokeLongQueued(); // not waiting long enough yet
  assert.equal(a.sent.filter((m) => m.cancel).length, 0);
  t.advance(600);
  t.reports.onHeartbeat(wa, 1, false);
  t.advance(600);
  t.core.revokeLongQueued();
  t.core.revokeLongQueued(); // asked once only
  // b has one free slot: one queued attempt is asked back, the newest (the other starts next).
  const cancels = a.sent.filter((m) => m.cancel).map((m) => m.cancel!);
  assert.deepEqual(cancels.map((c) => [c.jobId, c.attempt, c.handBack]), [[ids[2], 1, true]]);
  await t.reports.onFinished(wa, finished(ids[2], 1, { handedBack: true, error: "revoked" }));
  await settle();
  assert.deepEqual(assigns(b.sent).map((x) => [x.jobId, x.attempt]), [[ids[2], 2]]);
  const moved = await t.jobs.get(ids[2]);
  assert.equal(moved.workerId, "b");
  assert.equal(moved.failures + moved.lost, 0);
  assert.equal(t.counters.handedBack, 1);
  assert.equal(t.counters.revoked, 1);
  await t.close();
});

Deno.test("after a restart, queued attempts reported with the running ones stay assigned", async () => {
  const t = setup();
  const w = fakeStream();
  t.reports.onRegister(w.stream, register("w", { slots: 1, queueDepth: 2 }), "");
  const ids = (await t.jobs.submit([spec(), spec(), spec()])).map((s) => s.jobId);
  await settle();
  assert.equal(assigns(w.sent).length, 3);
  await t.close();

  const t2 = setup(t.dir);
  assert.deepEqual(await t2.jobs.recover(), { pending: 0, held: 3, waiting: 0 });
  const w2 = fakeStream();
  const running = ids.map((jobId) => ({ jobId, attempt: 1 }));
  const worker = t2.reports.onRegister(
    w2.stream,
    register("w", { slots: 1, queueDepth: 2, running }),
    "",
  );
  assert.deepEqual(w2.sent[0].registered!.stale, []);
  await settle();
  assert.equal(assigns(w2.sent).length, 0, "nothing is assigned twice");
  for (const id of ids) {
    const job = await t2.jobs.get(id);
    assert.equal(job.state, "SCHEDULED");
    assert.equal(job.attempt, 1);
  }
  for (const id of ids) await t2.reports.onFinished(worker, finished(id, 1));
  for (const id of ids) assert.equal((await t2.store.get(id))!.state, "COMPLETED");
  await t2.close();
});
