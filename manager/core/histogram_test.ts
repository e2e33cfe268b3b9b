import assert from "node:assert/strict";
import { Histogram, quantileBetween } from "./histogram.ts";

Deno.test("a histogram counts cumulatively per upper bound", () => {
  const h = new Histogram([1, 2, 5]);
  for (const v of [0.5, 1, 1.5, 4, 9]) h.observe(v);
  assert.deepEqual(h.counts, [2, 3, 4]);
  assert.equal(h.count, 5);
  assert.equal(h.sum, 16);
});

Deno.test("quantiles between two snapshots interpolate inside the bucket, as PromQL does", () => {
  const bounds = [1, 2, 4];
  const h = new Histogram(bounds);
  for (let i = 0; i < 10; i++) h.observe(10); // before: only above the last bound
  const before = { counts: [...h.counts], count: h.count };
  // 4 in (0,1], 4 in (1,2], 2 in (2,4]
  for (const v of [0.1, 0.2, 0.3, 0.4, 1.1, 1.2, 1.3, 1.4, 3, 3]) h.observe(v);
  assert.equal(quantileBetween(bounds, before, h, 0.5), 1.25);
  assert.equal(quantileBetween(bounds, before, h, 0.2), 0.5);
  assert.equal(quantileBetween(bounds, before, h, 0.9), 3);
  // Nothing between equal snapshots: no quantile rather than a made-up zero.
  assert.equal(quantileBetween(bounds, h, h, 0.5), undefined);
  // Above the last bound: the last bound (the histogram cannot say more).
  const after = new Histogram(bounds);
  after.observe(100);
  assert.equal(quantileBetween(bounds, { counts: [0, 0, 0], count: 0 }, after, 0.99), 4);
});
