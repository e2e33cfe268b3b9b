/**
 * The manager entrypoint: `deno task manager [flags]`. Wires the store, the core, the gRPC
 * services (client API, worker API, health, reflection), the maintenance timers and the
 * HTTP side port. manager/README.md draws how they fit.
 */
import {
  ConfigError,
  helpText,
  MANAGER_OPTIONS,
  parseConfig,
  readSecret,
} from "../shared/config.ts";
import { addHealth } from "../shared/health.ts";
import { createLogger, type Level, setLogLevel } from "../shared/log.ts";
import { grpc, MAX_MESSAGE_BYTES, titan } from "../shared/proto.ts";
import { addReflection } from "../shared/reflection.ts";
import { strictService } from "../shared/strict_decode.ts";
import { serverTlsOptions } from "../shared/tls.ts";
import { type GrpcListener, listenGrpc } from "./api/listener.ts";
import { managerHandlers } from "./api/manager_service.ts";
import { DEFAULT_LIMITS } from "./api/validate.ts";
import { workerHandlers } from "./api/worker_service.ts";
import { ManagerCore } from "./core/core.ts";
import { ManagerMetrics } from "./http/metrics.ts";
import { serveHttp } from "./http/server.ts";
import { startGarbageCollection } from "./maintenance/garbage_collection.ts";
import { startLeaseSweep } from "./maintenance/lease_sweep.ts";
import { SqliteStore } from "./store/sqlite/sqlite_store.ts";

const log = createLogger("manager");

