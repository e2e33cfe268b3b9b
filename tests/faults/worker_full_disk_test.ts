/**
 * A worker whose data dir fills up (a small tmpfs): attempts that need the disk fail with a
 * clear error (their own), the worker's own writes (its records of running attempts) failing
 * does not take it down, and once space is back it runs jobs again.
 */
import assert from "node:assert/strict";
import { Cluster } from "../support/cluster.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

function run(program: string, ...args: string[]) {
  const out = new Deno.Command(program, { args, stderr: "piped" }).outputSync();
  if (!out.success) {
    throw new Error(`${program} ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
}

/** Fill the file system under `path` to the last byte. */
function fill(path: string): void {
  const file = Deno.openSync(path, { write: true, create: true });
  for (const size of [64 * 1024, 512, 1]) {
    const chunk = new Uint8Array(size);
    try {
      for (;;) file.writeSync(chunk);
    } catch { /* full at this size */ }
  }
  file.close();
}

Deno.test({
  name: "full disk on a worker: its attempts fail with a clear error, the worker survives",
  ignore: Deno.uid() !== 0,
  ...opts,
  fn: async () => {
    const mountPoint = Deno.makeTempDirSync({ prefix: "titan-worker-full-" });
    run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint);
    const cluster = new Cluster({ workers: 0, heartbeatTimeout: 5 });
    try {
      await cluster.startManager();
      const worker = cluster.startWorker("worker-1", [
        "--data-dir",
        `${mountPoint}/worker`,
        // Process groups are recorded in the data dir (cgroups are not).
        "--isolation",
        "process-group",
      ]);
      await cluster.waitForWorkers(1);
      const before = await cluster.submit("echo before");
      assert.equal((await cluster.waitForState(before)).state, "COMPLETED");

      // A long attempt keeps the worker's record of running attempts open, so each short
      // one after it appends to that record (best effort: an attempt runs without it); and
      // each short one writes a file in its work dir, which cannot succeed.
      const long = await cluster.submit("sleep 60");
      await cluster.waitForState(long, ["RUNNING"]);
      fill(`${mountPoint}/filler`);
      const ids = [];
      const write = 'head -c 10000 /dev/zero > "out.$TITAN_JOB_ID" && echo hello';
      for (let i = 0; i < 40; i++) ids.push(await cluster.submit(write, { maxRetries: 0 }));
      for (const id of ids) {
        const s = await cluster.waitForState(id, ["COMPLETED", "FAILED"], 30_000);
        assert.equal(s.state, "FAILED", JSON.stringify(s));
        assert.match(s.stderr, /no space left on device/i, JSON.stringify(s));
      }
      const alive = await Promise.race([
        worker.exited.then(() => "exited"),
        new Promise((r) => setTimeout(() => r("up"), 500)),
      ]);
      assert.equal(alive, "up", `the worker died:\n${worker.log.slice(-3000)}`);
      await cluster.waitForWorkers(1);

      Deno.removeSync(`${mountPoint}/filler`);
      const after = await cluster.submit(write.replace("hello", "after"));
      const done = await cluster.waitForState(after, ["COMPLETED", "FAILED"], 20_000);
      assert.equal(done.state, "COMPLETED", JSON.stringify(done));
      assert.equal(done.stdout, "after\n");
      await cluster.call("CancelJob", { jobId: long });
    } finally {
      await cluster.stop();
      new Deno.Command("umount", { args: ["-l", mountPoint] }).outputSync();
      await Deno.remove(mountPoint, { recursive: true }).catch(() => {});
    }
  },
});
