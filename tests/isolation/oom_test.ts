/**
 * A memory hog dies at its attempt's limit and the worker reports `out of memory (limit N
 * MiB)`, which the manager records as FAILED: once with the test's fake WorkerService sending
 * the attempt (the worker's report exactly), once through a real manager.
 */
import assert from "node:assert/strict";
import { FakeManager } from "../../worker/test_util.ts";
import { Cluster } from "../support/cluster.ts";
import { skipReason } from "./support.ts";

const MAIN = new URL("../../worker/main.ts", import.meta.url).pathname;

Deno.test({
  name: "isolation: a memory hog dies at its limit, reported out of memory",
  ignore: skipReason !== "",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const fake = new FakeManager();
    await fake.listen();
    const worker = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        MAIN,
        "--id=w-oom",
        `--manager=127.0.0.1:${fake.port}`,
        "--port=0",
        `--data-dir=${Deno.makeTempDirSync({ prefix: "titan-oom-" })}`,
        "--isolation=cgroup",
        "--run-as=root",
        "--log-level=warn",
      ],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    try {
      const conn = await fake.waitConns(1, 15_000);
      const reg = await conn.next((m) => m.msg === "register", 15_000);
      assert.equal(reg.register!.isolation, "cgroup");
      // `tail` keeps the last line of an endless one in memory: it grows until stopped.
      conn.send({
        assign: {
          jobId: "hog",
          attempt: 1,
          command: "tail /dev/zero",
          resources: { memoryMb: 48, cpuMillis: 0, devices: {} },
        },
      });
      const hog = (await conn.finished("hog")).finished!;
      assert.equal(hog.error, "out of memory (limit 48 MiB)");
      assert.equal(hog.signal, "SIGKILL");
      // Below the limit, the same worker runs jobs as usual.
      conn.send({
        assign: {
          jobId: "small",
          attempt: 1,
          command: "head -c 10000000 /dev/zero | tail -c 3 | wc -c",
          resources: { memoryMb: 48, cpuMillis: 500, devices: {} },
        },
      });
      const small = (await conn.finished("small")).finished!;
      assert.equal(small.error, "");
      assert.equal(small.exitCode, 0);
      assert.equal(new TextDecoder().decode(small.stdout).trim(), "3");
    } finally {
      worker.kill("SIGTERM");
      await worker.status;
      await worker.stderr.cancel();
      fake.close();
    }
  },
});

Deno.test({
  name: "isolation: through a real manager, the hog's job is FAILED out of memory",
  ignore: skipReason !== "",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const c = new Cluster();
    try {
      await c.startManager();
      c.startWorker("worker-1");
      await c.waitForWorkers(1);
      const { workers } = await c.call("ListWorkers", {});
      assert.equal(workers[0].isolation, "cgroup");
      assert.ok(workers[0].capacity.memoryMb > 48, JSON.stringify(workers[0].capacity));
      const hog = await c.submit("tail /dev/zero", { resources: { memoryMb: 48 } });
      const done = await c.waitForState(hog, undefined, 30_000);
      assert.equal(done.state, "FAILED");
      assert.match(done.error, /out of memory \(limit 48 MiB\)/);
      const fine = await c.submit("echo fine", { resources: { memoryMb: 48, cpuMillis: 500 } });
      const ok = await c.waitForState(fine, undefined, 30_000);
      assert.equal(ok.state, "COMPLETED", ok.error);
      assert.equal(ok.stdout, "fine\n");
    } finally {
      await c.stop();
    }
  },
});
