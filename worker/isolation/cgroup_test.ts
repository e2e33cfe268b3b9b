/**
 * Cgroup isolation on this machine, through a real executor: escaped children die with the
 * attempt, limits are the kernel's, a restarted worker kills what a crashed one left.
 * Needs a worker that can manage cgroups (root here); skipped with the reason otherwise.
 */
import assert from "node:assert/strict";
import { Executor } from "../executor.ts";
import { findLaunchTools } from "../launch_plan.ts";
import { commandSpawner } from "../spawner.ts";
import { quietLogger } from "../test_util.ts";
import { CgroupIsolation } from "./cgroup.ts";
import { chooseIsolation } from "./choose.ts";
import { currentLayout } from "./cgroup_layout.ts";
import { FixedUsers } from "./users.ts";

function make(dataDir = Deno.makeTempDirSync({ prefix: "titan-cg-" })) {
  const tried = CgroupIsolation.create({
    workerId: "cg-test",
    dataDir,
    workDir: dataDir,
    users: new FixedUsers(undefined),
    layout: currentLayout(),
    log: quietLogger,
  });
  if (!("isolation" in tried)) throw new Error(tried.reason);
  const executor = new Executor({
    isolation: tried.isolation,
    tools: findLaunchTools(),
    outputCap: 1 << 20,
    killGrace: 0.3,
  });
  return { isolation: tried.isolation, executor, dataDir };
}

const skip = (() => {
  if (Deno.uid() !== 0) return "not root: cannot manage cgroups";
  try {
    make().isolation.close();
    return "";
  } catch (err) {
    return (err as Error).message;
  }
})();
if (skip) console.warn(`SKIP cgroup isolation tests: ${skip}`);

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const alive = (pid: number) => {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
};
async function assertGone(pids: number[], ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(pids.filter(alive), [], "every process of the attempt is gone");
}

/** Prints the pids of a child in a new session and of a double-forked one, then waits. */
const ESCAPING = "setsid sleep 1000 & echo $!; sh -c 'sleep 1000 & echo $!'; sleep 1000";
function escapedPids(lines: string[]): number[] {
  return lines.map(Number);
}

function cgTest(name: string, fn: () => Promise<void>) {
  Deno.test({ name, ignore: skip !== "", sanitizeOps: false, sanitizeResources: false, fn });
}

/** Start `command`, collecting its stdout lines; resolves once `lines` lines came. */
function run(executor: Executor, command: string, lines: number, more = {}) {
  let seen = "";
  let wake = () => {};
  const enough = new Promise<void>((r) => wake = r);
  const attempt = executor.start(
    { jobId: `cg-${crypto.randomUUID()}`, attempt: 1, command, ...more },
    {
      onOutput: (_s, d) => {
        seen += text(d);
        if (seen.split("\n").length > lines) wake();
      },
    },
  );
  return { attempt, lines: enough.then(() => seen.trim().split("\n")) };
}

cgTest("a cancel kills children that left the process group (setsid, double fork)", async () => {
  const { isolation, executor } = make();
  try {
    const { attempt, lines } = run(executor, ESCAPING, 2);
    const pids = escapedPids(await lines);
    assert.ok(pids.every(alive));
    attempt.cancel();
    const r = await attempt.result;
    assert.equal(r.cancelled, true);
    await assertGone([...pids, attempt.pid]);
  } finally {
    await isolation.close();
  }
});

cgTest(
  "a timeout kills them too; the emptied cgroup is reused, a limited one removed",
  async () => {
    const { isolation, executor } = make();
    try {
      const { attempt, lines } = run(executor, ESCAPING, 2, { timeoutSeconds: 1 });
      const pids = await escapedPids(await lines);
      const r = await attempt.result;
      assert.equal(r.timedOut, true);
      await assertGone(pids);
      const cgroups = () =>
        [...Deno.readDirSync(isolation.base)].filter((e) => e.isDirectory).map((e) => e.name);
      const [spare] = cgroups();
      assert.equal(cgroups().length, 1);
      assert.match(
        Deno.readTextFileSync(`${isolation.base}/${spare}/cgroup.events`),
        /populated 0/,
      );
      // The next attempt without limits runs in it; one with limits gets a fresh one.
      const again = await executor.start({
        jobId: "cg-again",
        attempt: 1,
        command: "cat /proc/self/cgroup",
      })
        .result;
      assert.match(text(again.stdout), new RegExp(`^0::.*/${spare}$`, "m"));
      await executor.start({
        jobId: "cg-limited",
        attempt: 1,
        command: "true",
        limits: { memoryMb: 64 },
      }).result;
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(cgroups(), [spare], "the limited attempt's cgroup is removed");
    } finally {
      await isolation.close();
    }
  },
);

cgTest("an escaped child holding stdout dies when the main process ends", async () => {
  const { isolation, executor } = make();
  try {
    const t0 = Date.now();
    const { attempt, lines } = run(executor, "setsid sleep 1000 & echo $!; echo done", 2);
    const [pid] = (await lines).map(Number);
    const r = await attempt.result;
    assert.equal(r.exitCode, 0);
    assert.equal(text(r.stdout), `${pid}\ndone\n`);
    assert.ok(Date.now() - t0 < 3000, "bounded");
    await assertGone([pid]);
  } finally {
    await isolation.close();
  }
});

