/**
 * Who each attempt runs as, and the work dir it owns.
 *
 * - `UidPool`: every running attempt gets a uid of its own from a range (as systemd's
 *   DynamicUser does), with the same number as its gid and no supplementary groups. A job
 *   then cannot signal another job's processes nor read their /proc/<pid>/environ, and
 *   "every process of this uid" is all of the attempt. A uid goes back to the pool only
 *   once none of its processes is left (the isolation checks that before `release`).
 *   Several workers on one host share the range: each uid is claimed host-wide by a file
 *   created exclusively in `claimsDir` (on /run, so a reboot clears it), holding the
 *   claimer's pid and start time; a claim whose owner is gone is taken over. A fresh claim
 *   is not handed out while any process of that uid still runs.
 * - `FixedUsers`: every attempt runs as one user (`--run-as`), or as the worker's own.
 */
import { join } from "node:path";
import { processesOfUser, readStat } from "../procs.ts";
import { type JobUser, SetupError } from "./isolation.ts";

/** Where attempts get their user. */
export interface JobUsers {
  /** Each attempt gets a user of its own (so "all of this uid" is all of the attempt). */
  readonly perAttempt: boolean;
  /** For the start-up log. */
  readonly description: string;
  /** The user of a new attempt; undefined = the worker's own. Throws SetupError when none is free. */
  acquire(): JobUser | undefined;
  /**
   * The attempt of `user` is over. `verified`: none of its processes is left (a cgroup
   * said so); otherwise the pool checks, and kills what is left, before handing it out again.
   */
  release(user: JobUser, verified: boolean): void;
  /** The worker leaves: give up every claim. */
  close(): void;
}

/** Every attempt as one user, or (undefined) as the worker itself. */
export class FixedUsers implements JobUsers {
  readonly perAttempt = false;
  constructor(readonly user: (JobUser & { name: string }) | undefined) {}
  get description(): string {
    return this.user ? `${this.user.name} (uid ${this.user.uid})` : "the worker's own user";
  }
  acquire(): JobUser | undefined {
    return this.user;
  }
  release(): void {}
  close(): void {}
}

/** Inclusive uid range. */
export interface UidRange {
  first: number;
  last: number;
}

/** Claims taken at once when the pool runs dry. */
const CLAIM_BATCH = 16;

/** A uid per attempt, from `range`, claimed host-wide in `claimsDir`. */
export class UidPool implements JobUsers {
  readonly perAttempt = true;
  /** Claimed and free, oldest released first (a uid is reused as late as possible). */
  readonly #free: number[] = [];
  readonly #claimed = new Set<number>();
  /** Released without proof that none of its processes is left: checked before reuse. */
  readonly #unverified = new Set<number>();
  readonly #reserved: Set<number>;
  readonly #owner: string;
  #cursor: number;

  /**
   * `reserved`: uids that belong to someone (the users in /etc/passwd): never handed out.
   */
  constructor(
    readonly range: UidRange,
    readonly claimsDir = "/run/titan/uids",
    reserved: Iterable<number> = [],
  ) {
    this.#reserved = new Set(reserved);
    Deno.mkdirSync(claimsDir, { recursive: true, mode: 0o700 });
    const self = readStat(Deno.pid);
    this.#owner = `${Deno.pid} ${self?.startTime ?? 0}\n`;
    // Start where another worker on the host is least likely to be looking.
    this.#cursor = range.first + Math.floor(Math.random() * (range.last - range.first + 1));
  }

  get description(): string {
    return `a uid of its own per attempt from ${this.range.first}-${this.range.last}`;
  }

  /** uids this worker holds (running or free). */
  get claimed(): ReadonlySet<number> {
    return this.#claimed;
  }

