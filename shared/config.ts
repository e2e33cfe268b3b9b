/**
 * Configuration for every entrypoint, in one place: command-line flags parsed with
 * `node:util` parseArgs, each backed by a `TITAN_*` environment variable, then a default.
 * Precedence: flag > environment > default. Bad values fail fast with a message that
 * names the flag and the value.
 */
import { parseArgs } from "node:util";
import { MAX_STORED_OUTPUT_BYTES } from "./model.ts";

type Kind = "string" | "number" | "boolean";

interface OptionSpec<K extends Kind = Kind> {
  kind: K;
  /** Environment variable consulted when the flag is absent. */
  env?: string;
  default: K extends "string" ? string : K extends "number" ? number : boolean;
  help: string;
  short?: string;
  /** For numbers: the inclusive range allowed. */
  min?: number;
  max?: number;
  integer?: boolean;
  /** For strings: the flag may be given many times; the values are joined with commas. */
  repeatable?: boolean;
}

type Spec = Record<string, OptionSpec>;

type Values<S extends Spec> = {
  [K in keyof S]: S[K]["kind"] extends "string" ? string
    : S[K]["kind"] extends "number" ? number
    : boolean;
};

/** A configuration error: bad flag, bad value. Entry points print it and exit 2. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

const str = (def: string, help: string, env?: string): OptionSpec<"string"> => ({
  kind: "string",
  default: def,
  help,
  env,
});
const num = (
  def: number,
  help: string,
  env: string | undefined,
  range: { min?: number; max?: number; integer?: boolean } = {},
): OptionSpec<"number"> => ({ kind: "number", default: def, help, env, ...range });
const bool = (help: string, env?: string): OptionSpec<"boolean"> => ({
  kind: "boolean",
  default: false,
  help,
  env,
});

const port = (def: number, help: string, env: string) =>
  num(def, help, env, { min: 0, max: 65535, integer: true });

/** Flags shared by everything that talks to a manager over gRPC. */
const clientSecurity = {
  token: str("", "bearer token sent to the manager", "TITAN_TOKEN"),
  "token-file": str("", "read the bearer token from this file", "TITAN_TOKEN_FILE"),
  "tls-ca": str("", "PEM CA bundle: use TLS and verify the manager with it", "TITAN_TLS_CA"),
  "tls-cert": str(
    "",
    "PEM client certificate, for a manager that requires them (mTLS)",
    "TITAN_TLS_CLIENT_CERT",
  ),
  "tls-key": str("", "PEM private key of --tls-cert", "TITAN_TLS_CLIENT_KEY"),
};

