/**
 * The dashboard's API: the gRPC service's own handlers, reached over HTTP with JSON bodies.
 *
 * `POST /api/<package.Service>/<Method>` takes the request message in its proto3 JSON form
 * (field names in lowerCamelCase or as the .proto spells them, enums by name, 64-bit numbers
 * as numbers, google.protobuf.Timestamp and Duration as RFC 3339 and "1.5s" strings) and
 * answers the response message the same way. The JSON is turned into the
 * message's wire bytes and handed to the service definition's own deserializer, so a request
 * meets the same strict decoding, token check, validation and error statuses as over gRPC:
 * nothing is validated twice, nothing differently. A failed call answers an HTTP status mapped
 * from the gRPC code, with `{"code": "INVALID_ARGUMENT", "message": …}` as the body.
 *
 * A server-streaming method answers Server-Sent Events: one `message` event per response
 * message (its JSON as data), then `end`, or `error` with the same `{code, message}` body when
 * the stream fails after it started. A stream that fails before its first message answers a
 * plain error response instead.
 *
 * A method the service declares but no handler serves yet answers UNIMPLEMENTED, as grpc-js
 * does; the page hides what it cannot load.
 */
import { EventEmitter } from "node:events";
import protobuf from "protobufjs";
import { TitanError } from "../../shared/errors.ts";
import { grpc } from "../../shared/proto.ts";
import {
  durationText,
  type Timestamp,
  timestampText,
  toDuration,
  toTimestamp,
} from "../../shared/wire_time.ts";

/** gRPC code names by number (the JSON error body carries the name). */
const CODE_NAMES = Object.fromEntries(
  Object.entries(grpc.status).filter(([, v]) => typeof v === "number").map(([k, v]) => [v, k]),
) as Record<number, string>;

/**
 * The HTTP status for a gRPC code: the mapping of Google's HTTP/JSON transcoding
 * (google/rpc/code.proto), which grpc-gateway and Envoy use too.
 */
const HTTP_STATUS: Record<number, number> = {
  [grpc.status.OK]: 200,
  [grpc.status.CANCELLED]: 499,
  [grpc.status.UNKNOWN]: 500,
  [grpc.status.INVALID_ARGUMENT]: 400,
  [grpc.status.DEADLINE_EXCEEDED]: 504,
  [grpc.status.NOT_FOUND]: 404,
  [grpc.status.ALREADY_EXISTS]: 409,
  [grpc.status.PERMISSION_DENIED]: 403,
  [grpc.status.RESOURCE_EXHAUSTED]: 429,
  [grpc.status.FAILED_PRECONDITION]: 400,
  [grpc.status.ABORTED]: 409,
  [grpc.status.OUT_OF_RANGE]: 400,
  [grpc.status.UNIMPLEMENTED]: 501,
  [grpc.status.INTERNAL]: 500,
  [grpc.status.UNAVAILABLE]: 503,
  [grpc.status.DATA_LOSS]: 500,
  [grpc.status.UNAUTHENTICATED]: 401,
};

/** A failed call as the gateway reports it: a gRPC code and the message for the user. */
export class CallError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
    this.name = "CallError";
  }
}

/** The body of a failed call: the gRPC code by name and the handler's message. */
export function errorBody(err: CallError): { code: string; message: string } {
  return { code: CODE_NAMES[err.code] ?? "UNKNOWN", message: err.message };
}

export function errorResponse(err: CallError): Response {
  return Response.json(errorBody(err), { status: HTTP_STATUS[err.code] ?? 500 });
}

const invalid = (message: string) => new CallError(grpc.status.INVALID_ARGUMENT, message);

/** How response messages become JSON: enums by name, bytes as base64, zero values present. */
const TO_JSON: protobuf.IConversionOptions = {
  longs: Number,
  enums: String,
  bytes: String,
  defaults: true,
  oneofs: true,
};

const snakeToCamel = (name: string) => name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

/**
 * Check a JSON value against a message type and bring it into the shape protobufjs encodes:
 * unknown fields and values of the wrong kind are refused with the path of the field, since
 * the lenient `fromObject` would silently drop or coerce them.
 */
export function fromJson(type: protobuf.Type, value: unknown, path = ""): Record<string, unknown> {
  const where = path || type.fullName.replace(/^\./, "");
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalid(`${where}: expected a JSON object`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const name = snakeToCamel(key);
    const field = type.fields[name];
    if (!field) {
      throw invalid(
        `${path ? path + ": " : ""}unknown field ${JSON.stringify(key)} in ${
          type.fullName.replace(/^\./, "")
        }`,
      );
    }
    if (v === null) continue; // proto3 JSON: null means the default value
    const fieldPath = path ? `${path}.${key}` : key;
    field.resolve();
    if (field.map) {
      if (typeof v !== "object" || Array.isArray(v)) {
        throw invalid(`${fieldPath}: expected a JSON object`);
      }
      const map: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
        map[k] = fromJsonScalar(field, item, `${fieldPath}.${k}`);
      }
      out[name] = map;
    } else if (field.repeated) {
      if (!Array.isArray(v)) throw invalid(`${fieldPath}: expected a JSON array`);
      out[name] = v.map((item, i) => fromJsonScalar(field, item, `${fieldPath}[${i}]`));
    } else {
      out[name] = fromJsonScalar(field, v, fieldPath);
    }
  }
  return out;
}