cgTest(
  "a plain command that forks at once (no shell, no gate) keeps its child inside",
  async () => {
    const { isolation, executor } = make();
    const marker = `1000.${Math.floor(Math.random() * 1e6)}`;
    const sleepers = () =>
      [...Deno.readDirSync("/proc")].filter((e) => /^\d+$/.test(e.name)).filter((e) => {
        try {
          return Deno.readTextFileSync(`/proc/${e.name}/cmdline`) === `sleep\0${marker}\0`;
        } catch {
          return false;
        }
      }).map((e) => Number(e.name));
    try {
      // `setsid` leads its group here, so it forks: the child leaves its session at once.
      const r = await executor.start({
        jobId: "cg-plain",
        attempt: 1,
        command: `setsid sleep ${marker}`,
      })
        .result;
      assert.equal(r.exitCode, 0);
      await assertGone(sleepers());
      assert.deepEqual(sleepers(), []);
    } finally {
      for (const pid of sleepers()) Deno.kill(pid, "SIGKILL");
      await isolation.close();
    }
  },
);

cgTest("a shell that ends before its gate (a syntax error) is reported as it ended", async () => {
  const { isolation } = make();
  // The spawner returns only once the shell has exited (a zombie: Deno reaps it only when
  // the event loop runs again, so the worker's move, in the same turn, still finds it).
  const executor = new Executor({
    isolation,
    tools: findLaunchTools(),
    outputCap: 1 << 20,
    killGrace: 0.3,
    spawner: (plan, io) => {
      const child = commandSpawner(plan, io);
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline) {
        const stat = Deno.readTextFileSync(`/proc/${child.pid}/stat`);
        if (stat.slice(stat.lastIndexOf(")") + 2)[0] === "Z") break;
      }
      return child;
    },
  });
  try {
    const r = await executor.start({ jobId: "cg-syntax", attempt: 1, command: "echo (" }).result;
    assert.equal(r.error, "");
    assert.equal(r.exitCode, 2);
    assert.match(text(r.stderr), /Syntax error/);
  } finally {
    await isolation.close();
  }
});

cgTest("a memory hog dies at its limit and is reported out of memory", async () => {
  const { isolation, executor } = make();
  try {
    // `tail` keeps the last line of an endless one in memory: it grows until it is stopped.
    const r = await executor.start({
      jobId: "cg-hog",
      attempt: 1,
      command: "tail /dev/zero; echo survived",
      limits: { memoryMb: 32 },
    }).result;
    assert.equal(r.error, "out of memory (limit 32 MiB)");
    // v2 ends all of the attempt (memory.oom.group); v1 only the biggest process, here `tail`.
    if (!currentLayout().v1.memory) assert.equal(r.signal, "SIGKILL");
    else assert.equal(text(r.stdout), "survived\n");
    const ok = await executor.start({
      jobId: "cg-small",
      attempt: 1,
      command: "head -c 1048576 /dev/zero | tail -c 1 >/dev/null; echo fine",
      limits: { memoryMb: 32 },
    }).result;
    assert.equal(ok.error, "");
    assert.equal(text(ok.stdout), "fine\n");
  } finally {
    await isolation.close();
  }
});

cgTest("a CPU request becomes the attempt cgroup's quota", async () => {
  const { isolation, executor } = make();
  try {
    const layout = currentLayout();
    const cpuV1 = layout.v1.cpu;
    const file = cpuV1 ? "cpu.cfs_quota_us" : "cpu.max";
    const r = await executor.start({
      jobId: "cg-cpu",
      attempt: 1,
      // The job reads its own quota from its cgroup.
      command: cpuV1
        ? `cat "${cpuV1}$(awk -F: '$2 ~ /(^|,)cpu(,|$)/ {print $3}' /proc/self/cgroup)/${file}"`
        : `cat "/sys/fs/cgroup/unified$(grep ^0:: /proc/self/cgroup | cut -d: -f3)/${file}"`,
      limits: { cpuMillis: 250 },
    }).result;
    assert.equal(r.error, "");
    assert.match(text(r.stdout), /^25000\b/);
  } finally {
    await isolation.close();
  }
});

cgTest(
  "a restarted worker kills what its crashed predecessor left, escaped children too",
  async () => {
    const first = make();
    const { lines } = run(first.executor, ESCAPING, 2);
    const pids = escapedPids(await lines);
    // The first worker "crashes": nothing of it runs any more, its cgroups stay.
    const second = make(first.dataDir);
    try {
      const killed = await second.isolation.killLeftovers();
      assert.equal(killed.length, 1, killed.join("\n"));
      await assertGone(pids);
      assert.throws(() => Deno.statSync(first.isolation.base), Deno.errors.NotFound);
    } finally {
      await second.isolation.close();
    }
  },
);

cgTest("the empty base of a worker that is gone is removed; a live one's stays", async () => {
  const v2 = currentLayout().v2!;
  const gone = `${v2}/titan-gone-999999999-1-0badf00d`;
  Deno.mkdirSync(gone);
  Deno.mkdirSync(`${gone}/7-some-job-1`);
  const { isolation } = make();
  try {
    assert.throws(() => Deno.statSync(gone), Deno.errors.NotFound);
    assert.ok(Deno.statSync(isolation.base).isDirectory);
    const other = make(); // a second live "worker": ours is not abandoned
    assert.ok(Deno.statSync(isolation.base).isDirectory);
    await other.isolation.close();
  } finally {
    await isolation.close();
  }
});

cgTest(
  "a worker restarted without cgroups still kills what its cgroup-mode life left",
  async () => {
    const first = make();
    const { lines } = run(first.executor, ESCAPING, 2);
    const pids = await escapedPids(await lines);
    const second = chooseIsolation({
      wanted: "process-group",
      workerId: "cg-test",
      dataDir: first.dataDir,
      workDir: first.dataDir,
      users: new FixedUsers(undefined),
      log: quietLogger,
    });
    try {
      assert.equal(second.mode, "process-group");
      const killed = await second.killLeftovers();
      assert.equal(killed.length, 1, killed.join("\n"));
      await assertGone(pids);
    } finally {
      await second.close();
    }
  },
);
