/**
 * Two worker processes with one --id (a copied config, two pods of one name, a zombie left by
 * a restart). Before, the two sessions evicted each other: of 100 short jobs none completed,
 * with some 500 extra executions. Now the second is refused (ALREADY_EXISTS) while the first
 * session lives and exits non-zero saying why; no job runs twice or fails. A worker that
 * really restarted takes over at once when the old process is gone, and after the lease when
 * the old one stopped answering (SIGSTOP).
 */
import assert from "node:assert/strict";
import { Cluster, waitFor } from "../support/cluster.ts";
import { logLines, markerCommand, readMarker } from "./support.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

async function exitedWithin(proc: { exited: Promise<Deno.CommandStatus> }, ms: number) {
  return await Promise.race([
    proc.exited,
    new Promise<undefined>((r) => setTimeout(() => r(undefined), ms)),
  ]);
}

Deno.test({
  name: "duplicate worker id: the second is refused and exits, no job runs twice or fails",
  ...opts,
  fn: async () => {
    const cluster = await Cluster.start({ workers: 1, heartbeatTimeout: 2 });
    try {
      const first = cluster.workers.get("worker-1")!;
      const jobs: { id: string; marker: string }[] = [];
      for (let i = 0; i < 60; i++) {
        const marker = `${cluster.dir}/marker-${i}`;
        jobs.push({ id: await cluster.submit(markerCommand(marker, "sleep 0.3")), marker });
      }
      // The same id from another machine (its own data dir).
      const dup = cluster.startWorker("worker-1", ["--data-dir", `${cluster.dir}/dup`]);
      cluster.workers.set("worker-1 (first)", first);
      const status = await exitedWithin(dup, 30_000);
      assert.ok(status, `the duplicate did not exit:\n${dup.log.slice(-3000)}`);
      assert.equal(status.code, 3, dup.log.slice(-3000));
      assert.match(dup.log, /another worker is connected with --id worker-1/);
      assert.match(dup.log, /in use by another live worker/);

      for (const job of jobs) {
        const s = await cluster.waitForState(job.id, ["COMPLETED", "FAILED", "CANCELLED"], 60_000);
        assert.equal(s.state, "COMPLETED", JSON.stringify(s));
        assert.equal(s.attempt, 1, `job ${job.id} ran more than once`);
        assert.equal(readMarker(job.marker).length, 1, `job ${job.id} executed twice`);
      }
      const registered = logLines([cluster.manager]).filter((l) =>
        l.msg === "worker registered" && l.worker === "worker-1"
      );
      assert.equal(registered.length, 1, "the first worker kept its one session");
      assert.equal(await exitedWithin(first, 10), undefined, "the first worker is still up");
    } finally {
      await cluster.stop();
    }
  },
});

Deno.test({
  name: "duplicate worker id: a restarted worker takes over, at once or after the lease",
  ...opts,
  fn: async () => {
    const cluster = await Cluster.start({ workers: 1, heartbeatTimeout: 2 });
    try {
      // Killed: its connection closes, the next life registers at once.
      const first = cluster.workers.get("worker-1")!;
      first.kill("SIGKILL");
      await first.exited;
      const second = cluster.startWorker("worker-1");
      await waitFor(
        () => logLines([cluster.manager]).some((l) => l.msg === "worker registered" && l.restarted),
        10_000,
        () => cluster.logs(),
      );
      const a = await cluster.submit("echo second");
      assert.equal((await cluster.waitForState(a)).stdout, "second\n");

      // Stopped (its connection stays open, it misses its heartbeats): let in after the lease.
      second.kill("SIGSTOP");
      const third = cluster.startWorker("worker-1", ["--data-dir", `${cluster.dir}/third`]);
      cluster.workers.set("worker-1 (second)", second);
      const b = await cluster.submit("echo third");
      const done = await cluster.waitForState(b, ["COMPLETED"], 30_000);
      assert.equal(done.stdout, "third\n");
      assert.equal(await exitedWithin(third, 10), undefined, "the new life stays");
      second.kill("SIGKILL");
    } finally {
      await cluster.stop();
    }
  },
});

Deno.test({
  name: "a second worker process on the same data dir is refused before it touches anything",
  ...opts,
  fn: async () => {
    const cluster = await Cluster.start({ workers: 1, heartbeatTimeout: 2 });
    try {
      const first = cluster.workers.get("worker-1")!;
      const running = await cluster.submit("sleep 5; echo kept");
      await cluster.waitForState(running, ["RUNNING"]);
      const dup = cluster.startWorker("worker-1b", ["--data-dir", `${cluster.dir}/worker-1`]);
      cluster.workers.set("worker-1", first);
      const status = await exitedWithin(dup, 20_000);
      assert.ok(status, dup.log);
      assert.equal(status.code, 2);
      assert.match(dup.log, /is in use by another worker process/);
      const s = await cluster.waitForState(running);
      assert.equal(s.state, "COMPLETED", "the first worker's attempt was not killed");
      assert.equal(s.stdout, "kept\n");
    } finally {
      await cluster.stop();
    }
  },
});
