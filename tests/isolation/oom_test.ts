/**
 * A memory hog dies at its attempt's limit and the worker reports `out of memory (limit N
 * MiB)`, which the manager records as FAILED. The worker is a real process in cgroup mode;
 * the manager is the test's fake WorkerService, which sends the attempt with its resources.
 */
import assert from "node:assert/strict";
import { FakeManager } from "../../worker/test_util.ts";
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
