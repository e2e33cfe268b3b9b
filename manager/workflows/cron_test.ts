import assert from "node:assert/strict";
import { CronSchedule } from "./cron.ts";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The next `n` fire times after `from`. */
function next(cron: CronSchedule, from: string, n: number): (string | null)[] {
  const out = [];
  let t: number | null = at(from);
  for (let i = 0; i < n && t !== null; i++) out.push(iso(t = cron.nextAfter(t)));
  return out;
}

Deno.test("five fields fire on the minute, six on the second, in UTC by default", () => {
  assert.deepEqual(next(CronSchedule.parse("*/5 * * * *", ""), "2026-01-01T00:03:10Z", 2), [
    "2026-01-01T00:05:00.000Z",
    "2026-01-01T00:10:00.000Z",
  ]);
  assert.deepEqual(next(CronSchedule.parse("*/2 * * * * *", ""), "2026-01-01T00:00:00.500Z", 2), [
    "2026-01-01T00:00:02.000Z",
    "2026-01-01T00:00:04.000Z",
  ]);
});

Deno.test("a daily time in Europe/Paris across the spring-forward change (fake dates)", () => {
  // 29 March 2026: 02:00 CET jumps to 03:00 CEST; 02:30 does not exist that day.
  const cron = CronSchedule.parse("30 2 * * *", "Europe/Paris");
  assert.deepEqual(next(cron, "2026-03-27T12:00:00Z", 3), [
    "2026-03-28T01:30:00.000Z", // 02:30 CET
    "2026-03-29T01:00:00.000Z", // the missing 02:30 fires at 03:00 CEST
    "2026-03-30T00:30:00.000Z", // 02:30 CEST
  ]);
  const nine = CronSchedule.parse("0 9 * * *", "Europe/Paris");
  assert.deepEqual(next(nine, "2026-03-28T12:00:00Z", 2), [
    "2026-03-29T07:00:00.000Z", // 09:00 CEST: UTC+2 now
    "2026-03-30T07:00:00.000Z",
  ]);
});

Deno.test("a daily time in Europe/Paris across the fall-back change fires once", () => {
  // 25 October 2026: 03:00 CEST falls back to 02:00 CET; 02:30 happens twice.
  const cron = CronSchedule.parse("30 2 * * *", "Europe/Paris");
  const fires = next(cron, "2026-10-24T12:00:00Z", 3);
  assert.equal(fires[0], "2026-10-25T00:30:00.000Z"); // the first 02:30 (CEST)
  assert.equal(fires[1], "2026-10-26T01:30:00.000Z"); // next day, 02:30 CET: not twice
});

Deno.test("latestBetween finds the last fire time of a window, or none", () => {
  const cron = CronSchedule.parse("*/10 * * * * *", "");
  const from = at("2026-01-01T00:00:01Z");
  assert.equal(
    iso(cron.latestBetween(from, at("2026-01-01T00:00:35Z"))),
    "2026-01-01T00:00:30.000Z",
  );
  assert.equal(
    iso(cron.latestBetween(from, at("2026-01-01T00:00:30Z"))),
    "2026-01-01T00:00:30.000Z",
  );
  assert.equal(cron.latestBetween(from, at("2026-01-01T00:00:05Z")), null);
});

Deno.test("bad expressions and zones are INVALID_ARGUMENT naming the problem", () => {
  assert.throws(() => CronSchedule.parse("* * * *", ""), /cron must have 5 fields .* got 4/);
  assert.throws(() => CronSchedule.parse("0 0 0 * * * *", ""), /got 7/);
  assert.throws(
    () => CronSchedule.parse("61 * * * *", ""),
    /cron "61 \* \* \* \*" is invalid: .*minute/i,
  );
  assert.throws(
    () => CronSchedule.parse("* * * * *", "Mars/Olympus"),
    /timezone must be an IANA zone/,
  );
});
