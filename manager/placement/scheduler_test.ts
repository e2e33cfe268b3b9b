import assert from "node:assert/strict";
import { schedule } from "./scheduler.ts";

const ids = (n: number) => Array.from({ length: n }, (_, i) => `j${i}`);

Deno.test("schedule() spreads jobs round-robin over workers with free slots", () => {
  const plan = schedule(ids(4), [{ id: "a", freeSlots: 4 }, { id: "b", freeSlots: 4 }], "");
  assert.deepEqual(plan.assignments.map((a) => a.workerId), ["a", "b", "a", "b"]);
  assert.equal(plan.cursor, "b");
});

Deno.test("schedule() continues the rotation after the cursor across calls", () => {
  const workers = [{ id: "a", freeSlots: 9 }, { id: "b", freeSlots: 9 }, { id: "c", freeSlots: 9 }];
  let cursor = "";
  const order: string[] = [];
  for (let i = 0; i < 5; i++) {
    const plan = schedule([`j${i}`], workers, cursor);
    cursor = plan.cursor;
    order.push(plan.assignments[0].workerId);
  }
  assert.deepEqual(order, ["a", "b", "c", "a", "b"]);
});

Deno.test("schedule() skips full workers and leaves what does not fit", () => {
  const plan = schedule(ids(5), [{ id: "a", freeSlots: 0 }, { id: "b", freeSlots: 2 }, {
    id: "c",
    freeSlots: 1,
  }], "");
  assert.deepEqual(plan.assignments, [
    { jobId: "j0", workerId: "b" },
    { jobId: "j1", workerId: "c" },
    { jobId: "j2", workerId: "b" },
  ]);
});

Deno.test("schedule() keeps queue order: the first jobs are placed first", () => {
  const plan = schedule(["x", "y", "z"], [{ id: "a", freeSlots: 2 }], "");
  assert.deepEqual(plan.assignments.map((a) => a.jobId), ["x", "y"]);
});

Deno.test("schedule() with no workers or no jobs assigns nothing", () => {
  assert.deepEqual(schedule(ids(3), [], "").assignments, []);
  assert.deepEqual(schedule([], [{ id: "a", freeSlots: 3 }], "a").assignments, []);
});

Deno.test("schedule() never exceeds any worker's free slots (random tables)", () => {
  for (let round = 0; round < 200; round++) {
    const workers = Array.from({ length: 1 + (round % 7) }, (_, i) => ({
      id: `w${i}`,
      freeSlots: (round * 31 + i * 17) % 5,
    }));
    const jobs = ids((round * 13) % 40);
    const plan = schedule(jobs, workers, `w${round % 3}`);
    const used = new Map<string, number>();
    for (const a of plan.assignments) used.set(a.workerId, (used.get(a.workerId) ?? 0) + 1);
    for (const w of workers) assert.ok((used.get(w.id) ?? 0) <= w.freeSlots);
    const capacity = workers.reduce((n, w) => n + w.freeSlots, 0);
    assert.equal(plan.assignments.length, Math.min(capacity, jobs.length));
    assert.equal(new Set(plan.assignments.map((a) => a.jobId)).size, plan.assignments.length);
  }
});
