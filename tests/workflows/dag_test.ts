/**
 * Job dependencies with a real manager and workers: DAGs run in dependency order (each
 * job starts after every dependency finished, by the workers' own clocks), a failure cancels
 * exactly the jobs behind it, held jobs survive a SIGKILLed manager, and a fan-in of 10,000
 * jobs submitted in one call completes.
 */
import assert from "node:assert/strict";
import type { JobStatus__Output } from "../../shared/proto.ts";
import { fromTimestamp, timestampText } from "../../shared/wire_time.ts";
import { Cluster, waitFor } from "../support/cluster.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const ROOT = new URL("../../", import.meta.url).pathname;

/** Run the CLI against the cluster; returns its exit code and output. */
async function titan(cluster: Cluster, ...args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${ROOT}cli/main.ts`, "--manager", cluster.address, ...args],
    env: { NO_COLOR: "1" },
    stdin: "null",
  }).output();
  const decoder = new TextDecoder();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}

/** Every job started after each of its dependencies finished. */
function assertOrder(jobs: Map<string, JobStatus__Output>) {
  for (const job of jobs.values()) {
    if (!job.startedAt) continue;
    for (const dep of job.dependencies) {
      const before = jobs.get(dep.jobId)!;
      assert.ok(
        fromTimestamp(job.startedAt)! >= (fromTimestamp(before.finishedAt) ?? Infinity),
        `${job.name} started at ${
          timestampText(job.startedAt)
        }, before ${before.name} finished at ${timestampText(before.finishedAt)}`,
      );
    }
  }
}

async function finalStates(cluster: Cluster, ids: string[]) {
  const jobs = new Map<string, JobStatus__Output>();
  for (const id of ids) jobs.set(id, await cluster.waitForState(id));
  return jobs;
}

Deno.test({
  name: "dag: a diamond from a workflow file and a 3-deep chain run in dependency order",
  ...opts,
  fn: async () => {
    const cluster = await Cluster.start({ workers: 2, slots: 4 });
    try {
      const file = `${cluster.dir}/diamond.yaml`;
      Deno.writeTextFileSync(
        file,
        `jobs:
  - { name: root, command: "sleep 0.3" }
  - { name: left, command: "sleep 0.2", depends_on: [root] }
  - { name: right, command: "sleep 0.4", depends_on: [root] }
  - { name: join, command: "echo joined", depends_on: [left, right] }
`,
      );
      const submitted = await titan(cluster, "submit", "--file", file);
      assert.equal(submitted.code, 0, submitted.stderr);
      const lines = submitted.stdout.trim().split("\n").slice(1).map((l) => l.split(/\s+/));
      assert.deepEqual(lines.map((l) => l[1]), ["root", "left", "right", "join"]);
      const diamondIds = lines.map((l) => l[0]);
      const join = await cluster.status(diamondIds[3]);
      assert.equal(join.state, "PENDING");
      assert.match(join.pendingReason, /^waiting for 2 of 2 dependencies$/);

      // A chain through the API: c waits for b waits for a.
      const { jobs } = await cluster.call("SubmitJobs", {
        jobs: [
          { name: "a", command: "sleep 0.2" },
          { name: "b", command: "sleep 0.2", dependsOn: ["a"] },
          { name: "c", command: "true", dependsOn: ["b"] },
        ],
      });
      const chainIds = jobs.map((j: { jobId: string }) => j.jobId);

      const diamond = await finalStates(cluster, diamondIds);
      const chain = await finalStates(cluster, chainIds);
      for (const job of [...diamond.values(), ...chain.values()]) {
        assert.equal(job.state, "COMPLETED", `${job.name}: ${job.error}`);
      }
      assertOrder(diamond);
      assertOrder(chain);
      assert.deepEqual(
        diamond.get(diamondIds[3])!.dependencies.map((d) => [d.name, d.state]),
        [["left", "COMPLETED"], ["right", "COMPLETED"]],
      );

      const shown = await titan(cluster, "status", diamondIds[3]);
      assert.equal(shown.code, 0, shown.stderr);
      const tree = shown.stdout.replace(/[0-9a-f-]{36}/g, "ID");
      assert.ok(tree.includes("├─ ID  left  COMPLETED\n  │  └─ ID  root  COMPLETED"), tree);
      assert.ok(tree.includes("└─ ID  right  COMPLETED\n     └─ ID  root  COMPLETED"), tree);
      const named = await cluster.call("ListJobs", { name: "join" });
      assert.deepEqual(named.jobs.map((j: { jobId: string }) => j.jobId), [diamondIds[3]]);

      const after = await titan(cluster, "submit", "--after", chainIds[2], "--wait", "--", "true");
      assert.equal(after.code, 0, after.stderr);
    } finally {
      await cluster.stop();
    }
  },
});

Deno.test({
  name: "dag: a failure in the middle cancels exactly its dependents; held jobs survive a SIGKILL",
  ...opts,
  fn: async () => {
    const cluster = await Cluster.start({ workers: 1, slots: 4 });
    try {
      const { jobs } = await cluster.call("SubmitJobs", {
        jobs: [
          { name: "a", command: "sleep 3" },
          { name: "b", command: "exit 3", dependsOn: ["a"] },
          { name: "c", command: "true", dependsOn: ["b"] },
          { name: "d", command: "true", dependsOn: ["c", "a"] },
          { name: "sibling", command: "true", dependsOn: ["a"] },
          {
            name: "cleanup",
            command: "true",
            dependsOn: ["b"],
            dependencyPolicy: "DEPENDENCY_POLICY_AFTER_COMPLETION",
          },
        ],
      });
      const [a, b, c, d, sibling, cleanup] = jobs.map((j: { jobId: string }) => j.jobId);
      // The manager dies while a runs and everything else is held; the next one reloads them.
      await cluster.waitForState(a, ["RUNNING"]);
      cluster.manager.kill("SIGKILL");
      await cluster.manager.exited;
      await cluster.startManager();
      const held = await cluster.status(d);
      assert.equal(held.state, "PENDING");
      assert.equal(held.pendingReason, "waiting for 2 of 2 dependencies");

      const end = await finalStates(cluster, [a, b, c, d, sibling, cleanup]);
      const state = (id: string) => end.get(id)!.state;
      assert.equal(state(a), "COMPLETED");
      assert.equal(state(b), "FAILED");
      assert.equal(state(c), "CANCELLED");
      assert.equal(end.get(c)!.error, `dependency ${b} FAILED`);
      assert.equal(state(d), "CANCELLED");
      assert.equal(end.get(d)!.error, `dependency ${c} CANCELLED`);
      assert.equal(state(sibling), "COMPLETED");
      assert.equal(state(cleanup), "COMPLETED");
      assert.equal(end.get(c)!.startedAt, null, "a cancelled dependent never ran");
      assertOrder(end);

      // Errors name the entry.
      await assert.rejects(
        () =>
          cluster.call("SubmitJobs", {
            jobs: [{ command: "true", dependsOn: ["0190a000-0000-7000-8000-0000000fffff"] }],
          }),
        /NOT_FOUND: jobs\[0\]\.depends_on\[0\]: job 0190a000-0000-7000-8000-0000000fffff not found/,
      );
      await assert.rejects(
        () => cluster.call("SubmitJobs", { jobs: [{ command: "true", dependsOn: ["later"] }] }),
        /INVALID_ARGUMENT: jobs\[0\]\.depends_on\[0\] is "later": neither a job id nor the name/,
      );
    } finally {
      await cluster.stop();
    }
  },
});

Deno.test({
  name: "dag: a fan-in of 10,000 jobs is submitted in one call and completes",
  ...opts,
  fn: async () => {
    const cluster = await Cluster.start({ workers: 2, slots: 16 });
    try {
      const leaves = Array.from({ length: 9_999 }, (_, i) => ({ name: `t${i}`, command: "true" }));
      const join = { name: "join", command: "true", dependsOn: leaves.map((l) => l.name) };
      const { jobs } = await cluster.call("SubmitJobs", { jobs: [...leaves, join] });
      assert.equal(jobs.length, 10_000);
      const joinId = jobs[9_999].jobId;
      // Polled through a listing: the join's own status carries 9,999 dependencies.
      const started = Date.now();
      await waitFor(
        async () => {
          const { jobs } = await cluster.call("ListJobs", { name: "join", states: ["COMPLETED"] });
          return jobs.length === 1;
        },
        300_000,
        () => `the join did not complete\n${cluster.logs()}`,
      );
      console.log(`fan-in of 10,000 ran in ${Date.now() - started} ms`);
      const done = await cluster.status(joinId);
      assert.equal(done.state, "COMPLETED", done.error);
      assert.equal(done.dependencies.length, 9_999);
      assert.ok(done.dependencies.every((d) => d.state === "COMPLETED"));
      const lastLeaf = Math.max(
        ...(await Promise.all(
          jobs.slice(0, 50).map((j: { jobId: string }) => cluster.status(j.jobId)),
        )).map((j) => fromTimestamp(j.finishedAt) ?? Infinity),
      );
      assert.ok(fromTimestamp(done.startedAt)! >= lastLeaf);
    } finally {
      await cluster.stop();
    }
  },
});
