/**
 * The launch plan: which programs start one attempt, in which order, each exec'ing the next
 * in the same process (so the pid the worker sees is the job's main process):
 *
 *     setsid  [setpriv --reuid=U --regid=G --clear-groups --]  (sh -c <command> | <argv>)
 *
 * - `setsid` gives the job a session and process group of its own (pgid = pid): a job's
 *   `kill 0` or `kill -- -$$` stays inside it, and a Ctrl-C to the worker's terminal does
 *   not reach it. `Deno.Command`'s `detached` does the same but forks the whole worker to
 *   do it (measured in docs/ARCHITECTURE.md: dearer than the extra program).
 * - `setpriv` switches to the job's user; `Deno.Command`'s `uid`/`gid` fork the worker too.
 * - A command of plain words runs without the shell (see `plainArgv`).
 * Where util-linux is missing, the plan falls back to `detached` and `uid`/`gid`.
 */

/** Absolute paths of the helper programs, or "" when missing. */
export interface LaunchTools {
  setsid: string;
  setpriv: string;
}

/** A program and its arguments, plus the Deno.Command options of the fallback. */
export interface LaunchPlan {
  program: string;
  args: string[];
  /** Extra Deno.Command options (the fallback's `detached`, `uid`, `gid`). */
  options: { detached?: boolean; uid?: number; gid?: number };
}

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
  return { setsid: findProgram("setsid"), setpriv: findProgram("setpriv") };
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
): LaunchPlan {
  const job = plainArgv(command) ?? ["sh", "-c", command];
  if (tools.setsid && (!user || tools.setpriv)) {
    const as = user
      ? [tools.setpriv, `--reuid=${user.uid}`, `--regid=${user.gid}`, "--clear-groups", "--"]
      : [];
    return { program: tools.setsid, args: [...as, ...job], options: {} };
  }
  return {
    program: job[0],
    args: job.slice(1),
    options: { detached: true, ...(user ? { uid: user.uid, gid: user.gid } : {}) },
  };
}
