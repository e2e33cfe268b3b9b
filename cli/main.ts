/**
 * `titan`: the command-line client of the manager's client API (titan.ManagerService).
 *
 *   deno task titan submit --wait -- echo hello
 *   deno task titan list --state RUNNING
 *
 * Exit codes: 0 success; 1 an error (a gRPC status, printed as `error: <STATUS>: <details>`
 * on stderr); 2 bad usage. `submit --wait` ends with the job's own code (see cli/args.ts).
 */
import { CLI_OPTIONS, ConfigError, parsePairs, readSecret } from "../shared/config.ts";
import { clientCredentials } from "../shared/tls.ts";
import { isTerminal, parseState } from "../shared/model.ts";
import { callLeader, ManagerList } from "../shared/leader_discovery.ts";
import {
  grpc,
  type JobEvent__Output,
  type JobSpec,
  type JobStatus__Output,
  managerClient,
  type ManagerServiceClient,
  type Schedule__Output,
} from "../shared/proto.ts";
import {
  helpFor,
  type Invocation,
  joinCommand,
  parseInvocation,
  parseStates,
  UsageError,
  usageLine,
} from "./args.ts";
import {
  formatDependencyTree,
  formatJobsTable,
  formatQueuesTable,
  formatSchedulesTable,
  formatStatusBlock,
  formatTable,
  formatWorkersTable,
  jobExitCode,
  type TreeNode,
  workerStateName,
} from "./format.ts";
import { toJson } from "./json.ts";
import { parseWorkflow } from "./workflow_file.ts";

/** Deadline of every unary call: a black-holed manager must not hang the CLI forever. */
const CALL_TIMEOUT_MS = 30_000;

const encoder = new TextEncoder();

/** Write all of `data` to a stream (writes may be partial). */
async function writeAll(w: { write(p: Uint8Array): Promise<number> }, data: Uint8Array) {
  while (data.length > 0) data = data.subarray(await w.write(data));
}

const out = (text: string) =>
  writeAll(Deno.stdout, encoder.encode(text.endsWith("\n") ? text : text + "\n"));
const err = (text: string) =>
  writeAll(Deno.stderr, encoder.encode(text.endsWith("\n") ? text : text + "\n"));

/**
 * The managers: one client per address (made when first used), per-call metadata, and the
 * list that says which one leads (see shared/leader_discovery.ts).
 */
interface Conn {
  managers: ManagerList;
  clientAt: (address: string) => ManagerServiceClient;
  metadata: () => grpc.Metadata;
  close: () => void;
}

function connect(values: Invocation["values"]): Conn {
  const token = readSecret(values.token, values["token-file"], "--token-file");
  const tls = { ca: values["tls-ca"], cert: values["tls-cert"], key: values["tls-key"] };
  const managers = new ManagerList(values.manager);
  const clients = new Map<string, ManagerServiceClient>();
  return {
    managers,
    clientAt: (address) => {
      let client = clients.get(address);
      if (!client) {
        // Credentials per address: the server certificate is checked against its host.
        client = managerClient(address, clientCredentials(tls, address));
        clients.set(address, client);
      }
      return client;
    },
    metadata: () => {
      const md = new grpc.Metadata();
      if (token) md.set("authorization", `Bearer ${token}`);
      return md;
    },
    close: () => {
      for (const client of clients.values()) client.close();
    },
  };
}

type Method =
  | "SubmitJob"
  | "SubmitJobs"
  | "GetJobStatus"
  | "ListJobs"
  | "CancelJob"
  | "ListWorkers"
  | "DrainWorker"
  | "ListQueues"
  | "UpdateQueue"
  | "CreateSchedule"
  | "GetSchedule"
  | "ListSchedules"
  | "UpdateSchedule"
  | "DeleteSchedule"
  | "TriggerSchedule";
/** The request and response types of a unary method (from its last overload, `(req, cb)`). */
type ReqOf<M extends Method> = Parameters<ManagerServiceClient[M]>[0];
type ResOf<M extends Method> = ManagerServiceClient[M] extends (
  req: never,
  cb: grpc.requestCallback<infer R>,
) => unknown ? R
  : never;
type AnyUnary = (
  req: unknown,
  md: grpc.Metadata,
  opts: grpc.CallOptions,
  cb: (e: grpc.ServiceError | null, res?: unknown) => void,
) => grpc.ClientUnaryCall;

