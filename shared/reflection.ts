/**
 * gRPC server reflection (`grpc.reflection.v1.ServerReflection` and the older
 * `grpc.reflection.v1alpha.ServerReflection`, same messages), so that grpcurl and `buf curl`
 * work against the manager with no .proto on the client side.
 *
 * Where the descriptors come from, and why:
 * - Not npm `@grpc/reflection`, and not the `fileDescriptorProtos` that @grpc/proto-loader
 *   attaches to `packageDefinition`: both come from protobufjs' `toDescriptor`, which names a
 *   map's entry type after the field (`Env` instead of `EnvEntry`, cf. grpcurl issue 519),
 *   leaves type names unqualified, drops `proto3_optional` and (with keepCase false) renames
 *   every field to camelCase. Clients then reject `map<string,string> env`, reject snake_case
 *   JSON (`{"job_id": ...}`) and omit `"exitCode": 0`.
 * - Not a descriptor set made by `buf build` at dev time and committed: correct, but a second
 *   copy of the schema that CI would have to keep from going stale.
 * - So we build the FileDescriptorProtos ourselves, at startup, from the .proto sources the
 *   server itself loads (protobufjs parses them with keepCase, we walk its reflection tree).
 *   One source of truth, nothing to regenerate. shared/reflection_test.ts checks the result
 *   field by field against `buf build` (protoc-compatible) output for the same files, so a
 *   change of the proto that this builder mishandles fails CI.
 *
 * Scope of the builder: proto3 (and plain proto2) files with messages, nested messages, maps,
 * oneofs, proto3 `optional`, enums and services; every file imported by one of them must be
 * given too. Extensions are not described (proto3 has none).
 */
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import protobuf from "protobufjs";
import descriptor from "protobufjs/ext/descriptor/index.js";
import { PROTO_PATH } from "./proto.ts";
import { HEALTH_PROTO_PATH, HEALTH_SERVICE_NAME } from "./health.ts";

/** The two reflection services this module serves. */
export const REFLECTION_SERVICE_NAMES = [
  "grpc.reflection.v1.ServerReflection",
  "grpc.reflection.v1alpha.ServerReflection",
] as const;

/** What `addReflection` lists when not told otherwise (the reflection services are added). */
export const DEFAULT_REFLECTED_SERVICES: readonly string[] = [
  "titan.ManagerService",
  "titan.WorkerService",
  HEALTH_SERVICE_NAME,
];

/** One .proto file: its import path (the name clients see) and its text. */
export interface ProtoSource {
  name: string;
  source: string;
}

// ---------------------------------------------------------------------------------------------
// Descriptor objects (the JSON shape of google.protobuf.*DescriptorProto, camelCase fields as
// in protobufjs' descriptor.json, enums as their names).
// ---------------------------------------------------------------------------------------------

export interface FieldDescriptor {
  name: string;
  number: number;
  label: "LABEL_OPTIONAL" | "LABEL_REPEATED" | "LABEL_REQUIRED";
  type: string;
  typeName?: string;
  jsonName: string;
  oneofIndex?: number;
  proto3Optional?: boolean;
  defaultValue?: string;
  options?: Record<string, unknown>;
}

export interface MessageDescriptor {
  name: string;
  field: FieldDescriptor[];
  nestedType: MessageDescriptor[];
  enumType: EnumDescriptor[];
  oneofDecl: { name: string; options?: Record<string, unknown> }[];
  reservedRange: { start: number; end: number }[];
  reservedName: string[];
  extensionRange?: { start: number; end: number }[];
  options?: Record<string, unknown>;
}

export interface EnumDescriptor {
  name: string;
  value: { name: string; number: number; options?: Record<string, unknown> }[];
  reservedRange: { start: number; end: number }[];
  reservedName: string[];
  options?: Record<string, unknown>;
}

export interface ServiceDescriptor {
  name: string;
  method: {
    name: string;
    inputType: string;
    outputType: string;
    clientStreaming?: boolean;
    serverStreaming?: boolean;
    options?: Record<string, unknown>;
  }[];
  options?: Record<string, unknown>;
}

