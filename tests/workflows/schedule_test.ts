/**
 * Schedules with a real manager and workers: a schedule firing every second through manager
 * SIGKILLs and restarts yields exactly one job per fire time (no gap while a manager runs, no
 * double ever), and the missed fire times go by the catch-up policy; SKIP overlap never runs
 * two of a schedule's jobs at once; the CLI drives it all.
 */
import assert from "node:assert/strict";
import type { JobStatus__Output } from "../../shared/proto.ts";
import { fromTimestamp } from "../../shared/wire_time.ts";
import { Cluster, waitFor } from "../support/cluster.ts";

/** A status's time as epoch ms (NaN when unset, so comparisons fail loudly). */
const ms = (t: Parameters<typeof fromTimestamp>[0]) => fromTimestamp(t) ?? NaN;

const opts = { sanitizeOps: false, sanitizeResources: false };
const ROOT = new URL("../../", import.meta.url).pathname;

async function titan(cluster: Cluster, ...args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${ROOT}cli/main.ts`, "--manager", cluster.address, ...args],
    env: { NO_COLOR: "1" },
    stdin: "null",
  }).output();
  const decoder = new TextDecoder();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}

/** Every job of a schedule (its jobs are named after it). */
async function jobsOf(cluster: Cluster, name: string): Promise<JobStatus__Output[]> {
  const jobs: JobStatus__Output[] = [];
  let pageToken = "";
  do {
    const page = await cluster.call("ListJobs", { name, pageSize: 1000, pageToken });
    jobs.push(...page.jobs);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return jobs;
}

/** When a manager life caught a schedule up, from its log line (the decision's moment). */
function catchUpMoment(log: string, schedule: string): { at: number; runs: string[] } {
  for (const line of log.split("\n")) {
    if (!line.includes("schedule catching up on missed fire times")) continue;
    const entry = JSON.parse(line);
    if (entry.schedule === schedule) return { at: Date.parse(entry.time), runs: entry.runs };
  }
  throw new Error(`no catch-up of ${schedule} in:\n${log}`);
}

Deno.test({
  name: "schedule: every second through SIGKILLed managers, exactly one job per fire time",
  ...opts,
  fn: async () => {
    const cluster = await Cluster.start({ workers: 1, slots: 8 });
    try {
      for (const [name, catchUpPolicy] of [["once", "RUN_ONCE"], ["skip", "SKIP_MISSED"]]) {
        await cluster.call("CreateSchedule", {
          name,
          cron: "* * * * * *",
          job: { command: "true" },
          overlapPolicy: "OVERLAP_POLICY_ALLOW",
          catchUpPolicy: `CATCH_UP_POLICY_${catchUpPolicy}`,
        });
      }
      const start = Date.now();
      /** Per restart: the moment the old manager was certainly dead. */
      const deaths: number[] = [];
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 3000));
        cluster.manager.kill("SIGKILL");
        await cluster.manager.exited;
        deaths.push(Date.now());
        await new Promise((r) => setTimeout(r, 2000));
        await cluster.startManager();
      }
      await new Promise((r) => setTimeout(r, 3000));
      for (const name of ["once", "skip"]) {
        await cluster.call("UpdateSchedule", { name, paused: true });
      }
      const end = Date.now();

      for (const [name, policy] of [["once", "RUN_ONCE"], ["skip", "SKIP_MISSED"]]) {
        const jobs = await jobsOf(cluster, name);
        const times = jobs.map((j) => ms(j.fireTime));
        assert.equal(new Set(times).size, times.length, `${name}: a fire time has two jobs`);
        assert.ok(jobs.every((j) => j.scheduleName === name));
        assert.ok(times.every((t) => t % 1000 === 0), "cron fire times are whole seconds");
        const have = new Set(times);
        // Each downtime: from the old manager's death to the new one's catch-up decision.
        const downtimes = deaths.map((death, i) => {
          const { at, runs } = catchUpMoment(cluster.managerLives[i + 1].log, name);
          return { death, at, runs };
        });
        for (const { death, at, runs } of downtimes) {
          // `at` is logged a moment after the decision's clock was read: a normal fire just
          // after the decision may come before `at`, so the checks stop a little short of it.
          const between = (from: number, to: number) => times.filter((t) => t > from && t <= to);
          if (policy === "RUN_ONCE") {
            assert.equal(runs.length, 1, `${name}: one run for the missed fire times`);
            const run = Date.parse(runs[0]);
            assert.ok(run > death && run > at - 1100, `${name}: the run is the latest missed`);
            assert.deepEqual(between(death, run), [run], `${name}: only that run`);
            assert.deepEqual(between(run, at - 50), [], `${name}: nothing else missed runs`);
          } else {
            assert.deepEqual(runs, []);
            assert.deepEqual(between(death, at - 50), [], `${name}: missed fire times dropped`);
          }
        }
        // No gap while a manager ran: every second outside the downtimes has its job (a fire
        // due just before a death may have died with its manager).
        const firstSecond = Math.ceil((start + 1000) / 1000) * 1000;
        const missing: string[] = [];
        for (let s = firstSecond; s < end - 2000; s += 1000) {
          const down = downtimes.some(({ death, at }) => s > death - 2000 && s <= at);
          if (!down && !have.has(s)) missing.push(new Date(s).toISOString());
        }
        assert.deepEqual(missing, [], `${name}: fire times without a job while a manager ran`);
        assert.ok(jobs.length >= 8, `${name}: only ${jobs.length} jobs`);
      }
    } finally {
      await cluster.stop();
    }
  },
});

Deno.test({
  name: "schedule: SKIP overlap with a job longer than the period never overlaps (CLI)",
  ...opts,
  fn: async () => {
    const cluster = await Cluster.start({ workers: 1, slots: 4 });
    try {
      const created = await titan(
        cluster,
        "schedule",
        "create",
        "slow",
        "--cron",
        "* * * * * *",
        "--tz",
        "Europe/Paris",
        "--",
        "sleep",
        "2.5",
      );
      assert.equal(created.code, 0, created.stderr);
      assert.match(created.stdout, /slow\s+\* \* \* \* \* \*\s+Europe\/Paris\s+active/);
      await waitFor(async () => (await jobsOf(cluster, "slow")).length >= 3, 30_000);
      const paused = await titan(cluster, "schedule", "pause", "slow");
      assert.equal(paused.code, 0, paused.stderr);
      const listed = await titan(cluster, "schedules");
      assert.match(listed.stdout, /slow\s+.*paused/);

      const jobs = await jobsOf(cluster, "slow");
      const runs = [];
      for (const j of jobs) runs.push(await cluster.waitForState(j.jobId));
      runs.sort((a, b) => ms(a.startedAt) - ms(b.startedAt));
      for (let i = 1; i < runs.length; i++) {
        assert.ok(
          ms(runs[i].startedAt) >= ms(runs[i - 1].finishedAt),
          `run ${i} started at ${ms(runs[i].startedAt)}, before run ${i - 1} ended at ${
            ms(runs[i - 1].finishedAt)
          }`,
        );
      }
      const fireTimes = runs.map((r) => ms(r.fireTime));
      const span = fireTimes[fireTimes.length - 1] - fireTimes[0];
      assert.ok(span >= 2000 * (runs.length - 1), "fires during a run were skipped");
      assert.ok(runs.every((r) => r.state === "COMPLETED"));

      // Trigger runs it now, whatever the cron; delete removes it.
      const triggered = await titan(cluster, "schedule", "trigger", "slow");
      assert.equal(triggered.code, 0, triggered.stderr);
      const job = await cluster.status(triggered.stdout.trim());
      assert.equal(job.scheduleName, "slow");
      const deleted = await titan(cluster, "schedule", "delete", "slow");
      assert.equal(deleted.code, 0, deleted.stderr);
      const gone = await titan(cluster, "schedule", "show", "slow");
      assert.equal(gone.code, 1);
      assert.match(gone.stderr, /NOT_FOUND: schedule slow not found/);
      const bad = await titan(cluster, "schedule", "create", "x", "--cron", "* * *", "--", "true");
      assert.match(bad.stderr, /INVALID_ARGUMENT: cron must have 5 fields/);
    } finally {
      await cluster.stop();
    }
  },
});
