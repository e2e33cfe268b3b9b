import assert from "node:assert/strict";
import { Histogram, QUEUE_WAIT_BOUNDS } from "../core/histogram.ts";
import { MetricsHistory, type Reading } from "./metrics_history.ts";

Deno.test("the history samples the readings, with queue wait per interval, for one hour", () => {
  let now = 0;
  const wait = new Histogram(QUEUE_WAIT_BOUNDS);
  const r: Reading = {
    submitted: 0,
    completed: 0,
    failed: 0,
    cancelled: 0,
    queueLength: 0,
    running: 0,
    slots: 4,
    queueWait: wait,
  };
  const history = new MetricsHistory(() => ({ ...r }), 5000, 3600_000, () => now);
  const first = history.sample()!;
  assert.equal(first.waitP50, null);
  r.submitted = 3;
  r.completed = 2;
  r.queueLength = 1;
  r.running = 1;
  wait.observe(0.2);
  wait.observe(0.2);
  wait.observe(20);
  now += 5000;
  const second = history.sample()!;
  assert.equal(second.submitted, 3);
  assert.equal(second.completed, 2);
  assert.equal(second.queueLength, 1);
  assert.equal(second.running, 1);
  assert.equal(second.slots, 4);
  assert.ok(second.waitP50! > 0.1 && second.waitP50! <= 0.25, String(second.waitP50));
  assert.ok(second.waitP99! > 10 && second.waitP99! <= 30, String(second.waitP99));
  // The next interval saw no placement: no quantile.
  now += 5000;
  assert.equal(history.sample()!.waitP99, null);
  // Samples older than the hour go.
  for (let i = 0; i < 800; i++) {
    now += 5000;
    history.sample();
  }
  assert.equal(history.samples.length, 721);
  assert.ok(history.samples[0].t >= now - 3600_000);
});
