/**
 * `deno run -A bench/launch.ts [flags]`: the worker's launch path alone, without manager or
 * network: N attempts through the real Executor and the isolation the worker would choose
 * here (cgroups as root), K in flight. Prints wall time and CPU per attempt of this process
 * (the worker's part) and of the processes it ran (the launch chain and the job), so a
 * change to the launch path can be judged on a busy machine, where jobs/s are noisy.
 *
 *   --n 2000  --in-flight 16  --command true  --users own|per-attempt  --repeat 3
 *   --isolation auto|cgroup|process-group
 */
import { parseArgs } from "node:util";
import { Executor } from "../worker/executor.ts";
import { findLaunchTools } from "../worker/launch_plan.ts";
import { chooseIsolation } from "../worker/isolation/choose.ts";
import { FixedUsers, type JobUsers, UidPool } from "../worker/isolation/users.ts";
import { quietLogger } from "../worker/test_util.ts";

const flags = parseArgs({
  options: {
    n: { type: "string", default: "2000" },
    "in-flight": { type: "string", default: "16" },
    command: { type: "string", default: "true" },
    users: { type: "string", default: "own" },
    repeat: { type: "string", default: "3" },
    isolation: { type: "string", default: "auto" },
  },
}).values;
const n = Number(flags.n);
const inFlight = Number(flags["in-flight"]);

/** utime+stime of this process and of its reaped children, in ms (from /proc, 10 ms ticks). */
function cpu(): { self: number; children: number } {
  const f = Deno.readTextFileSync("/proc/self/stat").split(") ")[1].split(" ");
  return { self: (+f[11] + +f[12]) * 10, children: (+f[13] + +f[14]) * 10 };
}

const dataDir = Deno.makeTempDirSync({ prefix: "titan-launch-" });
Deno.chmodSync(dataDir, 0o755);
const users: JobUsers = flags.users === "per-attempt"
  ? new UidPool({ first: 61000, last: 61999 }, `${dataDir}/uids`)
  : new FixedUsers(undefined);
const isolation = chooseIsolation({
  wanted: flags.isolation!,
  workerId: "launch-bench",
  dataDir,
  workDir: dataDir,
  users,
  log: quietLogger,
});
const executor = new Executor({
  isolation,
  tools: findLaunchTools(),
  outputCap: 1 << 20,
  killGrace: 1,
});
console.log(
  `launch bench: ${n} × ${JSON.stringify(flags.command)}, ${inFlight} in flight, ` +
    `${isolation.mode} isolation, users: ${users.description}, loadavg ${Deno.loadavg().join(" ")}`,
);
let failed = 0;
for (let r = 0; r < Number(flags.repeat); r++) {
  const c0 = cpu();
  const t0 = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < n) {
      const i = next++;
      const res = await executor.start({
        jobId: `launch-${r}-${i}`,
        attempt: 1,
        command: flags.command!,
      })
        .result;
      if (res.exitCode !== 0) failed++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  const wall = performance.now() - t0;
  const c1 = cpu();
  console.log(
    `run ${r + 1}: ${(n / wall * 1000).toFixed(0)} attempts/s; CPU per attempt: worker ${
      ((c1.self - c0.self) / n).toFixed(3)
    } ms, launched processes ${((c1.children - c0.children) / n).toFixed(3)} ms; failed ${failed}`,
  );
}
await isolation.close();
Deno.removeSync(dataDir, { recursive: true });
