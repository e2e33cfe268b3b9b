/**
 * The launch plan: which programs start one attempt, in which order, each exec'ing the next
 * in the same process (so the pid the worker sees is the job's main process):
 *
 *     setsid  [setpriv --reuid=U --regid=G --clear-groups --]  (/bin/sh -c <command> | <argv>)
 *
 * - `setsid` gives the job a session and process group of its own (pgid = pid): a job's
 *   `kill 0` or `kill -- -$$` stays inside it, and a Ctrl-C to the worker's terminal does
 *   not reach it. `Deno.Command` has no cheap way to do that: its `detached` forks the whole
 *   worker (cost grows with the worker's memory) and, on Deno 2.9.6, does not even give a
 *   group of its own (docs/ARCHITECTURE.md, "Launching an attempt").
 * - A statically linked busybox's `setsid` is preferred: with no dynamic loader to run it
 *   starts in ~0.55 ms of CPU here against ~0.85 ms for util-linux's. Busybox runs its own
 *   applet for a bare program name (`sh` would be its ash), so it is only used where the
 *   next program is an absolute path; a plain command's bare name goes through util-linux's,
 *   which looks it up on the job's PATH.
 * - `setpriv` switches to the job's user; `Deno.Command`'s `uid`/`gid` fork the worker.
 * - A command of plain words runs without the shell (see `plainArgv`).
 * - Gated (cgroup isolation): the shell first waits for one line on its stdin, which the
 *   worker writes once it has moved the process into the attempt's cgroups, then takes
 *   /dev/null as its stdin and runs the command. Nothing of the job runs before it is
 *   confined, and the worker never has to move itself (see isolation/cgroup.ts).
 * Where util-linux is missing, jobs share the worker's process group, and `uid`/`gid`
 * switch the user.
 */

/** Absolute paths of the helper programs, or "" when missing. */
export interface LaunchTools {
  setsid: string;
  setpriv: string;
  /** A statically linked busybox that has the `setsid` applet, or "". */
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

/** The helper programs installed on this machine. */
export function findLaunchTools(): LaunchTools {
  const busybox = findProgram("busybox");
  return {
    setsid: findProgram("setsid"),
    setpriv: findProgram("setpriv"),
    busybox: busybox && isStatic(busybox) && hasApplet(busybox, "setsid") ? busybox : "",
  };
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
  opts: { gate?: boolean } = {},
): LaunchPlan {
  const plain = plainArgv(command);
  const gate = Boolean(opts.gate) && !plain;
  const job = plain ?? ["/bin/sh", "-c", gate ? GATE_PROLOGUE + command : command];
  if (tools.setsid && (!user || tools.setpriv)) {
    const as = user
      ? [tools.setpriv, `--reuid=${user.uid}`, `--regid=${user.gid}`, "--clear-groups", "--"]
      : [];
    const chain = [...as, ...job];
    if (tools.busybox && chain[0].startsWith("/")) {
      return { program: tools.busybox, args: ["setsid", ...chain], options: {}, gate };
    }
    return { program: tools.setsid, args: chain, options: {}, gate };
  }
  return {
    program: job[0],
    args: job.slice(1),
    options: user ? { uid: user.uid, gid: user.gid } : {},
    gate,
  };
}

/** Let a gated job run: one line on its stdin, then end of file. */
export function openGate(stdin: WritableStream<Uint8Array> | undefined): void {
  if (!stdin) return;
  const writer = stdin.getWriter();
  // A job that is gone already (killed, a syntax error) makes this fail: nothing to do.
  writer.write(NEWLINE).then(() => writer.close()).catch(() => {});
}

const NEWLINE = new Uint8Array([10]);
