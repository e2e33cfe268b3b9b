import assert from "node:assert/strict";
import { backoffDelay } from "./backoff.ts";

Deno.test("backoffDelay() doubles from the initial delay up to the cap, with jitter", () => {
  const top = () => 0.999999;
  const bottom = () => 0;
  assert.equal(backoffDelay(0, 100, 5000, bottom), 50);
  assert.ok(Math.abs(backoffDelay(3, 100, 5000, top) - 800) < 0.01);
  assert.ok(Math.abs(backoffDelay(20, 100, 5000, top) - 5000) < 0.01);
  assert.equal(backoffDelay(1000, 100, 5000, bottom), 2500);
});
