import assert from "node:assert/strict";
import { PendingQueue } from "./pending_queue.ts";

Deno.test("PendingQueue orders by priority, then FIFO", () => {
  const q = new PendingQueue();
  q.push("a", 0);
  q.push("b", 5);
  q.push("c", 0);
  q.push("d", 5);
  q.push("e", -1);
  assert.deepEqual(q.peek(10), ["b", "d", "a", "c", "e"]);
  q.take(["b", "a"]);
  assert.deepEqual(q.peek(2), ["d", "c"]);
  assert.equal(q.size, 3);
});

Deno.test("PendingQueue.pushFront() puts a requeued job ahead of its priority only", () => {
  const q = new PendingQueue();
  for (const id of ["a", "b", "c"]) q.push(id, 0);
  q.push("hi", 1);
  q.take(["hi", "a"]); // scheduled; then their attempts are lost
  q.pushFront("a", 0);
  q.pushFront("hi", 1);
  q.push("d", 0);
  assert.deepEqual(q.peek(10), ["hi", "a", "b", "c", "d"]);
  const fresh = new PendingQueue();
  fresh.push("x", 0);
  fresh.pushFront("y", 0); // no consumed slot to reuse
  fresh.pushFront("y", 0); // already queued: no duplicate
  assert.deepEqual(fresh.peek(10), ["y", "x"]);
  assert.equal(fresh.size, 2);
});

Deno.test("PendingQueue.remove() drops a job wherever it is", () => {
  const q = new PendingQueue();
  for (const id of ["a", "b", "c"]) q.push(id, 0);
  q.remove("b");
  assert.deepEqual(q.peek(5), ["a", "c"]);
  assert.equal(q.has("b"), false);
});

Deno.test("PendingQueue holds delayed jobs until promote() reaches their time", () => {
  const q = new PendingQueue();
  q.push("later", 0, 2000, 1000);
  q.push("now", 0, 0, 1000);
  assert.deepEqual(q.peek(5), ["now"]);
  assert.equal(q.promote(1500), 2000);
  assert.deepEqual(q.peek(5), ["now"]);
  assert.equal(q.promote(2000), undefined);
  assert.deepEqual(q.peek(5), ["now", "later"]);
});

Deno.test("PendingQueue ignores a second push of the same job", () => {
  const q = new PendingQueue();
  q.push("a", 0);
  q.push("a", 0);
  assert.equal(q.size, 1);
});

Deno.test("PendingQueue stays correct through many take/compact cycles", () => {
  const q = new PendingQueue();
  let next = 0;
  const expected: string[] = [];
  for (let round = 0; round < 50; round++) {
    for (let i = 0; i < 100; i++) {
      const id = `j${next++}`;
      q.push(id, 0);
      expected.push(id);
    }
    const head = q.peek(70);
    assert.deepEqual(head, expected.slice(0, 70));
    q.take(head);
    expected.splice(0, 70);
  }
  assert.equal(q.size, expected.length);
});