const INT_RANGES: Record<string, [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  sint32: [-(2 ** 31), 2 ** 31 - 1],
  sfixed32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1],
  fixed32: [0, 2 ** 32 - 1],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  sint64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  sfixed64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  uint64: [0, Number.MAX_SAFE_INTEGER],
  fixed64: [0, Number.MAX_SAFE_INTEGER],
};

const TIMESTAMP = ".google.protobuf.Timestamp";
const DURATION = ".google.protobuf.Duration";

/** A Timestamp's or Duration's JSON string as the message protobufjs encodes. */
function wellKnownFromJson(type: protobuf.Type, v: unknown, path: string): Timestamp | undefined {
  if (type.fullName === TIMESTAMP && typeof v === "string") {
    const ms = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/.test(v)
      ? Date.parse(v)
      : NaN;
    if (Number.isNaN(ms)) {
      throw invalid(`${path}: expected an RFC 3339 time, got ${JSON.stringify(v)}`);
    }
    return toTimestamp(ms) ?? { seconds: 0, nanos: 0 };
  }
  if (type.fullName === DURATION && typeof v === "string") {
    const m = /^(-?\d+(?:\.\d{1,9})?)s$/.exec(v);
    if (!m) throw invalid(`${path}: expected a duration such as "1.5s", got ${JSON.stringify(v)}`);
    return toDuration(Number(m[1]) * 1000);
  }
  return undefined;
}

/** proto3 JSON spells Timestamps and Durations as strings; protobufjs' toObject does not. */
function wellKnownToJson(type: protobuf.Type, message: Record<string, unknown>): unknown {
  if (type.fullName === TIMESTAMP) return timestampText(message) ?? null;
  if (type.fullName === DURATION) return durationText(message) ?? null;
  for (const field of type.fieldsArray) {
    const v = message[field.name];
    field.resolve();
    const t = field.resolvedType;
    if (v === null || v === undefined || !(t instanceof protobuf.Type)) continue;
    const one = (x: unknown) => wellKnownToJson(t, x as Record<string, unknown>);
    if (field.map) {
      message[field.name] = Object.fromEntries(
        Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, one(x)]),
      );
    } else if (field.repeated) message[field.name] = (v as unknown[]).map(one);
    else message[field.name] = one(v);
  }
  return message;
}

function fromJsonScalar(field: protobuf.Field, v: unknown, path: string): unknown {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) {
    return wellKnownFromJson(resolved, v, path) ?? fromJson(resolved, v, path);
  }
  if (resolved instanceof protobuf.Enum) {
    if (typeof v === "string" && v in resolved.values) return resolved.values[v];
    if (typeof v === "number" && Number.isInteger(v)) return v;
    throw invalid(
      `${path}: ${JSON.stringify(v)} is not a value of ${resolved.fullName.replace(/^\./, "")}`,
    );
  }
  const range = INT_RANGES[field.type];
  if (range) {
    const n = typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : v;
    if (typeof n !== "number" || !Number.isInteger(n) || n < range[0] || n > range[1]) {
      throw invalid(`${path}: expected a ${field.type}, got ${JSON.stringify(v)}`);
    }
    return n;
  }
  switch (field.type) {
    case "string":
      if (typeof v !== "string") throw invalid(`${path}: expected a string`);
      return v;
    case "bool":
      if (typeof v !== "boolean") throw invalid(`${path}: expected true or false`);
      return v;
    case "double":
    case "float":
      if (typeof v !== "number") throw invalid(`${path}: expected a number`);
      return v;
    case "bytes":
      if (typeof v !== "string") throw invalid(`${path}: expected base64 text`);
      try {
        return Uint8Array.from(atob(v), (c) => c.charCodeAt(0));
      } catch {
        throw invalid(`${path}: expected base64 text`);
      }
  }
  throw invalid(`${path}: unsupported field type ${field.type}`);
}

// deno-lint-ignore no-explicit-any
type AnyHandler = (call: any, callback?: any) => void;

/** One service made reachable as JSON: its definition, handlers and message types. */
export class JsonGateway {
  readonly #root: protobuf.Root;
  readonly #service: protobuf.Service;

  constructor(
    protoPath: string,
    readonly serviceName: string,
    readonly definition: grpc.ServiceDefinition,
    readonly handlers: Record<string, AnyHandler>,
  ) {
    // keepCase false: field names as proto-loader gives them to the handlers (lowerCamelCase).
    this.#root = new protobuf.Root().loadSync(protoPath, { keepCase: false });
    this.#root.resolveAll();
    this.#service = this.#root.lookupService(serviceName);
  }

