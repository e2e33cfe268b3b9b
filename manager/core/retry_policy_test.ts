import assert from "node:assert/strict";
import type { AttemptFinished__Output } from "../../shared/proto.ts";
import { afterFailure, afterLoss, backoffMs, describeFailure } from "./retry_policy.ts";

const OPTIONS = { retryBackoffBaseMs: 1000, retryBackoffMaxMs: 5000, maxLostAttempts: 2 };

Deno.test("backoff doubles from the base and stops at the cap", () => {
  assert.deepEqual([1, 2, 3, 4, 10].map((n) => backoffMs(n, OPTIONS)), [
    1000,
    2000,
    4000,
    5000,
    5000,
  ]);
});

Deno.test("a failure is retried while retries are left, then final", () => {
  const cases: [number, number, boolean][] = [
    // [failures counted, maxRetries, retried]
    [1, 0, false],
    [1, 1, true],
    [2, 1, false],
    [3, 5, true],
  ];
  for (const [failures, maxRetries, retried] of cases) {
    const d = afterFailure({ failures, maxRetries }, "exited with code 3", 10_000, OPTIONS);
    assert.equal(d.retry, retried, `failures ${failures}, max ${maxRetries}`);
    if (d.retry) {
      assert.equal(d.notBefore, 10_000 + backoffMs(failures, OPTIONS));
      assert.equal(d.error, `exited with code 3; retry ${failures} of ${maxRetries}`);
    } else {
      assert.equal(d.error, "exited with code 3");
    }
  }
});

Deno.test("a lost attempt is requeued up to the limit of losses", () => {
  assert.deepEqual(afterLoss({ lost: 2 }, "worker w lost", OPTIONS), {
    requeue: true,
    error: "worker w lost",
  });
  assert.deepEqual(afterLoss({ lost: 3 }, "worker w lost", OPTIONS), {
    requeue: false,
    error: "worker w lost; lost 3 times (limit 2)",
  });
});

Deno.test("a failure is described by the worker's error, else timeout, signal, exit code", () => {
  const f = (over: Partial<AttemptFinished__Output>) =>
    ({ error: "", timedOut: false, signal: "", exitCode: 1, ...over }) as AttemptFinished__Output;
  assert.equal(describeFailure(f({ error: "spawn failed" })), "spawn failed");
  assert.equal(
    describeFailure(f({ timedOut: true, signal: "SIGKILL" })),
    "timed out; process group killed",
  );
  assert.equal(describeFailure(f({ signal: "SIGSEGV" })), "killed by SIGSEGV");
  assert.equal(describeFailure(f({ exitCode: 9 })), "exited with code 9");
  assert.equal(describeFailure(f({ error: "x".repeat(5000) })).length, 4096);
});
