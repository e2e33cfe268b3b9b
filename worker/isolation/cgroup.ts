/**
 * Cgroup isolation: each attempt runs in a cgroup of its own, so all of it — children that
 * left its process group (`setsid`, a double fork) included — is found, signalled and
 * killed through the cgroup, and the kernel enforces its memory and CPU limits.
 *
 * Layout: the worker makes `titan-<id>-<random>` under its own cgroup in each hierarchy it
 * uses, records those paths in `<data-dir>/cgroups.json`, and one child cgroup per attempt
 * under them. The kill and the membership are cgroup v2's (`cgroup.kill`, `cgroup.events`),
 * which a hybrid host offers in its controller-less `unified` mount; memory and CPU come
 * from v2's controllers where the hierarchy has them (pure v2), else from the v1 memory and
 * cpu hierarchies (hybrid). On pure v2 the worker moves itself into `<base>/supervisor`
 * when its own cgroup must be free of processes to delegate controllers.
 *
 * Entering before the first fork, two ways:
 * - Gated (shell commands: the launch plan's gate): the job's shell waits for a line on its
 *   stdin before it runs anything. The worker sets the limits, writes the child's pid into
 *   the attempt's cgroups (a single-threaded process: ~0.05 ms) and opens the gate. The
 *   worker never moves itself.
 * - Otherwise (a plain command runs its program at once): the worker writes its own pid into
 *   the attempt's cgroups, spawns (posix_spawn: the child starts where its parent is), and
 *   writes itself back home, all in one synchronous call. Writing the child's pid after the
 *   spawn would leave a window in which the job could fork outside its cgroup. Moving the
 *   worker's whole thread group takes the kernel's cgroup lock for longer (0.3 ms idle, ~1 ms
 *   under load). Limits are set after the worker left, so a limit can never make the kernel
 *   pick the worker for an OOM kill.
 * See docs/ARCHITECTURE.md, "Launching an attempt", for the measurements.
 *
 * After a crash, the restarted worker reads the record, kills every attempt cgroup left
 * under the old base (`cgroup.kill`), and removes them.
 */
import { join } from "node:path";
import type { Logger } from "../../shared/log.ts";
import { type ProcessRecords, readStat } from "../procs.ts";
import type { AttemptSetup, Isolation, JobUser, Limits, Sandbox } from "./isolation.ts";
import { SetupError } from "./isolation.ts";
import type { CgroupLayout } from "./cgroup_layout.ts";
import { type AttemptHome, attemptHome } from "./work_dir.ts";
import type { JobUsers } from "./users.ts";

/** The cgroup directories of the worker: its base per hierarchy. */
interface Bases {
  v2: string;
  memory?: { dir: string; version: 1 | 2 };
  cpu?: { dir: string; version: 1 | 2 };
}

/** What `<data-dir>/cgroups.json` holds: the bases of one life of the worker. */
interface CgroupRecord {
  v2: string;
  v1: string[];
}

const RECORD = "cgroups.json";
/** Empty attempt cgroups kept for reuse at most. */
const MAX_SPARE = 64;
const CPU_PERIOD_US = 100_000;
const V1 = ["memory", "cpu"] as const;
const encoder = new TextEncoder();

function write(path: string, value: string): void {
  Deno.writeFileSync(path, encoder.encode(value));
}

function tryWrite(path: string, value: string): boolean {
  try {
    write(path, value);
    return true;
  } catch {
    return false;
  }
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Whether cgroup `dir` (v2) has any process, in it or below. */
function populated(dir: string): boolean {
  try {
    return /^populated 1$/m.test(Deno.readTextFileSync(join(dir, "cgroup.events")));
  } catch {
    return false; // removed: nothing in it
  }
}

/** Pids in cgroup `dir`. */
function procs(dir: string): number[] {
  try {
    return Deno.readTextFileSync(join(dir, "cgroup.procs")).split("\n").filter(Boolean).map(
      Number,
    );
  } catch {
    return [];
  }
}

/** Remove cgroup `dir` and its child cgroups (all must be empty of processes). */
function removeTree(dir: string): boolean {
  let ok = true;
  try {
    for (const e of Deno.readDirSync(dir)) {
      if (e.isDirectory) ok = removeTree(join(dir, e.name)) && ok;
    }
    Deno.removeSync(dir);
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) ok = false;
  }
  return ok;
}