/**
 * Call a unary method at the leader, with the metadata and the deadline, as a promise. Reads
 * and idempotent writes try the next manager after any UNAVAILABLE; a submit without an
 * idempotency key only when it certainly was not carried out (it could be made twice).
 */
function unary<M extends Method>(conn: Conn, method: M, req: ReqOf<M>): Promise<ResOf<M>> {
  const repeatable = (method !== "SubmitJob" && method !== "SubmitJobs") ||
    Boolean((req as { idempotencyKey?: string }).idempotencyKey);
  return callLeader(conn.managers, (address) =>
    new Promise((resolve, reject) => {
      const client = conn.clientAt(address);
      (client[method] as unknown as AnyUnary).call(
        client,
        req,
        conn.metadata(),
        { deadline: Date.now() + CALL_TIMEOUT_MS },
        (e, res) => (e ? reject(e) : resolve(res as ResOf<M>)),
      );
    }), repeatable);
}

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/** The job the flags of submit (and schedule create) describe. */
function specFromFlags(inv: Invocation, command: string): JobSpec {
  const v = inv.values;
  return {
    command,
    env: parsePairs(v.env, "--env"),
    cwd: v.cwd,
    timeoutSeconds: v.timeout,
    maxRetries: v.retries,
    priority: v.priority,
    idempotencyKey: v["idempotency-key"] ?? "",
    resources: {
      cpuMillis: Math.round(v.cpu * 1000),
      memoryMb: v.memory,
      devices: parseDevices(v.device),
    },
    selector: parsePairs(v.selector, "--selector"),
    queue: v.queue,
    name: v.name,
    dependsOn: v.after.split(",").map((s) => s.trim()).filter(Boolean),
  };
}

async function submit(conn: Conn, inv: Invocation): Promise<number> {
  const v = inv.values;
  if (v.file) return submitWorkflow(conn, inv);
  const spec = specFromFlags(inv, joinCommand(inv.rest.length ? inv.rest : inv.args));
  const res = await unary(conn, "SubmitJob", spec);
  if (v.json && !v.wait) {
    await out(toJson(res));
  } else if (v.wait) {
    await err(`${res.jobId}${res.deduplicated ? " (existing job, same idempotency key)" : ""}`);
  } else {
    await out(res.jobId);
    if (res.deduplicated) {
      await err("note: an existing job had this idempotency key: nothing was created");
    }
  }
  if (!v.wait) return 0;
  const final = await follow(conn, res.jobId);
  if (v.json) await out(toJson(withoutOutput(final)));
  return jobExitCode(final);
}

/** `--device gpu=1,fpga=2` as counts. */
function parseDevices(value: string): Record<string, number> {
  const devices: Record<string, number> = {};
  for (const [name, count] of Object.entries(parsePairs(value, "--device"))) {
    if (!/^\d+$/.test(count)) {
      throw new UsageError(
        `invalid --device ${name}=${count}: the count must be a whole number`,
        "submit",
      );
    }
    devices[name] = Number(count);
  }
  return devices;
}

/** `submit --file`: the file's jobs in one SubmitJobs call; prints "<id>  <name>" per job. */
async function submitWorkflow(conn: Conn, inv: Invocation): Promise<number> {
  const path = inv.values.file;
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    throw new UsageError(`cannot read --file ${path}: ${(e as Error).message}`, "submit");
  }
  const jobs = parseWorkflow(text, path);
  const res = await unary(conn, "SubmitJobs", { jobs });
  if (inv.values.json) {
    await out(toJson(res));
    return 0;
  }
  await out(formatTable(
    ["ID", "NAME", "STATE"],
    res.jobs.map((r, i) => [r.jobId, jobs[i].name || "-", String(r.state)]),
  ));
  return 0;
}

function withoutOutput(job: JobStatus__Output): Partial<JobStatus__Output> {
  const { stdout: _o, stderr: _e, ...rest } = job;
  return rest;
}

/** How long a watch may stay open after a terminal status before we close it ourselves. */
const END_GRACE_MS = 2000;
/** How long `follow` keeps trying to get the manager back after losing it. */
const RECONNECT_WINDOW_MS = 60_000;
const RECONNECT_DELAYS_MS = [250, 500, 1000, 2000, 4000];
/** Watch failures that mean "the manager went away", not "the request is wrong". */
const RESUMABLE: readonly grpc.status[] = [grpc.status.UNAVAILABLE, grpc.status.CANCELLED];

