/**
 * Process-group records: one small file per running attempt in the worker's data dir, so a
 * worker that crashed (or was SIGKILLed) can kill what its previous life left running
 * before it registers again. Otherwise those processes would run on, unknown to anyone,
 * while the manager gives their jobs to other workers.
 *
 * A record holds the group id and the leader's start time (/proc/<pid>/stat field 22, in
 * clock ticks since boot): a pid reused by an unrelated process after a reboot or a long
 * time has another start time and is left alone.
 *
 * Records are lines appended to one journal file kept open (`+` when an attempt starts,
 * `-` when its group is gone): creating and deleting a file per attempt cost ~0.35 ms of
 * the worker's event loop per job, an append costs a few µs. Appends need no fsync: the
 * journal must survive a crash of the worker, not of the machine (a reboot kills the
 * processes too). The journal is emptied whenever no attempt runs and compacted when it
 * grows long. Files of the older one-file-per-attempt format are still read.
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

/** The real uid of process `pid` (/proc/<pid>/status), or undefined when it is gone. */
export function realUid(pid: number): number | undefined {
  let text: string;
  try {
    text = Deno.readTextFileSync(`/proc/${pid}/status`);
  } catch {
    return undefined;
  }
  const m = /\nUid:\s+(\d+)/.exec(text);
  return m ? Number(m[1]) : undefined;
}

/**
 * Live (non-zombie) processes whose real uid is in `uids`, by uid, from a scan of /proc.
 * The real uid, not the owner of /proc/<pid>: a process can make itself non-dumpable and
 * its /proc entry then belongs to root, but it cannot change its real uid without privilege.
 */
export function processesOfUser(uids: ReadonlySet<number>): Map<number, number[]> {
  const found = new Map<number, number[]>();
  if (uids.size === 0) return found;
  let entries: Iterable<Deno.DirEntry>;
  try {
    entries = Deno.readDirSync("/proc");
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry.name)) continue;
    const pid = Number(entry.name);
    const uid = realUid(pid);
    if (uid === undefined || !uids.has(uid)) continue;
    if (readStat(pid)?.state === "Z") continue;
    found.set(uid, [...(found.get(uid) ?? []), pid]);
  }
  return found;
}

/**
 * SIGKILL every process of `uid` (never root's), scanning again until none is left (what a
 * round's kill missed, forked meanwhile, is found by the next). Returns whether none is left.
 */
export function killUser(uid: number, rounds = 50): boolean {
  if (!(uid > 0)) return false;
  for (let i = 0; i < rounds; i++) {
    const pids = processesOfUser(new Set([uid])).get(uid) ?? [];
    if (pids.length === 0) return true;
    for (const pid of pids) {
      try {
        Deno.kill(pid, "SIGKILL");
      } catch { /* gone */ }
    }
  }
  return (processesOfUser(new Set([uid])).get(uid) ?? []).length === 0;
}

/** Is any process of group `pgid` left (zombies included)? One syscall, no scan. */
export function groupExists(pgid: number): boolean {
  if (pgid <= 1) return false;
  try {
    Deno.kill(-pgid, 0 as unknown as Deno.Signal);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone we may not signal.
    return err instanceof Deno.errors.PermissionDenied;
  }
}

interface GroupRecord {
  jobId: string;
  attempt: number;
  pgid: number;
  startTime: number;
  /** The attempt's own uid, when it had one: all its processes are killed too. */
  uid?: number;
}

/** The journal's file name in the records dir. */
export const JOURNAL = "journal";

/** Rewrite the journal with only the live records once it has this many lines. */
const COMPACT_AFTER_LINES = 4096;

const encoder = new TextEncoder();
const keyOf = (jobId: string, attempt: number) => `${jobId}#${attempt}`;

/** Records the process groups of running attempts in `dir` (created if missing). */
export class ProcessRecords {
  #journal: Deno.FsFile | undefined;
  #lines = 0;
  readonly #live = new Map<string, GroupRecord>();

  constructor(readonly dir: string) {
    Deno.mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  get #path(): string {
    return join(this.dir, JOURNAL);
  }

  /** Remember that attempt `jobId`/`attempt` runs as group `pgid` (its leader's pid). */
  add(jobId: string, attempt: number, pgid: number, uid?: number): void {
    const stat = readStat(pgid);
    if (!stat && uid === undefined) return; // already gone: nothing to clean up later
    const record: GroupRecord = {
      jobId,
      attempt,
      pgid,
      startTime: stat?.startTime ?? -1,
      ...(uid !== undefined ? { uid } : {}),
    };
    this.#live.set(keyOf(jobId, attempt), record);
    this.#append({ op: "+", ...record });
  }

