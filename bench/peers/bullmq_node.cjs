// The BullMQ side of `deno task bench --peers`, run by Node (BullMQ is a Node library and its
// users run it under Node). BULLMQ_MODULES names the node_modules folder the bench installed
// the pinned bullmq and ioredis into.
//
//   node bullmq_node.cjs worker PORT QUEUE CONCURRENCY
//       a BullMQ Worker whose processor spawns `sh -c <command>`, keeps its stdout and stderr,
//       and returns the exit code (as a user of BullMQ would run shell jobs); prints "ready".
//   node bullmq_node.cjs client PORT QUEUE N COMMAND BATCH INFLIGHT
//       adds N jobs with addBulk (BATCH per call, INFLIGHT calls at once), then polls the
//       queue's counts every 10 ms until all N are completed or failed; prints one JSON line:
//       seconds from the first add until then, the add phase, and the counts.
"use strict";
const { createRequire } = require("node:module");
const { spawn } = require("node:child_process");
const path = require("node:path");

const modules = process.env.BULLMQ_MODULES;
if (!modules) throw new Error("BULLMQ_MODULES is not set");
const load = createRequire(path.join(modules, "index.js"));
const { Queue, Worker } = load("bullmq");

const [mode, port, queueName, ...rest] = process.argv.slice(2);
const connection = { host: "127.0.0.1", port: Number(port), maxRetriesPerRequest: null };

function runShell(command) {
  return new Promise((resolve, reject) => {
    const child = spawn("sh", ["-c", command], { stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    const err = [];
    child.stdout.on("data", (b) => out.push(b));
    child.stderr.on("data", (b) => err.push(b));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const result = {
        exitCode: code,
        signal,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
      };
      if (code === 0) resolve(result);
      else reject(new Error(`exit ${code ?? signal}: ${result.stderr}`));
    });
  });
}

async function worker(concurrency) {
  const w = new Worker(queueName, (job) => runShell(job.data.command), {
    connection,
    concurrency: Number(concurrency),
  });
  w.on("error", (e) => console.error(`worker error: ${e.message}`));
  await w.waitUntilReady();
  console.log("ready");
  const stop = async () => {
    await w.close();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

async function client(n, command, batch, inflight) {
  n = Number(n);
  batch = Number(batch);
  inflight = Number(inflight);
  const queue = new Queue(queueName, { connection });
  await queue.waitUntilReady();
  const counts = async () => {
    const c = await queue.getJobCounts("completed", "failed");
    return { completed: c.completed ?? 0, failed: c.failed ?? 0 };
  };
  const base = await counts();
  const t0 = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < n) {
      const from = next;
      next = Math.min(n, next + batch);
      const jobs = [];
      for (let i = from; i < next; i++) jobs.push({ name: "job", data: { command } });
      await queue.addBulk(jobs);
    }
  };
  await Promise.all(Array.from({ length: inflight }, lane));
  const tAdded = performance.now();
  let c = await counts();
  const deadline = t0 + Math.max(120_000, n * 20);
  while (c.completed + c.failed - base.completed - base.failed < n) {
    if (performance.now() > deadline) throw new Error(`timed out: ${JSON.stringify(c)}`);
    await new Promise((r) => setTimeout(r, 10));
    c = await counts();
  }
  const tDone = performance.now();
  console.log(JSON.stringify({
    seconds: (tDone - t0) / 1000,
    submitSeconds: (tAdded - t0) / 1000,
    completed: c.completed - base.completed,
    failed: c.failed - base.failed,
  }));
  await queue.close();
  process.exit(0);
}

const main = mode === "worker"
  ? worker(rest[0])
  : mode === "client"
  ? client(rest[0], rest[1], rest[2], rest[3])
  : Promise.reject(new Error(`unknown mode ${mode}`));
main.catch((e) => {
  console.error(e);
  process.exit(1);
});
