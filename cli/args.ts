/**
 * Argument handling of the `titan` CLI: which commands exist, which flags each takes (a
 * subset of CLI_OPTIONS in shared/config.ts), the help text, and how the words after `--`
 * become one shell command. Pure: errors are UsageError, which main.ts prints and exits 2.
 */
import { CLI_OPTIONS, ConfigError, helpText, parseConfig } from "../shared/config.ts";
import { parseManagerList } from "../shared/leader_discovery.ts";
import { ALL_STATES, type State } from "../shared/model.ts";

/** Bad usage: unknown command or flag, missing argument, bad value. Exit code 2. */
export class UsageError extends Error {
  constructor(message: string, readonly command?: CommandName) {
    super(message);
    this.name = "UsageError";
  }
}

type Flag = keyof typeof CLI_OPTIONS;

/** Flags every command takes. */
const GLOBAL_FLAGS: Flag[] = [
  "manager",
  "token",
  "token-file",
  "tls-ca",
  "tls-cert",
  "tls-key",
  "json",
  "help",
];

interface CommandSpec {
  usage: string;
  summary: string;
  flags: Flag[];
  /** Positional arguments (after the command name) it requires, by name. */
  args: string[];
}

/** Every command, its usage line and its own flags. */
export const COMMANDS = {
  submit: {
    usage: "titan submit [flags] -- <command…>  |  titan submit --file workflow.yaml",
    summary: "submit a shell command as a job and print its id (or a workflow of jobs)",
    flags: [
      "env",
      "cwd",
      "timeout",
      "retries",
      "priority",
      "idempotency-key",
      "cpu",
      "memory",
      "device",
      "selector",
      "queue",
      "wait",
      "after",
      "name",
      "file",
    ],
    args: [],
  },
  status: {
    usage: "titan status <job-id> [--json]",
    summary: "show a job's state, outcome, dependency tree and output",
    flags: [],
    args: ["job-id"],
  },
  list: {
    usage:
      "titan list [--state RUNNING,PENDING] [--queue Q] [--name N] [--limit N] [--page-token T] [--json]",
    summary: "list jobs, newest first (a PENDING job says why it waits)",
    flags: ["state", "queue", "name", "limit", "page-token"],
    args: [],
  },
  logs: {
    usage: "titan logs <job-id> [-f]",
    summary: "print a job's output; -f follows it live until the job ends",
    flags: ["follow"],
    args: ["job-id"],
  },
  cancel: {
    usage: "titan cancel <job-id>",
    summary: "cancel a job (a running one is killed)",
    flags: [],
    args: ["job-id"],
  },
  workers: {
    usage: "titan workers [--json]",
    summary: "list the workers the manager knows",
    flags: [],
    args: [],
  },
  queues: {
    usage: "titan queues [--json]",
    summary: "list the queues: limits, paused, jobs pending and running",
    flags: [],
    args: [],
  },
  queue: {
    usage: "titan queue set <name> --max-running N | titan queue pause|resume <name>",
    summary: "change a queue: its max running jobs (0 = no limit), pause or resume it",
    flags: ["max-running"],
    args: ["action", "name"],
  },
  schedules: {
    usage: "titan schedules [--json]",
    summary: "list the schedules: cron, zone, next and last fire",
    flags: [],
    args: [],
  },
  schedule: {
    usage: "titan schedule create <name> --cron '*/5 * * * *' [--tz Europe/Paris] -- <command…>" +
      "  |  titan schedule show|pause|resume|delete|trigger <name>",
    summary: "create a cron schedule of a job, or show, pause, resume, delete or trigger one",
    flags: [
      "cron",
      "tz",
      "overlap",
      "catch-up",
      "env",
      "cwd",
      "timeout",
      "retries",
      "priority",
      "after",
      "cpu",
      "memory",
      "device",
      "selector",
      "queue",
    ],
    args: ["action", "name"],
  },
  drain: {
    usage: "titan drain <worker-id>",
    summary: "stop a worker taking work; it finishes what it runs",
    flags: [],
    args: ["worker-id"],
  },
  help: {
    usage: "titan help [command]",
    summary: "show help for titan or one command",
    flags: [],
    args: [],
  },
} satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

/** Exit codes of `titan submit --wait`, documented in its help. */
const WAIT_EXIT_CODES = `Exit codes with --wait:
  0        the job COMPLETED
  N        the job exited with code N (1-255)
  124      the job timed out
  128+S    the job was killed by signal S (137 = SIGKILL, 143 = SIGTERM)
  130      the job was CANCELLED
  1        the job FAILED without an exit code (could not start, worker lost),
           or titan itself failed (error on stderr); 2 = bad usage`;

