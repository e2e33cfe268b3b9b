/**
 * Who jobs run as. A worker running as root runs each attempt under a uid of its own
 * (`--run-as-range`), or every attempt as one user (`--run-as`), never as root unless told so
 * with `--run-as root`. A worker that is not root runs jobs as itself (it cannot switch users).
 */
import { ConfigError } from "../shared/config.ts";
import { FixedUsers, parseUidRange, UidPool } from "./isolation/users.ts";

/** A fixed user jobs are run as (`--run-as`). */
export interface RunAs {
  name: string;
  uid: number;
  gid: number;
}

/** One line of /etc/passwd, by user name or numeric uid. */
export function lookupUser(nameOrUid: string, passwd: string): RunAs | undefined {
  for (const line of passwd.split("\n")) {
    const [name, , uid, gid] = line.split(":");
    if (!name || uid === undefined || gid === undefined) continue;
    if (name === nameOrUid || uid === nameOrUid) {
      return { name, uid: Number(uid), gid: Number(gid) };
    }
  }
  return undefined;
}

/**
 * The user `--run-as` names, or undefined for "the worker's own user".
 * `currentUid` is the worker's uid (Deno.uid()); `passwd` the text of /etc/passwd.
 */
export function resolveRunAs(
  flag: string,
  currentUid: number | null,
  passwd: string,
): RunAs | undefined {
  const wanted = flag.trim();
  if (currentUid !== 0) {
    if (wanted === "") return undefined;
    const user = lookupUser(wanted, passwd);
    if (user?.uid === currentUid) return undefined;
    throw new ConfigError(
      `Invalid --run-as: "${wanted}" needs the worker to run as root (it runs as uid ${currentUid})`,
    );
  }
  const name = wanted;
  const numeric = /^(\d+)(?::(\d+))?$/.exec(name);
  const user = numeric
    ? { name, uid: Number(numeric[1]), gid: Number(numeric[2] ?? numeric[1]) }
    : lookupUser(name, passwd);
  if (!user) throw new ConfigError(`Invalid --run-as: no user "${name}" in /etc/passwd`);
  // Told explicitly to run jobs as root.
  if (user.uid === 0) return undefined;
  return user;
}

/**
 * Where attempts get their user, from `--run-as` and `--run-as-range`:
 * - a root worker without `--run-as`: a uid of its own per attempt from the range;
 * - `--run-as USER`: every attempt as USER (`root` is the explicit opt-in to keep root);
 * - a worker that is not root: every attempt as the worker itself.
 */
export function jobUsers(
  runAs: string,
  range: string,
  currentUid: number | null,
  passwd: string,
  claimsDir = UID_CLAIMS_DIR,
): UidPool | FixedUsers {
  if (currentUid === 0 && runAs.trim() === "") {
    const parsed = parseUidRange(range);
    if (!parsed) {
      throw new ConfigError(
        `Invalid --run-as-range: expected FIRST-LAST with 0 < FIRST <= LAST, got "${range}"`,
      );
    }
    return new UidPool(parsed, claimsDir, passwdUids(passwd));
  }
  const user = runAs.trim() === "" ? undefined : resolveRunAs(runAs, currentUid, passwd);
  return new FixedUsers(user);
}

/** Where workers on one host claim the uids they hand out (cleared by a reboot, as /run is). */
export const UID_CLAIMS_DIR = "/run/titan/uids";

/** Every uid /etc/passwd gives to someone: never handed out as an attempt's own. */
export function passwdUids(passwd: string): number[] {
  return passwd.split("\n").map((line) => Number(line.split(":")[2]))
    .filter((uid) => Number.isInteger(uid));
}
