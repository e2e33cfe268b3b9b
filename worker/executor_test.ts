import assert from "node:assert/strict";
import { type ExecHooks, type ExecSpec, type ExecutorOptions, jobEnv } from "./executor.ts";
import type { StreamName } from "./executor.ts";
import { assertGroupGone, testExecutor } from "./test_util.ts";
import { FixedUsers, type JobUsers } from "./isolation/users.ts";

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const workDir = Deno.makeTempDirSync({ prefix: "titan-exec-" });
let seq = 0;
/** Start `spec` on an executor with the default settings, overridden by `more`. */
const start = (
  spec: Omit<ExecSpec, "jobId" | "attempt">,
  more: Partial<ExecutorOptions> & ExecHooks & { users?: JobUsers } = {},
) => {
  const { onOutput, signal, users, ...settings } = more;
  return testExecutor(workDir, settings, users).start(
    { jobId: `exec-${++seq}`, attempt: 1, ...spec },
    { onOutput, signal },
  );
};
const opts = (more: Partial<ExecutorOptions> & ExecHooks & { users?: JobUsers } = {}) => more;

Deno.test("start() reports exit code 0 and stdout", async () => {
  const run = start({ command: "echo hello" }, opts());
  assert.ok(run.pid > 0);
  const r = await run.result;
  assert.equal(r.exitCode, 0);
  assert.equal(r.signal, "");
  assert.equal(r.error, "");
  assert.equal(text(r.stdout), "hello\n");
  assert.equal(r.stdoutBytes, 6);
  assert.equal(r.pid, run.pid);
  assert.ok(Date.parse(r.startedAt) <= Date.parse(r.finishedAt));
});

Deno.test("start() reports a non-zero exit code and stderr", async () => {
  const r = await start({ command: "echo oops >&2; exit 3" }, opts()).result;
  assert.equal(r.exitCode, 3);
  assert.equal(text(r.stderr), "oops\n");
  assert.equal(text(r.stdout), "");
  assert.equal(r.timedOut, false);
});

Deno.test("start() caps the stored output, counts the rest and marks it truncated", async () => {
  const seen: Record<StreamName, number> = { stdout: 0, stderr: 0 };
  const cap = 100_000;
  // 4 MiB on stdout: far more than a pipe holds, so draining is exercised too.
  const r = await start(
    { command: "head -c 4194304 /dev/zero; echo small >&2" },
    opts({ outputCap: cap, onOutput: (s, d) => seen[s] += d.length }),
  ).result;
  assert.equal(r.exitCode, 0);
  assert.equal(r.stdout.length, cap);
  assert.equal(r.stdoutBytes, 4 * 1024 * 1024);
  assert.equal(r.stdoutTruncated, true);
  assert.equal(seen.stdout, cap);
  assert.equal(text(r.stderr), "small\n");
  assert.equal(r.stderrTruncated, false);
  assert.equal(seen.stderr, 6);
});

Deno.test("start() kills the whole group on timeout, leaving no process behind", async () => {
  const run = start(
    { command: "sleep 100 & sleep 100", timeoutSeconds: 0.3 },
    opts({ killGrace: 0.5 }),
  );
  const r = await run.result;
  assert.equal(r.timedOut, true);
  assert.equal(r.exitCode, undefined);
  assert.equal(r.signal, "SIGTERM");
  await assertGroupGone(run.pid);
});

Deno.test("start() escalates to SIGKILL when TERM is ignored", async () => {
  const t0 = Date.now();
  const run = start(
    { command: "trap '' TERM; sleep 100 & trap '' TERM; while :; do sleep 0.05; done" },
    opts({ killGrace: 0.3 }),
  );
  await new Promise((r) => setTimeout(r, 200));
  run.cancel();
  const r = await run.result;
  assert.equal(r.cancelled, true);
  assert.equal(r.signal, "SIGKILL");
  assert.ok(Date.now() - t0 >= 450, "KILL came only after the grace");
  await assertGroupGone(run.pid);
});

