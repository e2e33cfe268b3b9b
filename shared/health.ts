/**
 * The standard gRPC health service (`grpc.health.v1.Health`, Check and Watch), served beside
 * the Titan services so that load balancers, Kubernetes gRPC probes, grpc_health_probe,
 * grpcurl and `buf curl` can ask whether the manager is up.
 *
 * Written here rather than taken from npm `grpc-health-check`: it is ~100 lines, has no
 * dependency beyond the proto-loader we already use, and lets us offer `shutdown()` for a
 * graceful drain. The proto is proto/grpc/health/v1/health.proto (upstream's, package and
 * numbers unchanged); shared/reflection.ts describes it to reflection clients.
 *
 * Semantics follow grpc-go's health server:
 *  - "" is the status of the server as a whole; it starts SERVING unless `initial` says else.
 *  - Check of a service never set answers the gRPC status NOT_FOUND.
 *  - Watch sends the current status at once (SERVICE_UNKNOWN for an unknown service, and the
 *    stream stays open), then each change, until the client cancels.
 *  - `shutdown()` sets every service NOT_SERVING and ignores later `setStatus` calls until
 *    `resume()`, so a draining server keeps reporting NOT_SERVING.
 */
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";

/** The full name of the health service. */
export const HEALTH_SERVICE_NAME = "grpc.health.v1.Health";

/** Where the health proto lives; its name for reflection is `grpc/health/v1/health.proto`. */
export const HEALTH_PROTO_PATH =
  new URL("../proto/grpc/health/v1/health.proto", import.meta.url).pathname;

/** The statuses a server sets. */
export type ServingStatus = "SERVING" | "NOT_SERVING";

/** The statuses on the wire (UNKNOWN and SERVICE_UNKNOWN are only ever reported). */
export type WireServingStatus = "UNKNOWN" | "SERVING" | "NOT_SERVING" | "SERVICE_UNKNOWN";

export interface HealthCheckRequest {
  service: string;
}

export interface HealthCheckResponse {
  status: WireServingStatus;
}

/** What `addHealth` returns: the server's side of the health service. */
export interface HealthHandle {
  /** Set the status of `service` ("" = the whole server); Watch streams see the change. */
  setStatus(service: string, status: ServingStatus): void;
  /** The status of `service`, or undefined if it was never set (or was cleared). */
  getStatus(service: string): ServingStatus | undefined;
  /** Forget `service`: Check answers NOT_FOUND, watchers get SERVICE_UNKNOWN. */
  clearStatus(service: string): void;
  /** Every service NOT_SERVING; later setStatus calls are ignored until resume(). */
  shutdown(): void;
  /** Every service SERVING again, and setStatus takes effect again. */
  resume(): void;
}

const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  enums: String,
  defaults: true,
  oneofs: true,
};

let healthDefinition: grpc.GrpcObject | undefined;

/** The loaded `grpc.health.v1` package (service and client constructors). */
export function healthPackage(): grpc.GrpcObject {
  if (!healthDefinition) {
    healthDefinition = grpc.loadPackageDefinition(
      protoLoader.loadSync(HEALTH_PROTO_PATH, LOADER_OPTIONS),
    );
  }
  return healthDefinition;
}

function healthServiceConstructor(): grpc.ServiceClientConstructor {
  const pkg = healthPackage() as unknown as {
    grpc: { health: { v1: { Health: grpc.ServiceClientConstructor } } };
  };
  return pkg.grpc.health.v1.Health;
}

/** The service definition of `grpc.health.v1.Health`, e.g. for `server.addService`. */
export function healthServiceDefinition(): grpc.ServiceDefinition {
  return healthServiceConstructor().service;
}

/** A client of the health service (for probes, tests and the CLI). */
export function healthClient(
  address: string,
  credentials: grpc.ChannelCredentials = grpc.credentials.createInsecure(),
  options?: grpc.ChannelOptions,
): HealthClient {
  const Ctor = healthServiceConstructor();
  return new Ctor(address, credentials, options) as unknown as HealthClient;
}

/** The typed surface of a health client. */
export interface HealthClient extends grpc.Client {
  Check(
    request: HealthCheckRequest,
    callback: grpc.requestCallback<HealthCheckResponse>,
  ): grpc.ClientUnaryCall;
  Check(
    request: HealthCheckRequest,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<HealthCheckResponse>,
  ): grpc.ClientUnaryCall;
  Watch(
    request: HealthCheckRequest,
    options?: grpc.CallOptions,
  ): grpc.ClientReadableStream<HealthCheckResponse>;
}

/**
 * Serve `grpc.health.v1.Health` on `server` (call before `bindAsync`/start). `initial` sets
 * the first statuses; by default only "" (the whole server) is SERVING.
 */
export function addHealth(
  server: grpc.Server,
  initial: Readonly<Record<string, ServingStatus>> = { "": "SERVING" },
): HealthHandle {
  const statuses = new Map<string, ServingStatus>(Object.entries(initial));
  const watchers = new Map<string, Set<(status: WireServingStatus) => void>>();
  let shutDown = false;

  const wireStatus = (service: string): WireServingStatus =>
    statuses.get(service) ?? "SERVICE_UNKNOWN";

  const notify = (service: string) => {
    const status = wireStatus(service);
    for (const send of watchers.get(service) ?? []) send(status);
  };

  const handlers: grpc.UntypedServiceImplementation = {
    Check(
      call: grpc.ServerUnaryCall<HealthCheckRequest, HealthCheckResponse>,
      callback: grpc.sendUnaryData<HealthCheckResponse>,
    ) {
      const service = call.request?.service ?? "";
      const status = statuses.get(service);
      if (status === undefined) {
        callback({
          code: grpc.status.NOT_FOUND,
          details: `unknown service ${JSON.stringify(service)}`,
        });
        return;
      }
      callback(null, { status });
    },

    Watch(call: grpc.ServerWritableStream<HealthCheckRequest, HealthCheckResponse>) {
      const service = call.request?.service ?? "";
      let last: WireServingStatus | undefined;
      const send = (status: WireServingStatus) => {
        if (status === last || call.cancelled || call.destroyed) return;
        last = status;
        call.write({ status });
      };
      let set = watchers.get(service);
      if (!set) watchers.set(service, set = new Set());
      set.add(send);
      const stop = () => {
        const current = watchers.get(service);
        current?.delete(send);
        if (current?.size === 0) watchers.delete(service);
      };
      call.on("cancelled", stop);
      call.on("close", stop);
      call.on("error", stop);
      send(wireStatus(service));
    },
  };

  server.addService(healthServiceDefinition(), handlers);

  return {
    setStatus(service, status) {
      if (status !== "SERVING" && status !== "NOT_SERVING") {
        throw new TypeError(`invalid serving status ${JSON.stringify(status)}`);
      }
      if (shutDown) return;
      statuses.set(service, status);
      notify(service);
    },
    getStatus(service) {
      return statuses.get(service);
    },
    clearStatus(service) {
      if (shutDown) return;
      statuses.delete(service);
      notify(service);
    },
    shutdown() {
      shutDown = true;
      for (const service of statuses.keys()) {
        statuses.set(service, "NOT_SERVING");
        notify(service);
      }
    },
    resume() {
      shutDown = false;
      for (const service of statuses.keys()) {
        statuses.set(service, "SERVING");
        notify(service);
      }
    },
  };
}