/**
 * Follow a job with WatchJob(from_start) until it ends, writing its output to our stdout and
 * stderr as it comes, and return its final status. What we rely on from the manager: the
 * first event is the job's current status; then the output of the current attempt captured
 * so far (the stored copy if the job already ended); then live output and status events;
 * the stream ends after a terminal status.
 *
 * If the manager goes away (restart), the watch is opened again for up to a minute; the
 * replay of output already printed is skipped by counting bytes per attempt and stream.
 */
async function follow(conn: Conn, jobId: string): Promise<JobStatus__Output> {
  const printed = new Map<string, number>();
  let first: JobStatus__Output | undefined;
  let last: JobStatus__Output | undefined;
  const onInterrupt = () => {
    Deno.stderr.writeSync(encoder.encode(
      `\ntitan: stopped following; job ${jobId} goes on (titan cancel ${jobId} stops it)\n`,
    ));
    Deno.exit(130);
  };
  Deno.addSignalListener("SIGINT", onInterrupt);
  try {
    let lostSince: number | undefined;
    let unreachedLeft = conn.managers.addresses.length - 1;
    let hintsLeft = conn.managers.addresses.length + 1;
    for (let tries = 0;; tries++) {
      const received = new Map<string, number>();
      let endTimer: ReturnType<typeof setTimeout> | undefined;
      const address = conn.managers.current;
      const call = conn.clientAt(address).WatchJob({ jobId, fromStart: true }, conn.metadata());
      let failure: grpc.ServiceError | undefined;
      // The first event comes at once; without it the call is stuck, not waiting for output.
      let silent = false;
      let firstTimer: ReturnType<typeof setTimeout> | undefined = setTimeout(() => {
        silent = true;
        call.cancel();
      }, CALL_TIMEOUT_MS);
      try {
        for await (const event of call as AsyncIterable<JobEvent__Output>) {
          clearTimeout(firstTimer);
          firstTimer = undefined;
          conn.managers.succeeded(address);
          if (lostSince !== undefined) {
            await err(`titan: reconnected to the manager at ${address}`);
            lostSince = undefined;
            tries = 0;
          }
          if (event.status) {
            const status = event.status;
            if (last && last.attempt > 0 && status.attempt > last.attempt) {
              await err(
                `titan: attempt ${last.attempt} ended (${last.error || last.state}); ` +
                  `retrying as attempt ${status.attempt}`,
              );
            }
            first ??= status;
            last = status;
            if (ended(status) && endTimer === undefined) {
              endTimer = setTimeout(() => call.cancel(), END_GRACE_MS);
            }
          } else if (event.output) {
            const { attempt, stream, data } = event.output;
            const key = `${attempt}:${stream}`;
            const before = received.get(key) ?? 0;
            received.set(key, before + data.length);
            const skip = Math.max(0, (printed.get(key) ?? 0) - before);
            if (skip >= data.length) continue;
            printed.set(key, before + data.length);
            const sink = stream === "OUTPUT_STREAM_STDERR" ? Deno.stderr : Deno.stdout;
            await writeAll(sink, data.subarray(skip));
          }
        }
      } catch (e) {
        if (!isServiceError(e)) throw e;
        if (silent) {
          throw Object.assign(new Error("no answer to WatchJob"), {
            code: grpc.status.DEADLINE_EXCEEDED,
            details: "no answer to WatchJob",
            metadata: new grpc.Metadata(),
          });
        }
        if (!(ended(last) && e.code === grpc.status.CANCELLED)) failure = e;
      } finally {
        clearTimeout(endTimer);
        clearTimeout(firstTimer);
      }
      if (ended(last)) break;
      if (!failure) {
        // The stream ended without a terminal status: ask how the job stands.
        try {
          const now = await unary(conn, "GetJobStatus", { jobId });
          if (ended(now)) {
            last = now;
            break;
          }
        } catch (e) {
          if (!isServiceError(e)) throw e;
          failure = e;
        }
      }
      // Lost the manager, or the stream ended early: try again while it may come back.
      // (A manager shutting down cancels open calls: CANCELLED we did not ask for counts too.)
      if (failure && !RESUMABLE.includes(failure.code)) throw failure;
      // A standby named the leader, or this manager is gone: the next try goes elsewhere.
      const hinted = failure !== undefined && conn.managers.failed(address, failure);
      if (failure && first === undefined) {
        // Never reached it: nothing to resume, but the other managers of the list may lead.
        if (hinted ? hintsLeft-- <= 0 : unreachedLeft-- <= 0) throw failure;
        continue;
      }
      lostSince ??= Date.now();
      if (tries === 0) {
        await err(
          `titan: lost the watch of job ${jobId} (${
            failure ? failure.details : "stream ended"
          }); reconnecting…`,
        );
      }
      if (Date.now() - lostSince > RECONNECT_WINDOW_MS) {
        if (failure) throw failure;
        throw new WatchEndedError(jobId, last?.state ?? "unknown");
      }
      if (hinted) continue;
      await new Promise((r) =>
        setTimeout(r, RECONNECT_DELAYS_MS[Math.min(tries, RECONNECT_DELAYS_MS.length - 1)])
      );
    }
  } finally {
    Deno.removeSignalListener("SIGINT", onInterrupt);
  }
  // Already over when we came: what was replayed is the stored copy, maybe cut.
  if (first && ended(first)) await truncationNotes(last!);
  return last!;
}

