/**
 * `deno task dev`: a local Titan cluster in one terminal — one manager and N workers as child
 * processes of this one, each child's log lines prefixed with its name.
 *
 * Order: the manager first; the workers once its /readyz answers 200. On Ctrl-C (SIGINT),
 * SIGTERM or SIGHUP: SIGTERM to the workers (they drain), then to the manager, SIGKILL to
 * whatever outlives its grace period; exit 0. If a child dies on its own, say which and stop
 * the rest (exit 1). A second Ctrl-C kills everything at once.
 *
 * The children run detached (their own session), so a terminal's Ctrl-C reaches only this
 * process and the shutdown order above holds.
 */
import { ConfigError, helpText, parseConfig } from "../shared/config.ts";
import { grpc, managerClient, type ManagerServiceClient } from "../shared/proto.ts";

const n = (def: number, help: string, min: number, max: number) => ({
  kind: "number" as const,
  default: def,
  help,
  min,
  max,
  integer: true,
});

/** The flags of `deno task dev`. */
export const DEV_OPTIONS = {
  workers: n(2, "how many workers to start", 1, 64),
  slots: n(0, "slots per worker (0 = the worker's default: CPU count)", 0, 10_000),
  port: n(8080, "the manager's gRPC port", 1, 65535),
  "http-port": n(9090, "the manager's HTTP port (/readyz, /metrics)", 0, 65535),
  "worker-port": n(8081, "HTTP port of worker-1; worker-i gets worker-port + i - 1", 0, 65535),
  "data-dir": {
    kind: "string" as const,
    default: "./.titan",
    help: "data directory: <dir>/manager, <dir>/worker-<i>",
  },
  grace: n(35, "seconds workers get to drain on stop before SIGKILL", 0, 3600),
  help: { kind: "boolean" as const, default: false, help: "show help", short: "h" },
};

/** Seconds the manager gets to stop after the workers are gone. */
const MANAGER_GRACE_S = 10;
/** How long to wait for the manager's /readyz and for the workers to register. */
const READY_TIMEOUT_MS = 60_000;
const REGISTER_TIMEOUT_MS = 15_000;

const encoder = new TextEncoder();
const color = Deno.stdout.isTerminal() && !Deno.noColor;
const COLORS = [36, 33, 35, 32, 34, 31];

/** Write whole lines synchronously, so lines of different children never interleave. */
function writeLine(sink: typeof Deno.stdout, line: string) {
  let bytes = encoder.encode(line + "\n");
  try {
    while (bytes.length > 0) bytes = bytes.subarray(sink.writeSync(bytes));
  } catch {
    // Our terminal is gone: nothing to show the lines to.
  }
}

export interface Child {
  name: string;
  proc: Deno.ChildProcess;
  status: Promise<Deno.CommandStatus>;
  exited: boolean;
  /** Both output pipes drained. */
  drained: Promise<void>;
}

/** Runs the cluster: the children, their logs and the shutdown. */
export class Cluster {
  readonly children: Child[] = [];
  stopping = false;
  /** The child whose death stopped the cluster, if one did. */
  private culprit?: Child;
  private width = 8;
  private readonly done = Promise.withResolvers<number>();

  /** `grace`: seconds the workers get to drain before SIGKILL. */
  constructor(readonly grace = 35) {}

  /** Resolves with the exit code once every child is gone. */
  get finished(): Promise<number> {
    return this.done.promise;
  }

  /** Print a line of our own. */
  say(text: string) {
    for (const line of text.split("\n")) writeLine(Deno.stdout, this.prefix("dev", 0) + line);
  }

  private prefix(name: string, index: number): string {
    const label = `${name.padEnd(this.width)} | `;
    return color ? `\x1b[${COLORS[index % COLORS.length]}m${label}\x1b[0m` : label;
  }

