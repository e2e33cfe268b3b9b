import assert from "node:assert/strict";
import { JOB_ID_PATTERN, noResources } from "../../shared/model.ts";
import { newJob, newJobId } from "./new_job.ts";

Deno.test("job ids are version 7 UUIDs: lowercase UUIDs, ordered by creation time", () => {
  const a = newJobId(Date.parse("2026-01-01T00:00:00Z"));
  const b = newJobId(Date.parse("2026-01-01T00:00:00.001Z"));
  assert.match(a, JOB_ID_PATTERN);
  assert.equal(a[14], "7");
  assert.ok("89ab".includes(a[19]));
  assert.ok(a < b);
  assert.equal(parseInt(a.slice(0, 8) + a.slice(9, 13), 16), Date.parse("2026-01-01T00:00:00Z"));
  assert.notEqual(newJobId(0), newJobId(0));
});

Deno.test("a new job is PENDING, attempt 0, with its spec and creation time", () => {
  const spec = {
    command: "true",
    env: { A: "1" },
    cwd: "/tmp",
    timeoutSeconds: 5,
    maxRetries: 1,
    idempotencyKey: "k",
    priority: 3,
    resources: noResources(),
    selector: { zone: "a" },
    queue: "etl",
    name: "nightly",
    dependsOn: [],
    dependencyPolicy: "AFTER_SUCCESS" as const,
  };
  const job = newJob(spec, 1234);
  assert.equal(job.state, "PENDING");
  assert.equal(job.attempt, 0);
  assert.equal(job.seq, 0, "the store gives the seq");
  assert.equal(job.createdAt, 1234);
  assert.deepEqual({ ...job, id: "" }, { ...newJob(spec, 1234), id: "" });
  assert.equal(job.command, "true");
  assert.equal(job.priority, 3);
});
