/** The core's side of job dependencies: holding, releasing, dooming, restarting. */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { TitanError } from "../../shared/errors.ts";
import { createLogger, setLogLevel } from "../../shared/log.ts";
import type { AttemptFinished__Output, ManagerMessage } from "../../shared/proto.ts";
import { grpc } from "../../shared/proto.ts";
import type { WorkerStream } from "../fleet/fleet.ts";
import { type CoreOptions, ManagerCore } from "./core.ts";
import { SqliteStore } from "../store/sqlite/sqlite_store.ts";
import type { ValidSpec } from "./new_job.ts";

setLogLevel("error");

const OPTIONS: CoreOptions = {
  heartbeatTimeoutMs: 1000,
  heartbeatIntervalMs: 100,
  retryBackoffBaseMs: 0,
  retryBackoffMaxMs: 0,
  maxLostAttempts: 2,
  maxActiveJobs: 100_000,
  drainTimeoutMs: 1000,
};

function setup(dir = Deno.makeTempDirSync({ prefix: "titan-deps-" })) {
  const store = new SqliteStore(dir);
  const core = new ManagerCore(store, OPTIONS, createLogger("test"));
  const ctl = core.jobs;
  const reports = core.reports;
  const sent: ManagerMessage[] = [];
  const stream = {
    write: (m: ManagerMessage) => sent.push(m) > 0,
    end: () => {},
  } as unknown as WorkerStream;
  const worker = () =>
    reports.onRegister(stream, {
      workerId: "w1",
      slots: 100,
      labels: {},
      running: [],
      finished: [],
      version: "test",
      sessionId: "s1",
      capacity: null,
      isolation: "",
      queueDepth: 0,
    }, "peer");
  return {
    dir,
    store,
    ctl,
    reports,
    sent,
    worker,
    /** Ids assigned so far, in order. */
    assigned: () => sent.filter((m) => m.assign).map((m) => m.assign!.jobId),
    close: async () => {
      core.stop();
      await store.close();
    },
  };
}

const spec = (name: string, dependsOn: string[] = [], over: Partial<ValidSpec> = {}) => ({
  command: `echo ${name}`,
  env: {},
  cwd: "",
  timeoutSeconds: 0,
  maxRetries: 0,
  idempotencyKey: "",
  priority: 0,
  name,
  dependsOn,
  dependencyPolicy: "AFTER_SUCCESS" as const,
  resources: { cpuMillis: 0, memoryMb: 0, devices: {} },
  selector: {},
  queue: "default",
  ...over,
});

