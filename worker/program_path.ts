/**
 * Where a plain command's program is, found as `execvp` would find it on the job's PATH, so
 * the launch plan can name it by absolute path (busybox's tools, the cheaper ones, run their
 * own applet for a bare name). Nothing is cached: a few `stat`s per job (~10 µs each) keep
 * it exact when programs are installed or removed.
 */
import type { JobUser } from "./isolation/isolation.ts";

/** glibc's `execvp` search path when PATH is unset (`confstr(_CS_PATH)`). */
const DEFAULT_PATH = "/bin:/usr/bin";

/**
 * The absolute path `execvp(name)` would run for `user` (absent = root, the worker), or ""
 * when it cannot be told for sure here (a relative PATH entry, a name with a slash, not
 * found): the launch plan then leaves the lookup to a tool that does it itself.
 */
export function findOnPath(name: string, path: string | undefined, user?: JobUser): string {
  if (name.includes("/")) return "";
  for (const dir of (path ?? DEFAULT_PATH).split(":")) {
    // An empty or relative entry means the job's cwd: leave that to execvp.
    if (!dir.startsWith("/")) return "";
    const file = `${dir.replace(/\/+$/, "")}/${name}`;
    let info: Deno.FileInfo;
    try {
      info = Deno.statSync(file);
    } catch (err) {
      if (err instanceof Deno.errors.NotFound || err instanceof Deno.errors.NotADirectory) continue;
      return "";
    }
    // execvp goes on past a file it may not execute (EACCES), as this does.
    if (info.isFile && mayExecute(info, file, user)) return file;
  }
  return "";
}

function mayExecute(info: Deno.FileInfo, file: string, user?: JobUser): boolean {
  const mode = info.mode ?? 0;
  if (!user || user.uid === 0) return (mode & 0o111) !== 0;
  const bit = (i: Deno.FileInfo) => i.uid === user.uid ? 0o100 : i.gid === user.gid ? 0o010 : 0o001;
  if ((mode & bit(info)) === 0) return false;
  // And the user can get there: search permission on every directory above it.
  const parts = file.split("/").filter(Boolean).slice(0, -1);
  for (let i = 0; i <= parts.length; i++) {
    const dir = Deno.statSync(`/${parts.slice(0, i).join("/")}`);
    if (((dir.mode ?? 0) & bit(dir)) === 0) return false;
  }
  return true;
}