export const MANAGER_OPTIONS = {
  host: str("127.0.0.1", "address to bind the gRPC port to", "TITAN_HOST"),
  port: port(8080, "gRPC port (client and worker APIs)", "TITAN_PORT"),
  "http-port": port(
    9090,
    "HTTP port for the dashboard, /healthz, /readyz, /metrics (0 = off)",
    "TITAN_HTTP_PORT",
  ),
  "data-dir": str("./.titan/manager", "directory of the SQLite store", "TITAN_DATA_DIR"),
  store: str(
    "sqlite",
    "sqlite (in --data-dir) or postgres://user:pass@host:port/db (several managers, one leader)",
    "TITAN_STORE",
  ),
  "store-file": str("", "read --store from this file (e.g. a mounted Secret)", "TITAN_STORE_FILE"),
  advertise: str(
    "",
    "host:port clients are sent to while this manager leads (default --host:--port)",
    "TITAN_ADVERTISE",
  ),
  "lease-duration": num(
    10,
    "seconds a leader's lease lasts unrenewed; a standby takes over after it (PostgreSQL)",
    "TITAN_LEASE_DURATION",
    { min: 0.5, max: 3600 },
  ),
  "heartbeat-timeout": num(
    30,
    "seconds without a heartbeat before a worker is unhealthy",
    "TITAN_HEARTBEAT_TIMEOUT",
    { min: 0.2, max: 3600 },
  ),
  "heartbeat-interval": num(
    10,
    "seconds between heartbeats asked of workers",
    "TITAN_HEARTBEAT_INTERVAL",
    { min: 0.05, max: 600 },
  ),
  "retry-backoff-base": num(
    1,
    "seconds before the first retry; doubles each retry",
    "TITAN_RETRY_BACKOFF_BASE",
    { min: 0, max: 3600 },
  ),
  "retry-backoff-max": num(300, "cap of the retry backoff in seconds", "TITAN_RETRY_BACKOFF_MAX", {
    min: 0,
    max: 86400,
  }),
  "max-lost-attempts": num(
    5,
    "times a job is requeued after losing its worker before it fails",
    "TITAN_MAX_LOST_ATTEMPTS",
    { min: 0, max: 1000, integer: true },
  ),
  "gc-max-age": num(7 * 24 * 3600, "seconds a finished job is kept", "TITAN_GC_MAX_AGE", {
    min: 1,
  }),
  "gc-max-jobs": num(100_000, "finished jobs kept at most", "TITAN_GC_MAX_JOBS", {
    min: 1,
    integer: true,
  }),
  "gc-interval": num(60, "seconds between garbage collections", "TITAN_GC_INTERVAL", {
    min: 0.1,
    max: 86400,
  }),
  "max-active-jobs": num(
    2_000_000,
    "maximum non-terminal jobs (RESOURCE_EXHAUSTED beyond)",
    "TITAN_MAX_ACTIVE_JOBS",
    { min: 1, integer: true },
  ),
  "max-connections": num(
    0,
    "client and worker connections served at once; more are closed at once (0 = what the " +
      "open-file limit allows, 3 descriptors each)",
    "TITAN_MAX_CONNECTIONS",
    { min: 0, integer: true },
  ),
  "idle-connection-timeout": num(
    30,
    "seconds a connection may stay open without sending a request before it is closed",
    "TITAN_IDLE_CONNECTION_TIMEOUT",
    { min: 0.1 },
  ),
  "max-command-bytes": num(65536, "maximum command length in bytes", "TITAN_MAX_COMMAND_BYTES", {
    min: 1,
    integer: true,
  }),
  placement: str(
    "round-robin",
    "how a job picks among the workers it fits: round-robin (spread) | binpack (fill)",
    "TITAN_PLACEMENT",
  ),
  "reserve-after": num(
    60,
    "seconds a job that fits no worker waits before room is reserved for it",
    "TITAN_RESERVE_AFTER",
    { min: 0, max: 86400 },
  ),
  token: str("", "client bearer token (ManagerService)", "TITAN_TOKEN"),
  "token-file": str("", "read the client token from this file", "TITAN_TOKEN_FILE"),
  "worker-token": str("", "worker bearer token (WorkerService)", "TITAN_WORKER_TOKEN"),
  "worker-token-file": str("", "read the worker token from this file", "TITAN_WORKER_TOKEN_FILE"),
  "tls-cert": str("", "PEM certificate: serve TLS", "TITAN_TLS_CERT"),
  "http-tls": bool(
    "serve the HTTP port (dashboard, /metrics, probes) over TLS too, with --tls-cert/--tls-key",
    "TITAN_HTTP_TLS",
  ),
  "tls-key": str("", "PEM private key for --tls-cert", "TITAN_TLS_KEY"),
  "tls-client-ca": str(
    "",
    "PEM CA: require client certificates signed by it (mTLS)",
    "TITAN_TLS_CLIENT_CA",
  ),
  insecure: bool("allow a non-loopback --host without tokens", "TITAN_INSECURE"),
  "log-level": str("info", "debug | info | warn | error", "TITAN_LOG_LEVEL"),
} satisfies Spec;

