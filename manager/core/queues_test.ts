import assert from "node:assert/strict";
import { Queues } from "./queues.ts";

Deno.test("queues count waiting and running jobs through their moves", () => {
  const q = new Queues();
  q.get("a").pending = 2;
  assert.equal(q.countMove("a", "PENDING", "SCHEDULED"), false);
  assert.deepEqual([q.get("a").pending, q.get("a").running], [1, 1]);
  assert.equal(q.countMove("a", "SCHEDULED", "RUNNING"), false);
  assert.deepEqual([q.get("a").pending, q.get("a").running], [1, 1]);
  assert.equal(q.countMove("a", "RUNNING", "PENDING"), false, "no limit: no room to tell of");
  assert.deepEqual([q.get("a").pending, q.get("a").running], [2, 0]);
  q.configure({ name: "a", maxRunning: 1, paused: false });
  q.countMove("a", "PENDING", "SCHEDULED");
  assert.equal(q.countMove("a", "SCHEDULED", "COMPLETED"), true, "below its limit again");
});

Deno.test("the queue list holds default, configured and busy queues only, by name", () => {
  const q = new Queues();
  q.configure({ name: "zeta", maxRunning: 0, paused: true });
  q.get("busy").pending = 1;
  q.get("idle");
  assert.deepEqual(q.list().map((x) => x.name), ["busy", "default", "zeta"]);
  assert.equal(q.all.has("idle"), false, "forgotten once listed empty");
});
