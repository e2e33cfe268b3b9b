/**
 * The manager entrypoint: `deno task manager [flags]`. Wires the store, the core, the gRPC
 * services (client API, worker API, health, reflection), the maintenance timers and the
 * HTTP side port. manager/README.md draws how they fit.
 */
import {
  ConfigError,
  helpText,
  MANAGER_OPTIONS,
  parseAddress,
  parseConfig,
  readSecret,
} from "../shared/config.ts";
import { HealthImplementation } from "grpc-health-check";
import { createLogger, type Level, setLogLevel } from "../shared/log.ts";
import { grpc, MAX_MESSAGE_BYTES, PROTO_PATH, titan } from "../shared/proto.ts";
import { addReflection } from "../shared/reflection.ts";
import { unavailable } from "../shared/errors.ts";
import { strictService } from "../shared/strict_decode.ts";
import { serverTlsOptions } from "../shared/tls.ts";
import { checkBearer } from "./api/auth.ts";
import {
  cachedFor,
  COUNTS_COST_FACTOR,
  COUNTS_MIN_TTL_MS,
  DASHBOARD_DIR,
} from "./http/dashboard_routes.ts";
import { jobSearch } from "./http/job_search.ts";
import { servedSpecFields } from "./http/served_fields.ts";
import { JsonGateway } from "./http/json_gateway.ts";
import { MetricsHistory } from "./http/metrics_history.ts";
import { ManagerMetrics } from "./http/metrics.ts";
import { serveHttp } from "./http/server.ts";
import { type GrpcListener, listenGrpc } from "./api/listener.ts";
import { managerHandlers } from "./api/manager_service.ts";
import { workerHandlers } from "./api/worker_service.ts";
import type { JobController } from "./core/controller.ts";
import { ManagerCore } from "./core/core.ts";
import { startGarbageCollection } from "./maintenance/garbage_collection.ts";
import { startLeaseSweep } from "./maintenance/lease_sweep.ts";
import { startQueueRevocation } from "./maintenance/queue_revocation.ts";
import { nofileLimit } from "../shared/fd_limit.ts";
import { ScheduleFirer } from "./workflows/schedule_firer.ts";
import { SqliteStore } from "./store/sqlite/sqlite_store.ts";
import { StoreOpenError } from "./store/errors.ts";
import type { Store } from "./store/store.ts";
import { chooseStore, type StoreChoice } from "./store/choice.ts";
import { PostgresStore } from "./store/postgres/postgres_store.ts";
import {
  closeNow,
  connect,
  isConnectionError,
  redactUrl,
  reportClientFailuresTo,
} from "./store/postgres/connection.ts";
import { migrate } from "./store/postgres/migrations.ts";
import { LeaderGate } from "./api/leader_gate.ts";
import { Leadership, type RunningTerm } from "./maintenance/leadership.ts";
import { DEFAULT_LIMITS, validateSpec } from "./api/validate.ts";
import { PLACEMENT_MODES, type PlacementMode } from "./placement/scheduler.ts";

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
  if (!(PLACEMENT_MODES as readonly string[]).includes(config.placement)) {
    throw new ConfigError(
      `Invalid --placement: expected ${PLACEMENT_MODES.join(" | ")}, got "${config.placement}"`,
    );
  }
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

  const storeChoice = chooseStore(config.store, config["store-file"]);
  let shuttingDown = false;
  const controllerOptions = {
    heartbeatTimeoutMs: config["heartbeat-timeout"] * 1000,
    heartbeatIntervalMs: config["heartbeat-interval"] * 1000,
    retryBackoffBaseMs: config["retry-backoff-base"] * 1000,
    retryBackoffMaxMs: config["retry-backoff-max"] * 1000,
    maxLostAttempts: config["max-lost-attempts"],
    maxActiveJobs: config["max-active-jobs"],
    placement: config.placement as PlacementMode,
    reserveAfterMs: config["reserve-after"] * 1000,
    // 0: a DrainWorker order lets the worker use its own --drain-timeout.
    drainTimeoutMs: 0,
  };
  /** The term being served: its core (for /metrics and the dashboard) and how to end it. */
  let current: { core: ManagerCore; store: Store; running: RunningTerm } | undefined;
  // One set of metrics for the process; the gauges read the term being served, if any.
  const metrics = new ManagerMetrics({
    leading: () => current !== undefined,
    activeJobs: () => current?.core.jobs.activeCount ?? 0,
    queueLength: () => current?.core.jobs.queueLength ?? 0,
    watchers: () => current?.core.jobs.watcherCount ?? 0,
    workers: () => current?.core.jobs.workers() ?? [],
    queues: () => current?.core.jobs.listQueues() ?? [],
  });
  const managerOptions = {
    clientToken,
    limits: { ...DEFAULT_LIMITS, maxCommandBytes: config["max-command-bytes"] },
    maxWatchers: 1000,
    maxBatch: 10_000,
    submitAcknowledged: (seconds: number) => metrics.submitAcknowledged(seconds),
  };
  /** A controller over `store`, recovered from it, with its timers: one term of serving. */
  const startTerm = async (
    store: Store,
    closeStore: () => Promise<void>,
    writesRefused?: () => string | undefined,
    isCurrent?: () => boolean,
  ): Promise<RunningTerm> => {
    const core = new ManagerCore(store, controllerOptions, log, metrics);
    const recovered = await core.jobs.recover();
    log.info("store opened", { store: describeStore(storeChoice), ...recovered });
    // Schedules fire only in a term of serving: the leader's (or the one SQLite manager's).
    const schedules = new ScheduleFirer(core.jobs, store, log.child({ component: "schedules" }));
    log.info("schedules loaded", await schedules.recover());
    schedules.start();
    const stopSweep = startLeaseSweep(
      () => core.sweepLeases(),
      controllerOptions.heartbeatTimeoutMs,
    );
    const stopRevocation = startQueueRevocation(() => core.revokeLongQueued());
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
    const running: RunningTerm = {
      serving: {
        manager: managerHandlers(core.jobs, managerOptions, log, schedules),
        worker: workerHandlers(core.reports, { workerToken }, log),
        writesRefused,
        isCurrent,
      },
      stop: async () => {
        if (current?.running === running) current = undefined;
        core.jobs.stopAccepting();
        schedules.stop();
        stopGc();
        stopSweep();
        stopRevocation();
        core.stop();
        await closeStore();
      },
    };
    current = { core, store, running };
    return running;
  };

  let leadership: Leadership | undefined;
  const gate = new LeaderGate({
    clientToken,
    workerToken,
    leaderAddress: () => leadership?.lease.leaderAddress,
  });
  if (storeChoice.kind === "sqlite") {
    // One manager: it serves from the start, for as long as it runs.
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
    gate.open((await startTerm(store, () => store.close())).serving);
  }

  const server = new grpc.Server({
    "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
    "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
    "grpc.keepalive_time_ms": 10_000,
    "grpc.keepalive_timeout_ms": 5_000,
    "grpc.keepalive_permit_without_calls": 1,
    // Workers ping every 10 s with no calls in flight; accept that.
    "grpc.http2.min_ping_interval_without_data_ms": 5_000,
  });
  // Requests are checked against the schema before decoding (strict_decode.ts); the gate
  // hands them to the term being served, or answers as a standby. The dashboard's JSON API
  // reaches the same definition and handlers.
  const clientService = strictService(titan.ManagerService.service, "titan.ManagerService");
  const clientHandlers = gate.managerHandlers();
  server.addService(clientService, clientHandlers);
  server.addService(
    strictService(titan.WorkerService.service, "titan.WorkerService"),
    gate.workerHandlers(),
  );
  // grpc.health.v1.Health: "" is the server as a whole. SERVING while the manager serves
  // (the leader, or the one SQLite manager) and accepts work, as /readyz.
  const healthServices = ["", "titan.ManagerService", "titan.WorkerService"];
  const servingStatus = gate.isOpen ? "SERVING" : "NOT_SERVING";
  const health = new HealthImplementation(
    Object.fromEntries(healthServices.map((service) => [service, servingStatus])),
  );
  health.addToServer(server);
  addReflection(server);

  const tlsOptions = serverTlsOptions({
    cert: config["tls-cert"],
    key: config["tls-key"],
    clientCa: config["tls-client-ca"],
  });
  if (config["http-tls"] && !tlsOptions) {
    throw new ConfigError("--http-tls needs --tls-cert and --tls-key");
  }
  // The dashboard sends the client token: beyond loopback, serve its port over TLS too.
  const httpTls = config["http-tls"] && tlsOptions
    ? { cert: String(tlsOptions.cert), key: String(tlsOptions.key) }
    : undefined;
  // Three descriptors per connection (listener.ts), and some left for the store and the
  // HTTP side port.
  const files = nofileLimit();
  const maxConnections = config["max-connections"] ||
    (Number.isFinite(files.soft) ? Math.max(16, Math.floor((files.soft - 256) / 3)) : 1_000_000);
  log.info("connection limits", {
    openFiles: files.soft,
    maxConnections,
    idleConnectionTimeoutS: config["idle-connection-timeout"],
  });
  let listener: GrpcListener;
  try {
    listener = await listenGrpc(server, config.host, config.port, tlsOptions, {
      maxConnections,
      idleTimeoutMs: config["idle-connection-timeout"] * 1000,
      log,
    });
  } catch (err) {
    console.error(
      `titan manager: cannot listen on ${config.host}:${config.port}: ${(err as Error).message}`,
    );
    return 2;
  }
  const port = listener.port;

  // The charts follow the term being served; a standby has none to sample.
  const history = new MetricsHistory(() => current ? metrics.reading() : undefined);
  history.start();
  /** The controller of the term being served, or UNAVAILABLE on a standby. */
  const leading = (): JobController => {
    if (!current) {
      throw unavailable("this manager is not the leader: its dashboard shows nothing to manage");
    }
    return current.core.jobs;
  };
  const gateway = new JsonGateway(
    PROTO_PATH,
    "titan.ManagerService",
    clientService,
    clientHandlers as never,
  );
  let http: Deno.HttpServer | undefined;
  if (config["http-port"] !== 0) {
    try {
      http = serveHttp(config.host, config["http-port"], httpTls, metrics, {
        // Ready: serving (the leader, or the one SQLite manager) and able to write.
        ready: () =>
          !shuttingDown && gate.isOpen && !current?.running.serving.writesRefused?.() &&
          !current?.store.full?.() && listener.accepting(),
      }, {
        gateway,
        authorize: (metadata) => checkBearer(metadata, clientToken, "client"),
        countByState: cachedFor(
          COUNTS_MIN_TTL_MS,
          COUNTS_COST_FACTOR,
          () => leading().countByState(),
        ),
        searchJobs: (request, text) => jobSearch(leading())(request, text),
        history,
        loopbackOnly: !clientToken && !config.insecure,
        specFields: servedSpecFields(
          gateway.fieldsOf("JobSpec"),
          (spec) => validateSpec(spec as never, managerOptions.limits),
        ),
        role: () => {
          if (storeChoice.kind === "sqlite") return { role: "single", leader: "" };
          const term = leadership?.servingTerm;
          const leader = leadership?.lease.leaderAddress ?? "";
          return term !== undefined
            ? { role: "leader", leader, term }
            : { role: "standby", leader };
        },
        log,
        assetsDir: DASHBOARD_DIR,
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
    httpTls: Boolean(httpTls),
    placement: config.placement,
    mtls: Boolean(config["tls-client-ca"]),
    store: describeStore(storeChoice),
  });

  if (storeChoice.kind === "postgres") {
    const advertise = config.advertise || `${advertisedHost(config.host)}:${port}`;
    parseAddress(advertise, "--advertise");
    const leaseMs = Math.round(config["lease-duration"] * 1000);
    const url = storeChoice.url;
    // The server ends sessions idle inside a transaction well within a lease: a paused
    // leader's open transaction cannot hold the lease row's lock past its lease.
    const idleInTransactionMs = Math.max(200, Math.min(5000, Math.floor(leaseMs / 2)));
    const connectTimeoutMs = Math.max(1000, Math.min(5000, Math.floor(leaseMs / 2)));
    reportClientFailuresTo((err) =>
      log.error("the PostgreSQL client failed inside; its connections are made anew", {
        error: err,
      })
    );
    await migrateWhenReachable(url, () => shuttingDown);
    leadership = new Leadership({
      lease: {
        connect: () =>
          connect({ url, max: 1, applicationName: "titan-manager-lease", connectTimeoutMs }),
        holder: `${advertise}/${crypto.randomUUID()}`,
        address: advertise,
        leaseMs,
        log: log.child({ component: "leader-lease" }),
      },
      gate,
      log,
      startTerm: async (term, resign) => {
        const store = new PostgresStore({
          connection: { url, max: 4, idleInTransactionMs, connectTimeoutMs },
          term,
          onFatal: () => resign("the database refused a write of this term"),
          log: log.child({ term }),
        });
        const close = async () => {
          // Flush what waits if the database lets us, briefly; then refuse the rest.
          await Promise.race([store.close(), new Promise((r) => setTimeout(r, 2000))]);
          await store.abandon("the term ended");
        };
        try {
          return await startTerm(
            store,
            close,
            () => store.unreachable ? "the database is unreachable: try again shortly" : undefined,
            () => leadership?.lease.term === term,
          );
        } catch (err) {
          await store.abandon("the term could not start");
          throw err;
        }
      },
      onServing: (serving) => {
        const status = serving ? "SERVING" : "NOT_SERVING";
        for (const service of healthServices) health.setStatus(service, status);
      },
    });
    if (!shuttingDown) {
      leadership.start();
      log.info("standby: campaigning for the leader lease", { advertise, leaseMs });
    }
  }

  const stopped = Promise.withResolvers<number>();
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info("shutting down", { signal });
    current?.core.jobs.stopAccepting();
    for (const service of healthServices) health.setStatus(service, "NOT_SERVING");
    history.stop();
    listener.close();
    // Open worker streams would keep tryShutdown waiting forever: give calls a moment,
    // then force. Workers reconnect to the next manager and reclaim their attempts.
    const graceful = new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 2000));
    await Promise.race([graceful, timeout]);
    server.forceShutdown();
    // A leader ends its term (flushing what waits) and hands the lease over.
    if (leadership) await leadership.stop();
    else await current?.running.stop("shutting down");
    await http?.shutdown();
    log.info("stopped");
    stopped.resolve(0);
  };
  Deno.addSignalListener("SIGTERM", () => shutdown("SIGTERM"));
  Deno.addSignalListener("SIGINT", () => shutdown("SIGINT"));
  return await stopped.promise;
}

/** The store, for logs: never with a password. */
function describeStore(choice: StoreChoice): string {
  return choice.kind === "sqlite" ? "sqlite" : redactUrl(choice.url);
}

/** The host to advertise for a bind address: a wildcard says nothing, the hostname does. */
function advertisedHost(host: string): string {
  return host === "0.0.0.0" || host === "::" || host === "[::]" ? Deno.hostname() : host;
}

/**
 * Apply the migrations, waiting for the database as long as it takes (a standby that
 * starts before its database is not an error); a schema newer than ours is.
 */
async function migrateWhenReachable(url: string, giveUp: () => boolean): Promise<void> {
  let warned = false;
  while (!giveUp()) {
    const sql = connect({ url, max: 1, applicationName: "titan-manager-migrate" });
    try {
      const { from, to } = await migrate(sql);
      log.info("database schema current", { from, to });
      return;
    } catch (err) {
      if (!isConnectionError(err)) throw err;
      if (!warned) log.warn("database unreachable: waiting for it", { error: err });
      warned = true;
      await new Promise((r) => setTimeout(r, 1000));
    } finally {
      await closeNow(sql);
    }
  }
}

if (import.meta.main) {
  Deno.exit(await main());
}
