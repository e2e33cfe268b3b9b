/**
 * The Store contract (store.ts) as tests, for any driver: a driver's test file calls
 * `storeConformance` with a harness that makes fresh stores. The cases check what the rest
 * of the manager relies on, not how a driver does it.
 */
import assert from "node:assert/strict";
import type { Job, State } from "../../shared/model.ts";
import type { Store, StoreOptions } from "./store.ts";
import type { ScheduleRecord } from "../workflows/schedule_record.ts";

export interface StoreHarness {
  /**
   * A new, empty store. `reopen` closes nothing: call it after `store.close()` to open the
   * same data again, as a manager restarted on it would.
   */
  fresh(options?: StoreOptions): Promise<{
    store: Store;
    reopen: (options?: StoreOptions) => Promise<Store>;
  }>;
}

let counter = 0;

/** A job with every field set away from its default, so a lost column shows. */
export function sampleJob(over: Partial<Job> = {}): Job {
  const n = ++counter;
  const hex = n.toString(16).padStart(12, "0");
  return {
    id: `0190a000-0000-7000-8000-${hex}`,
    seq: 0,
    command: `echo job ${n}`,
    env: { A: "1", B: "two words" },
    cwd: "/tmp",
    timeoutSeconds: 30,
    maxRetries: 2,
    idempotencyKey: "",
    priority: 0,
    state: "PENDING",
    attempt: 0,
    workerId: "",
    exitCode: null,
    signal: "",
    error: "",
    timedOut: false,
    stdout: new Uint8Array(0),
    stderr: new Uint8Array(0),
    stdoutTruncated: false,
    stderrTruncated: false,
    stdoutBytes: 0,
    stderrBytes: 0,
    createdAt: 1_700_000_000_000 + n,
    startedAt: null,
    finishedAt: null,
    notBefore: 0,
    failures: 0,
    lost: 0,
    cancelRequested: false,
    resources: { cpuMillis: 1500, memoryMb: 256, devices: { gpu: 1, "example.com/fpga": 2 } },
    selector: { zone: "eu-1", "example.com/disk": "ssd" },
    queue: "etl",
    name: "",
    dependsOn: [],
    dependencyPolicy: "AFTER_SUCCESS",
    depsWaiting: 0,
    scheduleName: "",
    fireTime: null,
    ...over,
  };
}

/** A schedule with every field set away from its default. */
export function sampleSchedule(over: Partial<ScheduleRecord> = {}): ScheduleRecord {
  const n = ++counter;
  return {
    name: `nightly-${n}`,
    cron: "*/5 * * * *",
    timezone: "Europe/Paris",
    job: {
      command: "make backup",
      env: { A: "1" },
      cwd: "/srv",
      timeoutSeconds: 60,
      maxRetries: 2,
      idempotencyKey: "",
      priority: 3,
      name: "backup",
      dependsOn: [],
      dependencyPolicy: "AFTER_COMPLETION",
      resources: { cpuMillis: 500, memoryMb: 64, devices: {} },
      selector: { zone: "eu-1" },
      queue: "backups",
    },
    overlapPolicy: "CANCEL_PREVIOUS",
    catchUpPolicy: "SKIP_MISSED",
    paused: true,
    nextFireAt: 1_700_000_300_000,
    lastFireAt: 1_700_000_000_000,
    lastJobId: "0190a000-0000-7000-8000-00000000abcd",
    createdAt: 1_699_000_000_000,
    updatedAt: 1_700_000_000_001,
    ...over,
  };
}

const finishedJob = (over: Partial<Job> = {}) =>
  sampleJob({
    state: "COMPLETED",
    attempt: 1,
    workerId: "w1",
    exitCode: 0,
    startedAt: 1_700_000_001_000,
    finishedAt: 1_700_000_002_000,
    ...over,
  });

