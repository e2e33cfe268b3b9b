/**
 * Process-group records: one small file per running attempt in the worker's data dir, so a
 * worker that crashed (or was SIGKILLed) can kill what its previous life left running
 * before it registers again. Otherwise those processes would run on, unknown to anyone,
 * while the manager gives their jobs to other workers.
 *
 * A record holds the group id and the leader's start time (/proc/<pid>/stat field 22, in
 * clock ticks since boot): a pid reused by an unrelated process after a reboot or a long
 * time has another start time and is left alone.
 */
import { join } from "node:path";

/** What /proc says about one process. */
export interface ProcStat {
  pid: number;
  /** One letter: R, S, D, Z (zombie), T … */
  state: string;
  pgrp: number;
  /** Start time in clock ticks since boot (field 22). */
  startTime: number;
}

/** Parse /proc/<pid>/stat; undefined when the process does not exist (or no /proc). */
export function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = Deno.readTextFileSync(`/proc/${pid}/stat`);
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces or ')': split after
  // the last ')'. What follows starts at field 3 (state).
  const rest = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return {
    pid,
    state: rest[0],
    pgrp: Number(rest[2]),
    startTime: Number(rest[19]),
  };
}

/** Live (non-zombie) processes whose process group is `pgid`, from a scan of /proc. */
export function groupMembers(pgid: number): ProcStat[] {
  const found: ProcStat[] = [];
  let entries: Iterable<Deno.DirEntry>;
  try {
    entries = Deno.readDirSync("/proc");
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry.name)) continue;
    const stat = readStat(Number(entry.name));
    // Zombies are dead already; they only wait for a parent to reap them.
    if (stat && stat.pgrp === pgid && stat.state !== "Z") found.push(stat);
  }
  return found;
}

interface Record {
  jobId: string;
  attempt: number;
  pgid: number;
  startTime: number;
}

/** Records the process groups of running attempts in `dir` (created if missing). */
export class ProcessRecords {
  constructor(readonly dir: string) {
    Deno.mkdirSync(dir, { recursive: true });
  }

  #path(jobId: string, attempt: number): string {
    // Job ids are UUIDs, but a file name must never be steered by the wire.
    return join(this.dir, `${jobId.replace(/[^A-Za-z0-9_-]/g, "_")}.${attempt}.json`);
  }

  /** Remember that attempt `jobId`/`attempt` runs as group `pgid` (its leader's pid). */
  add(jobId: string, attempt: number, pgid: number): void {
    const stat = readStat(pgid);
    if (!stat) return; // already gone: nothing to clean up later
    const record: Record = { jobId, attempt, pgid, startTime: stat.startTime };
    Deno.writeTextFileSync(this.#path(jobId, attempt), JSON.stringify(record));
  }

  /** Forget the attempt once its whole group is gone. */
  remove(jobId: string, attempt: number): void {
    try {
      Deno.removeSync(this.#path(jobId, attempt));
    } catch {
      // Never recorded (the leader was gone before `add`) or removed already.
    }
  }

  /**
   * Kill every group recorded by a previous life of this worker, then drop the records.
   * Returns the groups killed. Call once at startup, before any attempt runs.
   */
  killLeftovers(): { jobId: string; attempt: number; pgid: number }[] {
    const killed: { jobId: string; attempt: number; pgid: number }[] = [];
    for (const entry of Deno.readDirSync(this.dir)) {
      if (!entry.isFile || !entry.name.endsWith(".json")) continue;
      const path = join(this.dir, entry.name);
      let record: Record | undefined;
      try {
        record = JSON.parse(Deno.readTextFileSync(path));
      } catch {
        record = undefined; // a torn write from a crash: nothing usable in it
      }
      if (record && Number.isInteger(record.pgid) && record.pgid > 1 && isOurs(record)) {
        try {
          Deno.kill(-record.pgid, "SIGKILL");
          killed.push({ jobId: record.jobId, attempt: record.attempt, pgid: record.pgid });
        } catch {
          // ESRCH: gone between the check and the kill.
        }
      }
      Deno.removeSync(path);
    }
    return killed;
  }
}

/**
 * Is group `record.pgid` still the one we recorded? If its leader lives, its start time
 * must match. If the leader is gone but members remain, the id cannot have been reused
 * (Linux does not hand out a pid still in use as a process group id), so they are ours.
 */
function isOurs(record: Record): boolean {
  const leader = readStat(record.pgid);
  if (leader && leader.state !== "Z") {
    return leader.pgrp === record.pgid && leader.startTime === record.startTime;
  }
  return groupMembers(record.pgid).length > 0;
}
