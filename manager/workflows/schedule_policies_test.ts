import assert from "node:assert/strict";
import { CronSchedule } from "./cron.ts";
import { catchUp, overlapAction } from "./schedule_policies.ts";

const everySecond = CronSchedule.parse("* * * * * *", "");
const T0 = Date.parse("2026-01-01T00:00:00Z");

Deno.test("after downtime RUN_ONCE runs the latest missed fire time, once", () => {
  // Down from 00:00:03 (due) to 00:00:09.400: 3..9 were missed.
  assert.deepEqual(catchUp("RUN_ONCE", everySecond, T0 + 3000, T0 + 9400), {
    fireTimes: [T0 + 9000],
    next: T0 + 10_000,
  });
});

Deno.test("after downtime SKIP_MISSED runs none of the missed fire times", () => {
  assert.deepEqual(catchUp("SKIP_MISSED", everySecond, T0 + 3000, T0 + 9400), {
    fireTimes: [],
    next: T0 + 10_000,
  });
});

Deno.test("a daily schedule missed over a weekend catches up once, with Sunday's time", () => {
  const daily = CronSchedule.parse("0 6 * * *", "Europe/Paris");
  const friday = Date.parse("2026-01-02T05:00:00Z"); // 06:00 CET
  const monday = Date.parse("2026-01-05T04:00:00Z"); // 05:00 CET, before Monday's run
  const { fireTimes, next } = catchUp("RUN_ONCE", daily, friday + 86_400_000, monday);
  assert.deepEqual(fireTimes.map((t) => new Date(t).toISOString()), ["2026-01-04T05:00:00.000Z"]);
  assert.equal(new Date(next!).toISOString(), "2026-01-05T05:00:00.000Z");
});

Deno.test("overlap: SKIP skips, CANCEL_PREVIOUS cancels, ALLOW creates; an idle schedule creates", () => {
  assert.equal(overlapAction("SKIP", true), "skip");
  assert.equal(overlapAction("CANCEL_PREVIOUS", true), "cancel-previous-and-create");
  assert.equal(overlapAction("ALLOW", true), "create");
  for (const p of ["SKIP", "CANCEL_PREVIOUS", "ALLOW"] as const) {
    assert.equal(overlapAction(p, false), "create");
  }
});