  /** The methods the proto declares, whether or not a handler serves them. */
  get methods(): string[] {
    return Object.keys(this.#service.methods);
  }

  /** The JSON field names of a message type of the service's package. */
  fieldsOf(message: string): string[] {
    const pkg = this.serviceName.slice(0, this.serviceName.lastIndexOf("."));
    return Object.keys(this.#root.lookupType(`${pkg}.${message}`).fields);
  }

  /** Decode a JSON request for `method` the way the gRPC server would decode its bytes. */
  decodeRequest(method: string, json: unknown): unknown {
    const m = this.#service.methods[method];
    const type = m.resolvedRequestType!;
    const bytes = type.encode(type.fromObject(fromJson(type, json))).finish();
    return this.definition[method].requestDeserialize(Buffer.from(bytes));
  }

  /** A handler's response message as JSON. */
  encodeResponse(method: string, message: unknown): unknown {
    const m = this.#service.methods[method];
    const bytes = this.definition[method].responseSerialize(message);
    const type = m.resolvedResponseType!;
    return wellKnownToJson(type, type.toObject(type.decode(bytes), TO_JSON));
  }

  /** Call `method` with a JSON request; resolves to the JSON response or rejects a CallError. */
  async unary(method: string, json: unknown, metadata: grpc.Metadata): Promise<unknown> {
    const handler = this.#handler(method, false);
    const request = this.decodeRequest(method, json);
    const response = await new Promise<unknown>((resolve, reject) => {
      handler({ request, metadata, getPeer: () => "http" }, (err: unknown, res: unknown) => {
        if (err) reject(asCallError(err));
        else resolve(res);
      });
    });
    return this.encodeResponse(method, response);
  }

  /**
   * Open a server stream: `onMessage` gets each response as JSON, `onEnd` once with the final
   * status (undefined = OK). Returns a function that cancels the stream, as a client going
   * away would.
   */
  stream(
    method: string,
    json: unknown,
    metadata: grpc.Metadata,
    onMessage: (message: unknown) => void,
    onEnd: (err?: CallError) => void,
  ): () => void {
    const handler = this.#handler(method, true);
    const request = this.decodeRequest(method, json);
    let done = false;
    const call = new StreamCall(request, metadata, (message) => {
      if (!done) onMessage(this.encodeResponse(method, message));
    }, (err) => {
      if (done) return;
      done = true;
      onEnd(err === undefined ? undefined : asCallError(err));
    });
    handler(call);
    return () => {
      if (done) return;
      done = true;
      call.cancelled = true;
      call.emit("cancelled");
    };
  }

  #handler(method: string, streaming: boolean): AnyHandler {
    const m = this.#service.methods[method];
    if (!m) {
      throw new CallError(grpc.status.UNIMPLEMENTED, `no method ${this.serviceName}/${method}`);
    }
    if (Boolean(m.responseStream) !== streaming || m.requestStream) {
      throw invalid(
        `${this.serviceName}/${method} is ${
          m.responseStream ? "a server stream: ask for text/event-stream" : "unary"
        }`,
      );
    }
    const handler = this.handlers[method];
    if (!handler) {
      throw new CallError(
        grpc.status.UNIMPLEMENTED,
        `${this.serviceName}/${method} is not implemented by this manager`,
      );
    }
    return handler;
  }
}

/** Whatever a handler failed with, as a code and message (grpc-js ServiceError shape). */
export function asCallError(err: unknown): CallError {
  if (err instanceof CallError) return err;
  if (err instanceof TitanError) return new CallError(err.code, err.message);
  // A handler's callback gets a grpc-js ServiceError shape (shared/errors.ts toServiceError).
  const e = err as { code?: unknown; details?: unknown } | null;
  if (typeof e?.code === "number" && typeof e.details === "string") {
    return new CallError(e.code, e.details);
  }
  return new CallError(grpc.status.INTERNAL, "internal error");
}

/**
 * The server-stream call a handler writes to: `write`, `end`, and `emit("error", status)` as
 * grpc-js's ServerWritableStream offers them; it emits "cancelled" when the client left.
 */
class StreamCall extends EventEmitter {
  /** Set once the client went away, as grpc-js sets it. */
  cancelled = false;

  constructor(
    readonly request: unknown,
    readonly metadata: grpc.Metadata,
    readonly onWrite: (message: unknown) => void,
    readonly onFinish: (err?: unknown) => void,
  ) {
    super();
    // The handler reports a failed stream by emitting "error"; an emitter with no listener
    // for it would throw instead.
    this.on("error", (err) => this.onFinish(err ?? { code: grpc.status.UNKNOWN }));
  }

  getPeer(): string {
    return "http";
  }

  write(message: unknown): boolean {
    this.onWrite(message);
    return true;
  }

  end(): void {
    this.onFinish();
  }
}
