/**
 * An attempt's home: its user (from JobUsers) and the directory it starts in. An attempt
 * with a uid of its own also gets a work dir of its own, `<work-dir>/<job>.<attempt>`, mode
 * 0700 and owned by that uid, removed once the attempt is over; its HOME points there (the
 * worker's HOME is not that uid's). A job that names its cwd runs there, and keeps it.
 * Attempts under a shared user run in the shared work dir, as before.
 */
import { join } from "node:path";
import { type AttemptSetup, type JobUser, SetupError } from "./isolation.ts";
import type { JobUsers } from "./users.ts";

export interface AttemptHome {
  user?: JobUser;
  cwd: string;
  /** The cwd is the attempt's own, made for its user just now: no need to check access. */
  ownCwd: boolean;
  env: Record<string, string>;
  /**
   * Remove the own work dir (in the background) and give the uid back; `verified`: none of
   * the attempt's processes is left.
   */
  release(verified: boolean): void;
}

/** Take a user for the attempt and, for a uid of its own, make its work dir. */
export function attemptHome(workDir: string, setup: AttemptSetup, users: JobUsers): AttemptHome {
  const user = users.acquire();
  if (!users.perAttempt || !user || setup.cwd) {
    return {
      user,
      cwd: setup.cwd || workDir,
      ownCwd: false,
      env: {},
      release: (verified) => user && users.release(user, verified),
    };
  }
  const dir = join(workDir, `${setup.jobId.replace(/[^\w.-]/g, "_")}.${setup.attempt}`);
  try {
    try {
      Deno.mkdirSync(dir, { mode: 0o700 });
    } catch (err) {
      if (!(err instanceof Deno.errors.AlreadyExists)) throw err;
      // A leftover of a crashed life of this attempt belongs to an older uid: start clean.
      Deno.removeSync(dir, { recursive: true });
      Deno.mkdirSync(dir, { mode: 0o700 });
    }
    Deno.chownSync(dir, user.uid, user.gid);
  } catch (err) {
    users.release(user, true);
    throw new SetupError(`cannot start: work dir ${dir}: ${(err as Error).message}`);
  }
  return {
    user,
    cwd: dir,
    ownCwd: true,
    env: { HOME: dir },
    release: (verified) => {
      // Removed before the uid is reused, so the next holder of the uid never sees it.
      Deno.remove(dir, { recursive: true }).catch(() => {}).finally(() =>
        users.release(user, verified)
      );
    },
  };
}

/**
 * The first directory on the way to `dir` (itself included) that other users cannot pass
 * through, or "" when they all let them: jobs under their own uids start in their work dir
 * either way (it is entered before the switch), but an absolute path to it — their HOME —
 * would not resolve.
 */
export function closedToOthers(dir: string): string {
  const parts = dir.split("/").filter(Boolean);
  for (let i = 0; i <= parts.length; i++) {
    const path = `/${parts.slice(0, i).join("/")}`;
    try {
      if (((Deno.statSync(path).mode ?? 0) & 0o001) === 0) return path;
    } catch {
      return path;
    }
  }
  return "";
}
