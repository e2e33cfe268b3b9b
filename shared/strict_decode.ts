/**
 * Strict request decoding. protobufjs, as grpc-js and proto-loader use it, decodes leniently:
 * over a Node Buffer a length that runs past the end is cut short instead of refused, and a
 * known field sent with the wrong wire type is read anyway. A malformed body could so become
 * a job with a command the client never sent. Every request is therefore checked against the
 * message's schema first: lengths inside the body, wire types of known fields, valid UTF-8 in
 * strings, varints that end within ten bytes and fit their field (a uint32 above 2^32 - 1 would
 * be cut to its low bits, an int32 outside its range wrapped), sane nesting. A body that fails
 * decodes to a marker instead (grpc-js would answer a
 * throwing deserializer with INTERNAL); handlers answer it with INVALID_ARGUMENT naming the
 * problem (`malformedReason`), and nothing is stored.
 */
import protobuf from "protobufjs";
import type { grpc } from "./proto.ts";
import { PROTO_PATH } from "./proto.ts";

// keepCase: messages name fields as the .proto (and the client) spell them.
const root = new protobuf.Root().loadSync(PROTO_PATH, { keepCase: true });
root.resolveAll();
const nameOf = (t: protobuf.ReflectionObject) => t.fullName.replace(/^\./, "");

const MAX_DEPTH = 32;
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The error a malformed body raises. */
export class MalformedMessageError extends Error {
  /** `where` is the field path from the request, e.g. `jobs[2].env`. */
  constructor(readonly where: string, readonly detail: string) {
    super(`${where}: ${detail}`);
    this.name = "MalformedMessageError";
  }
}

/** The wire type a field of `type` (scalar name, enum or message) is encoded with. */
function wireTypeOf(typeName: string, resolved: protobuf.Type | protobuf.Enum | null): number {
  const basic = (protobuf.types.basic as Record<string, number>)[typeName];
  if (basic !== undefined) return basic;
  return resolved instanceof protobuf.Enum ? 0 : 2;
}

/** A varint as its low and high 32 bits; refused past ten bytes or above 2^64 - 1. */
function readVarint(reader: protobuf.Reader, end: number, where: string): [number, number] {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < 10; i++) {
    if (reader.pos >= end) throw new MalformedMessageError(where, "truncated varint");
    const byte = reader.buf[reader.pos++];
    const bits = byte & 0x7f;
    if (i < 4) lo |= bits << (7 * i);
    else if (i === 4) {
      lo |= (bits & 0x0f) << 28;
      hi = bits >>> 4;
    } else if (i === 9 && bits > 1) {
      throw new MalformedMessageError(where, "varint overflows 64 bits");
    } else hi |= bits << (7 * i - 32);
    if (byte < 0x80) return [lo >>> 0, hi >>> 0];
  }
  throw new MalformedMessageError(where, "varint longer than ten bytes");
}

/** A varint that must fit 32 unsigned bits (tags, lengths, uint32 fields). */
function readUint32(reader: protobuf.Reader, end: number, where: string): number {
  const [lo, hi] = readVarint(reader, end, where);
  if (hi !== 0) throw new MalformedMessageError(where, "varint overflows uint32");
  return lo;
}

/** Check a varint field's value against its type's range. */
function checkVarintValue(
  typeName: string,
  isEnum: boolean,
  reader: protobuf.Reader,
  end: number,
  where: string,
): void {
  const [lo, hi] = readVarint(reader, end, where);
  if (typeName === "uint32" || typeName === "sint32") {
    if (hi !== 0) throw new MalformedMessageError(where, `varint overflows ${typeName}`);
  } else if (typeName === "int32" || isEnum) {
    // Negative int32 values are sign-extended to ten bytes by every encoder.
    const fits = (hi === 0 && lo < 2 ** 31) || (hi === 0xffffffff && lo >= 2 ** 31);
    if (!fits) {
      throw new MalformedMessageError(where, `varint overflows ${isEnum ? "enum" : "int32"}`);
    }
  }
}

function checkLengthDelimited(
  reader: protobuf.Reader,
  end: number,
  typeName: string,
  resolved: protobuf.Type | protobuf.Enum | null,
  depth: number,
  where: string,
): void {
  const length = readUint32(reader, end, where);
  const start = reader.pos;
  if (length > end - start) {
    throw new MalformedMessageError(where, `length ${length} runs past the end of the message`);
  }
  if (resolved instanceof protobuf.Type) {
    checkMessage(resolved, reader, start + length, depth + 1, `${where}.`);
  } else if (typeName === "string") {
    try {
      utf8.decode(reader.buf.subarray(start, start + length));
    } catch {
      throw new MalformedMessageError(where, "string is not valid UTF-8");
    }
  }
  reader.pos = start + length;
}