export interface FileDescriptor {
  name: string;
  package?: string;
  dependency: string[];
  messageType: MessageDescriptor[];
  enumType: EnumDescriptor[];
  service: ServiceDescriptor[];
  options?: Record<string, unknown>;
  syntax?: string;
}

// ---------------------------------------------------------------------------------------------
// Building descriptors from protobufjs' reflection tree
// ---------------------------------------------------------------------------------------------

// protobufjs scalar type name -> FieldDescriptorProto.Type
const SCALAR_TYPES: Record<string, string> = {
  double: "TYPE_DOUBLE",
  float: "TYPE_FLOAT",
  int64: "TYPE_INT64",
  uint64: "TYPE_UINT64",
  int32: "TYPE_INT32",
  fixed64: "TYPE_FIXED64",
  fixed32: "TYPE_FIXED32",
  bool: "TYPE_BOOL",
  string: "TYPE_STRING",
  bytes: "TYPE_BYTES",
  uint32: "TYPE_UINT32",
  sfixed32: "TYPE_SFIXED32",
  sfixed64: "TYPE_SFIXED64",
  sint32: "TYPE_SINT32",
  sint64: "TYPE_SINT64",
};

/** protoc's json_name: drop each underscore and capitalize the letter after it. */
export function jsonName(fieldName: string): string {
  let out = "";
  let upper = false;
  for (const ch of fieldName) {
    if (ch === "_") upper = true;
    else {
      out += upper ? ch.toUpperCase() : ch;
      upper = false;
    }
  }
  return out;
}

/** protoc's name of a map field's entry type: `env` -> `EnvEntry`, `my_map` -> `MyMapEntry`. */
export function mapEntryName(fieldName: string): string {
  const camel = jsonName(fieldName);
  return camel.charAt(0).toUpperCase() + camel.slice(1) + "Entry";
}

/** `.pkg.Name` for a protobufjs object (its fullName already starts with a dot). */
function qualified(obj: protobuf.ReflectionObject): string {
  return obj.fullName.startsWith(".") ? obj.fullName : "." + obj.fullName;
}

/**
 * Options that map onto fields of the matching google.protobuf.*Options message (e.g.
 * `go_package`, `deprecated`, `packed`); custom `(ext)` options and protobufjs' own markers
 * are left out.
 */
function convertOptions(
  options: Record<string, unknown> | undefined,
  optionsType: protobuf.Type,
): Record<string, unknown> | undefined {
  if (!options) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (key.startsWith("(") || key === "proto3_optional") continue;
    const field = optionsType.fields[jsonName(key)] ?? optionsType.fields[key];
    if (!field || typeof value === "object") continue;
    out[field.name] = value;
  }
  return Object.keys(out).length ? out : undefined;
}

function optionsType(name: string): protobuf.Type {
  return (descriptor as unknown as Record<string, protobuf.Type>)[name];
}

function reserved(
  list: (number[] | string)[] | undefined,
): { reservedRange: { start: number; end: number }[]; reservedName: string[] } {
  const reservedRange: { start: number; end: number }[] = [];
  const reservedName: string[] = [];
  for (const r of list ?? []) {
    // protobufjs ranges are inclusive; descriptor ranges are [start, end).
    if (typeof r === "string") reservedName.push(r);
    else reservedRange.push({ start: r[0], end: r[1] + 1 });
  }
  return { reservedRange, reservedName };
}

function enumDescriptor(e: protobuf.Enum): EnumDescriptor {
  const valueOptions = (e as unknown as { valuesOptions?: Record<string, Record<string, unknown>> })
    .valuesOptions;
  const d: EnumDescriptor = {
    name: e.name,
    value: Object.entries(e.values).map(([name, number]) => {
      const options = convertOptions(valueOptions?.[name], optionsType("EnumValueOptions"));
      return options ? { name, number, options } : { name, number };
    }),
    ...reserved(e.reserved as (number[] | string)[] | undefined),
  };
  const options = convertOptions(e.options, optionsType("EnumOptions"));
  if (options) d.options = options;
  return d;
}

/** Records which other files a file's fields and methods point into. */
type DepCollector = (target: protobuf.ReflectionObject) => void;

