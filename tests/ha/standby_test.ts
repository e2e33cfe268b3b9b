/**
 * Two managers on one real PostgreSQL: what a standby answers, and a leader paused past its
 * lease (SIGSTOP) being replaced, then woken (SIGCONT): it writes nothing, refuses what it is
 * sent, and steps down; the attempts it had handed out run on under the new leader.
 */
import assert from "node:assert/strict";
import { service as healthService } from "grpc-health-check";
import { grpc } from "../../shared/proto.ts";
import { LEADER_METADATA_KEY } from "../../shared/leader_discovery.ts";
import { waitFor } from "../support/cluster.ts";
import { logLines, markerCommand, readMarker } from "../faults/support.ts";
import { HaCluster } from "./support.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const HealthClient = grpc.makeClientConstructor(
  healthService as unknown as grpc.ServiceDefinition,
  "grpc.health.v1.Health",
);
const ROOT = new URL("../../", import.meta.url).pathname;

Deno.test({
  name:
    "standby: UNAVAILABLE with titan-leader on both APIs, /readyz 503, health NOT_SERVING; the CLI finds the leader",
  ...opts,
  fn: async () => {
    const cluster = await HaCluster.start({ managers: 2, workers: 1 });
    try {
      const leader = await cluster.waitForLeader();
      const standby = 1 - leader;
      assert.equal(await cluster.ready(standby), false);
      const refusal = () =>
        cluster.call(standby, "SubmitJob", { command: "echo no" }).then(
          () => assert.fail("a standby accepted a job"),
          (e) => e as grpc.ServiceError,
        );
      // The standby learns who leads from the lease row, which it reads on its own period: until
      // then it answers "no leader is known yet". It must name the leader within a lease.
      let err = await refusal();
      for (
        const deadline = Date.now() + 15_000;
        /no leader is known yet/.test(err.details) && Date.now() < deadline;
      ) {
        assert.equal(err.code, grpc.status.UNAVAILABLE);
        await new Promise((r) => setTimeout(r, 100));
        err = await refusal();
      }
      assert.equal(err.code, grpc.status.UNAVAILABLE);
      assert.match(err.details, /not the leader; the leader is at/);
      assert.deepEqual(err.metadata.get(LEADER_METADATA_KEY), [cluster.address(leader)]);
      const read = await cluster.call(standby, "ListJobs", {}).catch((e) => e);
      assert.equal(read.code, grpc.status.UNAVAILABLE, "reads too: a standby holds no state");

      // gRPC health: NOT_SERVING on the standby, SERVING on the leader.
      const check = (i: number) => {
        const client = new HealthClient(cluster.address(i), grpc.credentials.createInsecure());
        return new Promise<string>((resolve, reject) =>
          (client as unknown as {
            Check: (
              req: unknown,
              cb: (e: Error | null, r: { status: string | number }) => void,
            ) => void;
          }).Check({ service: "" }, (e, r) => {
            client.close();
            e ? reject(e) : resolve(String(r.status));
          })
        );
      };
      assert.match(await check(standby), /NOT_SERVING|^2$/);
      assert.match(await check(leader), /^(SERVING|1)$/);

      // The worker API: the stream is refused the same way.
      const { workerClient } = await import("../../shared/proto.ts");
      const wc = workerClient(cluster.address(standby));
      const streamErr = await new Promise<grpc.ServiceError>((resolve) => {
        const call = wc.Connect(new grpc.Metadata());
        call.on("error", resolve);
        call.on("data", () => {});
      });
      wc.close();
      assert.equal(streamErr.code, grpc.status.UNAVAILABLE);
      assert.deepEqual(streamErr.metadata.get(LEADER_METADATA_KEY), [cluster.address(leader)]);

      // The CLI, given the standby first, submits at the leader.
      const cli = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          `${ROOT}cli/main.ts`,
          "submit",
          "--wait",
          "--manager",
          `${cluster.address(standby)},${cluster.address(leader)}`,
          "--",
          "echo",
          "via the leader",
        ],
        cwd: ROOT,
        env: { NO_COLOR: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const out = new TextDecoder().decode(cli.stdout);
      assert.equal(cli.code, 0, new TextDecoder().decode(cli.stderr));
      assert.equal(out, "via the leader\n");
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
    "paused leader: SIGSTOP past its lease, the standby takes over; after SIGCONT it writes nothing, refuses, steps down",
  ...opts,
  fn: async () => {
    const LEASE = 2;
    const cluster = await HaCluster.start({
      managers: 2,
      workers: 0,
      leaseDuration: LEASE,
      heartbeatTimeout: 8,
    });
    try {
      const a = await cluster.waitForLeader();
      const b = 1 - a;
      // w1 knows both managers; w2 only the leader: it stays with the paused one.
      cluster.startWorker("w1");
      const onlyA = cluster.startWorker("w2", [], cluster.address(a));
      await cluster.waitForWorkers(2);
      const markers = `${cluster.dir}/m`;
      Deno.mkdirSync(markers);
      // A long job on each worker; w2's ends while the leader is paused.
      const long = await cluster.call(a, "SubmitJob", {
        command: markerCommand(`${markers}/long`, "sleep 9; echo long"),
      });
      const short = await cluster.call(a, "SubmitJob", {
        command: markerCommand(`${markers}/short`, "sleep 2; echo short"),
      });
      await waitFor(async () => {
        const s1 = await cluster.call(a, "GetJobStatus", { jobId: long.jobId });
        const s2 = await cluster.call(a, "GetJobStatus", { jobId: short.jobId });
        return s1.state === "RUNNING" && s2.state === "RUNNING";
      }, 10_000);

      const paused = cluster.managers[a].proc!;
      paused.kill("SIGSTOP");
      const stoppedAt = Date.now();
      assert.equal(await cluster.waitForLeader(20_000, a), b);
      const tookOverMs = Date.now() - stoppedAt;
      // w1 reaches b and keeps its attempt: the job is RUNNING at attempt 1 there.
      await waitFor(
        async () => {
          const { workers } = await cluster.call(b, "ListWorkers", {});
          return workers.some((w: { workerId: string; state: string }) =>
            w.workerId === "w1" && w.state === "WORKER_STATE_HEALTHY"
          );
        },
        15_000,
        () => cluster.logs(),
      );
      const before = await cluster.pg.psql(
        "SELECT string_agg(id || ':' || state || ':' || attempt || ':' || xmin, ',' ORDER BY id) FROM jobs",
        new URL(cluster.url).pathname.slice(1),
      );

      paused.kill("SIGCONT");
      const resumedAt = Date.now();
      // It refuses at once: its lease ran out while it was stopped.
      const refused = await cluster.call(a, "SubmitJob", { command: "echo late" }).catch((e) => e);
      assert.equal(refused.code, grpc.status.UNAVAILABLE, JSON.stringify(refused));
      await waitFor(
        () => logLines([paused]).some((l) => l.msg === "stepped down"),
        10_000,
        () => paused.log,
      );
      assert.equal(await cluster.ready(a), false);
      const after = await cluster.pg.psql(
        "SELECT string_agg(id || ':' || state || ':' || attempt || ':' || xmin, ',' ORDER BY id) FROM jobs",
        new URL(cluster.url).pathname.slice(1),
      );
      assert.equal(after, before, "the woken leader changed no row");
      const aLines = logLines([paused]).filter((l) => Date.parse(String(l.time)) >= resumedAt);
      assert.ok(!aLines.some((l) => l.msg === "job finished"), "it finished no job");

      // w2's report was refused by the old leader; w2 followed the hint to b, which took it.
      for (const job of [long, short]) {
        const final = await waitFor(
          async () => {
            const s = await cluster.call(b, "GetJobStatus", { jobId: job.jobId });
            return s.state === "COMPLETED";
          },
          20_000,
          () => cluster.logs(),
        ).then(() => cluster.call(b, "GetJobStatus", { jobId: job.jobId }));
        assert.equal(final.attempt, 1, "the attempt ran on, not again");
      }
      assert.equal(readMarker(`${markers}/long`).length, 1);
      assert.equal(readMarker(`${markers}/short`).length, 1);
      const w2 = logLines([onlyA]);
      assert.ok(
        w2.some((l) => /not the leader|stopped leading/.test(String(l.error ?? ""))),
        "w2 was told the old leader is not the leader",
      );
      console.log(`paused leader: standby led ${tookOverMs} ms after SIGSTOP (lease ${LEASE}s)`);
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
    "graceful hand-over: a SIGTERMed leader gives the lease back; the standby leads long before the lease would end",
  ...opts,
  fn: async () => {
    const LEASE = 10;
    const cluster = await HaCluster.start({ managers: 2, workers: 1, leaseDuration: LEASE });
    try {
      const leader = await cluster.waitForLeader();
      const marker = `${cluster.dir}/marker`;
      const { jobId } = await cluster.call(leader, "SubmitJob", {
        command: markerCommand(marker, "sleep 3; echo done"),
      });
      await waitFor(async () => {
        const s = await cluster.call(leader, "GetJobStatus", { jobId });
        return s.state === "RUNNING";
      }, 10_000);
      const stoppedAt = Date.now();
      const status = await cluster.managers[leader].proc!.stop(10_000);
      assert.equal(status.code, 0);
      const next = await cluster.waitForLeader(LEASE * 1000, leader);
      const handOverMs = Date.now() - stoppedAt;
      assert.ok(handOverMs < (LEASE * 1000) / 2, `took ${handOverMs} ms`);
      const final = await waitFor(
        async () => {
          const s = await cluster.call(next, "GetJobStatus", { jobId });
          return s.state === "COMPLETED";
        },
        20_000,
        () => cluster.logs(),
      ).then(() => cluster.call(next, "GetJobStatus", { jobId }));
      assert.equal(final.attempt, 1, "the running attempt went on under the new leader");
      assert.equal(readMarker(marker).length, 1);
      console.log(`graceful hand-over: the standby led ${handOverMs} ms after SIGTERM`);
    } catch (err) {
      console.error(cluster.logs());
      throw err;
    } finally {
      await cluster.stop();
    }
  },
});
