/**
 * google.protobuf.Timestamp and Duration, as the rest of the code counts time: epoch
 * milliseconds and milliseconds. The wire carries nanoseconds; Titan's clocks tick in ms, so
 * reading drops what is finer than a millisecond.
 *
 * The records use null (and 0, for "no backoff") for an instant not reached; on the wire that
 * is the field left unset.
 */
import type { Duration, Duration__Output } from "./gen/google/protobuf/Duration.ts";
import type { Timestamp, Timestamp__Output } from "./gen/google/protobuf/Timestamp.ts";

export type { Duration, Duration__Output, Timestamp, Timestamp__Output };

/** `ms` (epoch milliseconds) as a Timestamp; null (unset) for null, undefined or 0. */
export function toTimestamp(ms: number | null | undefined): Timestamp | null {
  if (!ms) return null;
  const whole = Math.round(ms);
  const seconds = Math.floor(whole / 1000);
  return { seconds, nanos: (whole - seconds * 1000) * 1_000_000 };
}

/** What google.protobuf.Timestamp allows: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z. */
const MIN_SECONDS = -62_135_596_800;
const MAX_SECONDS = 253_402_300_799;

/**
 * A Timestamp as epoch milliseconds (sub-millisecond digits dropped); null when unset or not a
 * valid Timestamp (seconds outside the years 1 to 9999, nanos outside [0, 1e9)), which no
 * client could print.
 */
export function fromTimestamp(ts: Timestamp__Output | Timestamp | null | undefined): number | null {
  if (!ts) return null;
  const seconds = Number(ts.seconds ?? 0);
  const nanos = ts.nanos ?? 0;
  if (!Number.isInteger(seconds) || seconds < MIN_SECONDS || seconds > MAX_SECONDS) return null;
  if (!Number.isInteger(nanos) || nanos < 0 || nanos > 999_999_999) return null;
  return seconds * 1000 + Math.floor(nanos / 1_000_000);
}

/** A Timestamp as RFC 3339 (what proto3 JSON prints); undefined when unset. */
export function timestampText(
  ts: Timestamp__Output | Timestamp | null | undefined,
): string | undefined {
  const ms = fromTimestamp(ts);
  return ms === null ? undefined : new Date(ms).toISOString();
}

/** `ms` milliseconds as a Duration (negative spans keep both parts negative, as proto says). */
export function toDuration(ms: number): Duration {
  const whole = Math.round(ms);
  const seconds = Math.trunc(whole / 1000);
  return { seconds, nanos: (whole - seconds * 1000) * 1_000_000 };
}

/** A Duration as milliseconds; null when unset. */
export function fromDuration(d: Duration__Output | Duration | null | undefined): number | null {
  if (!d) return null;
  const ms = Number(d.seconds ?? 0) * 1000 + Math.trunc((d.nanos ?? 0) / 1_000_000);
  return Number.isFinite(ms) ? ms : null;
}

/** A Duration as proto3 JSON prints it: "1.5s", "30s", "-0.250s". */
export function durationText(
  d: Duration__Output | Duration | null | undefined,
): string | undefined {
  const ms = fromDuration(d);
  if (ms === null) return undefined;
  const sign = ms < 0 ? "-" : "";
  const abs = Math.abs(ms);
  const fraction = abs % 1000;
  return `${sign}${Math.floor(abs / 1000)}${
    fraction ? `.${String(fraction).padStart(3, "0")}` : ""
  }s`;
}
