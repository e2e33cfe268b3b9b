/** The fire loop with a fake clock over a real store and controller. */
import assert from "node:assert/strict";
import { createLogger, setLogLevel } from "../../shared/log.ts";
import { ManagerCore } from "../core/core.ts";
import { SqliteStore } from "../store/sqlite/sqlite_store.ts";
import { type ScheduleClock, ScheduleFirer } from "./schedule_firer.ts";
import type { NewSchedule } from "./schedule_validation.ts";
import type { CatchUpPolicy, OverlapPolicy } from "./schedule_record.ts";

setLogLevel("error");

const T0 = Date.parse("2026-03-01T10:00:00.000Z");

/** Timers that run when the test moves time on. */
class FakeClock implements ScheduleClock {
  t = T0 + 200;
  #timers = new Map<number, { at: number; fn: () => void }>();
  #next = 1;
  now = () => this.t;
  setTimer = (fn: () => void, ms: number) => {
    this.#timers.set(this.#next, { at: this.t + ms, fn });
    return this.#next++;
  };
  clearTimer = (id: number) => void this.#timers.delete(id);
  /** Move on by `ms` in steps of 100 ms, running due timers and letting their work finish. */
  async advance(ms: number) {
    const end = this.t + ms;
    while (this.t < end) {
      this.t = Math.min(end, this.t + 100);
      for (const [id, timer] of [...this.#timers]) {
        if (timer.at <= this.t) {
          this.#timers.delete(id);
          timer.fn();
        }
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

const OPTIONS = {
  heartbeatTimeoutMs: 1000,
  heartbeatIntervalMs: 100,
  retryBackoffBaseMs: 0,
  retryBackoffMaxMs: 0,
  maxLostAttempts: 2,
  maxActiveJobs: 10_000,
  drainTimeoutMs: 1000,
};

function setup(dir = Deno.makeTempDirSync({ prefix: "titan-sched-" }), clock = new FakeClock()) {
  const store = new SqliteStore(dir);
  const core = new ManagerCore(store, OPTIONS, createLogger("test"), undefined, clock.now);
  const ctl = core.jobs;
  const firer = new ScheduleFirer(ctl, store, createLogger("test"), clock);
  return {
    dir,
    clock,
    store,
    ctl,
    firer,
    /** The schedule's jobs' fire times, as seconds after T0. */
    fires: async (name: string) =>
      (await store.list({ states: [], limit: 1000, name })).jobs
        .map((j) => (j.fireTime! - T0) / 1000).sort((a, b) => a - b),
    close: async () => {
      firer.stop();
      core.stop();
      await store.close();
    },
  };
}

const schedule = (
  name: string,
  over: { overlap?: OverlapPolicy; catchUp?: CatchUpPolicy; command?: string } = {},
): NewSchedule => ({
  name,
  cron: "* * * * * *",
  timezone: "",
  job: {
    command: over.command ?? "true",
    env: {},
    cwd: "",
    timeoutSeconds: 0,
    maxRetries: 0,
    idempotencyKey: "",
    priority: 0,
    name: "",
    dependsOn: [],
    dependencyPolicy: "AFTER_SUCCESS",
    resources: { cpuMillis: 0, memoryMb: 0, devices: {} },
    selector: {},
    queue: "default",
  },
  overlapPolicy: over.overlap ?? "ALLOW",
  catchUpPolicy: over.catchUp ?? "RUN_ONCE",
});

Deno.test("a schedule fires once per fire time; each job carries its schedule and fire time", async () => {
  const t = setup();
  t.firer.start();
  await t.firer.create(schedule("tick"));
  await t.clock.advance(3000);
  assert.deepEqual(await t.fires("tick"), [1, 2, 3]);
  const [job] = (await t.store.list({ states: [], limit: 1, name: "tick" })).jobs;
  assert.equal(job.scheduleName, "tick");
  const [stored] = await t.store.loadSchedules();
  assert.equal(stored.nextFireAt, T0 + 4000, "the advance is durable with the job");
  assert.equal(stored.lastJobId, job.id);
  await t.close();
});

Deno.test("SKIP runs nothing while the previous run is unfinished; CANCEL_PREVIOUS cancels it", async () => {
  const t = setup();
  t.firer.start();
  // No workers: every job stays PENDING, unfinished.
  await t.firer.create(schedule("skip", { overlap: "SKIP" }));
  await t.firer.create(schedule("cancel", { overlap: "CANCEL_PREVIOUS" }));
  await t.clock.advance(3000);
  assert.deepEqual(await t.fires("skip"), [1]);
  assert.deepEqual(await t.fires("cancel"), [1, 2, 3]);
  const states = (await t.store.list({ states: [], limit: 10, name: "cancel" })).jobs
    .map((j) => j.state);
  assert.deepEqual(states, ["PENDING", "CANCELLED", "CANCELLED"]);
  // Once the previous run ends, SKIP fires again.
  const [first] = (await t.store.list({ states: [], limit: 1, name: "skip" })).jobs;
  await t.ctl.cancel(first.id);
  await t.clock.advance(1000);
  assert.deepEqual(await t.fires("skip"), [1, 4]);
  await t.close();
});

Deno.test("after a crash RUN_ONCE runs the latest missed fire time, SKIP_MISSED none", async () => {
  const t1 = setup();
  t1.firer.start();
  await t1.firer.create(schedule("once", { catchUp: "RUN_ONCE" }));
  await t1.firer.create(schedule("skip", { catchUp: "SKIP_MISSED" }));
  await t1.clock.advance(2000);
  await t1.close();
  // Down for 5.5 s: fire times 3..7 pass with no manager.
  const clock = new FakeClock();
  clock.t = t1.clock.t + 5500;
  const t2 = setup(t1.dir, clock);
  await t2.ctl.recover();
  assert.deepEqual(await t2.firer.recover(), { schedules: 2, caughtUp: 2 });
  t2.firer.start();
  await t2.clock.advance(2000);
  assert.deepEqual(await t2.fires("once"), [1, 2, 7, 8, 9]);
  assert.deepEqual(await t2.fires("skip"), [1, 2, 8, 9]);
  await t2.close();
});

Deno.test("pause, resume, a new cron, trigger and delete", async () => {
  const t = setup();
  t.firer.start();
  await t.firer.create(schedule("s"));
  await t.clock.advance(1000);
  await t.firer.update("s", { paused: true });
  await t.clock.advance(2000);
  assert.deepEqual(await t.fires("s"), [1]);
  const { fireTime } = await t.firer.trigger("s");
  assert.notEqual(fireTime % 1000, 0, "a trigger's fire time is never a cron fire time");
  await t.firer.update("s", { paused: false, cron: "*/2 * * * * *" });
  await t.clock.advance(3000);
  const fires = await t.fires("s");
  assert.equal(fires.length, 4);
  assert.deepEqual([fires[0], fires[2], fires[3]], [1, 4, 6]);
  await t.firer.delete("s");
  await t.clock.advance(2000);
  assert.equal((await t.fires("s")).length, 4);
  assert.deepEqual(await t.store.loadSchedules(), []);
  await assert.rejects(() => t.firer.trigger("s"), /schedule s not found/);
  await assert.rejects(
    () => t.firer.create(schedule("t")).then(() => t.firer.create(schedule("t"))),
    /already exists/,
  );
  await t.close();
});