/** Why cgroup mode is not possible here, or the isolation. */
export type CgroupAttempt = { isolation: CgroupIsolation } | { reason: string };

export interface CgroupOptions {
  workerId: string;
  dataDir: string;
  workDir: string;
  users: JobUsers;
  layout: CgroupLayout;
  /** The process-group journal of a former life in that mode: its leftovers are killed too. */
  records?: ProcessRecords;
  log: Logger;
}

export class CgroupIsolation implements Isolation {
  readonly mode = "cgroup" as const;
  readonly gates = true;
  readonly detail: string;
  readonly #bases: Bases;
  /** Where the worker itself lives, per hierarchy it moves in: v2, and v1 memory/cpu. */
  readonly #home: { v2: string; memory?: string; cpu?: string };
  readonly #old: CgroupRecord | undefined;
  readonly #opts: CgroupOptions;
  readonly #inSupervisor: boolean;
  /** Empty attempt cgroups (names under the v2 base) to reuse. */
  readonly #spare: string[] = [];
  #seq = 0;

  private constructor(
    opts: CgroupOptions,
    bases: Bases,
    home: { v2: string; memory?: string; cpu?: string },
    old: CgroupRecord | undefined,
    inSupervisor: boolean,
  ) {
    this.#opts = opts;
    this.#bases = bases;
    this.#home = home;
    this.#old = old;
    this.#inSupervisor = inSupervisor;
    const limits = [
      bases.memory ? `memory (v${bases.memory.version})` : "no memory limits",
      bases.cpu ? `cpu (v${bases.cpu.version})` : "no cpu limits",
    ];
    this.detail = `a cgroup per attempt under ${bases.v2}; kill by cgroup.kill; ${
      limits.join(", ")
    }`;
  }

  /** Set up cgroup mode, or say why it is not possible here. */
  static create(opts: CgroupOptions): CgroupAttempt {
    const { layout } = opts;
    if (!layout.v2) return { reason: "no cgroup v2 hierarchy is mounted" };
    // The owner's pid and start time are in the name: a later worker can tell a base whose
    // owner is gone (SIGKILLed, its data dir deleted) and remove it once nothing runs there.
    const slug = `titan-${opts.workerId.replace(/[^\w.-]/g, "_").slice(0, 64)}-${Deno.pid}-${
      readStat(Deno.pid)?.startTime ?? 0
    }-${crypto.randomUUID().slice(0, 8)}`;
    removeAbandoned(layout);
    const v2 = join(layout.v2, slug);
    try {
      Deno.mkdirSync(v2);
    } catch (err) {
      return { reason: `cannot make a cgroup under ${layout.v2}: ${(err as Error).message}` };
    }
    if (!exists(join(v2, "cgroup.kill"))) {
      removeTree(v2);
      return { reason: `the kernel's cgroup v2 has no cgroup.kill (Linux 5.14 or later)` };
    }
    const bases: Bases = { v2 };
    const home: { v2: string; memory?: string; cpu?: string } = { v2: layout.v2 };
    let inSupervisor = false;
    // Controllers from v2 where its hierarchy has them; they must be enabled in the
    // subtree_control of the worker's cgroup and of the base.
    const available = readControllers(join(layout.v2, "cgroup.controllers"));
    const wanted = (["memory", "cpu"] as const).filter((c) => available.has(c));
    if (wanted.length > 0) {
      const enable = wanted.map((c) => `+${c}`).join(" ");
      let enabled = tryWrite(join(layout.v2, "cgroup.subtree_control"), enable);
      if (!enabled) {
        // A cgroup with processes cannot hand controllers to its children (except the
        // root): move the worker into a leaf of its own, then try again.
        const supervisor = join(v2, "supervisor");
        try {
          Deno.mkdirSync(supervisor);
          write(join(supervisor, "cgroup.procs"), String(Deno.pid));
          home.v2 = supervisor;
          inSupervisor = true;
          enabled = tryWrite(join(layout.v2, "cgroup.subtree_control"), enable);
        } catch { /* stays where it is, without v2 controllers */ }
      }
      if (enabled && tryWrite(join(v2, "cgroup.subtree_control"), enable)) {
        for (const c of wanted) bases[c] = { dir: v2, version: 2 };
      }
    }
    // The rest from v1, where mounted.
    for (const c of ["memory", "cpu"] as const) {
      const own = layout.v1[c];
      if (bases[c] || !own) continue;
      const dir = join(own, slug);
      try {
        Deno.mkdirSync(dir);
        bases[c] = { dir, version: 1 };
        home[c] = own;
      } catch (err) {
        opts.log.warn(`cannot use the v1 ${c} cgroup: no ${c} limits`, {
          dir,
          error: (err as Error).message,
        });
      }
    }
    // The previous life's record, kept for killLeftovers, then ours.
    const recordPath = join(opts.dataDir, RECORD);
    let old: CgroupRecord | undefined;
    try {
      old = JSON.parse(Deno.readTextFileSync(recordPath));
    } catch { /* first life, or a torn write */ }
    const record: CgroupRecord = {
      v2,
      v1: [bases.memory, bases.cpu].filter((b) => b?.version === 1).map((b) => b!.dir),
    };
    Deno.writeTextFileSync(`${recordPath}.tmp`, JSON.stringify(record), { mode: 0o600 });
    Deno.renameSync(`${recordPath}.tmp`, recordPath);
    return { isolation: new CgroupIsolation(opts, bases, home, old, inSupervisor) };
  }