function ended(job: JobStatus__Output | undefined): boolean {
  const state = parseState(job?.state);
  return state !== undefined && isTerminal(state);
}

class WatchEndedError extends Error {
  constructor(jobId: string, state: string) {
    super(
      `the watch of job ${jobId} ended while it is ${state}; try again with titan logs -f ${jobId}`,
    );
  }
}

/** Print a job's stored output (stdout to stdout, stderr to stderr) and say what was cut. */
async function printStored(conn: Conn, jobId: string): Promise<JobStatus__Output> {
  // The exact bytes: the string forms replace what is not valid UTF-8.
  const job = await unary(conn, "GetJobStatus", { jobId, includeRawOutput: true });
  await writeAll(Deno.stdout, exactBytes(job.stdoutRaw, job.stdout));
  await writeAll(Deno.stderr, exactBytes(job.stderrRaw, job.stderr));
  await truncationNotes(job);
  return job;
}

/** The raw bytes; the string where a manager that predates them sent none. */
function exactBytes(raw: Uint8Array | undefined, text: string): Uint8Array {
  return raw && (raw.length > 0 || text === "") ? raw : encoder.encode(text);
}

async function truncationNotes(job: JobStatus__Output) {
  if (job.stdoutTruncated) {
    await err(`titan: stdout truncated: ${job.stdoutBytes} bytes written, the first ones kept`);
  }
  if (job.stderrTruncated) {
    await err(`titan: stderr truncated: ${job.stderrBytes} bytes written, the first ones kept`);
  }
}

async function status(conn: Conn, inv: Invocation): Promise<number> {
  const job = await unary(conn, "GetJobStatus", { jobId: inv.args[0] });
  if (inv.values.json) {
    await out(toJson(job));
    return 0;
  }
  await out(formatStatusBlock(job, Date.now()));
  if (job.dependencies.length) await out(await dependencyTree(conn, job));
  for (const [name, text] of [["stdout", job.stdout], ["stderr", job.stderr]]) {
    if (!text) continue;
    await out(`\n--- ${name} ---`);
    await out(text);
  }
  if (job.stdoutLossy || job.stderrLossy) {
    await err(
      `titan: the output is not valid UTF-8; titan logs ${job.jobId} prints its exact bytes`,
    );
  }
  return 0;
}

/** The most jobs `titan status` shows in a dependency tree (a fan-in may have 10,000). */
const TREE_MAX_NODES = 50;

/**
 * The dependency tree under a job, breadth first: one GetJobStatus per job shown (at most
 * TREE_MAX_NODES; a dependency seen twice, as in a diamond, is shown once with its subtree).
 */
async function dependencyTree(conn: Conn, root: JobStatus__Output): Promise<string> {
  const nodes = new Map<string, TreeNode>();
  const queue: TreeNode[] = [];
  const childrenOf = (job: JobStatus__Output) =>
    job.dependencies.map((d) => {
      let node = nodes.get(d.jobId);
      if (!node) {
        node = { id: d.jobId, name: d.name, state: String(d.state), children: [] };
        nodes.set(d.jobId, node);
        queue.push(node);
      }
      return node;
    });
  const top: TreeNode = {
    id: root.jobId,
    name: root.name,
    state: String(root.state),
    children: childrenOf(root),
  };
  let fetched = 0;
  while (queue.length && fetched < TREE_MAX_NODES) {
    const node = queue.shift()!;
    fetched++;
    if (node.state === "JOB_STATE_UNSPECIFIED") continue; // garbage-collected
    const job = await unary(conn, "GetJobStatus", { jobId: node.id });
    node.children = childrenOf(job);
    node.policy = job.dependencyPolicy;
  }
  top.policy = root.dependencyPolicy;
  return `\nDependencies:\n${formatDependencyTree(top, nodes.size - fetched)}`;
}