  /** Start `deno run -A <script> <args>` as `name`. */
  spawn(name: string, script: string, args: string[]) {
    this.width = Math.max(this.width, name.length);
    const index = this.children.length + 1;
    const proc = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", script, ...args],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      detached: true,
    }).spawn();
    const prefix = this.prefix(name, index);
    const drained = Promise.all([
      pumpLines(proc.stdout, (l) => writeLine(Deno.stdout, prefix + l)),
      pumpLines(proc.stderr, (l) => writeLine(Deno.stderr, prefix + l)),
    ]).then(() => {});
    const child: Child = { name, proc, status: proc.status, exited: false, drained };
    this.children.push(child);
    child.status.then((s) => {
      child.exited = true;
      if (!this.stopping) {
        this.culprit = child;
        this.say(`${name} exited unexpectedly (${describeStatus(s)}); stopping the others`);
        this.stop(1);
      }
    });
  }

  /** Stop everything in order (workers, then the manager) and resolve `finished` with `code`. */
  async stop(code: number) {
    if (this.stopping) return;
    this.stopping = true;
    const workers = this.children.filter((c) => c.name !== "manager");
    const manager = this.children.filter((c) => c.name === "manager");
    if (workers.some((c) => !c.exited)) {
      this.say(`stopping ${workers.length} worker(s): SIGTERM, up to ${this.grace}s to drain`);
    }
    await this.terminate(workers, this.grace);
    await this.terminate(manager, MANAGER_GRACE_S);
    await Promise.all(this.children.map((c) => c.drained));
    // A clean stop is every child exiting 0 on its SIGTERM; anything else is worth a word.
    let clean = true;
    for (const c of this.children) {
      const s = await c.status;
      if (s.success) continue;
      clean = false;
      if (c !== this.culprit) this.say(`${c.name} ended with ${describeStatus(s)}`);
    }
    this.say(clean ? "stopped" : "stopped, not cleanly (see above)");
    this.done.resolve(clean ? code : Math.max(code, 1));
  }

  /** SIGTERM the children, wait up to `graceS`, then SIGKILL the ones still there. */
  private async terminate(children: Child[], graceS: number) {
    const alive = children.filter((c) => !c.exited);
    for (const c of alive) signal(c, "SIGTERM");
    const timer = Promise.withResolvers<void>();
    const id = setTimeout(timer.resolve, graceS * 1000);
    await Promise.race([Promise.all(alive.map((c) => c.status)), timer.promise]);
    clearTimeout(id);
    for (const c of alive.filter((c) => !c.exited)) {
      this.say(`${c.name} did not stop within ${graceS}s: SIGKILL`);
      signal(c, "SIGKILL");
    }
    await Promise.all(alive.map((c) => c.status));
  }

  /** Kill everything now (second Ctrl-C). */
  kill() {
    for (const c of this.children.filter((c) => !c.exited)) signal(c, "SIGKILL");
  }
}

function signal(c: Child, sig: Deno.Signal) {
  try {
    c.proc.kill(sig);
  } catch {
    // Already gone.
  }
}

function describeStatus(s: Deno.CommandStatus): string {
  return s.signal ? `signal ${s.signal}` : `exit code ${s.code}`;
}

/** Call `onLine` for every line of `stream` (the last one even without a newline). */
export async function pumpLines(
  stream: ReadableStream<Uint8Array>,
  onLine: (line: string) => void,
): Promise<void> {
  let buffered = "";
  try {
    for await (const text of stream.pipeThrough(new TextDecoderStream())) {
      buffered += text;
      let nl;
      while ((nl = buffered.indexOf("\n")) !== -1) {
        onLine(buffered.slice(0, nl).replace(/\r$/, ""));
        buffered = buffered.slice(nl + 1);
      }
    }
  } catch {
    // The pipe broke: the child is gone.
  }
  if (buffered) onLine(buffered);
}

/** Wait until `check` is true, polling; false if `give up` said so or the time ran out. */
async function waitFor(
  check: () => Promise<boolean>,
  timeoutMs: number,
  giveUp: () => boolean,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !giveUp()) {
    if (await check().catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

/** The manager answers 200 on /readyz (or, with the HTTP port off, accepts TCP on gRPC). */
function managerReady(port: number, httpPort: number): () => Promise<boolean> {
  if (httpPort === 0) {
    return async () => {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port });
      conn.close();
      return true;
    };
  }
  return async () => {
    const res = await fetch(`http://127.0.0.1:${httpPort}/readyz`, {
      signal: AbortSignal.timeout(1000),
    });
    await res.body?.cancel();
    return res.status === 200;
  };
}

/** All `names` are WORKER_STATE_HEALTHY in ListWorkers. */
function workersRegistered(
  client: ManagerServiceClient,
  names: string[],
): () => Promise<boolean> {
  const token = Deno.env.get("TITAN_TOKEN");
  return () =>
    new Promise((resolve) => {
      const md = new grpc.Metadata();
      if (token) md.set("authorization", `Bearer ${token}`);
      client.ListWorkers({}, md, { deadline: Date.now() + 1000 }, (err, res) => {
        if (err || !res) return resolve(false);
        const healthy = new Set(
          res.workers.filter((w) => w.state === "WORKER_STATE_HEALTHY").map((w) => w.workerId),
        );
        resolve(names.every((n) => healthy.has(n)));
      });
    });
}

/**
 * How the user runs Deno: `deno`, or the npx line that started us when Deno came from npm
 * (`npx -y deno@2.9.6 task dev` on a machine without Deno), so the hints can be pasted.
 */
export function denoCommand(env: Pick<typeof Deno.env, "get"> = Deno.env): string {
  return env.get("npm_command") === "exec" ? `npx -y deno@${Deno.version.deno}` : "deno";
}

/**
 * Tells a new Ctrl-C from the same one delivered again: a terminal signals the whole
 * foreground process group, and `deno task` (and npx) pass the signal on to us once more,
 * within milliseconds. Returns true for a signal that is news.
 */
