/**
 * Process-group isolation, where the worker cannot manage cgroups: an attempt is its
 * session and process group (the launch plan's setsid makes pgid = pid), and, when it runs
 * under a uid of its own, every process of that uid. A child that leaves the group
 * (`setsid`, a double fork) escapes the group kill; with a uid per attempt the uid kill still
 * finds it, with a shared uid nothing can. No memory or CPU limits: the kernel has none
 * for a process group.
 *
 * Groups are journaled in the data dir (procs.ts), so a restarted worker kills what its
 * crashed predecessor left.
 */
import type { ProcessRecords } from "../procs.ts";
import { groupExists, killUser, processesOfUser } from "../procs.ts";
import type { AttemptSetup, Isolation, JobUser, Sandbox } from "./isolation.ts";
import { type AttemptHome, attemptHome } from "./work_dir.ts";
import type { JobUsers } from "./users.ts";

/** Sends `signal` to group `pgid`; a group already gone is not an error. Returns whether it existed. */
export function killGroup(pgid: number, signal: Deno.Signal): boolean {
  if (pgid <= 1) return false; // never kill(0) or kill(-1): that would hit the worker or all
  try {
    Deno.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is gone already, which is what we wanted
  }
}

export class ProcessGroupIsolation implements Isolation {
  readonly mode = "process-group" as const;
  /** The group is made by the launch plan's setsid: nothing to wait for. */
  readonly gates = false;

  constructor(
    readonly users: JobUsers,
    readonly records: ProcessRecords | undefined,
    readonly workDir: string,
    readonly detail: string,
    /** Kills what a former life in another mode left (its cgroups); none by default. */
    readonly otherLeftovers: () => Promise<string[]> = () => Promise.resolve([]),
  ) {}

  prepare(setup: AttemptSetup): Sandbox {
    return new GroupSandbox(this, setup, attemptHome(this.workDir, setup, this.users));
  }

  async killLeftovers(): Promise<string[]> {
    const killed = this.records?.killLeftovers() ?? [];
    return [
      ...killed.map((k) => `killed process group ${k.pgid} of ${k.jobId}#${k.attempt}`),
      ...await this.otherLeftovers(),
    ];
  }

  close(): Promise<void> {
    this.users.close();
    return Promise.resolve();
  }
}

class GroupSandbox implements Sandbox {
  #pid = 0;
  #settled = false;

  constructor(
    readonly isolation: ProcessGroupIsolation,
    readonly setup: AttemptSetup,
    readonly home: AttemptHome,
  ) {}

  get user(): JobUser | undefined {
    return this.home.user;
  }
  get cwd(): string {
    return this.home.cwd;
  }
  get ownCwd(): boolean {
    return this.home.ownCwd;
  }
  get env(): Record<string, string> {
    return this.home.env;
  }

  spawn<T extends { pid: number }>(spawn: () => T, _gated: boolean): T {
    const child = spawn();
    this.#pid = child.pid;
    try {
      this.isolation.records?.add(
        this.setup.jobId,
        this.setup.attempt,
        child.pid,
        this.#ownUid(),
      );
    } catch { /* a record is a crash's safety net; the attempt runs without it */ }
    return child;
  }

  signal(signal: Deno.Signal): void {
    // Right after the spawn, `setsid` may not have made the group yet: signal the process
    // itself then (it is our unreaped child, so the pid cannot have been reused).
    if (!killGroup(this.#pid, signal) && this.#pid > 0) {
      try {
        Deno.kill(this.#pid, signal);
      } catch { /* gone */ }
    }
    const uid = this.#ownUid();
    if (uid !== undefined) {
      for (const pid of processesOfUser(new Set([uid])).get(uid) ?? []) {
        try {
          Deno.kill(pid, signal);
        } catch { /* gone */ }
      }
    }
  }

  kill(): void {
    killGroup(this.#pid, "SIGKILL");
    const uid = this.#ownUid();
    if (uid !== undefined) killUser(uid);
  }

  /**
   * The group only: a scan of /proc for the uid costs milliseconds, too much per job. A
   * child that left the group is found by the uid kill (cancel, timeout, a group still
   * alive at the end) or by the pool's check before the uid is handed out again.
   */
  alive(): boolean {
    if (this.#settled) return false;
    return groupExists(this.#pid);
  }

  async settle(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.alive()) {
      if (Date.now() >= deadline) return false;
      await new Promise((r) => setTimeout(r, 5));
    }
    this.#settled = true;
    return true;
  }

  verdict(): string {
    return "";
  }

  release(): void {
    const done = () => {
      try {
        this.isolation.records?.remove(this.setup.jobId, this.setup.attempt);
      } catch { /* the journal is compacted on the next start */ }
      this.home.release(false);
    };
    if (this.#settled || !this.alive()) return done();
    // Something of it survived the kill (a process stuck in the kernel): wait for it before
    // its uid may go to another attempt.
    void (async () => {
      while (!(await this.settle(1000))) this.kill();
      done();
    })();
  }

  /** The attempt's uid, when it has one of its own (never a shared one: that kill would hit others). */
  #ownUid(): number | undefined {
    return this.isolation.users.perAttempt ? this.home.user?.uid : undefined;
  }
}