export const WORKER_OPTIONS = {
  id: str(Deno.hostname(), "worker id (default: hostname)", "TITAN_WORKER_ID"),
  manager: str(
    "127.0.0.1:8080",
    "managers host:port[,host:port…]; calls go to the leader",
    "TITAN_MANAGER",
  ),
  slots: num(navigator.hardwareConcurrency, "attempts run at once", "TITAN_SLOTS", {
    min: 1,
    max: 10_000,
    integer: true,
  }),
  "queue-depth": num(
    4,
    "assignments held beyond the slots, each started the moment a slot frees (0 = none)",
    "TITAN_QUEUE_DEPTH",
    { min: 0, max: 10_000, integer: true },
  ),
  port: port(8081, "HTTP port for /healthz (0 = off)", "TITAN_WORKER_PORT"),
  host: str("127.0.0.1", "address to bind the HTTP port to", "TITAN_WORKER_HOST"),
  "heartbeat-interval": num(10, "seconds between heartbeats", "TITAN_HEARTBEAT_INTERVAL", {
    min: 0.05,
    max: 600,
  }),
  "heartbeat-timeout": num(
    30,
    "seconds without the manager before running attempts are killed",
    "TITAN_HEARTBEAT_TIMEOUT",
    { min: 0.2, max: 3600 },
  ),
  "keep-running-when-partitioned": bool(
    "do not kill attempts when the manager is unreachable",
    "TITAN_KEEP_RUNNING_WHEN_PARTITIONED",
  ),
  "data-dir": str(
    "",
    "directory for the worker's own state (default ./.titan/worker-<id>)",
    "TITAN_WORKER_DATA_DIR",
  ),
  "work-dir": str(
    "",
    "working directory of jobs without cwd (default <data-dir>/work)",
    "TITAN_WORK_DIR",
  ),
  "output-cap": num(
    1024 * 1024,
    "bytes of each output stream kept per attempt",
    "TITAN_OUTPUT_CAP",
    { min: 0, max: MAX_STORED_OUTPUT_BYTES, integer: true },
  ),
  "kill-grace": num(5, "seconds between TERM and KILL", "TITAN_KILL_GRACE", { min: 0, max: 600 }),
  "drain-timeout": num(
    25,
    "seconds running attempts get to finish on SIGTERM",
    "TITAN_DRAIN_TIMEOUT",
    { min: 0, max: 86400 },
  ),
  // From a file only: an environment variable or a flag would be readable by jobs of the
  // worker's uid through /proc. The worker keeps the token in memory.
  "worker-token-file": str(
    "",
    "read the worker token from this file (not readable by others; jobs cannot read it)",
    "TITAN_WORKER_TOKEN_FILE",
  ),
  "insecure-shared-uid": bool(
    "run jobs under the worker's own uid although it holds a token (jobs could read it)",
    "TITAN_INSECURE_SHARED_UID",
  ),
  "tls-ca": clientSecurity["tls-ca"],
  "tls-cert": clientSecurity["tls-cert"],
  "tls-key": clientSecurity["tls-key"],
  "run-as": str(
    "",
    "run every job as this user (root: keep root); default for a root worker: --run-as-range",
    "TITAN_RUN_AS",
  ),
  "run-as-range": str(
    "61000-61999",
    "a root worker runs each attempt under a uid of its own from this range",
    "TITAN_RUN_AS_RANGE",
  ),
  isolation: str(
    "auto",
    "auto | cgroup | process-group: how attempts are confined and killed (auto: cgroup if possible)",
    "TITAN_ISOLATION",
  ),
  label: {
    ...str("", "a label KEY=VALUE (TITAN_LABELS: comma-separated)", "TITAN_LABELS"),
    repeatable: true,
  },
  cpus: num(
    0,
    "CPUs offered to jobs, e.g. 1.5 (0: the CPU count, or the cgroup's CPU limit when lower)",
    "TITAN_CPUS",
    { min: 0, max: 100_000 },
  ),
  memory: num(
    0,
    "MiB of memory offered to jobs (0: physical memory, or the cgroup's limit when lower)",
    "TITAN_MEMORY",
    { min: 0, max: 2 ** 32 - 1, integer: true },
  ),
  device: {
    ...str(
      "",
      "a countable device NAME=COUNT, e.g. gpu=2 (TITAN_DEVICES: comma-separated)",
      "TITAN_DEVICES",
    ),
    repeatable: true,
  },
  "log-level": str("info", "debug | info | warn | error", "TITAN_LOG_LEVEL"),
} satisfies Spec;

export const CLI_OPTIONS = {
  manager: str(
    "127.0.0.1:8080",
    "managers host:port[,host:port…]; calls go to the leader",
    "TITAN_MANAGER",
  ),
  ...clientSecurity,
  json: bool("print JSON instead of tables"),
  wait: bool("submit: wait for the job to end, print its output, exit with its code"),
  follow: { ...bool("logs: follow live output until the job ends"), short: "f" },
  state: str("", "list: only jobs in these states (comma-separated)"),
  limit: num(50, "list: jobs per page", undefined, { min: 1, max: 1000, integer: true }),
  "page-token": str("", "list: continue from this page token"),
  env: str("", "submit: KEY=VALUE pairs, comma-separated"),
  cwd: str("", "submit: absolute working directory"),
  timeout: num(0, "submit: seconds before the job is killed (0 = none)", undefined, {
    min: 0,
    integer: true,
  }),
  retries: num(0, "submit: retries after a failure", undefined, { min: 0, integer: true }),
  priority: num(0, "submit: higher runs first", undefined, { integer: true }),
  "idempotency-key": str("", "submit: the same key returns the same job"),
  after: str("", "submit: run after these jobs (ids, comma-separated) completed"),
  cron: str("", "schedule create: 5 fields, or 6 with seconds first ('*/5 * * * *')"),
  tz: str("", "schedule create: IANA time zone of the cron (default UTC)"),
  overlap: str("", "schedule create: skip (default) | allow | cancel-previous"),
  "catch-up": str("", "schedule create: run-once (default) | skip-missed"),
  file: str("", "submit: a YAML/JSON file of named jobs with depends_on, one call"),
  name: str("", "submit: a name for the job; list: only jobs of this name"),
  cpu: num(0, "submit: cores the job reserves (e.g. 0.5)", undefined, { min: 0, max: 1024 }),
  memory: num(0, "submit: MiB of memory the job reserves", undefined, { min: 0, integer: true }),
  device: {
    ...str("", "submit: a device the job reserves, NAME=COUNT (or several, comma-separated)"),
    repeatable: true,
  },
  selector: {
    ...str("", "submit: a label its worker must have, KEY=VALUE (or several, comma-separated)"),
    repeatable: true,
  },
  queue: str("", "submit: the job's queue (empty: default); list: only jobs of this queue"),
  "max-running": num(
    0,
    "queue set: how many of its jobs may run at once, fleet-wide (0 = no limit)",
    undefined,
    {
      min: 0,
      integer: true,
    },
  ),
  help: { ...bool("show help"), short: "h" },
} satisfies Spec;