  /** The v2 base (tests look into it). */
  get base(): string {
    return this.#bases.v2;
  }

  prepare(setup: AttemptSetup): Sandbox {
    const limits = setup.limits ?? {};
    const limited = Boolean(
      (limits.memoryMb && this.#bases.memory) || (limits.cpuMillis && this.#bases.cpu),
    );
    // An attempt without limits takes an empty cgroup a finished one gave back: no mkdir,
    // no rmdir per job (each takes the kernel's cgroup lock). One with limits gets a fresh
    // one, so no limit or OOM counter of another attempt is ever in it.
    const spare = limited ? undefined : this.#spare.pop();
    const name = spare ??
      `${++this.#seq}-${setup.jobId.replace(/[^\w.-]/g, "_").slice(0, 80)}-${setup.attempt}`;
    const dirs: AttemptDirs = { v2: join(this.#bases.v2, name) };
    const made: string[] = [];
    try {
      if (!spare) Deno.mkdirSync(dirs.v2);
      made.push(dirs.v2);
      for (const c of ["memory", "cpu"] as const) {
        const base = this.#bases[c];
        const wants = c === "memory" ? limits.memoryMb : limits.cpuMillis;
        if (!base || !wants) continue;
        if (base.version === 2) {
          dirs[c] = { dir: dirs.v2, version: 2 };
        } else {
          const dir = join(base.dir, name);
          Deno.mkdirSync(dir);
          made.push(dir);
          dirs[c] = { dir, version: 1 };
        }
      }
    } catch (err) {
      for (const d of made.reverse()) removeTree(d);
      throw new SetupError(`cannot start: cgroup ${name}: ${(err as Error).message}`);
    }
    let home: AttemptHome;
    try {
      home = attemptHome(this.#opts.workDir, setup, this.#opts.users);
    } catch (err) {
      for (const d of made.reverse()) removeTree(d);
      throw err;
    }
    const recycle = limited ? undefined : () => {
      if (this.#spare.length < MAX_SPARE) this.#spare.push(name);
      else Deno.remove(dirs.v2).catch(() => removeTree(dirs.v2));
    };
    return new CgroupSandbox(dirs, made, limits, home, this.#home, recycle);
  }

  async killLeftovers(): Promise<string[]> {
    const lines = (this.#opts.records?.killLeftovers() ?? []).map((k) =>
      `killed process group ${k.pgid} of ${k.jobId}#${k.attempt}`
    );
    const old = this.#old;
    if (!old?.v2 || old.v2 === this.#bases.v2) return lines;
    return [...lines, ...await killRecorded(old)];
  }

  close(): Promise<void> {
    this.#opts.users.close();
    // The bases go with the worker, unless it lives in one (its next life removes it).
    if (!this.#inSupervisor) {
      removeTree(this.#bases.v2);
      for (const b of [this.#bases.memory, this.#bases.cpu]) {
        if (b?.version === 1) removeTree(b.dir);
      }
      try {
        Deno.removeSync(join(this.#opts.dataDir, RECORD));
      } catch { /* none */ }
    }
    return Promise.resolve();
  }
}

/**
 * Kill every attempt cgroup under a former life's base (escaped children included: they are
 * in the cgroup), then remove its cgroups. Returns a line per cgroup killed.
 */
async function killRecorded(old: CgroupRecord): Promise<string[]> {
  const lines: string[] = [];
  const attempts: string[] = [];
  try {
    for (const e of Deno.readDirSync(old.v2)) {
      // A worker still alive in it (two workers given one data dir) is not ours to kill.
      if (e.isDirectory && e.name !== "supervisor") attempts.push(join(old.v2, e.name));
    }
  } catch { /* gone already (a reboot) */ }
  for (const dir of attempts) {
    if (!populated(dir)) continue;
    tryWrite(join(dir, "cgroup.kill"), "1");
    lines.push(`killed cgroup ${dir}`);
  }
  const deadline = Date.now() + 5000;
  while (attempts.some(populated) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10));
  }
  for (const dir of attempts) removeTree(dir);
  for (const dir of old.v1 ?? []) removeTree(dir);
  if (!populated(old.v2)) removeTree(old.v2);
  return lines;
}

/**
 * What a former life in cgroup mode left, for a worker that now runs without cgroups (told
 * `--isolation process-group`): its attempts are killed all the same. The record is dropped.
 */
export async function killCgroupLeftovers(dataDir: string): Promise<string[]> {
  const path = join(dataDir, RECORD);
  let old: CgroupRecord;
  try {
    old = JSON.parse(Deno.readTextFileSync(path));
  } catch {
    return [];
  }
  const lines = old?.v2 ? await killRecorded(old) : [];
  try {
    Deno.removeSync(path);
  } catch { /* gone */ }
  return lines;
}

/**
 * Remove the empty bases of workers that are gone (the process named in the base's name no
 * longer runs, or is another process now). A base where something still runs is left
 * alone: it is its data dir's next worker's to kill, and killing it here would race a
 * restart that is about to.
 */
function removeAbandoned(layout: CgroupLayout): void {
  if (!layout.v2) return;
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(layout.v2)];
  } catch {
    return;
  }
  for (const e of entries) {
    const m = /^titan-.+-(\d+)-(\d+)-[0-9a-f]{8}$/.exec(e.name);
    if (!e.isDirectory || !m) continue;
    const owner = readStat(Number(m[1]));
    if (owner && owner.state !== "Z" && owner.startTime === Number(m[2])) continue;
    const dir = join(layout.v2, e.name);
    if (populated(dir)) continue;
    removeTree(dir);
    for (const own of [layout.v1.memory, layout.v1.cpu]) if (own) removeTree(join(own, e.name));
  }
}

function readControllers(path: string): Set<string> {
  try {
    return new Set(Deno.readTextFileSync(path).trim().split(/\s+/).filter(Boolean));
  } catch {
    return new Set();
  }
}

interface AttemptDirs {
  v2: string;
  memory?: { dir: string; version: 1 | 2 };
  cpu?: { dir: string; version: 1 | 2 };
}

class CgroupSandbox implements Sandbox {
  #settled = false;
  #released = false;
  #limitError = "";

  constructor(
    readonly dirs: AttemptDirs,
    readonly made: string[],
    readonly limits: Limits,
    readonly home: AttemptHome,
    readonly workerHome: { v2: string; memory?: string; cpu?: string },
    /** Give the (empty, unlimited) cgroup back for reuse instead of removing it. */
    readonly recycle?: () => void,
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

  spawn<T extends { pid: number }>(spawn: () => T, gated: boolean): T {
    return gated ? this.#spawnGated(spawn) : this.#spawnInside(spawn);
  }

  /** The child waits at its gate: limits first, then the child moves in. */
  #spawnGated<T extends { pid: number }>(spawn: () => T): T {
    const child = spawn();
    const pid = String(child.pid);
    let step = "cannot apply the attempt's limits";
    try {
      this.#applyLimits();
      step = "cannot move the attempt into its cgroup";
      for (const dir of this.#dirs()) write(join(dir, "cgroup.procs"), pid);
    } catch (err) {
      // It has run nothing yet: end it where it is, its gate closed.
      try {
        Deno.kill(child.pid, "SIGKILL");
      } catch { /* gone */ }
      this.kill();
      throw new Error(`${step}: ${(err as Error).message}`);
    }
    return child;
  }

  #spawnInside<T extends { pid: number }>(spawn: () => T): T {
    const self = String(Deno.pid);
    // The worker steps into the attempt's cgroups, the child is born there, the worker
    // steps back: no instant in which the job runs outside them.
    const homes = this.#homes();
    const moves = this.#dirs().map((dir, i) => [dir, homes[i]] as const);
    const entered: string[] = [];
    let child: T;
    try {
      for (const [dir, home] of moves) {
        write(join(dir, "cgroup.procs"), self);
        entered.push(home);
      }
      child = spawn();
    } finally {
      for (const home of entered.reverse()) write(join(home, "cgroup.procs"), self);
    }
    try {
      this.#applyLimits();
    } catch (err) {
      // Asked for a limit it cannot have: it must not run without it.
      this.#limitError = `cannot apply the attempt's limits: ${(err as Error).message}`;
      this.kill();
    }
    return child;
  }

  /** The attempt's cgroups a process must be moved into: v2, and v1 memory/cpu if used. */
  #dirs(): string[] {
    return [
      this.dirs.v2,
      ...V1.flatMap((c) => this.dirs[c]?.version === 1 ? [this.dirs[c]!.dir] : []),
    ];
  }

  /** The worker's own cgroups, in the order of `#dirs()`. */
  #homes(): string[] {
    return [
      this.workerHome.v2,
      ...V1.flatMap((c) => this.dirs[c]?.version === 1 ? [this.workerHome[c]!] : []),
    ];
  }

  signal(signal: Deno.Signal): void {
    for (const pid of procs(this.dirs.v2)) {
      try {
        Deno.kill(pid, signal);
      } catch { /* gone */ }
    }
  }

  kill(): void {
    tryWrite(join(this.dirs.v2, "cgroup.kill"), "1");
  }

  alive(): boolean {
    if (this.#settled) return false;
    // Asked only once the process was moved in: an empty cgroup stays empty (nothing of the
    // attempt is left to fork, and the worker moves nothing else in), so once is enough.
    if (populated(this.dirs.v2)) return true;
    this.#settled = true;
    return false;
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
    if (this.#limitError) return this.#limitError;
    const mem = this.dirs.memory;
    if (!mem || !this.limits.memoryMb) return "";
    let kills = 0;
    try {
      const file = mem.version === 2 ? "memory.events" : "memory.oom_control";
      const text = Deno.readTextFileSync(join(mem.dir, file));
      kills = Number(/^oom_kill (\d+)$/m.exec(text)?.[1] ?? 0);
    } catch { /* no counter: cannot tell */ }
    return kills > 0 ? `out of memory (limit ${this.limits.memoryMb} MiB)` : "";
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    const done = () => {
      if (this.recycle && !this.#limitError) this.recycle();
      // Off the event loop: an rmdir of a cgroup takes the kernel's cgroup lock (~0.15 ms).
      else for (const d of this.made) Deno.remove(d).catch(() => removeTree(d));
      this.home.release(true); // the cgroup is empty: nothing of the uid is left
    };
    if (!this.alive()) return done();
    // Something survived the kill (stuck in the kernel): its uid and cgroup wait for it.
    void (async () => {
      while (!(await this.settle(1000))) this.kill();
      done();
    })();
  }

  /** Memory and CPU limits, written once the worker has left the cgroup. */
  #applyLimits(): void {
    const { memoryMb, cpuMillis } = this.limits;
    const mem = this.dirs.memory;
    if (mem && memoryMb) {
      const bytes = String(memoryMb * 1024 * 1024);
      if (mem.version === 2) {
        write(join(mem.dir, "memory.max"), bytes);
        tryWrite(join(mem.dir, "memory.swap.max"), "0"); // a limit, not a slow swap
        tryWrite(join(mem.dir, "memory.oom.group"), "1"); // an OOM ends all of the attempt
      } else {
        write(join(mem.dir, "memory.limit_in_bytes"), bytes);
        tryWrite(join(mem.dir, "memory.memsw.limit_in_bytes"), bytes);
      }
    }
    const cpu = this.dirs.cpu;
    if (cpu && cpuMillis) {
      // The kernel's least quota is 1 ms per period.
      const quota = String(Math.max(1000, Math.round(cpuMillis * CPU_PERIOD_US / 1000)));
      if (cpu.version === 2) write(join(cpu.dir, "cpu.max"), `${quota} ${CPU_PERIOD_US}`);
      else {
        write(join(cpu.dir, "cpu.cfs_period_us"), String(CPU_PERIOD_US));
        write(join(cpu.dir, "cpu.cfs_quota_us"), quota);
      }
    }
  }
}