Deno.test("start() cancels through an AbortSignal", async () => {
  const ac = new AbortController();
  const run = start({ command: "sleep 100 & sleep 100" }, opts({ signal: ac.signal }));
  setTimeout(() => ac.abort(), 100);
  const r = await run.result;
  assert.equal(r.cancelled, true);
  assert.equal(r.timedOut, false);
  assert.equal(r.exitCode, undefined);
  await assertGroupGone(run.pid);
});

Deno.test("start() kills background children left when the shell exits", async () => {
  const t0 = Date.now();
  const run = start({ command: "sleep 100 & echo done" }, opts());
  const r = await run.result;
  assert.equal(r.exitCode, 0);
  assert.equal(text(r.stdout), "done\n");
  assert.ok(Date.now() - t0 < 5000);
  await assertGroupGone(run.pid);
});

Deno.test("start() turns a missing cwd into a result with an error", async () => {
  const run = start({ command: "true", cwd: "/no/such/dir" }, opts());
  assert.equal(run.pid, 0);
  const r = await run.result;
  assert.equal(r.exitCode, undefined);
  assert.match(r.error, /no\/such\/dir/);
  assert.equal(r.startedAt, "");
  assert.ok(r.finishedAt);
});

Deno.test("start() runs in the job's cwd, else the work dir", async () => {
  const r1 = await start({ command: "pwd" }, opts()).result;
  assert.equal(text(r1.stdout).trim(), Deno.realPathSync(workDir));
  const r2 = await start({ command: "pwd", cwd: "/" }, opts()).result;
  assert.equal(text(r2.stdout).trim(), "/");
});

Deno.test("start() passes the job's env and strips TITAN_* variables", async () => {
  const r = await start(
    { command: "echo $FOO-$KEEP-${TITAN_WORKER_TOKEN:-none}", env: { FOO: "bar" } },
    opts({ baseEnv: { KEEP: "k", TITAN_WORKER_TOKEN: "secret", PATH: Deno.env.get("PATH")! } }),
  ).result;
  assert.equal(text(r.stdout), "bar-k-none\n");
});

Deno.test("jobEnv() drops TITAN_* and lets the job's env win", () => {
  assert.deepEqual(jobEnv({ A: "1", TITAN_TOKEN: "x", B: "2" }, { B: "3" }), { A: "1", B: "3" });
});

Deno.test("start() makes the shell its own session and process group leader", async () => {
  // Fields after the command name of /proc/self/stat: state ppid pgrp session …
  const r = await start(
    { command: 'echo $$; cut -d" " -f5,6 /proc/$$/stat' },
    opts(),
  ).result;
  const [pid, ids] = text(r.stdout).trim().split("\n");
  assert.equal(Number(pid), r.pid);
  assert.equal(ids, `${r.pid} ${r.pid}`);
});

Deno.test({
  name: "start() runs the job as its user, and refuses a cwd that user cannot enter",
  ignore: Deno.uid() !== 0,
  fn: async () => {
    const user = new FixedUsers({ name: "nobody", uid: 65534, gid: 65534 });
    const open = Deno.makeTempDirSync({ prefix: "titan-exec-open-" });
    Deno.chmodSync(open, 0o755);
    const r = await start({ command: "id -u; id -g; id -G", cwd: open }, opts({ users: user }))
      .result;
    assert.equal(r.error, "");
    assert.equal(text(r.stdout), "65534\n65534\n65534\n");
    const closed = Deno.makeTempDirSync({ prefix: "titan-exec-closed-" }); // 0700 root
    Deno.mkdirSync(`${closed}/inner`, { mode: 0o777 });
    const denied = start({ command: "true", cwd: `${closed}/inner` }, opts({ users: user }));
    assert.equal(denied.pid, 0);
    assert.match((await denied.result).error, /Permission denied/);
  },
});

Deno.test("a plain command that is not found fails as the shell would (127)", async () => {
  const r = await start({ command: "no-such-program-xyz arg" }, opts()).result;
  assert.equal(r.exitCode, 127);
});