/** Parse `args` against `spec`, then the environment, then defaults. */
export function parseConfig<S extends Spec>(
  spec: S,
  args: string[],
  env: Record<string, string | undefined> = Deno.env.toObject(),
  opts: { allowPositionals?: boolean } = {},
): { values: Values<S>; positionals: string[] } {
  const parseOptions: Record<
    string,
    { type: "string" | "boolean"; short?: string; multiple?: boolean }
  > = {};
  for (const [name, o] of Object.entries(spec)) {
    parseOptions[name] = { type: o.kind === "boolean" ? "boolean" : "string" };
    if (o.short) parseOptions[name].short = o.short;
    if (o.repeatable) parseOptions[name].multiple = true;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: parseOptions,
      allowPositionals: opts.allowPositionals ?? false,
      strict: true,
    });
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  const values: Record<string, unknown> = {};
  for (const [name, o] of Object.entries(spec)) {
    const given = (parsed.values as Record<string, unknown>)[name];
    const fromFlag = Array.isArray(given) ? given.join(",") : given;
    const fromEnv = o.env ? env[o.env] : undefined;
    const source = fromFlag !== undefined ? `--${name}` : `${o.env}`;
    const raw = fromFlag ?? (fromEnv === "" ? undefined : fromEnv);
    if (raw === undefined) {
      values[name] = o.default;
    } else if (o.kind === "boolean") {
      values[name] = raw === true || (typeof raw === "string" && /^(1|true|yes|on)$/i.test(raw));
    } else if (o.kind === "number") {
      values[name] = parseNumber(source, String(raw), o);
    } else {
      values[name] = String(raw);
    }
  }
  return { values: values as Values<S>, positionals: parsed.positionals };
}

function parseNumber(source: string, raw: string, o: OptionSpec): number {
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value)) {
    throw new ConfigError(`Invalid ${source}: expected a number, got "${raw}"`);
  }
  if (o.integer && !Number.isInteger(value)) {
    throw new ConfigError(`Invalid ${source}: expected an integer, got "${raw}"`);
  }
  if ((o.min !== undefined && value < o.min) || (o.max !== undefined && value > o.max)) {
    throw new ConfigError(
      `Invalid ${source}: ${value} is out of range [${o.min ?? "-∞"}, ${o.max ?? "∞"}]`,
    );
  }
  return value;
}

/** `--name value` help lines for a spec. */
export function helpText(spec: Spec): string {
  return Object.entries(spec).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ""}--${name}`;
    const def = o.kind === "boolean" ? "" : ` (default: ${JSON.stringify(o.default)})`;
    const again = o.repeatable ? " (repeatable)" : "";
    const env = o.env ? ` [${o.env}]` : "";
    return `  ${flag.padEnd(34)} ${o.help}${again}${def}${env}`;
  }).join("\n");
}

/** Read a secret from `value` or, when set, from `file` (trimmed), e.g. a mounted Secret. */
export function readSecret(value: string, file: string, flag: string): string {
  if (!file) return value;
  try {
    return Deno.readTextFileSync(file).trim();
  } catch (err) {
    throw new ConfigError(`Cannot read ${flag} "${file}": ${(err as Error).message}`);
  }
}

/** Split "host:port" (IPv6 in brackets) and check the port. */
export function parseAddress(value: string, flag: string): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(value);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port < 1 || port > 65535) {
    throw new ConfigError(`Invalid ${flag}: expected host:port, got "${value}"`);
  }
  return { host: m[1], port };
}

/** Parse "k=v,k2=v2" into a map. */
export function parsePairs(value: string, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of value.split(",").filter((p) => p.trim() !== "")) {
    const eq = part.indexOf("=");
    if (eq <= 0) throw new ConfigError(`Invalid ${flag}: expected KEY=VALUE, got "${part}"`);
    out[part.slice(0, eq).trim()] = part.slice(eq + 1);
  }
  return out;
}