function fieldType(field: protobuf.Field, deps: DepCollector): { type: string; typeName?: string } {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) {
    deps(resolved);
    const group = (field as unknown as { group?: boolean }).group;
    return { type: group ? "TYPE_GROUP" : "TYPE_MESSAGE", typeName: qualified(resolved) };
  }
  if (resolved instanceof protobuf.Enum) {
    deps(resolved);
    return { type: "TYPE_ENUM", typeName: qualified(resolved) };
  }
  const scalar = SCALAR_TYPES[field.type];
  if (!scalar) {
    throw new Error(`reflection: cannot describe type ${field.type} of ${field.fullName}`);
  }
  return { type: scalar };
}

function messageDescriptor(
  t: protobuf.Type,
  proto3: boolean,
  deps: DepCollector,
): MessageDescriptor {
  const d: MessageDescriptor = {
    name: t.name,
    field: [],
    nestedType: [],
    enumType: [],
    oneofDecl: [],
    ...reserved(t.reserved as (number[] | string)[] | undefined),
  };

  // Real oneofs first, then the synthetic ones of proto3 `optional` fields (protoc's order;
  // descriptor validators reject a synthetic oneof before a real one).
  const oneofs = t.oneofsArray.filter((o) =>
    !o.fieldsArray.some((f) => f.options?.proto3_optional)
  );
  const synthetic = t.fieldsArray.filter((f) => f.options?.proto3_optional && f.partOf)
    .map((f) => f.partOf!);
  const oneofIndex = new Map<protobuf.OneOf, number>();
  for (const o of [...oneofs, ...synthetic]) {
    oneofIndex.set(o, d.oneofDecl.length);
    const options = convertOptions(o.options, optionsType("OneofOptions"));
    d.oneofDecl.push(options ? { name: o.name, options } : { name: o.name });
  }

  // Declared nested types and enums, then one entry type per map field.
  for (const nested of t.nestedArray) {
    if (nested instanceof protobuf.Type) d.nestedType.push(messageDescriptor(nested, proto3, deps));
    else if (nested instanceof protobuf.Enum) d.enumType.push(enumDescriptor(nested));
  }

  for (const field of t.fieldsArray) {
    const f: FieldDescriptor = {
      name: field.name,
      number: field.id,
      label: "LABEL_OPTIONAL",
      type: "",
      jsonName: jsonName(field.name),
    };
    if (field instanceof protobuf.MapField) {
      const entryName = mapEntryName(field.name);
      const keyType = SCALAR_TYPES[field.keyType];
      if (!keyType) throw new Error(`reflection: bad map key type of ${field.fullName}`);
      const value = fieldType(field, deps);
      d.nestedType.push({
        name: entryName,
        field: [
          { name: "key", number: 1, label: "LABEL_OPTIONAL", type: keyType, jsonName: "key" },
          { name: "value", number: 2, label: "LABEL_OPTIONAL", ...value, jsonName: "value" },
        ],
        nestedType: [],
        enumType: [],
        oneofDecl: [],
        reservedRange: [],
        reservedName: [],
        options: { mapEntry: true },
      });
      f.label = "LABEL_REPEATED";
      f.type = "TYPE_MESSAGE";
      f.typeName = `${qualified(t)}.${entryName}`;
    } else {
      Object.assign(f, fieldType(field, deps));
      if (field.repeated) f.label = "LABEL_REPEATED";
      else if (field.required) f.label = "LABEL_REQUIRED";
      if (field.partOf) f.oneofIndex = oneofIndex.get(field.partOf);
      if (field.options?.proto3_optional) f.proto3Optional = true;
      if (!proto3 && field.options?.default !== undefined) {
        f.defaultValue = String(field.options.default);
      }
    }
    const options = convertOptions(field.options, optionsType("FieldOptions"));
    if (options) f.options = options;
    d.field.push(f);
  }

  if (t.extensions?.length) {
    d.extensionRange = t.extensions.map(([start, end]) => ({ start, end: end + 1 }));
  }
  const options = convertOptions(t.options, optionsType("MessageOptions"));
  if (options) d.options = options;
  return d;
}

