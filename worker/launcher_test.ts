import assert from "node:assert/strict";
import { start, useLauncher } from "./executor.ts";
import type { ExecOptions } from "./executor.ts";
import { decodeWaitStatus, Launcher } from "./launcher.ts";
import { assertGroupGone } from "./test_util.ts";

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const workDir = Deno.makeTempDirSync({ prefix: "titan-launch-" });
Deno.chmodSync(workDir, 0o755);
const opts = (more: Partial<ExecOptions> = {}): ExecOptions => ({
  workDir,
  outputCap: 1024 * 1024,
  killGrace: 1,
  ...more,
});
const hasPerl = (() => {
  try {
    return new Deno.Command("perl", { args: ["-e", "1"] }).outputSync().success;
  } catch {
    return false;
  }
})();

/** A launcher for one test; the executor uses it until the test ends. */
function launcherTest(name: string, fn: (l: Launcher) => Promise<void>) {
  Deno.test({
    name,
    ignore: !hasPerl,
    sanitizeOps: false,
    sanitizeResources: false,
    fn: async () => {
      const l = await Launcher.start(Deno.makeTempDirSync({ prefix: "titan-launcher-" }));
      assert.ok(l, "the launcher starts where perl exists");
      useLauncher(l);
      try {
        await fn(l);
      } finally {
        useLauncher(undefined);
        l.close();
        await l.child.status;
      }
    },
  });
}

async function collect(it: AsyncIterable<Uint8Array>): Promise<string> {
  let s = "";
  for await (const c of it) s += text(c);
  return s;
}

Deno.test("decodeWaitStatus() tells exit codes from signals", () => {
  assert.deepEqual(decodeWaitStatus(0), { code: 0, signal: null });
  assert.deepEqual(decodeWaitStatus(3 << 8), { code: 3, signal: null });
  assert.deepEqual(decodeWaitStatus(9), { code: 137, signal: "SIGKILL" });
  assert.deepEqual(decodeWaitStatus(15 | 0x80), { code: 143, signal: "SIGTERM" }); // core bit
});

launcherTest("launch() runs sh -c with the env and cwd, in its own session", async (l) => {
  const run = l.launch({
    command: 'echo "$FOO $(pwd)"; echo err >&2; cut -d" " -f5,6 /proc/$$/stat; exit 3',
    cwd: "/tmp",
    env: { FOO: "bar", PATH: Deno.env.get("PATH")! },
  });
  assert.ok(run.pid > 0);
  const [out, err, status] = await Promise.all([
    collect(run.stdout),
    collect(run.stderr),
    run.status,
  ]);
  assert.equal(out, `bar /tmp\n${run.pid} ${run.pid}\n`);
  assert.equal(err, "err\n");
  assert.deepEqual(status, { code: 3, signal: null });
  assert.equal(l.running, 0);
});

launcherTest("launch() reports a signal, and many jobs at once", async (l) => {
  const killed = l.launch({ command: "kill -TERM $$", cwd: "/", env: {} });
  const runs = Array.from(
    { length: 50 },
    (_, i) => l.launch({ command: `echo ${i}`, cwd: "/", env: {} }),
  );
  assert.deepEqual(await killed.status, { code: 143, signal: "SIGTERM" });
  const outs = await Promise.all(runs.map((r) => collect(r.stdout)));
  assert.deepEqual(outs, runs.map((_, i) => `${i}\n`));
  for (const r of runs) assert.equal((await r.status).code, 0);
  await Promise.all([killed, ...runs].map((r) => collect(r.stderr)));
});