async function list(conn: Conn, inv: Invocation): Promise<number> {
  const v = inv.values;
  const res = await unary(conn, "ListJobs", {
    states: parseStates(v.state),
    name: v.name,
    pageSize: v.limit,
    pageToken: v["page-token"],
    queue: v.queue,
  });
  if (v.json) {
    await out(toJson(res));
    return 0;
  }
  if (res.jobs.length === 0) {
    await err(v.state ? `No jobs in state ${v.state.toUpperCase()}.` : "No jobs.");
  } else {
    await out(formatJobsTable(res.jobs, Date.now()));
  }
  if (res.nextPageToken) {
    const again = [
      "titan list",
      v.state ? `--state ${v.state}` : "",
      v.queue ? `--queue ${v.queue}` : "",
      v.limit !== CLI_OPTIONS.limit.default ? `--limit ${v.limit}` : "",
      `--page-token ${res.nextPageToken}`,
    ].filter(Boolean).join(" ");
    await err(`More jobs: ${again}`);
  }
  return 0;
}

async function logs(conn: Conn, inv: Invocation): Promise<number> {
  const jobId = inv.args[0];
  if (inv.values.follow) {
    await follow(conn, jobId);
  } else {
    await printStored(conn, jobId);
  }
  return 0;
}

async function cancel(conn: Conn, inv: Invocation): Promise<number> {
  const res = await unary(conn, "CancelJob", { jobId: inv.args[0] });
  if (inv.values.json) await out(toJson(res));
  else if (res.state === "CANCELLED") await out(`${res.jobId} CANCELLED`);
  else await out(`${res.jobId} ${res.state}: cancelling (its process is being killed)`);
  return 0;
}

async function workers(conn: Conn, inv: Invocation): Promise<number> {
  const res = await unary(conn, "ListWorkers", {});
  if (inv.values.json) await out(toJson(res));
  else if (res.workers.length === 0) await err("No workers.");
  else await out(formatWorkersTable(res.workers, Date.now()));
  return 0;
}

async function queues(conn: Conn, inv: Invocation): Promise<number> {
  const res = await unary(conn, "ListQueues", {});
  if (inv.values.json) await out(toJson(res));
  else await out(formatQueuesTable(res.queues));
  return 0;
}

async function queue(conn: Conn, inv: Invocation): Promise<number> {
  const [action, name] = inv.args;
  const change = action === "set"
    ? { maxRunning: inv.values["max-running"] }
    : { paused: action === "pause" };
  const res = await unary(conn, "UpdateQueue", { name, ...change });
  if (inv.values.json) await out(toJson(res));
  else await out(formatQueuesTable([res]));
  return 0;
}

async function drain(conn: Conn, inv: Invocation): Promise<number> {
  const res = await unary(conn, "DrainWorker", { workerId: inv.args[0] });
  if (inv.values.json) await out(toJson(res));
  else await out(`${res.workerId} ${workerStateName(res.state)}`);
  return 0;
}

const OVERLAP: Record<string, string> = {
  skip: "OVERLAP_POLICY_SKIP",
  allow: "OVERLAP_POLICY_ALLOW",
  "cancel-previous": "OVERLAP_POLICY_CANCEL_PREVIOUS",
};
const CATCH_UP: Record<string, string> = {
  "run-once": "CATCH_UP_POLICY_RUN_ONCE",
  "skip-missed": "CATCH_UP_POLICY_SKIP_MISSED",
};

/** A flag's value among `choices` ("" = the server's default). */
function choice(value: string, choices: Record<string, string>, flag: string): string | undefined {
  if (value === "") return undefined;
  const chosen = choices[value.toLowerCase()];
  if (!chosen) {
    throw new UsageError(
      `invalid --${flag} "${value}": expected ${Object.keys(choices).join(" | ")}`,
      "schedule",
    );
  }
  return chosen;
}

