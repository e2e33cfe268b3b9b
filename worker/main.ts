/**
 * The worker entrypoint (`deno task worker`): parse the configuration, clean up what a
 * previous life left running, serve /healthz, connect to the manager and run attempts
 * until SIGTERM/SIGINT (or a Drain order), then drain and exit 0.
 *
 * Exit codes: 0 after a drain, 2 for a configuration error (bad flag, port in use), 3 when the
 * manager keeps refusing the --id as held by another live worker.
 */
import { join, resolve } from "node:path";
import {
  ConfigError,
  helpText,
  parseConfig,
  parsePairs,
  WORKER_OPTIONS,
} from "../shared/config.ts";
import { createLogger, type Level, setLogLevel } from "../shared/log.ts";
import { clientCredentials } from "../shared/tls.ts";
import { parseManagerList } from "../shared/leader_discovery.ts";
import { Agent } from "./agent.ts";
import { lockDataDir, prepareDataDir } from "./data_dir.ts";
import { checkTokenIsolation, readWorkerToken } from "./credentials.ts";
import { HttpBindError, startHealthServer } from "./http.ts";
import { jobUsers } from "./identity.ts";
import { Executor } from "./executor.ts";
import { findLaunchTools } from "./launch_plan.ts";
import { chooseIsolation } from "./isolation/choose.ts";
import { closedToOthers } from "./isolation/work_dir.ts";
import { currentLayout } from "./isolation/cgroup_layout.ts";
import { capacity } from "./capacity.ts";

/** Reported to the manager in Register. */
export const VERSION = "0.1.0";

const USAGE = `Usage: deno task worker [options]

Runs jobs for a Titan manager. Every option can also be set by the environment variable
shown in brackets; flags win.

${helpText(WORKER_OPTIONS)}
  -h, --help                         show this help`;

/** Exit code when the manager keeps refusing our id: another live worker has it. */
export const EXIT_ID_IN_USE = 3;

function fail(message: string): never {
  console.error(`titan-worker: ${message}`);
  Deno.exit(2);
}

