/**
 * A worker cut off from the manager by a black hole (its own network namespace, iptables
 * DROP: no FIN, no RST, TCP notices nothing), with real processes:
 * - by default it kills its attempts after the heartbeat timeout; the manager gives the job
 *   to another worker; when the network heals, the old attempt's report is refused;
 * - with --keep-running-when-partitioned its attempt runs on, and when the network heals the
 *   manager tells it the attempt is stale and it kills it.
 * Skipped, with the reason printed, where the machine refuses network namespaces.
 */
import assert from "node:assert/strict";
import { Cluster, processesInGroup, waitFor } from "../support/cluster.ts";
import { Netns } from "./netns.ts";
import { logLines, markerCommand, readMarker } from "./support.ts";

const probe = await Netns.create();
const skip = probe instanceof Netns ? "" : probe.skip;
if (probe instanceof Netns) await probe.destroy();
if (skip) console.warn(`SKIP partition tests: ${skip}`);

const TIMEOUT = 2;

/** A cluster whose manager listens on the host end of a veth pair; `inside` runs in the ns. */
async function partitioned(
  inside: string,
  insideArgs: string[],
  body: (cluster: Cluster, ns: Netns) => Promise<void>,
) {
  const ns = await Netns.create();
  if (!(ns instanceof Netns)) throw new Error(ns.skip);
  const cluster = new Cluster({
    host: ns.hostAddr,
    token: `t-${crypto.randomUUID()}`,
    workerToken: `w-${crypto.randomUUID()}`,
    heartbeatInterval: 0.25,
    heartbeatTimeout: TIMEOUT,
    slots: 2,
  });
  try {
    await cluster.startManager();
    cluster.startWorker(inside, insideArgs, ns.prefix);
    await cluster.waitForWorkers(1);
    await body(cluster, ns);
  } finally {
    await ns.heal().catch(() => {});
    await cluster.stop();
    await ns.destroy();
  }
}

const staleRefused = async (cluster: Cluster) =>
  (await cluster.metrics()).get("titan_stale_reports_refused_total") ?? 0;

/** Submit a job while only the worker inside runs, then let a worker outside join. */
async function jobOnInside(cluster: Cluster, inside: string, seconds: number) {
  const marker = `${cluster.dir}/marker`;
  const jobId = await cluster.submit(markerCommand(marker, `sleep ${seconds}; echo done`));
  const running = await cluster.waitForState(jobId, ["RUNNING"]);
  assert.equal(running.workerId, inside);
  await waitFor(() => readMarker(marker).length === 1, 5000);
  cluster.startWorker("outside");
  await cluster.waitForWorkers(2);
  return { jobId, marker, pid: readMarker(marker)[0].pid };
}

Deno.test({
  name:
    "partition: the cut-off worker kills its attempt, the job runs elsewhere, the late report is refused",
  ignore: skip !== "",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: () =>
    partitioned("inside", [], async (cluster, ns) => {
      const { jobId, marker, pid } = await jobOnInside(cluster, "inside", 6);
      await ns.blackhole();
      // The worker notices by itself (no FIN/RST arrives) and kills the attempt.
      await waitFor(() => processesInGroup(pid).length === 0, 15_000, () => cluster.logs());
      // The manager gives the job to the worker it can still reach, as attempt 2.
      await waitFor(async () => {
        const s = await cluster.status(jobId);
        return s.attempt === 2 && s.workerId === "outside";
      }, 15_000);
      const before = await staleRefused(cluster);

      await ns.heal();
      await waitFor(async () => (await staleRefused(cluster)) > before, 20_000, () =>
        `no stale report refused:\n${cluster.logs()}`);
      const final = await cluster.waitForState(jobId);
      assert.equal(final.state, "COMPLETED");
      assert.equal(final.attempt, 2);
      assert.equal(final.workerId, "outside");
      assert.equal(final.stdout, "done\n");
      assert.deepEqual(
        readMarker(marker).map((e) =>
          e.attempt
        ),
        [1, 2],
      );
      const inside = logLines([cluster.workers.get("inside")!]);
      assert.ok(inside.some((l) => l.msg === "partitioned: killing attempt" && l.jobId === jobId));
    }),
});

Deno.test({
  name:
    "partition: with --keep-running-when-partitioned the attempt runs on until the manager calls it stale",
  ignore: skip !== "",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: () =>
    partitioned("inside", ["--keep-running-when-partitioned"], async (cluster, ns) => {
      const { jobId, marker, pid } = await jobOnInside(cluster, "inside", 8);
      await ns.blackhole();
      await waitFor(async () => {
        const s = await cluster.status(jobId);
        return s.attempt === 2 && s.state === "RUNNING";
      }, 15_000);
      assert.ok(processesInGroup(pid).length > 0, "kept running through the partition");
      const before = await staleRefused(cluster);

      await ns.heal();
      // Back in touch, it re-registers with the attempt; the manager says it is stale.
      await waitFor(() => processesInGroup(pid).length === 0, 15_000, () => cluster.logs());
      assert.ok((await staleRefused(cluster)) > before);
      const final = await cluster.waitForState(jobId);
      assert.equal(final.state, "COMPLETED");
      assert.equal(final.attempt, 2);
      assert.deepEqual(readMarker(marker).map((e) => e.attempt), [1, 2]);
      const inside = logLines([cluster.workers.get("inside")!]);
      assert.ok(inside.some((l) => l.msg === "stale attempt: killing" && l.jobId === jobId));
    }),
});
