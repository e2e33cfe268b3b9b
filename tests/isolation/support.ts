/** Helpers of the isolation tests: processes the jobs started, and whether they still live. */
import { waitFor } from "../support/cluster.ts";

/** Why the isolation tests cannot run here, or "" (they need a root worker). */
export const skipReason = Deno.uid() !== 0
  ? "not root: the worker can neither manage cgroups nor switch users"
  : "";
if (skipReason) console.warn(`SKIP isolation tests: ${skipReason}`);

/** Whether `pid` runs (zombies are dead). */
export function alive(pid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/** Wait for every pid to be gone; throws naming the survivors. */
export async function waitGone(pids: number[], timeoutMs = 5000): Promise<void> {
  await waitFor(
    () => !pids.some(alive),
    timeoutMs,
    () => `still running: ${pids.filter(alive).join(", ")}`,
  );
}

/** SIGKILL what a test's job left (process-group mode cannot always). */
export function killAll(pids: number[]): void {
  for (const pid of pids) {
    try {
      Deno.kill(pid, "SIGKILL");
    } catch { /* gone */ }
  }
}

/**
 * A command whose children leave its process group — one through `setsid`, one as a daemon
 * does (a new session, then a fork whose parent exits: it is reparented) — and that writes
 * their pids to `<dir>/<name>.pids`, then runs `then`.
 */
export function escapingJob(dir: string, name: string, then = "sleep 1000"): string {
  const file = `${dir}/${name}.pids`;
  return `setsid sleep 1000 & a=$!; b=$(setsid sh -c 'sleep 1000 >/dev/null 2>&1 & echo $!'); ` +
    `echo "$a $b" > ${file}.tmp && mv ${file}.tmp ${file}; ${then}`;
}

/** The pids an `escapingJob` wrote, once it wrote them. */
export async function escapedPids(dir: string, name: string): Promise<number[]> {
  const file = `${dir}/${name}.pids`;
  let pids: number[] = [];
  await waitFor(
    () => {
      pids = Deno.readTextFileSync(file).trim().split(" ").map(Number);
      return pids.length === 2 && pids.every((p) => p > 0);
    },
    20_000,
    () => `${file} never written`,
  );
  return pids;
}
