/**
 * The few assertions the tests use (JSR's @std/assert is not reachable from every machine
 * that runs the tests; node:util's deep equality is built into Deno).
 */
import { isDeepStrictEqual } from "node:util";

export class AssertionError extends Error {
  override name = "AssertionError";
}

/** Throws unless `value` is truthy. */
export function assert(value: unknown, message = "expected a truthy value"): asserts value {
  if (!value) throw new AssertionError(message);
}

/** Deep, strict equality of plain data (compared as JSON would see it). */
export function assertEquals(actual: unknown, expected: unknown, message?: string): void {
  const a = plain(actual);
  const e = plain(expected);
  if (!isDeepStrictEqual(a, e)) {
    throw new AssertionError(
      `${message ? message + ": " : ""}values differ\nactual:   ${show(a)}\nexpected: ${show(e)}`,
    );
  }
}

/** Throws unless `text` matches `pattern`. */
export function assertMatch(text: string, pattern: RegExp, message?: string): void {
  if (!pattern.test(text)) {
    throw new AssertionError(
      `${message ? message + ": " : ""}${show(text)} does not match ${pattern}`,
    );
  }
}

// protobufjs' toObject returns class instances: compare as JSON data.
function plain(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

function show(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? String(value);
}