export function signalDebouncer(windowMs = 500, now: () => number = Date.now) {
  const last = new Map<Deno.Signal, number>();
  return (signal: Deno.Signal): boolean => {
    const at = now();
    const previous = last.get(signal);
    last.set(signal, at);
    return previous === undefined || at - previous > windowMs;
  };
}

/** What to type next, once the cluster is up; `deno` is how the user runs Deno. */
export function banner(
  port: number,
  httpPort: number,
  workers: string[],
  deno = "deno",
): string {
  const address = `127.0.0.1:${port}`;
  const titan = port === 8080
    ? `${deno} task titan`
    : `TITAN_MANAGER=${address} ${deno} task titan`;
  const body = `'{"command":"echo Hello from Titan"}'`;
  return [
    `Titan is up: manager on ${address}` +
    (httpPort ? ` (http://127.0.0.1:${httpPort}/metrics)` : "") +
    `, workers ${workers.join(", ")}.`,
    "",
    "Submit a job and wait for its output:",
    `  ${titan} submit --wait -- echo hello`,
    `  ${titan} list`,
    `  ${titan} workers`,
    "With grpcurl or buf curl (server reflection, no .proto needed):",
    `  grpcurl -plaintext -d ${body} ${address} titan.ManagerService/SubmitJob`,
    `  buf curl --protocol grpc --http2-prior-knowledge -d ${body} ` +
    `http://${address}/titan.ManagerService/SubmitJob`,
    "",
    "Ctrl-C stops the workers (they drain), then the manager.",
  ].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseConfig(DEV_OPTIONS, argv));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`error: ${err.message}\nusage: deno task dev [flags]   (--help for the flags)`);
    return 2;
  }
  if (values.help) {
    console.log(
      `deno task dev — a local Titan cluster: one manager and N workers\n\n` +
        `usage: deno task dev [flags]\n\nFlags:\n${helpText(DEV_OPTIONS)}`,
    );
    return 0;
  }

  const root = new URL("../", import.meta.url);
  const script = (path: string) => new URL(path, root).pathname;
  const dataDir = values["data-dir"].replace(/\/+$/, "");
  const cluster = new Cluster(values.grace);

  const isNew = signalDebouncer();
  const onSignal = (sig: Deno.Signal) => () => {
    if (!isNew(sig)) return;
    if (cluster.stopping) {
      if (sig === "SIGINT") {
        cluster.say("second Ctrl-C: killing everything");
        cluster.kill();
      }
      return;
    }
    writeLine(Deno.stdout, "");
    cluster.say(`${sig}: stopping the cluster`);
    cluster.stop(0);
  };
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM", "SIGHUP"];
  const listeners = signals.map((s) => [s, onSignal(s)] as const);
  for (const [s, l] of listeners) Deno.addSignalListener(s, l);

  try {
    cluster.say(`starting the manager (gRPC ${values.port}, HTTP ${values["http-port"] || "off"})`);
    cluster.spawn("manager", script("manager/main.ts"), [
      "--data-dir",
      `${dataDir}/manager`,
      "--port",
      String(values.port),
      "--http-port",
      String(values["http-port"]),
    ]);
    const ready = await waitFor(
      managerReady(values.port, values["http-port"]),
      READY_TIMEOUT_MS,
      () => cluster.stopping,
    );
    if (!ready) {
      if (!cluster.stopping) {
        cluster.say(`the manager was not ready within ${READY_TIMEOUT_MS / 1000}s; stopping`);
        cluster.stop(1);
      }
      return await cluster.finished;
    }

    const names: string[] = [];
    for (let i = 1; i <= values.workers; i++) {
      const name = `worker-${i}`;
      names.push(name);
      const args = [
        "--id",
        name,
        "--port",
        String(values["worker-port"] ? values["worker-port"] + i - 1 : 0),
        "--data-dir",
        `${dataDir}/${name}`,
        "--manager",
        `127.0.0.1:${values.port}`,
      ];
      if (values.slots > 0) args.push("--slots", String(values.slots));
      cluster.spawn(name, script("worker/main.ts"), args);
    }
    const client = managerClient(`127.0.0.1:${values.port}`);
    const registered = await waitFor(
      workersRegistered(client, names),
      REGISTER_TIMEOUT_MS,
      () => cluster.stopping,
    );
    client.close();
    if (!cluster.stopping) {
      if (!registered) {
        cluster.say(`not all workers registered within ${REGISTER_TIMEOUT_MS / 1000}s (see above)`);
      }
      cluster.say(banner(values.port, values["http-port"], names, denoCommand()));
    }
    return await cluster.finished;
  } catch (err) {
    cluster.say(`error: ${(err as Error).message}; stopping`);
    cluster.stop(1);
    return await cluster.finished;
  } finally {
    for (const [s, l] of listeners) Deno.removeSignalListener(s, l);
  }
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