/** Register the contract's cases as Deno tests named `${name}: …`. */
export function storeConformance(name: string, harness: StoreHarness): void {
  const test = (title: string, fn: () => Promise<void>) => Deno.test(`${name}: ${title}`, fn);

  test("a saved job reads back with every field, also after a reopen", async () => {
    const { store, reopen } = await harness.fresh();
    const job = sampleJob({
      idempotencyKey: "key-1",
      priority: -5,
      state: "FAILED",
      attempt: 3,
      workerId: "worker-a",
      exitCode: 7,
      signal: "SIGKILL",
      error: "exited with code 7",
      timedOut: true,
      stdout: new TextEncoder().encode("out\u0000bytes"),
      stderr: new TextEncoder().encode("err"),
      stdoutTruncated: true,
      stderrTruncated: true,
      stdoutBytes: 123_456,
      stderrBytes: 3,
      startedAt: 1_700_000_001_000,
      finishedAt: 1_700_000_002_000,
      notBefore: 1_700_000_003_000,
      failures: 2,
      lost: 1,
      cancelRequested: true,
    });
    await store.save([job]);
    assert.ok(job.seq > 0, "the store gave the job a seq");
    assert.deepEqual(await store.get(job.id), job);
    await store.close();
    const again = await reopen();
    assert.deepEqual(await again.get(job.id), job);
    assert.equal(await again.get("0190a000-0000-7000-8000-ffffffffffff"), undefined);
    await again.close();
  });

  test("saves in one turn share a batch; seq follows the order of the saves", async () => {
    const { store } = await harness.fresh();
    const jobs = Array.from({ length: 500 }, () => sampleJob());
    await Promise.all(jobs.map((j) => store.save([j])));
    assert.ok(jobs.every((j, i) => i === 0 || j.seq > jobs[i - 1].seq));
    const page = await store.list({ states: [], limit: 1000 });
    assert.equal(page.jobs.length, 500);
    assert.equal(page.more, false);
    await store.close();
  });

  test("a job saved twice before its batch is written ends with its latest fields", async () => {
    const { store } = await harness.fresh();
    const job = sampleJob();
    const first = store.save([job]);
    job.state = "SCHEDULED";
    job.attempt = 1;
    await Promise.all([first, store.save([job])]);
    const got = await store.get(job.id);
    assert.equal(got?.state, "SCHEDULED");
    assert.equal(got?.attempt, 1);
    await store.close();
  });

  test("batches apply in order: a later save of a job wins", async () => {
    const { store, reopen } = await harness.fresh();
    const job = sampleJob();
    const saves = [store.save([job])];
    for (const state of ["SCHEDULED", "RUNNING", "COMPLETED"] as State[]) {
      await new Promise((r) => setTimeout(r, 0)); // the next turn: the next batch
      job.state = state;
      saves.push(store.save([job]));
    }
    await Promise.all(saves);
    await store.close();
    const again = await reopen();
    assert.equal((await again.get(job.id))?.state, "COMPLETED");
    await again.close();
  });

  test("a save is unsaved until it resolves", async () => {
    const { store } = await harness.fresh();
    const job = sampleJob();
    assert.equal(store.isUnsaved(job.id), false);
    const saved = store.save([job]);
    assert.equal(store.isUnsaved(job.id), true);
    await saved;
    assert.equal(store.isUnsaved(job.id), false);
    await store.close();
  });

  test("reads return copies, not the saved objects", async () => {
    const { store } = await harness.fresh();
    const job = sampleJob();
    await store.save([job]);
    const read = (await store.get(job.id))!;
    assert.notEqual(read, job);
    read.state = "CANCELLED";
    assert.equal((await store.get(job.id))?.state, "PENDING");
    await store.close();
  });

  test("finds a job by its idempotency key", async () => {
    const { store } = await harness.fresh();
    const job = sampleJob({ idempotencyKey: "k1" });
    await store.save([job, sampleJob(), sampleJob()]); // jobs without a key do not collide
    assert.equal((await store.getByIdempotencyKey("k1"))?.id, job.id);
    assert.equal(await store.getByIdempotencyKey("k2"), undefined);
    await store.close();
  });

  test("loadHeld returns the SCHEDULED and RUNNING jobs, oldest first", async () => {
    const { store } = await harness.fresh();
    const a = sampleJob({ state: "RUNNING", attempt: 1, workerId: "w" });
    const b = sampleJob();
    const c = sampleJob({ state: "SCHEDULED", attempt: 2, workerId: "w" });
    const d = finishedJob();
    await store.save([a, b, c, d]);
    assert.deepEqual((await store.loadHeld()).map((j) => j.id), [a.id, c.id]);
    await store.close();
  });

  test("loadDelayed returns PENDING jobs in backoff at the given time", async () => {
    const { store } = await harness.fresh();
    const ready = sampleJob();
    const over = sampleJob({ notBefore: 5_000 });
    const later = sampleJob({ notBefore: 20_000 });
    const elsewhere = sampleJob({ state: "RUNNING", attempt: 1, notBefore: 30_000 });
    await store.save([ready, over, later, elsewhere]);
    assert.deepEqual((await store.loadDelayed(10_000)).map((j) => j.id), [later.id]);
    assert.deepEqual((await store.loadDelayed(0)).map((j) => j.id), [over.id, later.id]);
    await store.close();
  });

  test("pendingAfter pages the queue by priority, then seq; countPending counts it", async () => {
    const { store } = await harness.fresh();
    const low = [sampleJob({ priority: -1 }), sampleJob({ priority: -1 })];
    const mid = [sampleJob(), sampleJob(), sampleJob()];
    const high = [sampleJob({ priority: 9 })];
    const done = finishedJob({ priority: 9 });
    await store.save([...low, ...mid, done, ...high]);
    const order = [...high, ...mid, ...low].map((j) => j.id);
    assert.deepEqual((await store.pendingAfter(undefined, 100)).map((j) => j.id), order);
    const firstTwo = await store.pendingAfter(undefined, 2);
    assert.deepEqual(firstTwo.map((j) => j.id), order.slice(0, 2));
    const last = firstTwo[1];
    const rest = await store.pendingAfter({ priority: last.priority, seq: last.seq }, 100);
    assert.deepEqual(rest.map((j) => j.id), order.slice(2));
    assert.equal(await store.countPending(), 6);
    await store.close();
  });

  test("list finds jobs by text in their name or command, pages and all, wildcards taken literally", async () => {
    const { store } = await harness.fresh();
    const jobs = [
      sampleJob({ command: "make build" }),
      sampleJob({ command: "echo 100% done" }),
      sampleJob({ command: "MAKE test" }),
      finishedJob({ command: "cd /src && make release" }),
      sampleJob({ command: "echo a_b" }),
      sampleJob({ command: "echo axb" }),
      sampleJob({ command: "true", name: "nightly-make" }),
    ];
    await store.save(jobs);
    const ids = (page: { jobs: Job[] }) => page.jobs.map((j) => j.id);
    const all = await store.list({ states: [], limit: 10, textContains: "make" });
    assert.deepEqual(ids(all), [jobs[6].id, jobs[3].id, jobs[2].id, jobs[0].id]);
    assert.equal(all.more, false);
    const first = await store.list({ states: [], limit: 3, textContains: "make" });
    assert.deepEqual(ids(first), [jobs[6].id, jobs[3].id, jobs[2].id]);
    assert.equal(first.more, true);
    const rest = await store.list({
      states: [],
      limit: 3,
      textContains: "make",
      beforeSeq: first.jobs[2].seq,
    });
    assert.deepEqual(ids(rest), [jobs[0].id]);
    const pending = await store.list({ states: ["PENDING"], limit: 10, textContains: "make" });
    assert.deepEqual(ids(pending), [jobs[6].id, jobs[2].id, jobs[0].id]);
    assert.deepEqual(ids(await store.list({ states: [], limit: 10, textContains: "NIGHTLY" })), [
      jobs[6].id,
    ]);
    assert.deepEqual(ids(await store.list({ states: [], limit: 10, textContains: "0%" })), [
      jobs[1].id,
    ]);
    assert.deepEqual(ids(await store.list({ states: [], limit: 10, textContains: "a_b" })), [
      jobs[4].id,
    ]);
    await store.close();
  });

  test("countByState counts every stored job by its state", async () => {
    const { store } = await harness.fresh();
    assert.deepEqual(await store.countByState(), {});
    await store.save([
      sampleJob(),
      sampleJob(),
      sampleJob({ state: "RUNNING", attempt: 1, workerId: "w" }),
      finishedJob(),
      finishedJob({ state: "FAILED", exitCode: 1 }),
    ]);
    assert.deepEqual(await store.countByState(), {
      PENDING: 2,
      RUNNING: 1,
      COMPLETED: 1,
      FAILED: 1,
    });
    await store.close();
  });

  test("list pages newest first, filters by state and carries no output", async () => {
    const { store } = await harness.fresh();
    const jobs = Array.from(
      { length: 25 },
      (_, i) =>
        i % 2
          ? finishedJob({ state: "FAILED", exitCode: 1, stdout: new Uint8Array([1, 2, 3]) })
          : sampleJob(),
    );
    await store.save(jobs);
    const seen: string[] = [];
    let beforeSeq: number | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await store.list({ states: ["FAILED"], limit: 5, beforeSeq });
      assert.ok(page.jobs.every((j) => j.state === "FAILED" && j.stdout.length === 0));
      seen.push(...page.jobs.map((j) => j.id));
      if (!page.more) break;
      beforeSeq = page.jobs[page.jobs.length - 1].seq;
    }
    assert.deepEqual(seen, jobs.filter((_, i) => i % 2).map((j) => j.id).reverse());
    const both = await store.list({ states: ["FAILED", "PENDING"], limit: 100 });
    assert.equal(both.jobs.length, 25);
    // Several states page as one list, newest first, interleaved.
    const merged: string[] = [];
    beforeSeq = undefined;
    for (let pages = 0; pages < 20; pages++) {
      const page = await store.list({ states: ["PENDING", "FAILED"], limit: 4, beforeSeq });
      merged.push(...page.jobs.map((j) => j.id));
      if (!page.more) break;
      beforeSeq = page.jobs[page.jobs.length - 1].seq;
    }
    assert.deepEqual(merged, jobs.map((j) => j.id).reverse());
    const listed = (await store.list({ states: [], limit: 1 })).jobs[0];
    assert.equal(listed.id, jobs[24].id);
    assert.equal(listed.command, jobs[24].command);
    assert.deepEqual(listed.env, jobs[24].env);
    await store.close();
  });

  test("list filters by queue", async () => {
    const { store } = await harness.fresh();
    const etl = [sampleJob(), finishedJob()];
    const other = [sampleJob({ queue: "default" }), sampleJob({ queue: "batch" })];
    await store.save([...etl, ...other]);
    const page = await store.list({ states: [], limit: 100, queue: "etl" });
    assert.deepEqual(page.jobs.map((j) => j.id), etl.map((j) => j.id).reverse());
    const pendingEtl = await store.list({ states: ["PENDING"], limit: 100, queue: "etl" });
    assert.deepEqual(pendingEtl.jobs.map((j) => j.id), [etl[0].id]);
    assert.equal((await store.list({ states: [], limit: 100, queue: "none" })).jobs.length, 0);
    await store.close();
  });

  test("countPendingByQueue counts PENDING jobs per queue", async () => {
    const { store } = await harness.fresh();
    await store.save([
      sampleJob(),
      sampleJob({ notBefore: 9_000_000_000_000 }),
      sampleJob({ queue: "default" }),
      sampleJob({ queue: "default", state: "RUNNING", attempt: 1, workerId: "w" }),
      finishedJob(),
    ]);
    assert.deepEqual(
      [...(await store.countPendingByQueue())].sort(),
      [["default", 1], ["etl", 2]],
    );
    await store.close();
  });

  test("queue settings are saved, replaced and read back after a reopen", async () => {
    const { store, reopen } = await harness.fresh();
    assert.deepEqual(await store.loadQueues(), []);
    await store.saveQueue({ name: "etl", maxRunning: 4, paused: false });
    await store.saveQueue({ name: "batch", maxRunning: 0, paused: true });
    await store.saveQueue({ name: "etl", maxRunning: 2, paused: true });
    await store.close();
    const again = await reopen();
    assert.deepEqual(await again.loadQueues(), [
      { name: "batch", maxRunning: 0, paused: true },
      { name: "etl", maxRunning: 2, paused: true },
    ]);
    await again.close();
  });

  test("collectGarbage removes finished jobs past the age or the count, nothing else", async () => {
    const { store } = await harness.fresh();
    const old = finishedJob({ finishedAt: 1_000 });
    const recent = Array.from(
      { length: 5 },
      (_, i) => finishedJob({ state: "FAILED", finishedAt: 100_000 + i }),
    );
    const running = sampleJob({ state: "RUNNING", attempt: 1 });
    const pending = sampleJob();
    await store.save([old, ...recent, running, pending]);
    const removed = await store.collectGarbage(101_000, { maxAgeMs: 50_000, maxJobs: 3 });
    assert.equal(removed, 3); // `old` by age, the two oldest recent ones by count
    assert.equal(await store.get(old.id), undefined);
    const kept = [];
    for (const j of recent) if (await store.get(j.id)) kept.push(j.id);
    assert.deepEqual(kept, recent.slice(2).map((j) => j.id));
    assert.ok(await store.get(running.id));
    assert.ok(await store.get(pending.id));
    await store.close();
  });

  test("seq goes on growing after a reopen", async () => {
    const { store, reopen } = await harness.fresh();
    const first = sampleJob();
    await store.save([first]);
    await store.close();
    const again = await reopen();
    const next = sampleJob();
    await again.save([next]);
    assert.ok(next.seq > first.seq);
    await again.close();
  });

  test("close makes a save in flight durable; saves after close reject", async () => {
    const { store, reopen } = await harness.fresh();
    const job = finishedJob();
    const pending = store.save([job]); // not awaited before close
    await store.close();
    await pending;
    await assert.rejects(() => store.save([sampleJob()]));
    const again = await reopen();
    assert.equal((await again.get(job.id))?.state, "COMPLETED");
    await again.close();
  });

  test("a batch that cannot be written fails whole: every save rejects, onFatal hears", async () => {
    const fatal: unknown[] = [];
    const { store, reopen } = await harness.fresh({ onFatal: (err) => fatal.push(err) });
    const first = sampleJob({ idempotencyKey: "same" });
    await store.save([first]);
    // Two jobs with one idempotency key cannot both be stored: the batch holding the
    // second fails, and the innocent job in it is not written either.
    const innocent = sampleJob();
    const clash = sampleJob({ idempotencyKey: "same" });
    const a = store.save([innocent]);
    const b = store.save([clash]);
    await assert.rejects(() => a);
    await assert.rejects(() => b);
    assert.equal(fatal.length, 1);
    await store.close().catch(() => {});
    const again = await reopen();
    assert.equal(await again.get(innocent.id), undefined);
    assert.equal(await again.get(clash.id), undefined);
    assert.equal((await again.get(first.id))?.id, first.id);
    await again.close();
  });

  test("names, dependencies and schedule fields read back; list filters by name", async () => {
    const { store, reopen } = await harness.fresh();
    const dep = sampleJob({ name: "extract" });
    const job = sampleJob({
      name: "load",
      dependsOn: [dep.id, "0190a000-0000-7000-8000-0000000000ff"],
      dependencyPolicy: "AFTER_COMPLETION",
      depsWaiting: 2,
      scheduleName: "nightly",
      fireTime: 1_700_000_000_000,
    });
    await store.save([dep, job, sampleJob({ name: "load" }), sampleJob()]);
    assert.deepEqual(await store.get(job.id), job);
    // The dependency list is fixed at insert: an update keeps it.
    job.depsWaiting = 0;
    job.state = "SCHEDULED";
    await store.save([job]);
    await store.close();
    const again = await reopen();
    assert.deepEqual(await again.get(job.id), job);
    const named = await again.list({ states: [], limit: 10, name: "load" });
    assert.equal(named.jobs.length, 2);
    assert.ok(named.jobs.every((j) => j.name === "load"));
    const scheduled = await again.list({ states: ["SCHEDULED"], limit: 10, name: "load" });
    assert.deepEqual(scheduled.jobs.map((j) => j.id), [job.id]);
    await again.close();
  });

  test("held jobs stay out of the queue and its count; loadWaiting finds them", async () => {
    const { store } = await harness.fresh();
    const dep = sampleJob();
    const held = sampleJob({ dependsOn: [dep.id], depsWaiting: 1 });
    const ready = sampleJob();
    const doneHeld = finishedJob({ dependsOn: [dep.id], depsWaiting: 1 });
    await store.save([dep, held, ready, doneHeld]);
    assert.deepEqual((await store.pendingAfter(undefined, 10)).map((j) => j.id), [
      dep.id,
      ready.id,
    ]);
    assert.equal(await store.countPending(), 2);
    assert.deepEqual((await store.loadDelayed(0)).map((j) => j.id), []);
    assert.deepEqual((await store.loadWaiting()).map((j) => j.id), [held.id]);
    held.depsWaiting = 0; // released
    await store.save([held]);
    assert.deepEqual((await store.loadWaiting()).map((j) => j.id), []);
    assert.equal(await store.countPending(), 3);
    await store.close();
  });

  test("dependencyStates gives name and state of the jobs that exist", async () => {
    const { store } = await harness.fresh();
    const a = sampleJob({ name: "a" });
    const b = finishedJob({ name: "b", state: "FAILED", exitCode: 1 });
    await store.save([a, b]);
    const unknown = "0190a000-0000-7000-8000-0000000fffff";
    const got = (await store.dependencyStates([b.id, unknown, a.id]))
      .sort((x, y) => x.name.localeCompare(y.name));
    assert.deepEqual(got, [
      { id: a.id, name: "a", state: "PENDING" },
      { id: b.id, name: "b", state: "FAILED" },
    ]);
    assert.deepEqual(await store.dependencyStates([]), []);
    const many = Array.from({ length: 3000 }, () => sampleJob());
    await store.save(many);
    assert.equal((await store.dependencyStates(many.map((j) => j.id))).length, 3000);
    await store.close();
  });

  test("schedules are saved, updated and deleted with the batch; they read back", async () => {
    const { store, reopen } = await harness.fresh();
    const kept = sampleSchedule({ name: "a" });
    const gone = sampleSchedule({ name: "b", paused: false, nextFireAt: null, lastFireAt: null });
    await store.save([], [kept, gone]);
    assert.deepEqual(await store.loadSchedules(), [kept, gone]);
    kept.nextFireAt = 1_700_000_600_000;
    kept.cron = "0 * * * * *";
    await store.save([], [kept, { ...gone, deleted: true }]);
    await store.close();
    const again = await reopen();
    assert.deepEqual(await again.loadSchedules(), [kept]);
    await again.close();
  });

  test("a fire stores its job and its schedule together, once per fire time", async () => {
    const fatal: unknown[] = [];
    const { store, reopen } = await harness.fresh({ onFatal: (err) => fatal.push(err) });
    const schedule = sampleSchedule({ name: "every-second" });
    const fire = (at: number) => {
      schedule.lastFireAt = at;
      schedule.nextFireAt = at + 1000;
      const job = sampleJob({ scheduleName: schedule.name, fireTime: at });
      schedule.lastJobId = job.id;
      return { job, saved: store.save([job], [schedule]) };
    };
    const first = fire(1_700_000_000_000);
    await first.saved;
    // A second job for the same fire time (a second manager firing, say) fails its batch
    // whole: neither the job nor the schedule's advance is stored.
    const twice = fire(1_700_000_000_000);
    schedule.nextFireAt = 1_700_000_005_000;
    await assert.rejects(() => twice.saved);
    assert.equal(fatal.length, 1);
    await store.close().catch(() => {});
    const again = await reopen();
    assert.equal(await again.get(twice.job.id), undefined);
    assert.equal((await again.get(first.job.id))?.fireTime, 1_700_000_000_000);
    const [stored] = await again.loadSchedules();
    assert.equal(stored.nextFireAt, 1_700_000_001_000);
    assert.equal(stored.lastJobId, first.job.id);
    await again.close();
  });
}