launcherTest(
  "jobs take children forked ahead of time; a killed idle child is skipped",
  async (l) => {
    const deadline = Date.now() + 5000;
    while (l.idle.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.equal(l.idle.length, 4);
    const [first, second] = l.idle;
    const run = l.launch({ command: "echo $$", cwd: "/", env: {} });
    assert.equal(run.pid, first);
    assert.equal(await collect(run.stdout), `${first}\n`);
    await Promise.all([collect(run.stderr), run.status]);
    Deno.kill(second, "SIGKILL");
    while (l.idle.includes(second) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const runs = Array.from(
      { length: 8 },
      () => l.launch({ command: "echo ok", cwd: "/", env: {} }),
    );
    assert.ok(runs.every((r) => r.pid !== second));
    for (const r of runs) {
      assert.equal(await collect(r.stdout), "ok\n");
      await collect(r.stderr);
      assert.equal((await r.status).code, 0);
    }
  },
);

launcherTest("a burst of launches larger than the FIFO holds does not deadlock", async (l) => {
  // ~4 KB of environment per request: 300 requests are far more than a FIFO buffers, while
  // the launcher has events to send back at the same time.
  const env = { BIG: "x".repeat(4000), PATH: Deno.env.get("PATH")! };
  const runs = Array.from(
    { length: 300 },
    (_, i) => l.launch({ command: `echo ${i}; head -c 100000 /dev/zero >&2`, cwd: "/", env }),
  );
  const outs = await Promise.all(runs.map((r) => collect(r.stdout)));
  assert.deepEqual(outs, runs.map((_, i) => `${i}\n`));
  const errs = await Promise.all(runs.map((r) => collect(r.stderr)));
  assert.ok(errs.every((e) => e.length === 100000));
  for (const r of runs) assert.equal((await r.status).code, 0);
});

launcherTest("the executor goes through the launcher: output, timeout, leftovers", async () => {
  const r = await start({ command: "echo hello; echo oops >&2; exit 2" }, opts()).result;
  assert.equal(r.exitCode, 2);
  assert.equal(text(r.stdout), "hello\n");
  assert.equal(text(r.stderr), "oops\n");
  // Plain words run without the shell, with the shell's exit codes.
  const missing = await start({ command: "no-such-program-xyz arg" }, opts()).result;
  assert.equal(missing.exitCode, 127);
  assert.match(text(missing.stderr), /no-such-program-xyz/);
  const slept = await start({ command: "sleep 0.01" }, opts()).result;
  assert.equal(slept.exitCode, 0);
  // 4 MiB: more than a pipe holds.
  const big = await start({ command: "head -c 4194304 /dev/zero" }, opts()).result;
  assert.equal(big.stdoutBytes, 4 * 1024 * 1024);
  // A timeout kills the whole group, including a background child holding the output.
  const t0 = Date.now();
  const run = start({ command: "sleep 30 & sleep 30", timeoutSeconds: 1 }, opts());
  const timedOut = await run.result;
  assert.equal(timedOut.timedOut, true);
  assert.equal(timedOut.signal, "SIGTERM");
  assert.ok(Date.now() - t0 < 10_000);
  await assertGroupGone(run.pid);
  // Cancel right after the start.
  const cancelled = start({ command: "sleep 30" }, opts());
  cancelled.cancel();
  assert.equal((await cancelled.result).cancelled, true);
  await assertGroupGone(cancelled.pid);
});

Deno.test({
  name: "the launcher runs jobs as opts.user when the worker is root",
  ignore: !hasPerl || Deno.uid() !== 0,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const l = await Launcher.start(Deno.makeTempDirSync({ prefix: "titan-launcher-" }));
    useLauncher(l);
    try {
      const r = await start(
        { command: "id -u; id -g; id -G" },
        opts({ user: { uid: 65534, gid: 65534 } }),
      )
        .result;
      assert.equal(r.error, "");
      assert.equal(text(r.stdout), "65534\n65534\n65534\n");
    } finally {
      useLauncher(undefined);
      l?.close();
      await l?.child.status;
    }
  },
});

launcherTest("a dead launcher ends its jobs and the executor spawns directly", async (l) => {
  const run = start({ command: "sleep 30" }, opts());
  l.child.kill("SIGKILL");
  const r = await run.result;
  assert.equal(r.signal, "SIGKILL");
  await assertGroupGone(run.pid);
  assert.equal(l.usable, false);
  const direct = await start({ command: "echo direct" }, opts()).result;
  assert.equal(text(direct.stdout), "direct\n");
});

Deno.test({
  name: "Launcher.start() gives up when perl is not there",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const path = Deno.env.get("PATH")!;
    Deno.env.set("PATH", "/nonexistent");
    try {
      assert.equal(await Launcher.start(Deno.makeTempDirSync(), undefined, 2000), undefined);
    } finally {
      Deno.env.set("PATH", path);
    }
  },
});
