/**
 * The launch plan: which programs start one attempt, in which order, each exec'ing the next
 * in the same process (so the pid the worker sees is the job's main process):
 *
 *     setsid  [<switch to the job's user>]  (/bin/sh -c <command> | <argv>)
 *
 * Each program start costs ~0.5–0.7 ms of CPU on the VMs we measure on (the kernel's exec,
 * not the dynamic loader: a static binary saves only ~0.07 ms), so the plan has as few as
 * the isolation allows, and the cheapest tool for each step (bench/RESULTS.md, "launch path"):
 *
 * - `setsid` gives the job a session and process group of its own (pgid = pid): a job's
 *   `kill 0` or `kill -- -$$` stays inside it, and a Ctrl-C to the worker's terminal does
 *   not reach it. `Deno.Command` has no cheap way to do that: its `detached` forks the whole
 *   worker (the cost grows with the worker's memory) and, on Deno 2.9.6, does not even give
 *   the child a group of its own. A static busybox's `setsid` is taken where there is one
 *   (+0.54 ms against util-linux's +0.84 ms).
 * - The user switch: busybox's `nsenter -S U -G G` (no namespace entered: it sets the groups
 *   to none, the gid and the uid, then execs; +0.62 ms), else util-linux's `unshare -S U -G G`
 *   (2.38 and later; +1.1 ms), else `setpriv --reuid --regid --clear-groups` (+2.0 ms: it
 *   links libcap-ng and reads its capabilities), else `Deno.Command`'s `uid`/`gid` (a fork of
 *   the worker).
 * - Busybox runs its own applet for a bare program name (`sleep` would be busybox's), so its
 *   tools only come before an absolute path: the shell is `/bin/sh`, and a plain command's
 *   bare name goes through util-linux's tools, which look it up on the job's PATH.
 * - A command of plain words runs without the shell (see `plainArgv`).
 * - Gated (cgroup isolation): the shell first waits for one line on its stdin, which the
 *   worker writes once it has moved the process into the attempt's cgroups, then takes
 *   /dev/null as its stdin and runs the command. Nothing of the job runs before it is
 *   confined, and the worker never has to move itself (see isolation/cgroup.ts).
 * Without any setsid, jobs share the worker's process group (the worker says so at start).
 */

/** Absolute paths of the helper programs, or "" when missing. */
export interface LaunchTools {
  setsid: string;
  setpriv: string;
  /** util-linux's unshare when it takes `-S`/`-G` (2.38 and later), or "". */
  unshare?: string;
  /** A statically linked busybox with `setsid` and an `nsenter` that takes `-S`/`-G`, or "". */
  busybox?: string;
}

/** A program and its arguments, plus the Deno.Command options of the fallback. */
export interface LaunchPlan {
  program: string;
  args: string[];
  /** Extra Deno.Command options (the fallback's `uid`, `gid`). */
  options: { uid?: number; gid?: number };
  /** The job waits for a line on its stdin before it runs anything (`openGate`). */
  gate: boolean;
}

/**
 * Put before a gated command, on its first line (so the shell's line numbers stay the
 * command's own). A syntax error in the command stops the shell before anything runs; a
 * worker gone before opening the gate leaves an end of file: exit 125, nothing run.
 */
export const GATE_PROLOGUE = "read -r TITAN_GO || exit 125; unset TITAN_GO; exec </dev/null; ";

/** Where `name` is on PATH (or /usr/bin, /bin), or "". */
export function findProgram(name: string, path = Deno.env.get("PATH") ?? ""): string {
  const dirs = [...path.split(":"), "/usr/bin", "/bin"];
  for (const dir of dirs.filter((d) => d.startsWith("/"))) {
    try {
      const info = Deno.statSync(`${dir}/${name}`);
      if (info.isFile && ((info.mode ?? 0) & 0o111) !== 0) return `${dir}/${name}`;
    } catch { /* not here */ }
  }
  return "";
}

/**
 * The helper programs installed on this machine. The user-switching tools are tried once
 * (as root, onto `nobody`), so a build without the options is never used.
 */
export function findLaunchTools(): LaunchTools {
  const busybox = findProgram("busybox");
  const unshare = findProgram("unshare");
  const root = Deno.uid() === 0;
  const bb = busybox && isStatic(busybox) && hasApplet(busybox, "setsid") &&
    (!root || runs(busybox, ["nsenter", "-S", "65534", "-G", "65534", "--", "/bin/true"]));
  return {
    setsid: findProgram("setsid"),
    setpriv: findProgram("setpriv"),
    unshare: unshare && root && runs(unshare, ["-S", "65534", "-G", "65534", "--", "/bin/true"])
      ? unshare
      : "",
    busybox: bb ? busybox : "",
  };
}