async function schedules(conn: Conn, inv: Invocation): Promise<number> {
  const res = await unary(conn, "ListSchedules", {});
  if (inv.values.json) await out(toJson(res));
  else if (res.schedules.length === 0) await err("No schedules.");
  else await out(formatSchedulesTable(res.schedules, Date.now()));
  return 0;
}

async function schedule(conn: Conn, inv: Invocation): Promise<number> {
  const [action, name] = inv.args;
  const v = inv.values;
  let res: unknown;
  switch (action) {
    case "create":
      res = await unary(conn, "CreateSchedule", {
        name,
        cron: v.cron,
        timezone: v.tz,
        job: specFromFlags(inv, joinCommand(inv.rest)),
        overlapPolicy: choice(v.overlap, OVERLAP, "overlap") as "OVERLAP_POLICY_SKIP",
        catchUpPolicy: choice(v["catch-up"], CATCH_UP, "catch-up") as "CATCH_UP_POLICY_RUN_ONCE",
      });
      break;
    case "show":
      res = await unary(conn, "GetSchedule", { name });
      break;
    case "pause":
    case "resume":
      res = await unary(conn, "UpdateSchedule", { name, paused: action === "pause" });
      break;
    case "delete":
      await unary(conn, "DeleteSchedule", { name });
      if (v.json) await out(toJson({ name }));
      else await out(`${name} deleted`);
      return 0;
    case "trigger": {
      const fired = await unary(conn, "TriggerSchedule", { name });
      if (v.json) await out(toJson(fired));
      else await out(fired.jobId);
      return 0;
    }
  }
  if (v.json) await out(toJson(res));
  else await out(formatSchedulesTable([res as Schedule__Output], Date.now()));
  return 0;
}

const HANDLERS: Record<
  Exclude<Invocation["command"], "help">,
  (conn: Conn, inv: Invocation) => Promise<number>
> = { submit, status, list, logs, cancel, workers, queues, queue, schedules, schedule, drain };

// ---------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------

/** The message for a gRPC error, with a hint for the ones a user can fix. */
export function describeGrpcError(e: grpc.ServiceError, address: string): string {
  const name = grpc.status[e.code] ?? `CODE_${e.code}`;
  const details = (e.details || e.message).replace(/[.\s]*Resolution note:\s*$/, "");
  switch (e.code) {
    case grpc.status.UNAVAILABLE:
      return `error: UNAVAILABLE: the manager at ${address} is unreachable (${details})\n` +
        "Start one with `deno task manager` (or a local cluster: `deno task dev`), " +
        "or point --manager / TITAN_MANAGER at a running one.";
    case grpc.status.UNAUTHENTICATED:
      return `error: UNAUTHENTICATED: ${details}\n` +
        "Pass the client token with --token, --token-file or TITAN_TOKEN.";
    case grpc.status.DEADLINE_EXCEEDED:
      return `error: DEADLINE_EXCEEDED: the manager at ${address} did not answer within ` +
        `${CALL_TIMEOUT_MS / 1000}s (${details})`;
    default:
      return `error: ${name}: ${details}`;
  }
}

function isServiceError(e: unknown): e is grpc.ServiceError {
  return typeof e === "object" && e !== null && typeof (e as grpc.ServiceError).code === "number" &&
    "details" in e;
}

/** Run the CLI; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  let inv: Invocation;
  try {
    inv = parseInvocation(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    await err(`error: ${e.message}\n${usageLine(e.command)}`);
    return 2;
  }
  if (inv.command === "help") {
    await out(helpFor(inv.args[0] as Invocation["command"] | undefined));
    return 0;
  }
  let conn: Conn | undefined;
  try {
    conn = connect(inv.values);
    return await HANDLERS[inv.command](conn, inv);
  } catch (e) {
    if (e instanceof UsageError) {
      await err(`error: ${e.message}\n${usageLine(e.command ?? inv.command)}`);
      return 2;
    }
    if (e instanceof ConfigError) {
      await err(`error: ${e.message}\n${usageLine(inv.command)}`);
      return 2;
    }
    if (e instanceof Deno.errors.BrokenPipe) return 0;
    if (isServiceError(e)) {
      await err(describeGrpcError(e, inv.values.manager));
      return 1;
    }
    if (e instanceof WatchEndedError) {
      await err(`error: ${e.message}`);
      return 1;
    }
    throw e;
  } finally {
    conn?.close();
  }
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