const SUBMIT_NOTES =
  `Dependencies: --after ID[,ID…] holds the job until those jobs COMPLETED (one that fails
cancels it). --file submits a workflow of named jobs in one call:
  jobs:
    - name: extract
      command: ./extract.sh
    - name: load
      command: ./load.sh
      depends_on: [extract]        # earlier names or job ids
      dependency_policy: after_completion   # run whatever extract's outcome

The words after -- are the command. One word is used as it is, as a shell command:
  titan submit -- 'make test 2>&1 | tail -n 20'
Several words are quoted for the shell where needed and joined, so the job runs exactly
those arguments:
  titan submit --env GREETING=hi -- sh -c 'echo "$GREETING"'

${WAIT_EXIT_CODES}`;

/** What `titan queue` can do to a queue. */
const QUEUE_ACTIONS = ["set", "pause", "resume"];

/** Parsed command line. */
export interface Invocation {
  command: CommandName;
  /** Positional arguments after the command name (before `--`). */
  args: string[];
  /** The words after `--` (submit). */
  rest: string[];
  values: ReturnType<typeof parseConfig<typeof CLI_OPTIONS>>["values"];
}

/** Parse argv (without the program name). Throws UsageError. */
export function parseInvocation(
  argv: string[],
  env: Record<string, string | undefined> = Deno.env.toObject(),
): Invocation {
  const dashdash = argv.indexOf("--");
  const head = dashdash === -1 ? argv : argv.slice(0, dashdash);
  const rest = dashdash === -1 ? [] : argv.slice(dashdash + 1);

  // First pass with every flag: find the command, wherever the global flags sit.
  let first;
  try {
    first = parseConfig(CLI_OPTIONS, head, env, { allowPositionals: true });
  } catch (err) {
    throw new UsageError(cleanMessage(err));
  }
  const [name, ...args] = first.positionals;
  if (name === undefined) {
    if (first.values.help) return { command: "help", args: [], rest, values: first.values };
    throw new UsageError("missing command");
  }
  if (!Object.hasOwn(COMMANDS, name)) throw new UsageError(`unknown command "${name}"`);
  const command = name as CommandName;
  const spec: CommandSpec = COMMANDS[command];

  // Second pass with only this command's flags, so a flag of another command is an error.
  let values;
  try {
    const allowed = Object.fromEntries(
      [...GLOBAL_FLAGS, ...spec.flags].map((f) => [f, CLI_OPTIONS[f]]),
    ) as typeof CLI_OPTIONS;
    values = {
      ...first.values,
      ...parseConfig(allowed, head, env, { allowPositionals: true }).values,
    };
  } catch (err) {
    const unknown = /^Unknown option '--?([\w-]+)'/.exec((err as Error).message)?.[1];
    const flag = Object.entries(CLI_OPTIONS).find(([n, o]) =>
      n === unknown || ("short" in o && o.short === unknown)
    );
    if (flag) {
      const typed = flag[0] === unknown ? `--${unknown}` : `-${unknown}`;
      throw new UsageError(`${typed} is not a flag of ${command}`, command);
    }
    throw new UsageError(cleanMessage(err), command);
  }
  if (values.help) return { command: "help", args: [command], rest, values };

  if (command === "help") {
    if (args.length > 1) throw new UsageError("help takes at most one command", command);
    if (args[0] !== undefined && !Object.hasOwn(COMMANDS, args[0])) {
      throw new UsageError(`unknown command "${args[0]}"`);
    }
  } else if (command === "submit" && values.file) {
    if (rest.length > 0 || args.length > 0) {
      throw new UsageError("--file takes no command: the commands are in the file", command);
    }
    for (const flag of ["after", "name", "wait", "idempotency-key"] as const) {
      if (values[flag]) throw new UsageError(`--${flag} does not go with --file`, command);
    }
  } else if (command === "schedule") {
    if (args.length > 0 && !SCHEDULE_ACTIONS.includes(args[0])) {
      throw new UsageError(
        `unknown schedule action "${args[0]}": expected ${SCHEDULE_ACTIONS.join(", ")}`,
        command,
      );
    }
    if (args.length < 2) throw new UsageError(`missing <${spec.args[args.length]}>`, command);
    if (args.length > 2) throw new UsageError(`unexpected argument "${args[2]}"`, command);
    if (args[0] === "create") {
      if (!values.cron) throw new UsageError("schedule create needs --cron", command);
      if (rest.length === 0) throw new UsageError("missing the command to run after --", command);
    } else if (rest.length > 0) {
      throw new UsageError(`unexpected arguments after --`, command);
    }
  } else if (command === "submit") {
    if (rest.length === 0 && args.length === 0) {
      throw new UsageError("missing the command to run after --", command);
    }
    if (rest.length > 0 && args.length > 0) {
      throw new UsageError(`unexpected argument "${args[0]}" before --`, command);
    }
  } else {
    if (command === "queue" && args.length > 0 && !QUEUE_ACTIONS.includes(args[0])) {
      throw new UsageError(
        `unknown queue action "${args[0]}": expected ${QUEUE_ACTIONS.join(", ")}`,
        command,
      );
    }
    if (args.length < spec.args.length) {
      throw new UsageError(`missing <${spec.args[args.length]}>`, command);
    }
    if (args.length > spec.args.length) {
      throw new UsageError(`unexpected argument "${args[spec.args.length]}"`, command);
    }
    if (rest.length > 0) throw new UsageError(`unexpected arguments after --`, command);
    if (command === "queue") {
      const given = head.some((a) => a === "--max-running" || a.startsWith("--max-running="));
      if (args[0] === "set" && !given) {
        throw new UsageError("queue set needs --max-running N (0 = no limit)", command);
      }
      if (args[0] !== "set" && given) {
        throw new UsageError(`--max-running goes with queue set, not ${args[0]}`, command);
      }
    }
  }
  try {
    parseManagerList(values.manager, "--manager");
  } catch (err) {
    throw new UsageError(cleanMessage(err), command);
  }
  return { command, args, rest, values };
}

