import { assertEquals } from "../tests/support/assert.ts";
import {
  durationText,
  fromDuration,
  fromTimestamp,
  timestampText,
  toDuration,
  toTimestamp,
} from "./wire_time.ts";

Deno.test("Timestamps round-trip epoch milliseconds; not reached is unset", () => {
  const ms = Date.UTC(2026, 11, 1, 11, 7, 0, 377);
  assertEquals(toTimestamp(ms), { seconds: Math.floor(ms / 1000), nanos: 377_000_000 });
  assertEquals(fromTimestamp(toTimestamp(ms)), ms);
  assertEquals(timestampText(toTimestamp(ms)), "2026-12-01T11:07:00.377Z");
  for (const unset of [null, undefined, 0]) assertEquals(toTimestamp(unset), null);
  assertEquals(fromTimestamp(null), null);
  assertEquals(timestampText(null), undefined);
  // Before 1970 the nanos stay positive, as the proto requires.
  assertEquals(toTimestamp(-1), { seconds: -1, nanos: 999_000_000 });
  assertEquals(fromTimestamp({ seconds: -1, nanos: 999_000_000 }), -1);
  // Sub-millisecond precision from other peers is dropped.
  assertEquals(fromTimestamp({ seconds: 10, nanos: 1_600_000 }), 10_001);
  // Outside what a Timestamp may hold: treated as unset, never as a date nobody can print.
  assertEquals(
    fromTimestamp({ seconds: 253_402_300_799, nanos: 999_999_999 }),
    253_402_300_799_999,
  );
  for (
    const invalid of [
      { seconds: 253_402_300_800, nanos: 0 },
      { seconds: -62_135_596_801, nanos: 0 },
      { seconds: 2 ** 53, nanos: 0 },
      { seconds: 1, nanos: -1 },
      { seconds: 1, nanos: 1_000_000_000 },
      { seconds: 1.5, nanos: 0 },
    ]
  ) assertEquals(fromTimestamp(invalid), null, JSON.stringify(invalid));
  // Long-typed seconds arrive as strings from some loaders.
  assertEquals(fromTimestamp({ seconds: "10", nanos: 0 }), 10_000);
});

Deno.test("Durations round-trip milliseconds and print as proto3 JSON does", () => {
  assertEquals(toDuration(1500), { seconds: 1, nanos: 500_000_000 });
  assertEquals(fromDuration(toDuration(1500)), 1500);
  assertEquals(toDuration(-250), { seconds: 0, nanos: -250_000_000 });
  assertEquals(fromDuration(toDuration(-1250)), -1250);
  assertEquals(fromDuration(null), null);
  assertEquals(durationText(toDuration(30_000)), "30s");
  assertEquals(durationText(toDuration(1500)), "1.500s");
  assertEquals(durationText(toDuration(-250)), "-0.250s");
  assertEquals(durationText(undefined), undefined);
});
