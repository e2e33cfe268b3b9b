/**
 * gRPC server reflection (`grpc.reflection.v1` and `v1alpha`), so that grpcurl and `buf curl`
 * work against the manager with no .proto on the client side.
 *
 * Served by npm `@grpc/reflection`, fed with the descriptor set that `buf build` makes from
 * proto/ (shared/gen/titan.binpb, written by `deno task gen`, checked fresh by CI). Not fed
 * with the descriptors @grpc/proto-loader attaches to its package definition: protobufjs
 * derives those itself and gets them wrong for clients (a map's entry type named `Env` instead
 * of `EnvEntry`, no `proto3_optional`, camelCase field names), so grpcurl would reject
 * `map<string,string> env` and snake_case JSON such as `{"job_id": …}`. buf is protoc's
 * equal, so the set holds what protoc would describe, imports (well-known types) included.
 */
import type * as grpc from "@grpc/grpc-js";
import type { PackageDefinition } from "@grpc/proto-loader";
import { ReflectionService } from "@grpc/reflection";
import type protobuf from "protobufjs";
import descriptor from "protobufjs/ext/descriptor/index.js";

/** The committed output of `buf build proto --as-file-descriptor-set`. */
export const DESCRIPTOR_SET_PATH = new URL("./gen/titan.binpb", import.meta.url);

const FileDescriptorSet = descriptor.FileDescriptorSet as unknown as protobuf.Type;
const FileDescriptorProto = descriptor.FileDescriptorProto as unknown as protobuf.Type;

/** Each file of a serialized FileDescriptorSet, serialized on its own. */
export function descriptorFiles(set: Uint8Array): Uint8Array[] {
  const decoded = FileDescriptorSet.decode(set) as unknown as { file: protobuf.Message[] };
  return decoded.file.map((file) => FileDescriptorProto.encode(file).finish());
}

/**
 * Serve reflection on `server` (before it starts) for every service and type in the
 * descriptor set: Titan's services, health and reflection itself.
 */
export function addReflection(
  server: grpc.Server,
  set: Uint8Array = Deno.readFileSync(DESCRIPTOR_SET_PATH),
): void {
  // @grpc/reflection reads only `fileDescriptorProtos` from each entry of the definition.
  const definition = { files: { fileDescriptorProtos: descriptorFiles(set) } };
  new ReflectionService(definition as unknown as PackageDefinition).addToServer(server);
}