  /** Forget the attempt once its whole group is gone. */
  remove(jobId: string, attempt: number): void {
    if (!this.#live.delete(keyOf(jobId, attempt))) return; // never recorded, or removed
    if (this.#live.size === 0) {
      // Nothing runs: an empty journal says it all.
      this.#journal?.truncateSync(0);
      this.#lines = 0;
      return;
    }
    this.#append({ op: "-", jobId, attempt });
    if (this.#lines >= COMPACT_AFTER_LINES) this.#compact();
  }

  /**
   * Kill every group recorded by a previous life of this worker, then drop the records.
   * Returns the groups killed. Call once at startup, before any attempt runs.
   */
  killLeftovers(): { jobId: string; attempt: number; pgid: number }[] {
    const killed: { jobId: string; attempt: number; pgid: number }[] = [];
    const records = new Map<string, GroupRecord>();
    const legacy: string[] = [];
    for (const entry of Deno.readDirSync(this.dir)) {
      if (!entry.isFile || !entry.name.endsWith(".json")) continue;
      const path = join(this.dir, entry.name);
      legacy.push(path);
      try {
        const r = JSON.parse(Deno.readTextFileSync(path));
        records.set(keyOf(r.jobId, r.attempt), r);
      } catch {
        // a torn write from a crash: nothing usable in it
      }
    }
    let text = "";
    try {
      text = Deno.readTextFileSync(this.#path);
    } catch { /* no journal */ }
    for (const line of text.split("\n")) {
      let r;
      try {
        r = JSON.parse(line);
      } catch {
        continue; // empty, or the torn last line of a crash
      }
      if (r?.op === "+") records.set(keyOf(r.jobId, r.attempt), r);
      else if (r?.op === "-") records.delete(keyOf(r.jobId, r.attempt));
    }
    for (const record of records.values()) {
      let hit = false;
      if (Number.isInteger(record.pgid) && record.pgid > 1 && isOurs(record)) {
        try {
          Deno.kill(-record.pgid, "SIGKILL");
          hit = true;
        } catch {
          // ESRCH: gone between the check and the kill.
        }
      }
      // A uid of its own: whatever left the group is still that uid's.
      if (Number.isInteger(record.uid) && record.uid! > 0) {
        if ((processesOfUser(new Set([record.uid!])).get(record.uid!) ?? []).length > 0) {
          killUser(record.uid!);
          hit = true;
        }
      }
      if (hit) killed.push({ jobId: record.jobId, attempt: record.attempt, pgid: record.pgid });
    }
    for (const path of legacy) Deno.removeSync(path);
    this.#journal?.close();
    this.#journal = undefined;
    this.#live.clear();
    this.#lines = 0;
    try {
      Deno.removeSync(this.#path);
    } catch { /* there was none */ }
    return killed;
  }

  /** Close the journal (the records stay on disk). */
  close(): void {
    this.#journal?.close();
    this.#journal = undefined;
  }

  #append(entry: unknown): void {
    this.#journal ??= Deno.openSync(this.#path, { append: true, create: true, mode: 0o600 });
    const bytes = encoder.encode(JSON.stringify(entry) + "\n");
    let off = 0;
    while (off < bytes.length) off += this.#journal.writeSync(bytes.subarray(off));
    this.#lines++;
  }

  /** Rewrite the journal with the live records only (write aside, then rename). */
  #compact(): void {
    const tmp = `${this.#path}.tmp`;
    const text = [...this.#live.values()].map((r) => JSON.stringify({ op: "+", ...r }) + "\n")
      .join("");
    Deno.writeTextFileSync(tmp, text, { mode: 0o600 });
    Deno.renameSync(tmp, this.#path);
    this.#journal?.close();
    this.#journal = undefined;
    this.#lines = this.#live.size;
  }
}

/**
 * Is group `record.pgid` still the one we recorded? If its leader lives, its start time
 * must match. If the leader is gone but members remain, the id cannot have been reused
 * (Linux does not hand out a pid still in use as a process group id), so they are ours.
 */
function isOurs(record: GroupRecord): boolean {
  const leader = readStat(record.pgid);
  if (leader && leader.state !== "Z") {
    return leader.pgrp === record.pgid && leader.startTime === record.startTime;
  }
  return groupMembers(record.pgid).length > 0;
}
