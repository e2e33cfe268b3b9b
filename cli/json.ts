/**
 * `--json` output: messages as proto3's JSON mapping spells them, as far as the CLI's answers
 * need it — lowerCamelCase names (proto-loader's already), no proto-loader oneof markers, and
 * google.protobuf.Timestamp / Duration as their JSON strings ("2026-12-01T11:07:00.377Z",
 * "1.500s") instead of `{seconds, nanos}` objects.
 *
 * Which fields are Timestamps or Durations comes from the schema, by field name: JSON.stringify's
 * replacer sees names, not message types. Module load fails if one name were a Timestamp in one
 * message and a Duration in another.
 */
import { packageDefinition } from "../shared/proto.ts";
import { durationText, timestampText } from "../shared/wire_time.ts";

type Kind = "timestamp" | "duration";

interface FieldDescriptor {
  name: string;
  typeName?: string;
}

/** Field name → Timestamp or Duration, over every message of the titan package. */
export const TIME_FIELDS: ReadonlyMap<string, Kind> = (() => {
  const kinds = new Map<string, Kind>();
  for (const [name, definition] of Object.entries(packageDefinition)) {
    if (!name.startsWith("titan.") || !("type" in definition)) continue;
    const fields = (definition.type as { field?: FieldDescriptor[] }).field ?? [];
    for (const field of fields) {
      const kind: Kind | undefined = field.typeName === "google.protobuf.Timestamp"
        ? "timestamp"
        : field.typeName === "google.protobuf.Duration"
        ? "duration"
        : undefined;
      if (!kind) continue;
      const known = kinds.get(field.name);
      if (known && known !== kind) {
        throw new Error(`${field.name} is both a Timestamp and a Duration: --json cannot tell`);
      }
      kinds.set(field.name, kind);
    }
  }
  return kinds;
})();

function isSecondsNanos(v: unknown): v is { seconds: number | string; nanos: number } {
  return typeof v === "object" && v !== null && "seconds" in v && "nanos" in v &&
    Object.keys(v).length === 2;
}

/** A decoded message (or a list of them) as indented JSON. */
export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    (key, v) => {
      // proto-loader's oneof markers (`_exitCode: "exitCode"`) are not fields.
      if (key.startsWith("_") && typeof v === "string") return undefined;
      const kind = TIME_FIELDS.get(key);
      if (kind && v === null) return undefined; // unset, as proto3 JSON leaves it out
      if (kind && isSecondsNanos(v)) {
        return kind === "timestamp" ? timestampText(v) : durationText(v);
      }
      return v;
    },
    2,
  );
}