function runs(program: string, args: string[]): boolean {
  try {
    return new Deno.Command(program, { args, stdout: "null", stderr: "null" }).outputSync()
      .success;
  } catch {
    return false;
  }
}

/** Whether the ELF file at `path` has no program interpreter (is statically linked). */
export function isStatic(path: string): boolean {
  try {
    const file = Deno.openSync(path);
    try {
      const head = new Uint8Array(4096);
      const n = file.readSync(head) ?? 0;
      const view = new DataView(head.buffer, 0, n);
      // 64-bit little-endian ELF only (what this worker runs on); anything else: dynamic.
      if (n < 64 || view.getUint32(0) !== 0x7f454c46 || head[4] !== 2 || head[5] !== 1) {
        return false;
      }
      const phoff = Number(view.getBigUint64(32, true));
      const phentsize = view.getUint16(54, true);
      const phnum = view.getUint16(56, true);
      if (phoff + phnum * phentsize > n) return false;
      for (let i = 0; i < phnum; i++) {
        if (view.getUint32(phoff + i * phentsize, true) === 3) return false; // PT_INTERP
      }
      return true;
    } finally {
      file.close();
    }
  } catch {
    return false;
  }
}

function hasApplet(busybox: string, applet: string): boolean {
  try {
    const out = new Deno.Command(busybox, { args: ["--list"], stderr: "null" }).outputSync();
    return out.success && new TextDecoder().decode(out.stdout).split("\n").includes(applet);
  } catch {
    return false;
  }
}

/**
 * What the shell does with a command that has no shell syntax: run the program with its
 * words as arguments. Such a command is run without the shell (as Perl's and Ruby's
 * `system` do): one program start instead of two. Only plain words qualify — letters,
 * digits and `_ . / - , : = @ % +`, separated by single spaces — and the first word must
 * not be a shell builtin or keyword (`exit`, `cd`, `echo`, `true`, …: the shell's own
 * differ from, or have no, program) nor an assignment. Anything else goes to `sh -c`.
 */
export function plainArgv(command: string): string[] | undefined {
  if (!PLAIN.test(command)) return undefined;
  const argv = command.split(" ");
  if (SHELL_WORDS.has(argv[0]) || argv[0].includes("=")) return undefined;
  return argv;
}

const PLAIN = /^[A-Za-z0-9_./-]+( [A-Za-z0-9_.\/,:=@%+-]+)*$/;

/** dash's builtins and reserved words. */
const SHELL_WORDS = new Set(
  (". : [ alias bg break cd chdir command continue echo eval exec exit export false fc fg " +
    "getopts hash jobs kill local printf pwd read readonly return set shift test times trap " +
    "true type ulimit umask unalias unset wait if then else elif fi case esac for while " +
    "until do done in ! { } function select").split(" "),
);

/** The plan for `command`, run as `user` (absent = the worker's own user). */
export function launchPlan(
  command: string,
  user: { uid: number; gid: number } | undefined,
  tools: LaunchTools,
  opts: {
    gate?: boolean;
    /** Where a plain command's program is (absolute), "" when unknown: `findOnPath`. */
    locate?: (program: string) => string;
  } = {},
): LaunchPlan {
  const plain = plainArgv(command);
  if (plain && tools.busybox && opts.locate) plain[0] = opts.locate(plain[0]) || plain[0];
  const gate = Boolean(opts.gate) && !plain;
  const job = plain ?? ["/bin/sh", "-c", gate ? GATE_PROLOGUE + command : command];
  const options: LaunchPlan["options"] = {};
  let chain = job;
  if (user) {
    const [u, g] = [String(user.uid), String(user.gid)];
    if (tools.busybox && job[0].startsWith("/")) {
      chain = [tools.busybox, "nsenter", "-S", u, "-G", g, "--", ...job];
    } else if (tools.unshare) chain = [tools.unshare, "-S", u, "-G", g, "--", ...job];
    else if (tools.setpriv) {
      chain = [tools.setpriv, `--reuid=${u}`, `--regid=${g}`, "--clear-groups", "--", ...job];
    } else Object.assign(options, { uid: user.uid, gid: user.gid });
  }
  if (tools.busybox && chain[0].startsWith("/")) chain = [tools.busybox, "setsid", ...chain];
  else if (tools.setsid) chain = [tools.setsid, ...chain];
  return { program: chain[0], args: chain.slice(1), options, gate };
}

/** Let a gated job run: one line on its stdin, then end of file. */
export function openGate(stdin: WritableStream<Uint8Array> | undefined): void {
  if (!stdin) return;
  const writer = stdin.getWriter();
  // A job that is gone already (killed, a syntax error) makes this fail: nothing to do.
  writer.write(NEWLINE).then(() => writer.close()).catch(() => {});
}

const NEWLINE = new Uint8Array([10]);
