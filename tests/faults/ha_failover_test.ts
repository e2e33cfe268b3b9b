/**
 * Failover of the leader under load, with real processes: two managers on one real
 * PostgreSQL, three workers given both managers, 500 jobs that each append a line to their
 * own marker file. Half-way through the submits the leader is SIGKILLed; the standby must
 * take over, and then:
 * - every acknowledged job ends COMPLETED, exactly once (one terminal state logged over all
 *   manager lives), and none is lost;
 * - no attempt running at the kill is executed again (one marker line per job): the workers
 *   re-register their attempts with the new leader, which keeps them;
 * - the failover time (leader kill → first job acknowledged by the new leader) is printed
 *   with lost, duplicates and re-executed attempts in the summary line.
 */
import assert from "node:assert/strict";
import { waitFor } from "../support/cluster.ts";
import { HaCluster } from "../ha/support.ts";
import { markerCommand, readMarker, sleep, terminalLogs } from "./support.ts";

const JOBS = 500;
const LEASE_SECONDS = 3;

Deno.test({
  name: "faults(ha): SIGKILL the leader with 500 jobs in flight; the standby takes over",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const cluster = await HaCluster.start({
      managers: 2,
      workers: 3,
      slots: 16,
      leaseDuration: LEASE_SECONDS,
      // Longer than a failover: attempts outlive the leader and are reclaimed, not re-run.
      heartbeatTimeout: 10,
    });
    const markers = `${cluster.dir}/markers`;
    Deno.mkdirSync(markers, { mode: 0o777 });
    const t0 = Date.now();
    const say = (msg: string) =>
      console.log(`faults(ha): +${((Date.now() - t0) / 1000).toFixed(1)}s ${msg}`);
    try {
      const first = await cluster.waitForLeader();
      say(`manager-${first} leads`);
      const acked = new Map<string, number>(); // job id → index
      let killedAt = 0;
      let firstAckAfterKill = 0;
      let ackedByNew = 0;
      const submit = async (i: number) => {
        const seconds = (0.3 + ((i * 7919) % 13) / 10).toFixed(1); // 0.3 .. 1.5 s
        const { result, address } = await cluster.callLeader("SubmitJob", {
          command: markerCommand(`${markers}/${i}`, `sleep ${seconds}; echo done`),
          idempotencyKey: `ha-${i}`,
        });
        acked.set(result.jobId, i);
        if (killedAt && cluster.indexOf(address) !== first) {
          ackedByNew++;
          firstAckAfterKill ||= Date.now();
        }
      };
      // 32 submitters; the kill comes once half of the jobs are acknowledged.
      let next = 0;
      const submitters = Array.from({ length: 32 }, async () => {
        while (next < JOBS) {
          const i = next++;
          await submit(i);
          if (acked.size >= JOBS / 2 && !killedAt) {
            killedAt = Date.now();
            cluster.managers[first].proc!.kill("SIGKILL");
            say(`SIGKILL manager-${first} with ${acked.size} jobs acknowledged`);
          }
        }
      });
      await Promise.all(submitters);
      const leader = await cluster.waitForLeader(30_000, first);
      say(`all ${acked.size} acknowledged; manager-${leader} leads`);
      assert.notEqual(leader, first);

      // Every job terminal, as the new leader tells.
      await waitFor(
        async () => {
          const { jobs } = await cluster.call(leader, "ListJobs", {
            states: ["PENDING", "SCHEDULED", "RUNNING"],
            pageSize: 1000,
          });
          return jobs.length === 0;
        },
        120_000,
        () => `jobs left unfinished:\n${cluster.logs()}`,
      );
      say("every job terminal");

      const lost: string[] = [];
      const notCompleted: string[] = [];
      const reExecuted: string[] = [];
      for (const [jobId, i] of acked) {
        const status = await cluster.call(leader, "GetJobStatus", { jobId }).catch(() => undefined);
        if (!status) lost.push(jobId);
        else if (status.state !== "COMPLETED") notCompleted.push(`${i}:${status.state}`);
        if (readMarker(`${markers}/${i}`).length !== 1) reExecuted.push(String(i));
      }
      const lives = cluster.managers.flatMap((m) => m.lives);
      const terminal = terminalLogs(lives);
      const duplicates = [...terminal].filter(([, list]) => list.length > 1).map(([id]) => id);
      const { jobs } = await cluster.call(leader, "ListJobs", { pageSize: 1000 });
      const failoverMs = firstAckAfterKill - killedAt;
      console.log(
        `faults(ha): jobs=${acked.size} stored=${jobs.length} failover_ms=${failoverMs} ` +
          `(lease ${LEASE_SECONDS}s) acked_by_new_leader=${ackedByNew} lost=${lost.length} ` +
          `not_completed=${notCompleted.length} duplicate_terminal=${duplicates.length} ` +
          `re_executed=${reExecuted.length}`,
      );
      assert.equal(acked.size, JOBS);
      assert.equal(jobs.length, JOBS, "idempotent submits across the failover made no extra job");
      assert.deepEqual(lost, []);
      assert.deepEqual(notCompleted, []);
      assert.deepEqual(duplicates, []);
      assert.deepEqual(reExecuted, [], "no attempt ran twice");
      assert.ok(ackedByNew > 0 && failoverMs > 0, "the new leader acknowledged jobs");

      // The killed manager comes back as a standby, pointing at the leader.
      cluster.startManager(first);
      await sleep(LEASE_SECONDS * 1000);
      assert.equal(await cluster.ready(first), false, "a standby is not ready");
      assert.equal(await cluster.waitForLeader(), leader);
    } catch (err) {
      console.error(cluster.logs());
      throw err;
    } finally {
      await cluster.stop();
    }
  },
});