/** node:util's parseArgs messages, shortened to what a user needs. */
function cleanMessage(err: unknown): string {
  if (!(err instanceof ConfigError)) throw err;
  return err.message.replace(/\. To specify a positional argument.*$/s, "");
}

/** The `--state` list as states; "running,pending" is accepted. */
export function parseStates(value: string): State[] {
  const states: State[] = [];
  for (const part of value.split(",").map((s) => s.trim().toUpperCase()).filter(Boolean)) {
    if (!(ALL_STATES as readonly string[]).includes(part)) {
      throw new UsageError(
        `invalid --state "${part}": expected one of ${ALL_STATES.join(", ")}`,
        "list",
      );
    }
    if (!states.includes(part as State)) states.push(part as State);
  }
  return states;
}

/** What `titan schedule` does. */
export const SCHEDULE_ACTIONS = ["create", "show", "pause", "resume", "delete", "trigger"];

/** Characters that never need quoting for `sh`. */
const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quote one word for `sh` when it needs it. */
export function shellQuote(word: string): string {
  if (word === "") return "''";
  return SHELL_SAFE.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * The command to submit: one word is taken verbatim as a shell command ("a | b"); several
 * words are each quoted for `sh` where needed and joined, so `sh -c` runs exactly them.
 */
export function joinCommand(words: string[]): string {
  return words.length === 1 ? words[0] : words.map(shellQuote).join(" ");
}

/** The usage line of a command, or of titan. */
export function usageLine(command?: CommandName): string {
  return command && command !== "help"
    ? `usage: ${COMMANDS[command].usage}`
    : "usage: titan <command> [flags]   (titan help for the commands)";
}

/** Help text of titan, or of one command. */
export function helpFor(command?: CommandName): string {
  const globals = flagHelp(GLOBAL_FLAGS);
  if (!command || command === "help") {
    const names = Object.entries(COMMANDS)
      .map(([n, c]) => `  ${n.padEnd(9)} ${c.summary}`)
      .join("\n");
    return `titan — the command-line client of the Titan job scheduler

usage: titan <command> [flags]

Commands:
${names}

Global flags (flag > environment > default):
${globals}

Examples:
  titan submit --wait -- echo hello
  titan list --state RUNNING,PENDING
  titan logs -f <job-id>
  titan submit --cpu 2 --memory 4096 --selector gpu=true --device gpu=1 -- ./train.sh
  titan queue set etl --max-running 4

Run 'titan help <command>' for a command's flags.`;
  }
  const spec: CommandSpec = COMMANDS[command];
  const own = spec.flags.length ? `\nFlags:\n${flagHelp(spec.flags)}\n` : "";
  const notes = command === "submit" ? `\n${SUBMIT_NOTES}\n` : "";
  return `${spec.summary}

usage: ${spec.usage}
${own}
Global flags:
${globals}
${notes}`.trimEnd();
}

function flagHelp(flags: Flag[]): string {
  const spec = Object.fromEntries(
    flags.map((f) => [f, { ...CLI_OPTIONS[f], help: CLI_OPTIONS[f].help.replace(/^\w+: /, "") }]),
  ) as typeof CLI_OPTIONS;
  return helpText(spec);
}