/** Walk the fields of one message between reader.pos and `end`; `prefix` names its path. */
function checkMessage(
  type: protobuf.Type,
  reader: protobuf.Reader,
  end: number,
  depth: number,
  prefix = "",
) {
  const here = prefix.replace(/\.$/, "") || nameOf(type);
  if (depth > MAX_DEPTH) throw new MalformedMessageError(here, "nested too deeply");
  const seen = new Map<number, number>();
  while (reader.pos < end) {
    const tag = readUint32(reader, end, here);
    const id = tag >>> 3;
    const wireType = tag & 7;
    if (id === 0) throw new MalformedMessageError(here, "field number 0");
    const field = type.fieldsById[id];
    let where = `${prefix}${field?.name ?? `field ${id}`}`;
    if (field?.repeated && !(field instanceof protobuf.MapField)) {
      const index = seen.get(id) ?? 0;
      seen.set(id, index + 1);
      where += `[${index}]`;
    }
    if (!field) {
      if (wireType === 2) checkLengthDelimited(reader, end, "bytes", null, depth, where);
      else if (wireType === 3 || wireType === 4) {
        throw new MalformedMessageError(where, "groups are not allowed");
      } else if (wireType === 0) readVarint(reader, end, where);
      else reader.skipType(wireType);
      continue;
    }
    if (field instanceof protobuf.MapField) {
      if (wireType !== 2) throw new MalformedMessageError(where, `wire type ${wireType}`);
      checkMapEntry(field, reader, end, depth, where);
      continue;
    }
    const expected = wireTypeOf(field.type, field.resolvedType);
    const packed = field.repeated && expected !== 2 && wireType === 2;
    if (wireType !== expected && !packed) {
      throw new MalformedMessageError(where, `wire type ${wireType}, expected ${expected}`);
    }
    if (wireType === 2) {
      checkLengthDelimited(
        reader,
        end,
        packed ? "bytes" : field.type,
        packed ? null : field.resolvedType,
        depth,
        where,
      );
    } else if (wireType === 0) {
      const isEnum = field.resolvedType instanceof protobuf.Enum;
      checkVarintValue(field.type, isEnum, reader, end, where);
    } else reader.skipType(wireType);
  }
  if (reader.pos !== end) throw new MalformedMessageError(here, "truncated field");
}

function checkMapEntry(
  field: protobuf.MapField,
  reader: protobuf.Reader,
  end: number,
  depth: number,
  where: string,
): void {
  const length = readUint32(reader, end, where);
  const start = reader.pos;
  if (length > end - start) {
    throw new MalformedMessageError(where, `length ${length} runs past the end of the message`);
  }
  const entryEnd = start + length;
  while (reader.pos < entryEnd) {
    const tag = readUint32(reader, entryEnd, where);
    const id = tag >>> 3;
    const wireType = tag & 7;
    const typeName = id === 1 ? field.keyType : id === 2 ? field.type : "";
    const resolved = id === 2 ? field.resolvedType : null;
    if (!typeName) throw new MalformedMessageError(where, `map entry field ${id}`);
    const expected = wireTypeOf(typeName, resolved);
    if (wireType !== expected) {
      throw new MalformedMessageError(where, `map entry wire type ${wireType}`);
    }
    if (wireType === 2) checkLengthDelimited(reader, entryEnd, typeName, resolved, depth, where);
    else if (wireType === 0) {
      checkVarintValue(typeName, resolved instanceof protobuf.Enum, reader, entryEnd, where);
    } else reader.skipType(wireType);
  }
  if (reader.pos !== entryEnd) throw new MalformedMessageError(where, "truncated map entry");
}

/** Throw MalformedMessageError unless `bytes` is a well-formed `typeName` message. */
export function checkWellFormed(typeName: string, bytes: Uint8Array): void {
  const type = root.lookupType(typeName);
  // A plain Uint8Array view: protobufjs' Reader over it bounds-checks (its BufferReader for
  // Node Buffers does not, for strings).
  const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    checkMessage(type, protobuf.Reader.create(view), view.length, 0);
  } catch (err) {
    // protobufjs' own refusals (a varint or fixed field cut off, an invalid wire type) have
    // no path: they name the message.
    const where = err instanceof MalformedMessageError ? err.where : typeName;
    const detail = err instanceof MalformedMessageError ? err.detail : (err as Error).message;
    throw new MalformedMessageError(where, `${detail} (malformed ${typeName})`);
  }
}

const MALFORMED = Symbol("malformed");

/** Why a request decoded by a strict service was malformed, or undefined when it was not. */
export function malformedReason(request: unknown): string | undefined {
  return typeof request === "object" && request !== null && MALFORMED in request
    ? String((request as Record<symbol, unknown>)[MALFORMED])
    : undefined;
}

/** A copy of a grpc-js service definition whose request deserializers check the body first. */
export function strictService(
  definition: grpc.ServiceDefinition,
  serviceName: string,
): grpc.ServiceDefinition {
  const service = root.lookupService(serviceName);
  const strict: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const [name, method] of Object.entries(definition)) {
    const requestType = service.methods[method.originalName ?? name]?.resolvedRequestType ??
      service.methods[name]?.resolvedRequestType;
    if (!requestType) throw new Error(`strictService: no method ${name} in ${serviceName}`);
    const typeName = requestType.fullName.replace(/^\./, "");
    const original = method.requestDeserialize;
    strict[name] = {
      ...method,
      requestDeserialize: (bytes: Uint8Array) => {
        try {
          checkWellFormed(typeName, bytes);
        } catch (err) {
          if (err instanceof MalformedMessageError) return { [MALFORMED]: err.message };
          throw err;
        }
        return original(bytes as never);
      },
    };
  }
  return strict as grpc.ServiceDefinition;
}
