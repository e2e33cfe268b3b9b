/**
 * A full disk under the manager's data dir (a small tmpfs): the manager stays up, refuses
 * new work with RESOURCE_EXHAUSTED "store is full: …", keeps answering reads and finishing
 * the attempts that run, says it is not ready, and takes work again by itself once space is
 * back. Before, the first failed commit made it exit, and clients saw "unexpected EOF".
 */
import assert from "node:assert/strict";
import { Cluster, waitFor } from "../support/cluster.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

function run(program: string, ...args: string[]) {
  const out = new Deno.Command(program, { args, stderr: "piped" }).outputSync();
  if (!out.success) {
    throw new Error(`${program} ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
}

async function readyz(cluster: Cluster): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${cluster.httpPort}/readyz`);
  await res.body?.cancel();
  return res.status;
}

Deno.test({
  name: "full disk: the manager refuses writes, serves reads and running attempts, then resumes",
  ignore: Deno.uid() !== 0,
  ...opts,
  fn: async () => {
    const mountPoint = Deno.makeTempDirSync({ prefix: "titan-full-disk-" });
    run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mountPoint);
    const dataDir = `${mountPoint}/manager`;
    const cluster = new Cluster({ workers: 1, managerArgs: ["--data-dir", dataDir] });
    try {
      await cluster.startManager();
      cluster.startWorker("worker-1");
      await cluster.waitForWorkers(1);
      // Space taken by someone else, given back at the end.
      const filler = `${mountPoint}/filler`;
      Deno.writeFileSync(filler, new Uint8Array(3 * 1024 * 1024));

      const running = await cluster.submit("sleep 4; echo survived");
      await cluster.waitForState(running, ["RUNNING"]);
      const acked: string[] = [];
      let refusal: { code?: number; details?: string } | undefined;
      const pad = "x".repeat(8 * 1024);
      for (let i = 0; i < 200 && !refusal; i++) {
        const jobs = Array.from(
          { length: 20 },
          () => ({ command: "true", env: { PAD: pad } }),
        );
        try {
          const res = await cluster.call("SubmitJobs", { jobs });
          acked.push(...res.jobs.map((j: { jobId: string }) => j.jobId));
        } catch (err) {
          refusal = err as typeof refusal;
        }
      }
      assert.ok(refusal, "the disk never filled");
      assert.equal(refusal.code, 8, `RESOURCE_EXHAUSTED, got ${JSON.stringify(refusal)}`);
      assert.match(refusal.details ?? "", /^store is full: /);

      // Still up: reads answer, it says it is not ready, the running attempt finishes.
      assert.equal(await readyz(cluster), 503, "not ready while full");
      const listed = await cluster.call("ListJobs", { pageSize: 5 });
      assert.ok(listed.jobs.length > 0);
      const done = await cluster.waitForState(running, ["COMPLETED", "FAILED"], 20_000);
      assert.equal(done.state, "COMPLETED", JSON.stringify(done));
      assert.equal(done.stdout, "survived\n");
      await assert.rejects(cluster.submit("true"), /store is full/);
      for (const id of acked.slice(-3)) {
        assert.equal((await cluster.status(id)).state !== undefined, true);
      }

      // Space is back: it notices by itself.
      Deno.removeSync(filler);
      await waitFor(async () => (await readyz(cluster)) === 200, 15_000, () => cluster.logs());
      // Ahead of whatever the acknowledged jobs still queue.
      const after = await cluster.submit("echo again", { priority: 100 });
      assert.equal((await cluster.waitForState(after)).stdout, "again\n");
      // Every acknowledged job is still there.
      for (const id of acked) assert.ok((await cluster.status(id)).jobId === id);
      assert.match(cluster.manager.log, /store is full: refusing new work/);
      assert.equal(cluster.managerLives.length, 1);
      assert.equal(
        await Promise.race([
          cluster.manager.exited.then(() => "exited"),
          new Promise((r) => setTimeout(() => r("up"), 10)),
        ]),
        "up",
      );
    } finally {
      await cluster.stop();
      new Deno.Command("umount", { args: ["-l", mountPoint] }).outputSync();
      await Deno.remove(mountPoint, { recursive: true }).catch(() => {});
    }
  },
});
