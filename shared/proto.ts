/**
 * The one place that loads proto/titan/titan.proto and exports typed service definitions and
 * client constructors. Everything else imports the wire types from here.
 *
 * Loader options matter for every peer: `longs: Number` (byte counts fit easily),
 * `enums: String` (states read as "PENDING"), `defaults: true` (absent scalars read as
 * their zero value), `oneofs: true` (a oneof's case is in its virtual field, e.g. `msg`).
 * They must match the flags of `deno task gen` that produced shared/gen/. Times arrive as
 * google.protobuf.Timestamp objects (`{seconds, nanos}`); shared/wire_time.ts converts them.
 */
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import type { ProtoGrpcType } from "./gen/titan.ts";

export const PROTO_PATH = new URL("../proto/titan/titan.proto", import.meta.url).pathname;

export const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
};

/** The package definition, shared by the server and the clients (reflection serves shared/gen/titan.binpb). */
export const packageDefinition = protoLoader.loadSync(PROTO_PATH, LOADER_OPTIONS);

/** The `titan` package with typed service constructors. */
export const titan = (grpc.loadPackageDefinition(packageDefinition) as unknown as ProtoGrpcType)
  .titan;

export type { ManagerServiceClient, ManagerServiceHandlers } from "./gen/titan/ManagerService.ts";
export type { WorkerServiceClient, WorkerServiceHandlers } from "./gen/titan/WorkerService.ts";
export type { JobSpec, JobSpec__Output } from "./gen/titan/JobSpec.ts";
export type { JobStatus, JobStatus__Output } from "./gen/titan/JobStatus.ts";
export type { JobState, JobState__Output } from "./gen/titan/JobState.ts";
export type { JobEvent, JobEvent__Output } from "./gen/titan/JobEvent.ts";
export type { WorkerInfo, WorkerInfo__Output } from "./gen/titan/WorkerInfo.ts";
export type { WorkerState, WorkerState__Output } from "./gen/titan/WorkerState.ts";
export type { WorkerMessage, WorkerMessage__Output } from "./gen/titan/WorkerMessage.ts";
export type { ManagerMessage, ManagerMessage__Output } from "./gen/titan/ManagerMessage.ts";
export type { Assign__Output } from "./gen/titan/Assign.ts";
export type { AttemptFinished, AttemptFinished__Output } from "./gen/titan/AttemptFinished.ts";
export type { AttemptRef } from "./gen/titan/AttemptRef.ts";
export type { Register__Output } from "./gen/titan/Register.ts";
export type { OutputStream } from "./gen/titan/OutputStream.ts";
export type { Dependency, Dependency__Output } from "./gen/titan/Dependency.ts";
export type { Schedule, Schedule__Output } from "./gen/titan/Schedule.ts";
export type { CreateScheduleRequest__Output } from "./gen/titan/CreateScheduleRequest.ts";
export type { UpdateScheduleRequest__Output } from "./gen/titan/UpdateScheduleRequest.ts";
export type { Resources, Resources__Output } from "./gen/titan/Resources.ts";
export type { QueueInfo } from "./gen/titan/QueueInfo.ts";

/** Message size limits: an attempt's finish report carries up to two capped output copies. */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/** Keepalive: HTTP/2 pings so a black-holed connection is noticed even between messages. */
export const CHANNEL_OPTIONS: grpc.ChannelOptions = {
  "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
  "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
  "grpc.keepalive_time_ms": 10_000,
  "grpc.keepalive_timeout_ms": 5_000,
  "grpc.keepalive_permit_without_calls": 1,
};

/**
 * TLS to an IP address: grpc-js sends the target host as the SNI server name, and Deno's
 * node:tls refuses an IP there (RFC 6066 forbids it). For IP targets the channel sends this
 * placeholder instead; the certificate is still verified against the real IP (tls.ts).
 */
export const SNI_PLACEHOLDER = "titan-manager.invalid";

/** Channel options for `address`: the defaults, plus the SNI placeholder where needed. */
export function channelOptions(
  address: string,
  credentials: grpc.ChannelCredentials,
): grpc.ChannelOptions {
  const host = address.slice(0, address.lastIndexOf(":")).replace(/^\[|\]$/g, "");
  const isIp = /^[\d.]+$/.test(host) || host.includes(":");
  return credentials._isSecure() && isIp
    ? { ...CHANNEL_OPTIONS, "grpc.ssl_target_name_override": SNI_PLACEHOLDER }
    : CHANNEL_OPTIONS;
}

/** A typed client of the client API. */
export function managerClient(
  address: string,
  credentials: grpc.ChannelCredentials = grpc.credentials.createInsecure(),
): import("./gen/titan/ManagerService.ts").ManagerServiceClient {
  return new titan.ManagerService(address, credentials, channelOptions(address, credentials));
}

/** A typed client of the worker API. */
export function workerClient(
  address: string,
  credentials: grpc.ChannelCredentials = grpc.credentials.createInsecure(),
): import("./gen/titan/WorkerService.ts").WorkerServiceClient {
  return new titan.WorkerService(address, credentials, channelOptions(address, credentials));
}

export { grpc };
