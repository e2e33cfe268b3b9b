/**
 * Helpers of the fault-injection suite: counting executions outside Titan (marker files),
 * finding orphaned job processes, reading the manager's structured logs.
 */
import type { Proc } from "../support/cluster.ts";

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A job command that appends "<attempt> <pid>" to its own marker file before doing anything
 * else, so every execution is counted outside Titan, whatever happens to the worker later.
 */
export function markerCommand(markerFile: string, rest: string): string {
  return `echo "$TITAN_ATTEMPT $$" >> ${markerFile}; ${rest}`;
}

/** One execution recorded in a marker file. */
export interface Execution {
  attempt: number;
  pid: number;
}

/** The executions recorded in `path` (none when the file does not exist). */
export function readMarker(path: string): Execution[] {
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch {
    return [];
  }
  return text.split("\n").filter((l) => l.trim()).map((line) => {
    const [attempt, pid] = line.trim().split(/\s+/).map(Number);
    return { attempt, pid };
  });
}

/**
 * Live processes (not zombies) whose environment holds `NAME=value`: job processes carry a
 * variable of the run in their env, which every child inherits, so this finds them all,
 * whatever process group they moved to.
 */
export function processesWithEnv(name: string, value: string): number[] {
  const needle = new TextEncoder().encode(`${name}=${value}\0`);
  const found: number[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const stat = Deno.readTextFileSync(`/proc/${entry.name}/stat`);
      if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) continue;
      const env = Deno.readFileSync(`/proc/${entry.name}/environ`);
      if (includes(env, needle)) found.push(Number(entry.name));
    } catch { /* gone meanwhile, or not ours to read */ }
  }
  return found;
}

function includes(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (i > 0 && haystack[i - 1] !== 0) continue; // variables start after a NUL
    for (let j = 0; j < needle.length; j++) {
      if (haystack[i + j] !== needle[j]) continue outer;
    }
    return true;
  }
  return false;
}

/** The JSON log lines of some processes (non-JSON output is skipped). */
export function logLines(procs: Proc[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const p of procs) {
    for (const line of p.log.split("\n")) {
      if (!line.startsWith("{")) continue;
      try {
        out.push(JSON.parse(line));
      } catch { /* a line cut by SIGKILL */ }
    }
  }
  return out;
}

/** The terminal states the managers logged (once durable), per job id, over all their lives. */
export function terminalLogs(managers: Proc[]): Map<string, { state: string; attempt: number }[]> {
  const byJob = new Map<string, { state: string; attempt: number }[]>();
  for (const line of logLines(managers)) {
    if (line.msg !== "job finished") continue;
    const id = String(line.job);
    const list = byJob.get(id) ?? [];
    list.push({ state: String(line.state), attempt: Number(line.attempt) });
    byJob.set(id, list);
  }
  return byJob;
}

/** Retry `fn` while it throws, until `deadline` (epoch ms); rethrows the last error. */
export async function retrying<T>(
  fn: () => Promise<T>,
  deadline: number,
  everyMs = 150,
): Promise<T> {
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(everyMs);
    }
  }
}
