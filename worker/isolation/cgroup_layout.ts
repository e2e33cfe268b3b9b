/**
 * Where this process's cgroups are: the cgroup v2 hierarchy (pure v2 hosts, or the
 * controller-less `unified` mount of a hybrid host) and the v1 hierarchies of the memory and
 * cpu controllers (hybrid and v1 hosts), read from /proc/self/mountinfo and
 * /proc/self/cgroup. Pure functions over those texts, so every layout is testable here.
 */

/** A cgroup filesystem mount. */
export interface CgroupMount {
  version: 1 | 2;
  /** Where it is mounted. */
  mountpoint: string;
  /** The cgroup path that mountpoint shows (not "/" when a sub-tree is bind-mounted). */
  root: string;
  /** v1: the controllers of this hierarchy (from the mount options). v2: empty. */
  controllers: string[];
}

/** The cgroup directories this process is in, per hierarchy the worker uses. */
export interface CgroupLayout {
  /** Its v2 cgroup's directory; absent when no v2 hierarchy is mounted. */
  v2?: string;
  /** Its v1 cgroup directories of the memory and cpu controllers, where mounted. */
  v1: { memory?: string; cpu?: string };
}

/** The cgroup mounts in a /proc/<pid>/mountinfo text. */
export function parseMountinfo(text: string): CgroupMount[] {
  const mounts: CgroupMount[] = [];
  for (const line of text.split("\n")) {
    const dash = line.indexOf(" - ");
    if (dash < 0) continue;
    const left = line.slice(0, dash).split(" ");
    const [fstype, , superOptions = ""] = line.slice(dash + 3).split(" ");
    if (fstype !== "cgroup" && fstype !== "cgroup2") continue;
    mounts.push({
      version: fstype === "cgroup2" ? 2 : 1,
      mountpoint: unescapeMount(left[4]),
      root: unescapeMount(left[3]),
      controllers: fstype === "cgroup" ? superOptions.split(",").filter(isController) : [],
    });
  }
  return mounts;
}

/** The paths in a /proc/<pid>/cgroup text: v2's, and each v1 controller's. */
export function parseProcCgroup(text: string): { v2?: string; v1: Map<string, string> } {
  const v1 = new Map<string, string>();
  let v2: string | undefined;
  for (const line of text.split("\n")) {
    const m = /^(\d+):([^:]*):(.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === "0" && m[2] === "") v2 = m[3];
    else for (const c of m[2].split(",")) if (c) v1.set(c, m[3]);
  }
  return { v2, v1 };
}

/** Join the layout from the two texts. */
export function resolveLayout(mountinfo: string, procCgroup: string): CgroupLayout {
  const mounts = parseMountinfo(mountinfo);
  const paths = parseProcCgroup(procCgroup);
  const layout: CgroupLayout = { v1: {} };
  const v2 = mounts.find((m) => m.version === 2);
  if (v2 && paths.v2 !== undefined) layout.v2 = dirOf(v2, paths.v2);
  for (const controller of ["memory", "cpu"] as const) {
    const mount = mounts.find((m) => m.version === 1 && m.controllers.includes(controller));
    const path = paths.v1.get(controller);
    if (mount && path !== undefined) layout.v1[controller] = dirOf(mount, path);
  }
  return layout;
}

/** This process's layout. */
export function currentLayout(): CgroupLayout {
  try {
    return resolveLayout(
      Deno.readTextFileSync("/proc/self/mountinfo"),
      Deno.readTextFileSync("/proc/self/cgroup"),
    );
  } catch {
    return { v1: {} };
  }
}

/** The directory of cgroup `path` under `mount`. */
function dirOf(mount: CgroupMount, path: string): string {
  // A bind mount of a sub-tree shows paths relative to its root; a cgroup namespace shows
  // them relative to the namespace's root, which is then the mount's root.
  const rel = mount.root !== "/" && (path === mount.root || path.startsWith(`${mount.root}/`))
    ? path.slice(mount.root.length)
    : path;
  return `${mount.mountpoint}${rel === "/" ? "" : rel}`.replace(/\/+$/, "") || "/";
}

/** Mount options that name no controller. */
const NOT_CONTROLLERS =
  /^(rw|ro|relatime|noatime|nosuid|nodev|noexec|clone_children|noprefix|xattr|name=.*|release_agent=.*|cpuset_v2_mode|nsdelegate|memory_recursiveprot|favordynmods)$/;

function isController(option: string): boolean {
  return option !== "" && !NOT_CONTROLLERS.test(option);
}

/** mountinfo escapes space, tab, newline and backslash as octal. */
function unescapeMount(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o) => String.fromCharCode(parseInt(o, 8)));
}
