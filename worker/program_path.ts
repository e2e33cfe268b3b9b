/**
 * Where a plain command's program is, found as `execvp` would find it on the job's PATH, so
 * the launch plan can name it by absolute path (busybox's tools, the cheaper ones, run their
 * own applet for a bare name).
 *
 * Each PATH directory's names are read once and kept while the directory's mtime stays (an
 * entry added, removed or renamed changes it), so a lookup costs a `stat` per directory and
 * one of the file, and no failed `stat`s: in Deno each throws an error object, ~40 µs apiece,
 * which on a PATH of eight directories before /usr/bin cost 0.3 ms per job.
 */
import type { JobUser } from "./isolation/isolation.ts";

/** glibc's `execvp` search path when PATH is unset (`confstr(_CS_PATH)`). */
const DEFAULT_PATH = "/bin:/usr/bin";

interface Listing {
  mtime: number;
  names: Set<string>;
}

/** Names in each directory, as of its mtime; shared by the lookups of one worker. */
export class DirListings {
  readonly #dirs = new Map<string, Listing>();

  /** Whether `dir` has an entry `name`; undefined when `dir` cannot be read. */
  has(dir: string, name: string): boolean | undefined {
    let mtime: number;
    try {
      const info = Deno.statSync(dir);
      if (!info.isDirectory) return false;
      mtime = info.mtime?.getTime() ?? NaN;
    } catch (err) {
      if (err instanceof Deno.errors.NotFound || err instanceof Deno.errors.NotADirectory) {
        return false;
      }
      return undefined;
    }
    let listing = this.#dirs.get(dir);
    if (!listing || listing.mtime !== mtime || Number.isNaN(mtime)) {
      try {
        listing = { mtime, names: new Set([...Deno.readDirSync(dir)].map((e) => e.name)) };
      } catch {
        return undefined;
      }
      // mtimes come in milliseconds: a second change within the same one would not show.
      // A directory changed in the last second is read again each time instead.
      if (Date.now() - mtime > 1000) this.#dirs.set(dir, listing);
      else this.#dirs.delete(dir);
    }
    return listing.names.has(name);
  }
}

const shared = new DirListings();

/**
 * The absolute path `execvp(name)` would run for `user` (absent = root, the worker), or ""
 * when it cannot be told for sure here (a relative PATH entry, a name with a slash, an
 * unreadable directory, not found): the launch plan then leaves the lookup to a tool that
 * does it itself.
 */
export function findOnPath(
  name: string,
  path: string | undefined,
  user?: JobUser,
  listings: DirListings = shared,
): string {
  if (name.includes("/")) return "";
  for (const entry of (path ?? DEFAULT_PATH).split(":")) {
    // An empty or relative entry means the job's cwd: leave that to execvp.
    if (!entry.startsWith("/")) return "";
    const dir = entry.replace(/\/+$/, "") || "/";
    const there = listings.has(dir, name);
    if (there === undefined) return "";
    if (!there) continue;
    const file = `${dir === "/" ? "" : dir}/${name}`;
    let info: Deno.FileInfo;
    try {
      info = Deno.statSync(file);
    } catch {
      continue; // a dangling link: execvp goes on too
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
