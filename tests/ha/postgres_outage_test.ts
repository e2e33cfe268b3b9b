/**
 * PostgreSQL going away under two managers, with real processes:
 * - a crash and restart of PostgreSQL under load: every acknowledged job ends COMPLETED
 *   exactly once, none is lost, none runs twice;
 * - an outage longer than the lease: the leader stops being ready and refuses new jobs with
 *   UNAVAILABLE, the attempt that runs goes on and its finish report waits; when the
 *   database is back a leader serves again and the job completes at its first attempt.
 */
import assert from "node:assert/strict";
import { grpc } from "../../shared/proto.ts";
import { waitFor } from "../support/cluster.ts";
import { markerCommand, readMarker, sleep, terminalLogs } from "../faults/support.ts";
import { HaCluster } from "./support.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test({
  name: "postgres outage: a crash and restart of PostgreSQL under load loses and doubles nothing",
  ...opts,
  fn: async () => {
    const JOBS = 300;
    const cluster = await HaCluster.start({
      managers: 2,
      workers: 2,
      slots: 8,
      leaseDuration: 3,
      heartbeatTimeout: 12,
    });
    const markers = `${cluster.dir}/m`;
    Deno.mkdirSync(markers);
    try {
      const acked = new Map<string, number>();
      let restarted: Promise<void> | undefined;
      let next = 0;
      await Promise.all(Array.from({ length: 16 }, async () => {
        while (next < JOBS) {
          const i = next++;
          const { result } = await cluster.callLeader("SubmitJob", {
            command: markerCommand(`${markers}/${i}`, `sleep 0.${2 + (i % 5)}`),
            idempotencyKey: `outage-${i}`,
          });
          acked.set(result.jobId, i);
          if (acked.size >= 100 && !restarted) restarted = cluster.pg.restart("immediate");
        }
      }));
      await restarted;
      const leader = await cluster.waitForLeader();
      await waitFor(
        async () => {
          const { jobs } = await cluster.call(leader, "ListJobs", {
            states: ["PENDING", "SCHEDULED", "RUNNING"],
            pageSize: 1000,
          });
          return jobs.length === 0;
        },
        90_000,
        () => cluster.logs(),
      );
      const { jobs } = await cluster.call(leader, "ListJobs", { pageSize: 1000 });
      const completed = jobs.filter((j: { state: string }) => j.state === "COMPLETED").length;
      const reRun = [...acked.values()].filter((i) => readMarker(`${markers}/${i}`).length !== 1);
      const terminal = terminalLogs(cluster.managers.flatMap((m) => m.lives));
      const doubled = [...terminal.values()].filter((l) => l.length > 1).length;
      console.log(
        `postgres restart under load: jobs=${acked.size} stored=${jobs.length} completed=${completed} ` +
          `re_executed=${reRun.length} duplicate_terminal=${doubled}`,
      );
      assert.equal(acked.size, JOBS);
      assert.equal(jobs.length, JOBS);
      assert.equal(completed, JOBS);
      assert.deepEqual(reRun, []);
      assert.equal(doubled, 0);
    } catch (err) {
      console.error(cluster.logs());
      throw err;
    } finally {
      await cluster.stop();
    }
  },
});

Deno.test({
  name:
    "postgres outage: longer than the lease, the leader is not ready and refuses jobs; the attempt runs on and completes once",
  ...opts,
  fn: async () => {
    const cluster = await HaCluster.start({
      managers: 2,
      workers: 1,
      leaseDuration: 2,
      heartbeatTimeout: 20,
    });
    const marker = `${cluster.dir}/marker`;
    try {
      const leader = await cluster.waitForLeader();
      const { jobId } = await cluster.call(leader, "SubmitJob", {
        command: markerCommand(marker, "sleep 5; echo done"),
      });
      await waitFor(async () => {
        const s = await cluster.call(leader, "GetJobStatus", { jobId });
        return s.state === "RUNNING";
      }, 10_000);

      await cluster.pg.stop("fast");
      const downAt = Date.now();
      // Not ready within the lease; new jobs refused with UNAVAILABLE (no leader, or no
      // database), wherever they are sent.
      await waitFor(async () => !(await cluster.ready(0)) && !(await cluster.ready(1)), 10_000);
      for (const m of cluster.managers) {
        const err = await cluster.call(m.index, "SubmitJob", { command: "echo no" }).catch((e) =>
          e
        );
        assert.equal(err.code, grpc.status.UNAVAILABLE, JSON.stringify(err.details));
      }
      const [{ pid }] = readMarker(marker);
      // The attempt goes on, and ends meanwhile: its report waits.
      await sleep(Math.max(0, 6500 - (Date.now() - downAt)));
      assert.equal(readMarker(marker).length, 1);
      assert.equal(processAlive(pid), false, "the job ended during the outage");

      await cluster.pg.start();
      const again = await cluster.waitForLeader(30_000);
      const final = await waitFor(
        async () => {
          const s = await cluster.call(again, "GetJobStatus", { jobId });
          return s.state === "COMPLETED";
        },
        30_000,
        () => cluster.logs(),
      ).then(() => cluster.call(again, "GetJobStatus", { jobId }));
      assert.equal(final.attempt, 1, "completed by the attempt that ran through the outage");
      assert.equal(final.stdout, "done\n");
      assert.equal(readMarker(marker).length, 1, "it ran once");
      const { result } = await cluster.callLeader("SubmitJob", { command: "echo after" });
      assert.ok(result.jobId, "jobs are taken again");
    } catch (err) {
      console.error(cluster.logs());
      throw err;
    } finally {
      await cluster.stop();
    }
  },
});

function processAlive(pid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return !stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false;
  }
}