  acquire(): JobUser {
    if (this.#free.length === 0) this.#verify();
    if (this.#free.length === 0) this.#claimMore();
    const uid = this.#free.shift();
    if (uid === undefined) {
      throw new SetupError(
        `cannot start: no free uid in ${this.range.first}-${this.range.last} (all claimed by ` +
          `running attempts or other workers on this host)`,
      );
    }
    return { uid, gid: uid };
  }

  release(user: JobUser, verified: boolean): void {
    if (!this.#claimed.has(user.uid)) return;
    if (verified) this.#free.push(user.uid);
    else this.#unverified.add(user.uid);
  }

  /**
   * One scan of /proc for every uid released unverified: those with no process left are
   * free again; what is left of the others (children that escaped their attempt's process
   * group) is killed, and they are checked again next time.
   */
  #verify(): void {
    if (this.#unverified.size === 0) return;
    const busy = processesOfUser(this.#unverified);
    for (const uid of [...this.#unverified]) {
      if (busy.has(uid)) {
        for (const pid of busy.get(uid)!) {
          try {
            Deno.kill(pid, "SIGKILL");
          } catch { /* gone */ }
        }
        continue;
      }
      this.#unverified.delete(uid);
      this.#free.push(uid);
    }
  }

  close(): void {
    for (const uid of this.#claimed) {
      try {
        Deno.removeSync(join(this.claimsDir, String(uid)));
      } catch { /* gone already */ }
    }
    this.#claimed.clear();
    this.#unverified.clear();
    this.#free.length = 0;
  }

  /** Claim up to CLAIM_BATCH more uids, going round the range once at most. */
  #claimMore(): void {
    const size = this.range.last - this.range.first + 1;
    const fresh: number[] = [];
    for (let tried = 0; tried < size && fresh.length < CLAIM_BATCH; tried++) {
      const uid = this.#cursor;
      this.#cursor = uid >= this.range.last ? this.range.first : uid + 1;
      if (this.#claimed.has(uid) || this.#reserved.has(uid)) continue;
      if (this.#claim(uid)) fresh.push(uid);
    }
    if (fresh.length === 0) return;
    // A uid still running processes (a crashed worker's leftovers, someone else's) waits.
    const busy = processesOfUser(new Set(fresh));
    for (const uid of fresh) {
      this.#claimed.add(uid);
      if (!busy.has(uid)) this.#free.push(uid);
      else this.#unclaim(uid);
    }
  }

  #claim(uid: number): boolean {
    const path = join(this.claimsDir, String(uid));
    for (let i = 0; i < 2; i++) {
      try {
        const file = Deno.openSync(path, { write: true, createNew: true, mode: 0o600 });
        file.writeSync(new TextEncoder().encode(this.#owner));
        file.close();
        return true;
      } catch (err) {
        if (!(err instanceof Deno.errors.AlreadyExists)) return false;
        if (!claimIsStale(path)) return false;
        try {
          Deno.removeSync(path);
        } catch { /* someone else took it over first */ }
      }
    }
    return false;
  }

  #unclaim(uid: number): void {
    this.#claimed.delete(uid);
    try {
      Deno.removeSync(join(this.claimsDir, String(uid)));
    } catch { /* gone */ }
  }
}

/** A claim whose owner process is gone (or is another process now) is stale. */
function claimIsStale(path: string): boolean {
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch {
    return false; // removed meanwhile: try again
  }
  const [pid, start] = text.trim().split(" ").map(Number);
  if (!(pid > 0)) {
    // Written half (a crash between create and write) long enough ago.
    try {
      return Date.now() - (Deno.statSync(path).mtime?.getTime() ?? 0) > 10_000;
    } catch {
      return false;
    }
  }
  const stat = readStat(pid);
  return !stat || stat.state === "Z" || stat.startTime !== start;
}

/** Parse `61000-61999` (inclusive). */
export function parseUidRange(value: string): UidRange | undefined {
  const m = /^(\d+)-(\d+)$/.exec(value.trim());
  if (!m) return undefined;
  const first = Number(m[1]);
  const last = Number(m[2]);
  if (first < 1 || last < first || last > 2 ** 31 - 2) return undefined;
  return { first, last };
}
