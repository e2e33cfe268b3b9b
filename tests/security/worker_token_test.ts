/**
 * The worker token never reaches a job. Before, in the container (a non-root worker whose
 * jobs share its uid) a job read the token from the worker's environment (/proc/<pid>/environ)
 * and from its token file, and with it registered a fake worker that received other jobs'
 * env and reported forged results. Now the worker reads its token only from a file no job
 * can read, keeps it in memory, and refuses to hold a token while its jobs would share its uid
 * unless --insecure-shared-uid says so.
 */
import assert from "node:assert/strict";
import { Cluster, freePort, Proc } from "../support/cluster.ts";
import { randomToken } from "./helpers.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

async function workerExit(args: string[], env: Record<string, string> = {}) {
  const dir = Deno.makeTempDirSync({ prefix: "titan-token-" });
  const proc = new Proc("worker", "worker/main.ts", [
    "--id",
    "w-token",
    "--manager",
    `127.0.0.1:${freePort()}`,
    "--port",
    "0",
    "--data-dir",
    `${dir}/data`,
    ...args.map((a) => a.replace("$DIR", dir)),
  ], { TITAN_WORKER_TOKEN: "", ...env });
  const timer = setTimeout(() => proc.kill(), 20_000);
  const status = await proc.exited;
  clearTimeout(timer);
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  return { code: status.code, log: proc.log };
}

Deno.test({
  name:
    "worker token: refused from the environment, from a file everyone can read, and with shared uids",
  ...opts,
  fn: async () => {
    const fromEnv = await workerExit([], { TITAN_WORKER_TOKEN: "secret-in-env" });
    assert.equal(fromEnv.code, 2, fromEnv.log);
    assert.match(fromEnv.log, /TITAN_WORKER_TOKEN is not read by the worker/);
    assert.ok(!fromEnv.log.includes("secret-in-env"), "the token is in the output");

    const dir = Deno.makeTempDirSync({ prefix: "titan-token-file-" });
    try {
      const open = `${dir}/open`;
      Deno.writeTextFileSync(open, "tok\n");
      Deno.chmodSync(open, 0o644);
      const readable = await workerExit(["--worker-token-file", open, "--insecure-shared-uid"]);
      assert.equal(readable.code, 2, readable.log);
      assert.match(readable.log, /readable by everyone \(mode 644\).*chmod 600/);

      const closed = `${dir}/closed`;
      Deno.writeTextFileSync(closed, "tok\n", { mode: 0o600 });
      Deno.chmodSync(closed, 0o600);
      // Jobs under the worker's own uid: root keeping root, or a worker that is not root.
      const shared = await workerExit([
        "--worker-token-file",
        closed,
        ...(Deno.uid() === 0 ? ["--run-as", "root"] : []),
      ]);
      assert.equal(shared.code, 2, shared.log);
      assert.match(shared.log, /jobs would run as the worker's own user .* --insecure-shared-uid/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "worker token: a job under a uid of its own cannot read it from the worker",
  ignore: Deno.uid() !== 0,
  ...opts,
  fn: async () => {
    const workerToken = randomToken("worker");
    // runAs "": a root worker gives each attempt a uid of its own.
    const cluster = new Cluster({ workers: 1, workerToken, runAs: "" });
    try {
      // The attempt's uid must pass through the cluster's dir to its own work dir.
      Deno.chmodSync(cluster.dir, 0o711);
      await cluster.startManager();
      cluster.startWorker("worker-1");
      await cluster.waitForWorkers(1);
      const pid = cluster.workers.get("worker-1")!.pid;
      const tokenFile = `${cluster.dir}/worker-token`;
      const probe = [
        `cat /proc/${pid}/environ`,
        `cat /proc/${pid}/cmdline`,
        `cat ${tokenFile}`,
        `head -c 100000 /proc/${pid}/mem`,
        `grep -r . ${cluster.dir}/worker-1 2>&1 | head -c 10000`,
        "id -u",
      ].map((c) => `${c} 2>&1; echo`).join("; ");
      const jobId = await cluster.submit(probe);
      const done = await cluster.waitForState(jobId);
      const output = done.stdout + done.stderr;
      assert.equal(done.state, "COMPLETED", JSON.stringify(done));
      assert.ok(!output.includes(workerToken), `the job read the token:\n${output}`);
      assert.match(output, /Permission denied/);
      const uid = Number(output.trim().split("\n").pop());
      assert.ok(uid !== 0 && Number.isInteger(uid), `the job ran as uid ${uid}`);
      // The token file was read once at start: the worker does not need it any more.
      Deno.removeSync(tokenFile);
      const after = await cluster.submit("echo still registered");
      assert.equal((await cluster.waitForState(after)).stdout, "still registered\n");
    } finally {
      await cluster.stop();
    }
  },
});