const finished = (jobId: string, exitCode = 0): AttemptFinished__Output => ({
  jobId,
  attempt: 1,
  exitCode,
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

const settle = () => new Promise((r) => setTimeout(r, 10));
const at = (i: number) => `jobs[${i}].`;

Deno.test("a diamond submitted in one call runs in dependency order", async () => {
  const t = setup();
  const w = t.worker();
  const ids = (await t.ctl.submit([
    spec("root"),
    spec("left", ["root"]),
    spec("right", ["root"]),
    spec("join", ["left", "right"]),
  ], { fieldOf: at })).map((r) => r.jobId);
  const [root, left, right, join] = ids;
  await settle();
  assert.deepEqual(t.assigned(), [root]);
  const held = await t.ctl.get(join);
  assert.equal(held.state, "PENDING");
  assert.deepEqual(held.dependsOn, [left, right]);
  assert.equal(t.ctl.heldCount, 3);
  assert.deepEqual((await t.ctl.dependencies(held)).map((d) => [d.jobId, d.name, d.state]), [
    [left, "left", "PENDING"],
    [right, "right", "PENDING"],
  ]);
  await t.reports.onFinished(w, finished(root));
  await settle();
  assert.deepEqual(t.assigned().slice(1).sort(), [left, right].sort());
  await t.reports.onFinished(w, finished(left));
  await settle();
  assert.equal(t.assigned().length, 3, "the join waits for right");
  assert.equal(held.depsWaiting, 1);
  await t.reports.onFinished(w, finished(right));
  await settle();
  assert.deepEqual(t.assigned().slice(3), [join]);
  await t.close();
});

Deno.test("a failure cancels exactly its dependents, transitively, in the same commit", async () => {
  const t = setup();
  const w = t.worker();
  const [a, b, c, side, lenient] = (await t.ctl.submit([
    spec("a"),
    spec("b", ["a"]),
    spec("c", ["b"]),
    spec("side"),
    spec("lenient", ["a"], { dependencyPolicy: "AFTER_COMPLETION" }),
  ], { fieldOf: at })).map((r) => r.jobId);
  await settle();
  await t.reports.onFinished(w, finished(a, 3));
  // Durable once the failure is: read from the store, not from memory.
  const stored = async (id: string) => (await t.store.get(id))!;
  assert.equal((await stored(a)).state, "FAILED");
  assert.equal((await stored(b)).state, "CANCELLED");
  assert.equal((await stored(b)).error, `dependency ${a} FAILED`);
  assert.equal((await stored(c)).state, "CANCELLED");
  assert.equal((await stored(c)).error, `dependency ${b} CANCELLED`);
  assert.equal((await stored(lenient)).depsWaiting, 0, "AFTER_COMPLETION is released");
  await settle();
  assert.ok(t.assigned().includes(lenient));
  assert.ok(t.assigned().includes(side));
  assert.equal(t.ctl.heldCount, 0);
  await t.close();
});

Deno.test("cancelling a job cancels the dependents that can no longer run", async () => {
  const t = setup();
  const [a, b, c] = (await t.ctl.submit([spec("a"), spec("b", ["a"]), spec("c", ["b"])], {
    fieldOf: at,
  })).map((r) => r.jobId);
  assert.equal(await t.ctl.cancel(a), "CANCELLED");
  await settle();
  assert.equal((await t.store.get(b))!.state, "CANCELLED");
  assert.equal((await t.store.get(c))!.error, `dependency ${b} CANCELLED`);
  await t.close();
});

Deno.test("dependencies on stored jobs: unknown is NOT_FOUND, failed ones cancel at once", async () => {
  const t = setup();
  const w = t.worker();
  const [failed, done] = (await t.ctl.submit([spec("f"), spec("d")])).map((r) => r.jobId);
  await settle();
  await t.reports.onFinished(w, finished(failed, 1));
  await t.reports.onFinished(w, finished(done, 0));
  const unknown = "0190a000-0000-7000-8000-0000000fffff";
  await assert.rejects(
    () => t.ctl.submit([spec("x"), spec("y", ["x", unknown])], { fieldOf: at }),
    (err: unknown) =>
      err instanceof TitanError && err.code === grpc.status.NOT_FOUND &&
      err.message === `jobs[1].depends_on[1]: job ${unknown} not found`,
  );
  const [doomed, runs] = await t.ctl.submit([spec("z", [failed]), spec("ok", [done])]);
  assert.equal(doomed.state, "CANCELLED");
  assert.equal((await t.store.get(doomed.jobId))!.error, `dependency ${failed} FAILED`);
  assert.equal(runs.state, "PENDING");
  await settle();
  assert.ok(t.assigned().includes(runs.jobId));
  await t.close();
});

Deno.test("held jobs survive a restart and are released by dependencies that end later", async () => {
  const t1 = setup();
  const [a, b, c] = (await t1.ctl.submit([spec("a"), spec("b", ["a"]), spec("c", ["a", "b"])], {
    fieldOf: at,
  })).map((r) => r.jobId);
  await t1.close();
  const t2 = setup(t1.dir);
  assert.deepEqual(await t2.ctl.recover(), { pending: 1, held: 0, waiting: 2 });
  assert.equal((await t2.ctl.get(c)).depsWaiting, 2, "counted again after the restart");
  const w = t2.worker();
  await settle();
  assert.deepEqual(t2.assigned(), [a]);
  await t2.reports.onFinished(w, finished(a));
  await settle();
  assert.deepEqual(t2.assigned(), [a, b]);
  await t2.reports.onFinished(w, finished(b));
  await settle();
  assert.deepEqual(t2.assigned(), [a, b, c]);
  await t2.close();
});

Deno.test("a release committed before a restart stands; held jobs are not in the queue window", async () => {
  const t1 = setup();
  const w = t1.worker();
  const [root, ...fan] = (await t1.ctl.submit([
    spec("root"),
    ...Array.from({ length: 50 }, (_, i) => spec(`leaf${i}`, ["root"])),
  ], { fieldOf: at })).map((r) => r.jobId);
  await settle();
  assert.equal(t1.ctl.queueLength, 0, "held jobs are not queued");
  assert.equal(t1.ctl.heldCount, 50);
  await t1.reports.onFinished(w, finished(root));
  await t1.close();
  const t2 = setup(t1.dir);
  const recovered = await t2.ctl.recover();
  assert.equal(recovered.waiting, 0);
  assert.equal(recovered.pending + recovered.held, 50);
  for (const id of fan) assert.equal((await t2.ctl.get(id)).depsWaiting, 0);
  await t2.close();
});