/** Loopback addresses: without tokens the manager binds only to these. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127\./.test(host);
}

async function main(): Promise<number> {
  if (Deno.args.includes("--help") || Deno.args.includes("-h")) {
    console.log(`Usage: deno task manager [flags]\n\nFlags:\n${helpText(MANAGER_OPTIONS)}`);
    return 0;
  }
  try {
    return await run();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`titan manager: ${err.message}\n\nRun with --help for the flags.`);
      return 2;
    }
    throw err;
  }
}

async function run(): Promise<number> {
  const config = parseConfig(MANAGER_OPTIONS, Deno.args).values;
  if (!["debug", "info", "warn", "error"].includes(config["log-level"])) {
    throw new ConfigError(
      `Invalid --log-level: expected debug | info | warn | error, got "${config["log-level"]}"`,
    );
  }
  setLogLevel(config["log-level"] as Level);
  const clientToken = readSecret(config.token, config["token-file"], "--token-file");
  const workerToken = readSecret(
    config["worker-token"],
    config["worker-token-file"],
    "--worker-token-file",
  );
  if (!isLoopback(config.host) && (!clientToken || !workerToken) && !config.insecure) {
    console.error(
      `titan manager: refusing to listen on ${config.host} without authentication: set ` +
        `TITAN_TOKEN and TITAN_WORKER_TOKEN (or --token-file/--worker-token-file), ` +
        `or pass --insecure to accept anyone who can reach the port.`,
    );
    return 2;
  }
  if (!clientToken || !workerToken) {
    log.warn("authentication is off: anyone who reaches the port can run commands", {
      host: config.host,
      clientToken: clientToken !== "",
      workerToken: workerToken !== "",
    });
  }

  let shuttingDown = false;
  const store = new SqliteStore(config["data-dir"], {
    onFatal: (err) => {
      log.error("store commit failed; exiting to recover from disk", { err: String(err) });
      Deno.exit(1);
    },
    backgroundSync: true,
  });
  // The gauges read the core when scraped; the core reports its events to the metrics.
  const metrics: ManagerMetrics = new ManagerMetrics({
    activeJobs: () => core.jobs.activeCount,
    queueLength: () => core.jobs.queueLength,
    watchers: () => core.jobs.watcherCount,
    workers: () => core.jobs.workers(),
  });
  const core: ManagerCore = new ManagerCore(
    store,
    {
      heartbeatTimeoutMs: config["heartbeat-timeout"] * 1000,
      heartbeatIntervalMs: config["heartbeat-interval"] * 1000,
      retryBackoffBaseMs: config["retry-backoff-base"] * 1000,
      retryBackoffMaxMs: config["retry-backoff-max"] * 1000,
      maxLostAttempts: config["max-lost-attempts"],
      maxActiveJobs: config["max-active-jobs"],
      // 0: a DrainWorker order lets the worker use its own --drain-timeout.
      drainTimeoutMs: 0,
    },
    log,
    metrics,
  );
  const recovered = await core.jobs.recover();
  log.info("store opened", { dataDir: config["data-dir"], ...recovered });

  const server = new grpc.Server({
    "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
    "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
    "grpc.keepalive_time_ms": 10_000,
    "grpc.keepalive_timeout_ms": 5_000,
    "grpc.keepalive_permit_without_calls": 1,
    // Workers ping every 10 s with no calls in flight; accept that.
    "grpc.http2.min_ping_interval_without_data_ms": 5_000,
  });
  const managerOptions = {
    clientToken,
    limits: { ...DEFAULT_LIMITS, maxCommandBytes: config["max-command-bytes"] },
    maxWatchers: 1000,
    maxBatch: 10_000,
    submitAcknowledged: (seconds: number) => metrics.submitAcknowledged(seconds),
  };
  // Requests are checked against the schema before decoding (strict_decode.ts).
  server.addService(
    strictService(titan.ManagerService.service, "titan.ManagerService"),
    managerHandlers(core.jobs, managerOptions, log),
  );
  server.addService(
    strictService(titan.WorkerService.service, "titan.WorkerService"),
    workerHandlers(core.reports, { workerToken }, log),
  );
  const health = addHealth(server, {
    "": "SERVING",
    "titan.ManagerService": "SERVING",
    "titan.WorkerService": "SERVING",
  });
  addReflection(server);

  const tlsOptions = serverTlsOptions({
    cert: config["tls-cert"],
    key: config["tls-key"],
    clientCa: config["tls-client-ca"],
  });
  let listener: GrpcListener;
  try {
    listener = await listenGrpc(server, config.host, config.port, tlsOptions);
  } catch (err) {
    console.error(
      `titan manager: cannot listen on ${config.host}:${config.port}: ${(err as Error).message}`,
    );
    return 2;
  }
  const port = listener.port;
  const stopSweep = startLeaseSweep(() => core.sweepLeases(), config["heartbeat-timeout"] * 1000);
  const stopGc = startGarbageCollection(
    store,
    (olderThanMs) => core.forgetGoneWorkers(olderThanMs),
    {
      intervalMs: config["gc-interval"] * 1000,
      retention: { maxAgeMs: config["gc-max-age"] * 1000, maxJobs: config["gc-max-jobs"] },
      forgetWorkersAfterMs: config["heartbeat-timeout"] * 1000 * 10,
    },
    log,
  );

  let http: Deno.HttpServer | undefined;
  if (config["http-port"] !== 0) {
    try {
      http = serveHttp(config.host, config["http-port"], metrics, {
        ready: () => !shuttingDown,
      });
    } catch (err) {
      console.error(
        `titan manager: cannot listen on ${config.host}:${config["http-port"]} (--http-port): ${
          (err as Error).message
        }`,
      );
      return 2;
    }
  }
  log.info("manager listening", {
    grpc: `${config.host}:${port}`,
    http: config["http-port"] ? `${config.host}:${config["http-port"]}` : "off",
    tls: Boolean(config["tls-cert"]),
    mtls: Boolean(config["tls-client-ca"]),
  });

  const stopped = Promise.withResolvers<number>();
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info("shutting down", { signal });
    core.jobs.stopAccepting();
    health.shutdown();
    stopGc();
    listener.close();
    // Open worker streams would keep tryShutdown waiting forever: give calls a moment,
    // then force. Workers reconnect to the next manager and reclaim their attempts.
    const graceful = new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 2000));
    await Promise.race([graceful, timeout]);
    server.forceShutdown();
    stopSweep();
    core.stop();
    await store.close();
    await http?.shutdown();
    log.info("stopped");
    stopped.resolve(0);
  };
  Deno.addSignalListener("SIGTERM", () => shutdown("SIGTERM"));
  Deno.addSignalListener("SIGINT", () => shutdown("SIGINT"));
  return await stopped.promise;
}

if (import.meta.main) {
  Deno.exit(await main());
}
