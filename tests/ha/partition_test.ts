/**
 * The leader cut off from PostgreSQL (and from everyone) by a black hole: it runs in a
 * network namespace of its own, whose veth end drops every packet (tests/faults/netns.ts).
 * The standby takes over within the lease; the worker reaches it and keeps its attempt;
 * when the network heals, the old leader steps down and sends clients to the new one.
 * Skipped, with the reason printed, where the machine refuses network namespaces.
 */
import assert from "node:assert/strict";
import { grpc } from "../../shared/proto.ts";
import { LEADER_METADATA_KEY } from "../../shared/leader_discovery.ts";
import { waitFor } from "../support/cluster.ts";
import { Netns } from "../faults/netns.ts";
import { logLines, markerCommand, readMarker } from "../faults/support.ts";
import { HaCluster } from "./support.ts";

const probe = await Netns.create();
const skip = probe instanceof Netns ? "" : probe.skip;
if (probe instanceof Netns) await probe.destroy();
if (skip) console.warn(`SKIP leader partition test: ${skip}`);

const LEASE = 2;

Deno.test({
  name:
    "partition: the leader cut off from PostgreSQL is replaced within the lease; healed, it steps down",
  ignore: skip !== "",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const ns = await Netns.create();
    if (!(ns instanceof Netns)) throw new Error(ns.skip);
    const inside = 0;
    const outside = 1;
    const cluster = new HaCluster({
      managers: 2,
      leaseDuration: LEASE,
      heartbeatTimeout: 12,
      managerHost: (i) => (i === inside ? ns.nsAddr : "127.0.0.1"),
      managerPrefix: (i) => (i === inside ? ns.prefix : []),
      postgresHost: (i) => (i === inside ? ns.hostAddr : "127.0.0.1"),
      postgresListen: [ns.hostAddr],
    });
    try {
      await cluster.startPostgres();
      cluster.startManager(inside);
      assert.equal(await cluster.waitForLeader(), inside);
      cluster.startManager(outside);
      cluster.startWorker("w1");
      await cluster.waitForWorkers(1);
      const marker = `${cluster.dir}/marker`;
      const { jobId } = await cluster.call(inside, "SubmitJob", {
        command: markerCommand(marker, "sleep 10; echo done"),
      });
      await waitFor(async () => {
        const s = await cluster.call(inside, "GetJobStatus", { jobId });
        return s.state === "RUNNING";
      }, 10_000);

      await ns.blackhole();
      const cutAt = Date.now();
      assert.equal(await cluster.waitForLeader(20_000, inside), outside);
      const tookOverMs = Date.now() - cutAt;
      // The worker, silent towards the old leader, reaches the new one and keeps its attempt.
      const final = await waitFor(
        async () => {
          const s = await cluster.call(outside, "GetJobStatus", { jobId });
          return s.state === "COMPLETED";
        },
        30_000,
        () => cluster.logs(),
      ).then(() => cluster.call(outside, "GetJobStatus", { jobId }));
      assert.equal(final.attempt, 1);
      assert.equal(readMarker(marker).length, 1, "the attempt was not run again");

      await ns.heal();
      const old = cluster.managers[inside].proc!;
      await waitFor(
        () => logLines([old]).some((l) => l.msg === "no longer the leader"),
        15_000,
        () => old.log,
      );
      // Back in touch, it is a standby that names the new leader.
      let err: grpc.ServiceError | undefined;
      await waitFor(
        async () => {
          err = await cluster.call(inside, "SubmitJob", { command: "echo no" }).then(
            () => undefined,
            (e) => e,
          );
          return err?.metadata?.get(LEADER_METADATA_KEY)[0] === cluster.address(outside);
        },
        15_000,
        () => `${JSON.stringify(err?.details)}\n${old.log.slice(-3000)}`,
      );
      assert.equal(err!.code, grpc.status.UNAVAILABLE);
      assert.equal(await cluster.ready(inside), false);
      console.log(`partition: the standby led ${tookOverMs} ms after the cut (lease ${LEASE}s)`);
    } catch (err) {
      console.error(cluster.logs());
      throw err;
    } finally {
      await ns.heal().catch(() => {});
      await cluster.stop();
      await ns.destroy();
    }
  },
});
