/**
 * Who jobs run as. A worker running as root runs jobs as an unprivileged user (`--run-as`,
 * default `nobody`), never as root unless told so with `--run-as root`. A worker that is not
 * root runs jobs as itself (it cannot switch users).
 */
import { ConfigError } from "../shared/config.ts";

/** A user jobs are run as: the executor passes these to Deno.Command. */
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
 * The user jobs run as, or undefined for "the worker's own user".
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
  const name = wanted === "" ? "nobody" : wanted;
  const numeric = /^(\d+)(?::(\d+))?$/.exec(name);
  const user = numeric
    ? { name, uid: Number(numeric[1]), gid: Number(numeric[2] ?? numeric[1]) }
    : lookupUser(name, passwd);
  if (!user) throw new ConfigError(`Invalid --run-as: no user "${name}" in /etc/passwd`);
  // Told explicitly to run jobs as root.
  if (user.uid === 0) return undefined;
  return user;
}