function serviceDescriptor(s: protobuf.Service, deps: DepCollector): ServiceDescriptor {
  const d: ServiceDescriptor = {
    name: s.name,
    method: s.methodsArray.map((m) => {
      m.resolve();
      deps(m.resolvedRequestType!);
      deps(m.resolvedResponseType!);
      const method: ServiceDescriptor["method"][number] = {
        name: m.name,
        inputType: qualified(m.resolvedRequestType!),
        outputType: qualified(m.resolvedResponseType!),
      };
      if (m.requestStream) method.clientStreaming = true;
      if (m.responseStream) method.serverStreaming = true;
      const options = convertOptions(m.options, optionsType("MethodOptions"));
      if (options) method.options = options;
      return method;
    }),
  };
  const options = convertOptions(s.options, optionsType("ServiceOptions"));
  if (options) d.options = options;
  return d;
}

/** The top-level definitions (outside any message) of a namespace tree, depth first. */
function* topLevel(ns: protobuf.NamespaceBase): Generator<protobuf.ReflectionObject> {
  for (const nested of ns.nestedArray) {
    if (nested instanceof protobuf.Type || nested instanceof protobuf.Enum) yield nested;
    else if (nested instanceof protobuf.Service) yield nested;
    else if (nested instanceof protobuf.Namespace) yield* topLevel(nested);
  }
}

/** The file a definition was parsed from (nested definitions: their outermost message's). */
function fileOf(obj: protobuf.ReflectionObject): string | null {
  let o: protobuf.ReflectionObject | null = obj;
  while (o && !o.filename) o = o.parent;
  return o?.filename ?? null;
}

