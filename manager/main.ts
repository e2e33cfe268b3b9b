/**
 * The manager entrypoint: `deno task manager [flags]`. Wires the store, the job controller,
 * the gRPC services (client API, worker API, health, reflection) and the HTTP side port.
 */
import {
  ConfigError,
  helpText,
  MANAGER_OPTIONS,
  parseConfig,
  readSecret,
} from "../shared/config.ts";
import { HealthImplementation } from "grpc-health-check";
import { createLogger, type Level, setLogLevel } from "../shared/log.ts";
import { grpc, MAX_MESSAGE_BYTES, titan } from "../shared/proto.ts";
import { addReflection } from "../shared/reflection.ts";
import { strictService } from "../shared/strict_decode.ts";
import { serverTlsOptions } from "../shared/tls.ts";
import { serveHttp } from "./http/server.ts";
import { type GrpcListener, listenGrpc } from "./api/listener.ts";
import { JobController } from "./core/controller.ts";
import { managerHandlers, workerHandlers } from "./api/services.ts";
import { SqliteStore } from "./store/sqlite/sqlite_store.ts";
import { StoreOpenError } from "./store/errors.ts";
import { DEFAULT_LIMITS } from "./api/validate.ts";

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
    if (err instanceof StoreOpenError) {
      console.error(`titan manager: ${err.message}`);
      return err.exitCode;
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
    onFull: (err) => {
      if (err) {
        log.error("store is full: refusing new work until space is back", { err: err.message });
      } else log.info("store has space again: accepting new work");
    },
  });
  const ctl = new JobController(store, {
    heartbeatTimeoutMs: config["heartbeat-timeout"] * 1000,
    heartbeatIntervalMs: config["heartbeat-interval"] * 1000,
    retryBackoffBaseMs: config["retry-backoff-base"] * 1000,
    retryBackoffMaxMs: config["retry-backoff-max"] * 1000,
    maxLostAttempts: config["max-lost-attempts"],
    maxActiveJobs: config["max-active-jobs"],
    // 0: a DrainWorker order lets the worker use its own --drain-timeout.
    drainTimeoutMs: 0,
  }, log);
  const recovered = await ctl.recover();
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
  const serverOptions = {
    clientToken,
    workerToken,
    limits: { ...DEFAULT_LIMITS, maxCommandBytes: config["max-command-bytes"] },
    maxWatchers: 1000,
    maxBatch: 10_000,
  };
  // Requests are checked against the schema before decoding (strict_decode.ts).
  server.addService(
    strictService(titan.ManagerService.service, "titan.ManagerService"),
    managerHandlers(ctl, serverOptions, log),
  );
  server.addService(
    strictService(titan.WorkerService.service, "titan.WorkerService"),
    workerHandlers(ctl, serverOptions, log),
  );
  // grpc.health.v1.Health: "" is the server as a whole. SERVING while the manager accepts
  // work, NOT_SERVING from the start of a shutdown, as /readyz.
  const healthServices = ["", "titan.ManagerService", "titan.WorkerService"];
  const health = new HealthImplementation(
    Object.fromEntries(healthServices.map((service) => [service, "SERVING"])),
  );
  health.addToServer(server);
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
  ctl.fleet.startSweeping();
  const gcTimer = setInterval(async () => {
    try {
      const removed = await store.collectGarbage(Date.now(), {
        maxAgeMs: config["gc-max-age"] * 1000,
        maxJobs: config["gc-max-jobs"],
      });
      if (removed) log.info("garbage-collected finished jobs", { removed });
    } catch (err) {
      log.error("garbage collection failed", { err: String(err) });
    }
    ctl.fleet.forgetGone(config["heartbeat-timeout"] * 1000 * 10);
  }, config["gc-interval"] * 1000);

  let http: Deno.HttpServer | undefined;
  if (config["http-port"] !== 0) {
    try {
      http = serveHttp(config.host, config["http-port"], ctl, {
        ready: () => !shuttingDown && !store.full(),
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
    ctl.stopAccepting();
    for (const service of healthServices) health.setStatus(service, "NOT_SERVING");
    clearInterval(gcTimer);
    listener.close();
    // Open worker streams would keep tryShutdown waiting forever: give calls a moment,
    // then force. Workers reconnect to the next manager and reclaim their attempts.
    const graceful = new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 2000));
    await Promise.race([graceful, timeout]);
    server.forceShutdown();
    ctl.stop();
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