async function main(args: string[]): Promise<void> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    return;
  }
  const { values: cfg } = parseConfig(WORKER_OPTIONS, args);
  if (!["debug", "info", "warn", "error"].includes(cfg["log-level"])) {
    throw new ConfigError(
      `Invalid --log-level: expected debug | info | warn | error, got "${cfg["log-level"]}"`,
    );
  }
  setLogLevel(cfg["log-level"] as Level);
  if (!cfg.id.trim()) throw new ConfigError("Invalid --id: must not be empty");
  const labels = parsePairs(cfg.label, "--label");
  const token = readWorkerToken(cfg["worker-token-file"]);
  const managers = parseManagerList(cfg.manager, "--manager");
  const tls = { ca: cfg["tls-ca"], cert: cfg["tls-cert"], key: cfg["tls-key"] };
  // Per address (the certificate is checked against its host); made once now to fail early.
  if (tls.ca) clientCredentials(tls, managers[0]);
  const credentials = tls.ca ? (address: string) => clientCredentials(tls, address) : undefined;

  // The id may come from a hostname or a flag: keep it from steering the path.
  const dataDir = resolve(cfg["data-dir"] || `./.titan/worker-${cfg.id.replace(/[^\w.-]/g, "_")}`);
  const workDir = resolve(cfg["work-dir"] || join(dataDir, "work"));

  // Jobs never run as root unless told so: a root worker gives each attempt a uid of its
  // own from --run-as-range, or runs them all as --run-as.
  const users = jobUsers(cfg["run-as"], cfg["run-as-range"], Deno.uid(), readPasswd());
  const jobsShareOurUid = !users.perAttempt && users.user === undefined;
  checkTokenIsolation(token, jobsShareOurUid, cfg["insecure-shared-uid"], Deno.uid());
  prepareDataDir(dataDir, workDir, !jobsShareOurUid);
  // Held until the process exits: nobody else may take our attempts for leftovers.
  await lockDataDir(dataDir);
  if (users.perAttempt) {
    // Each attempt's uid must reach its own dir under this one, without listing it.
    Deno.chmodSync(workDir, 0o711);
  } else if (users.user) {
    Deno.chownSync(workDir, users.user.uid, users.user.gid);
  }
  const log = createLogger("worker", { workerId: cfg.id });
  const closed = users.perAttempt ? closedToOthers(workDir) : "";
  if (closed) {
    log.warn("the work dir is out of reach of the jobs' uids: their HOME will not resolve", {
      workDir,
      closed,
      fix: "give --work-dir a path every user may pass through (o+x on each directory)",
    });
  }

  const layout = currentLayout();
  const offered = capacity(cfg, layout);
  const isolation = chooseIsolation({
    layout,
    wanted: cfg.isolation,
    workerId: cfg.id,
    dataDir,
    workDir,
    users,
    log,
  });
  log[isolation.mode === "cgroup" ? "info" : "warn"](`isolation: ${isolation.mode}`, {
    detail: isolation.detail,
    users: users.description,
  });
  // Before registering: a previous life of this worker may have left attempts running; the
  // manager will hand their jobs to someone (maybe us) again.
  for (const left of await isolation.killLeftovers()) log.warn("killed a leftover", { left });

  const tools = findLaunchTools();
  if (!tools.setsid && !tools.busybox) {
    log.warn("no setsid (util-linux or busybox): jobs share the worker's process group");
  }
  log.debug("launch tools", { ...tools });
  const executor = new Executor({
    isolation,
    tools,
    outputCap: cfg["output-cap"],
    killGrace: cfg["kill-grace"],
  });
  let idInUse: string | undefined;
  const agent = new Agent({
    workerId: cfg.id,
    manager: cfg.manager,
    credentials,
    token,
    slots: cfg.slots,
    queueDepth: cfg["queue-depth"],
    labels,
    capacity: offered,
    version: VERSION,
    heartbeatIntervalMs: cfg["heartbeat-interval"] * 1000,
    heartbeatTimeoutMs: cfg["heartbeat-timeout"] * 1000,
    keepRunningWhenPartitioned: cfg["keep-running-when-partitioned"],
    drainTimeoutMs: cfg["drain-timeout"] * 1000,
    executor,
    onIdInUse: (details) => (idInUse = details),
  });

  const http = startHealthServer(cfg.host, cfg.port, () => agent.status(), (addr) => {
    log.info("healthz listening", { address: `${addr.hostname}:${addr.port}` });
  });

  let signals = 0;
  const onSignal = (signal: Deno.Signal) => {
    signals++;
    if (signals === 1) {
      log.info("signal received: draining", { signal });
      void agent.drain();
    } else {
      // A second signal means "now": kill what runs and leave without waiting.
      log.warn("second signal: stopping now", { signal });
      void agent.stop();
    }
  };
  const sigterm = () => onSignal("SIGTERM");
  const sigint = () => onSignal("SIGINT");
  Deno.addSignalListener("SIGTERM", sigterm);
  Deno.addSignalListener("SIGINT", sigint);

  log.info("worker starting", {
    manager: cfg.manager,
    slots: cfg.slots,
    queueDepth: cfg["queue-depth"],
    dataDir,
    workDir,
    tls: Boolean(credentials),
    auth: Boolean(token),
    runAs: users.description,
    isolation: isolation.mode,
    cpuMillis: offered.cpuMillis,
    memoryMb: offered.memoryMb,
    devices: offered.devices,
    version: VERSION,
  });
  agent.start();
  await agent.closed;
  if (idInUse !== undefined) {
    console.error(`titan-worker: another worker is connected with --id ${cfg.id}: ${idInUse}`);
    Deno.exit(EXIT_ID_IN_USE);
  }

  Deno.removeSignalListener("SIGTERM", sigterm);
  Deno.removeSignalListener("SIGINT", sigint);
  await http?.shutdown();
  await isolation.close();
  log.info("worker exiting");
}

function readPasswd(): string {
  try {
    return Deno.readTextFileSync("/etc/passwd");
  } catch {
    return "";
  }
}

if (import.meta.main) {
  try {
    await main(Deno.args);
    Deno.exit(0);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof HttpBindError) fail(err.message);
    throw err;
  }
}
