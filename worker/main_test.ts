/**
 * The entrypoint as a real process against a fake manager: SIGTERM drains and exits 0,
 * and a restarted worker kills what its killed predecessor left running.
 */
import assert from "node:assert/strict";
import { assertGroupGone, FakeManager } from "./test_util.ts";
import { groupMembers } from "./procs.ts";

const MAIN = new URL("./main.ts", import.meta.url).pathname;

function spawnWorker(port: number, dataDir: string, more: string[] = []): Deno.ChildProcess {
  const tokenFile = Deno.makeTempFileSync({ prefix: "titan-worker-token-" });
  Deno.writeTextFileSync(tokenFile, "tok\n", { mode: 0o600 });
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      MAIN,
      "--id=w-main",
      `--manager=127.0.0.1:${port}`,
      "--port=0",
      `--data-dir=${dataDir}`,
      "--heartbeat-interval=0.1",
      "--heartbeat-timeout=2",
      "--kill-grace=0.2",
      "--log-level=warn",
      // Jobs here use the test's private temp dirs: as root, say explicitly to keep root.
      ...(Deno.uid() === 0 ? ["--run-as=root"] : []),
      `--worker-token-file=${tokenFile}`,
      // Jobs share the worker's uid here (the test's temp dirs): said explicitly.
      "--insecure-shared-uid",
      ...more,
    ],
    env: { TITAN_WORKER_TOKEN: "" },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
}

const grpcTest = (name: string, fn: () => Promise<void>) =>
  Deno.test({ name, fn, sanitizeOps: false, sanitizeResources: false });

grpcTest("SIGTERM drains: the running attempt is handed back and the worker exits 0", async () => {
  const fake = new FakeManager();
  await fake.listen();
  const worker = spawnWorker(fake.port, Deno.makeTempDirSync(), ["--drain-timeout=0.3"]);
  try {
    const conn = await fake.waitConns(1, 10_000);
    const reg = await conn.next((m) => m.msg === "register", 10_000);
    assert.equal(reg.register!.workerId, "w-main");
    assert.deepEqual(conn.call.metadata.get("authorization"), ["Bearer tok"]);
    conn.send({
      assign: { jobId: "m1", attempt: 1, command: "echo $TITAN_WORKER_TOKEN; sleep 100" },
    });
    const pid = (await conn.next((m) => m.msg === "started")).started!.pid;
    worker.kill("SIGTERM");
    await conn.next((m) => m.msg === "heartbeat" && m.heartbeat!.draining);
    const fin = (await conn.finished("m1")).finished!;
    assert.equal(fin.handedBack, true);
    assert.equal(new TextDecoder().decode(fin.stdout), "\n", "the token never reaches a job");
    const status = await worker.status;
    assert.equal(status.code, 0);
    await assertGroupGone(pid);
  } finally {
    try {
      worker.kill("SIGKILL");
    } catch { /* exited */ }
    await worker.stderr.cancel();
    fake.close();
  }
});

grpcTest("a restarted worker kills the process groups its predecessor left", async () => {
  const fake = new FakeManager();
  await fake.listen();
  const dataDir = Deno.makeTempDirSync();
  const first = spawnWorker(fake.port, dataDir);
  let second: Deno.ChildProcess | undefined;
  try {
    const conn = await fake.waitConns(1, 10_000);
    await conn.next((m) => m.msg === "register", 10_000);
    conn.send({ assign: { jobId: "m2", attempt: 1, command: "sleep 100 & sleep 100" } });
    const pid = (await conn.next((m) => m.msg === "started")).started!.pid;
    // Running for real (its shell and both sleeps): a kill before the job's gate opened
    // would leave nothing to find.
    const deadline = Date.now() + 10_000;
    while (groupMembers(pid).length < 3 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    first.kill("SIGKILL"); // a crash: no drain, the group survives
    await first.status;
    assert.ok(groupMembers(pid).length >= 3);

    second = spawnWorker(fake.port, dataDir);
    await fake.waitConns(2, 10_000);
    await assertGroupGone(pid);
    second.kill("SIGTERM");
    assert.equal((await second.status).code, 0);
  } finally {
    for (const p of [first, second]) {
      try {
        p?.kill("SIGKILL");
      } catch { /* exited */ }
      await p?.stderr.cancel().catch(() => {});
    }
    fake.close();
  }
});

Deno.test("--help lists every option with its TITAN_* variable", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "--help"],
    stdout: "piped",
    stderr: "null",
  }).output();
  const help = new TextDecoder().decode(out.stdout);
  for (
    const [flag, env] of [
      ["--cpus", "TITAN_CPUS"],
      ["--memory", "TITAN_MEMORY"],
      ["--device", "TITAN_DEVICES"],
      ["--label", "TITAN_LABELS"],
      ["--isolation", "TITAN_ISOLATION"],
      ["--run-as-range", "TITAN_RUN_AS_RANGE"],
      ["--run-as", "TITAN_RUN_AS"],
    ]
  ) {
    const line = help.split("\n").find((l) => l.trimStart().startsWith(`${flag} `));
    assert.ok(line?.includes(`[${env}]`), `${flag} [${env}] in --help`);
  }
  assert.ok(!help.includes("TITAN_JOB_LAUNCHER"));
});