function syntaxOf(source: string, name: string): "proto2" | "proto3" {
  const noComments = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
  const m = noComments.match(/^\s*syntax\s*=\s*["'](proto[23])["']\s*;/m);
  if (m) return m[1] as "proto2" | "proto3";
  if (/^\s*edition\s*=/m.test(noComments)) {
    throw new Error(`reflection: ${name}: editions are not supported by this builder`);
  }
  return "proto2";
}

function fileOptions(source: string): Record<string, unknown> | undefined {
  // File-level options: protobufjs keeps them on the package namespace (shared between files
  // of a package), so read them back from each file's own `option x = y;` lines.
  const noComments = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
  const options: Record<string, unknown> = {};
  let depth = 0;
  for (const token of noComments.matchAll(/[{}]|^\s*option\s+(\w+)\s*=\s*([^;]+);/gm)) {
    if (token[0] === "{") depth++;
    else if (token[0] === "}") depth--;
    else if (depth === 0) {
      const raw = token[2].trim();
      options[token[1]] = raw.startsWith('"') || raw.startsWith("'")
        ? raw.slice(1, -1)
        : raw === "true"
        ? true
        : raw === "false"
        ? false
        : /^-?\d+$/.test(raw)
        ? Number(raw)
        : raw;
    }
  }
  return convertOptions(options, optionsType("FileOptions"));
}

/**
 * A set of .proto files, described as FileDescriptorProtos, with the look-ups reflection
 * needs. Immutable once built.
 */
export class DescriptorPool {
  /** The descriptor objects, by file name, in the order the sources were given. */
  readonly files: ReadonlyMap<string, FileDescriptor>;
  readonly #encoded = new Map<string, Uint8Array>();
  readonly #symbols = new Map<string, string>();
  readonly #messages = new Set<string>();
  readonly #services: string[] = [];

  private constructor(files: Map<string, FileDescriptor>) {
    this.files = files;
    const FileDescriptorProto = descriptor.FileDescriptorProto as unknown as protobuf.Type;
    for (const [name, file] of files) {
      const message = FileDescriptorProto.fromObject(file);
      const err = FileDescriptorProto.verify(message);
      if (err) throw new Error(`reflection: ${name}: ${err}`);
      this.#encoded.set(name, FileDescriptorProto.encode(message).finish());
      this.#index(name, file);
    }
  }

  /** Parse `sources` (each file's imports must be among them) and describe them. */
  static fromSources(sources: readonly ProtoSource[]): DescriptorPool {
    const root = new protobuf.Root();
    const parsed: { name: string; source: string; pkg?: string; imports: string[] }[] = [];
    for (const { name, source } of sources) {
      // protobufjs stamps each definition with this (what Root.load does per file).
      (protobuf.parse as unknown as { filename: string | null }).filename = name;
      const result = protobuf.parse(source, root, { keepCase: true, alternateCommentMode: false });
      parsed.push({
        name,
        source,
        pkg: result.package,
        imports: [...(result.imports ?? []), ...(result.weakImports ?? [])],
      });
    }
    root.resolveAll();

    const byFile = new Map<string, protobuf.ReflectionObject[]>();
    for (const obj of topLevel(root)) {
      const file = fileOf(obj);
      if (file === null) continue;
      if (!byFile.has(file)) byFile.set(file, []);
      byFile.get(file)!.push(obj);
    }

    const files = new Map<string, FileDescriptor>();
    for (const p of parsed) {
      const proto3 = syntaxOf(p.source, p.name) === "proto3";
      const used = new Set<string>();
      const deps: DepCollector = (target) => {
        const file = fileOf(target);
        if (file && file !== p.name) used.add(file);
      };
      const fd: FileDescriptor = {
        name: p.name,
        dependency: [],
        messageType: [],
        enumType: [],
        service: [],
      };
      if (p.pkg) fd.package = p.pkg;
      for (const obj of byFile.get(p.name) ?? []) {
        if (obj instanceof protobuf.Type) fd.messageType.push(messageDescriptor(obj, proto3, deps));
        else if (obj instanceof protobuf.Enum) fd.enumType.push(enumDescriptor(obj));
        else if (obj instanceof protobuf.Service) fd.service.push(serviceDescriptor(obj, deps));
      }
      // Every import the file declares (protoc keeps unused ones too), plus any file a type
      // came from that was not imported by name (cannot happen with protoc-valid input).
      fd.dependency = [...new Set([...p.imports, ...used])];
      for (const dep of fd.dependency) {
        if (!sources.some((s) => s.name === dep)) {
          throw new Error(`reflection: ${p.name} imports ${dep}, which was not given`);
        }
      }
      const options = fileOptions(p.source);
      if (options) fd.options = options;
      if (proto3) fd.syntax = "proto3";
      files.set(p.name, fd);
    }
    return new DescriptorPool(files);
  }

  #index(fileName: string, file: FileDescriptor) {
    const prefix = file.package ? file.package + "." : "";
    const add = (name: string) => this.#symbols.set(name, fileName);
    const addEnum = (scope: string, e: EnumDescriptor) => {
      add(scope + e.name);
      // Enum values live in the enum's parent scope (C++ scoping), as protoregistry has them.
      for (const v of e.value) add(scope + v.name);
    };
    const addMessage = (scope: string, m: MessageDescriptor) => {
      const full = scope + m.name;
      add(full);
      this.#messages.add(full);
      for (const f of m.field) add(`${full}.${f.name}`);
      for (const o of m.oneofDecl) add(`${full}.${o.name}`);
      for (const n of m.nestedType) addMessage(full + ".", n);
      for (const e of m.enumType) addEnum(full + ".", e);
    };
    for (const m of file.messageType) addMessage(prefix, m);
    for (const e of file.enumType) addEnum(prefix, e);
    for (const s of file.service) {
      add(prefix + s.name);
      this.#services.push(prefix + s.name);
      for (const m of s.method) add(`${prefix}${s.name}.${m.name}`);
    }
  }

  /** Full names of all services described. */
  get services(): readonly string[] {
    return this.#services;
  }

  /** The serialized FileDescriptorProto of one file. */
  encoded(fileName: string): Uint8Array | undefined {
    return this.#encoded.get(fileName);
  }

  /** The file that defines a fully-qualified symbol (service, method, message, field, enum…). */
  fileContainingSymbol(symbol: string): string | undefined {
    return this.#symbols.get(symbol.startsWith(".") ? symbol.slice(1) : symbol);
  }

  /** Whether `name` is a message type of the pool. */
  hasMessage(name: string): boolean {
    return this.#messages.has(name.startsWith(".") ? name.slice(1) : name);
  }

  /** `fileName` then its transitive dependencies, each once. */
  withDependencies(fileName: string): string[] {
    const out: string[] = [];
    const visit = (name: string) => {
      if (out.includes(name)) return;
      const file = this.files.get(name);
      if (!file) throw new Error(`reflection: unknown file ${name}`);
      out.push(name);
      for (const dep of file.dependency) visit(dep);
    };
    visit(fileName);
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// The reflection protocol
// ---------------------------------------------------------------------------------------------

// grpc/reflection/v1/reflection.proto (grpc-proto), without comments. v1alpha is the same
// with another package; both are described to clients too, as grpc-go does.
function reflectionProto(version: "v1" | "v1alpha"): string {
  return `syntax = "proto3";

package grpc.reflection.${version};

option go_package = "google.golang.org/grpc/reflection/grpc_reflection_${version}";
option java_multiple_files = true;
option java_package = "io.grpc.reflection.${version}";
option java_outer_classname = "ServerReflectionProto";

service ServerReflection {
  rpc ServerReflectionInfo(stream ServerReflectionRequest) returns (stream ServerReflectionResponse);
}

message ServerReflectionRequest {
  string host = 1;
  oneof message_request {
    string file_by_filename = 3;
    string file_containing_symbol = 4;
    ExtensionRequest file_containing_extension = 5;
    string all_extension_numbers_of_type = 6;
    string list_services = 7;
  }
}

message ExtensionRequest {
  string containing_type = 1;
  int32 extension_number = 2;
}

message ServerReflectionResponse {
  string valid_host = 1;
  ServerReflectionRequest original_request = 2;
  oneof message_response {
    FileDescriptorResponse file_descriptor_response = 4;
    ExtensionNumberResponse all_extension_numbers_response = 5;
    ListServiceResponse list_services_response = 6;
    ErrorResponse error_response = 7;
  }
}

message FileDescriptorResponse {
  repeated bytes file_descriptor_proto = 1;
}

message ExtensionNumberResponse {
  string base_type_name = 1;
  repeated int32 extension_number = 2;
}

message ListServiceResponse {
  repeated ServiceResponse service = 1;
}

message ServiceResponse {
  string name = 1;
}

message ErrorResponse {
  int32 error_code = 1;
  string error_message = 2;
}
`;
}

/** The reflection protos as sources, under their upstream import paths. */
export function reflectionSources(): ProtoSource[] {
  return (["v1", "v1alpha"] as const).map((v) => ({
    name: `grpc/reflection/${v}/reflection.proto`,
    source: reflectionProto(v),
  }));
}

/** The sources of everything the manager serves: titan, health, reflection. */
export function titanSources(): ProtoSource[] {
  return [
    { name: "titan.proto", source: Deno.readTextFileSync(PROTO_PATH) },
    { name: "grpc/health/v1/health.proto", source: Deno.readTextFileSync(HEALTH_PROTO_PATH) },
    ...reflectionSources(),
  ];
}

let titanPool: DescriptorPool | undefined;

/** The pool of `titanSources()`, built once. */
export function titanDescriptorPool(): DescriptorPool {
  return titanPool ??= DescriptorPool.fromSources(titanSources());
}

/** A ServerReflectionRequest as proto-loader hands it over (keepCase, oneofs). */
export interface ReflectionRequest {
  host?: string;
  message_request?: string;
  file_by_filename?: string;
  file_containing_symbol?: string;
  file_containing_extension?: { containing_type?: string; extension_number?: number };
  all_extension_numbers_of_type?: string;
  list_services?: string;
}

/** A ServerReflectionResponse in proto-loader's shape. */
export interface ReflectionResponse {
  valid_host: string;
  original_request: ReflectionRequest;
  file_descriptor_response?: { file_descriptor_proto: Uint8Array[] };
  all_extension_numbers_response?: { base_type_name: string; extension_number: number[] };
  list_services_response?: { service: { name: string }[] };
  error_response?: { error_code: number; error_message: string };
}

/**
 * Answer one reflection request (pure; exported for tests). Each file answer carries the file
 * and its transitive dependencies, so a client never has to ask twice.
 */
export function answerReflection(
  pool: DescriptorPool,
  services: readonly string[],
  request: ReflectionRequest,
): ReflectionResponse {
  const base = { valid_host: request.host ?? "", original_request: request };
  const notFound = (message: string): ReflectionResponse => ({
    ...base,
    error_response: { error_code: grpc.status.NOT_FOUND, error_message: message },
  });
  const files = (fileName: string): ReflectionResponse => ({
    ...base,
    file_descriptor_response: {
      file_descriptor_proto: pool.withDependencies(fileName).map((f) => pool.encoded(f)!),
    },
  });

  switch (request.message_request) {
    case "list_services":
      return { ...base, list_services_response: { service: services.map((name) => ({ name })) } };
    case "file_by_filename": {
      const name = request.file_by_filename ?? "";
      return pool.files.has(name) ? files(name) : notFound(`file not found: ${name}`);
    }
    case "file_containing_symbol": {
      const symbol = request.file_containing_symbol ?? "";
      const file = pool.fileContainingSymbol(symbol);
      return file ? files(file) : notFound(`symbol not found: ${symbol}`);
    }
    case "file_containing_extension": {
      const ext = request.file_containing_extension ?? {};
      return notFound(
        `extension not found: ${ext.containing_type ?? ""} ${ext.extension_number ?? 0}`,
      );
    }
    case "all_extension_numbers_of_type":
      // No message here declares extension ranges (proto3), so there is nothing to list.
      return notFound(`no extensions of type: ${request.all_extension_numbers_of_type ?? ""}`);
    default:
      return {
        ...base,
        error_response: {
          error_code: grpc.status.INVALID_ARGUMENT,
          error_message: "empty or unknown reflection request",
        },
      };
  }
}

const REFLECTION_LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: Number,
  enums: String,
  defaults: false,
  oneofs: true,
};

/** What `addReflection` returns. */
export interface ReflectionHandle {
  /** The services list_services answers, reflection's own included. */
  readonly services: readonly string[];
  readonly pool: DescriptorPool;
}

/**
 * Serve server reflection (v1 and v1alpha) on `server` (call before `bindAsync`).
 * `services` are the names list_services answers (the reflection services are added); every
 * one must be in `pool`, else this throws. The descriptors answered are `pool`'s, by default
 * built from proto/titan.proto, proto/grpc/health/v1/health.proto and the reflection protos.
 */
export function addReflection(
  server: grpc.Server,
  services: readonly string[] = DEFAULT_REFLECTED_SERVICES,
  pool: DescriptorPool = titanDescriptorPool(),
): ReflectionHandle {
  const listed = [...new Set([...services, ...REFLECTION_SERVICE_NAMES])];
  for (const name of listed) {
    if (!pool.services.includes(name)) {
      throw new Error(`reflection: service ${name} is not described by the descriptor pool`);
    }
  }
  const definitions = grpc.loadPackageDefinition(
    protoLoader.fromJSON(
      protobuf.parse(reflectionProto("v1"), { keepCase: true }).root.toJSON(),
      REFLECTION_LOADER_OPTIONS,
    ),
  ) as unknown as {
    grpc: { reflection: { v1: { ServerReflection: grpc.ServiceClientConstructor } } };
  };
  const v1 = definitions.grpc.reflection.v1.ServerReflection.service;

  const handler = (call: grpc.ServerDuplexStream<ReflectionRequest, ReflectionResponse>) => {
    call.on("data", (request: ReflectionRequest) => {
      let response: ReflectionResponse;
      try {
        response = answerReflection(pool, listed, request);
      } catch (err) {
        response = {
          valid_host: request.host ?? "",
          original_request: request,
          error_response: { error_code: grpc.status.INTERNAL, error_message: String(err) },
        };
      }
      if (!call.cancelled && !call.destroyed) call.write(response);
    });
    call.on("end", () => call.end());
    call.on("error", () => {});
  };

  // Same messages, other package: the v1alpha definition is v1's with the path renamed.
  const v1alpha: grpc.ServiceDefinition = Object.fromEntries(
    Object.entries(v1).map(([method, def]) => [
      method,
      { ...def, path: def.path.replace("/grpc.reflection.v1.", "/grpc.reflection.v1alpha.") },
    ]),
  );
  server.addService(v1, { ServerReflectionInfo: handler });
  server.addService(v1alpha, { ServerReflectionInfo: handler });
  return { services: listed, pool };
}
