import assert from "node:assert/strict";
import { TitanError } from "../../shared/errors.ts";
import { grpc } from "../../shared/proto.ts";
import type { JobSpec__Output } from "../../shared/proto.ts";
import {
  DEFAULT_LIMITS,
  MAX_DEPENDENCIES,
  validateJobId,
  validatePageSize,
  validateQueueName,
  validateSpec,
  validateStates,
} from "./validate.ts";

const spec = (over: Partial<JobSpec__Output> = {}): JobSpec__Output => ({
  command: "echo hi",
  env: {},
  cwd: "",
  timeoutSeconds: 0,
  maxRetries: 0,
  idempotencyKey: "",
  priority: 0,
  resources: null,
  selector: {},
  queue: "",
  name: "",
  dependsOn: [],
  dependencyPolicy: "DEPENDENCY_POLICY_UNSPECIFIED",
  ...over,
});

function rejects(fn: () => unknown, pattern: RegExp) {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof TitanError);
    assert.equal(err.code, grpc.status.INVALID_ARGUMENT);
    assert.match(err.message, pattern);
    return true;
  });
}

Deno.test("validateSpec() accepts a plain command and fills defaults", () => {
  const v = validateSpec(spec({ env: { A_1: "x" }, cwd: "/tmp" }), DEFAULT_LIMITS);
  assert.equal(v.command, "echo hi");
  assert.deepEqual(v.env, { A_1: "x" });
});

Deno.test("validateSpec() names the bad field and value", () => {
  rejects(() => validateSpec(spec({ command: "  " }), DEFAULT_LIMITS), /command must not be empty/);
  rejects(
    () => validateSpec(spec({ command: "x".repeat(70_000) }), DEFAULT_LIMITS),
    /command is 70000 bytes/,
  );
  rejects(() => validateSpec(spec({ env: { "1BAD": "x" } }), DEFAULT_LIMITS), /env name "1BAD"/);
  rejects(
    () => validateSpec(spec({ cwd: "relative/dir" }), DEFAULT_LIMITS),
    /cwd must be an absolute path, got "relative\/dir"/,
  );
  rejects(() => validateSpec(spec({ maxRetries: 1000 }), DEFAULT_LIMITS), /max_retries/);
  rejects(() => validateSpec(spec({ priority: 5000 }), DEFAULT_LIMITS), /priority/);
  rejects(
    () => validateSpec(spec({ command: "" }), DEFAULT_LIMITS, "jobs[3]."),
    /^jobs\[3\]\.command/,
  );
});

Deno.test("validateJobId() wants a UUID and shortens what it echoes", () => {
  assert.equal(
    validateJobId("4c2dbee3-1b87-4f5c-9394-a2a99f5be709"),
    "4c2dbee3-1b87-4f5c-9394-a2a99f5be709",
  );
  rejects(() => validateJobId(""), /job_id is required/);
  rejects(() => validateJobId("x".repeat(500)), /got "x{64}…"/);
});

Deno.test("validatePageSize() and validateStates() check their ranges", () => {
  assert.equal(validatePageSize(0), 100);
  assert.equal(validatePageSize(1000), 1000);
  rejects(() => validatePageSize(1001), /page_size must be in \[1, 1000\], got 1001/);
  assert.deepEqual(validateStates(["RUNNING", "FAILED"]), ["RUNNING", "FAILED"]);
  rejects(() => validateStates([99]), /unknown state "99"/);
});

Deno.test("validateSpec() fills the default queue and keeps resources and selector", () => {
  const plain = validateSpec(spec(), DEFAULT_LIMITS);
  assert.equal(plain.queue, "default");
  assert.deepEqual(plain.resources, { cpuMillis: 0, memoryMb: 0, devices: {} });
  assert.deepEqual(plain.selector, {});
  const rich = validateSpec(
    spec({
      queue: "etl",
      resources: { cpuMillis: 1500, memoryMb: 2048, devices: { gpu: 1, "example.com/fpga": 0 } },
      selector: { "topology.example.com/zone": "eu-1", gpu: "true", empty: "" },
    }),
    DEFAULT_LIMITS,
  );
  assert.equal(rich.queue, "etl");
  assert.deepEqual(rich.resources, { cpuMillis: 1500, memoryMb: 2048, devices: { gpu: 1 } });
  assert.equal(rich.selector["topology.example.com/zone"], "eu-1");
});

Deno.test("validateSpec() refuses bad selectors, devices, amounts and queues, naming the field", () => {
  const res = (
    r: Partial<{ cpuMillis: number; memoryMb: number; devices: Record<string, number> }>,
  ) => spec({ resources: { cpuMillis: 0, memoryMb: 0, devices: {}, ...r } });
  rejects(
    () => validateSpec(spec({ selector: { "bad key!": "x" } }), DEFAULT_LIMITS),
    /^selector key "bad key!" is not a label key/,
  );
  rejects(
    () => validateSpec(spec({ selector: { "Upper.Case/zone": "x" } }), DEFAULT_LIMITS),
    /selector key "Upper.Case\/zone" is not a label key: its prefix/,
  );
  rejects(
    () => validateSpec(spec({ selector: { zone: "-a" } }), DEFAULT_LIMITS),
    /selector\[zone\] value "-a" is not a label value/,
  );
  rejects(
    () => validateSpec(res({ devices: { "gpu count": 1 } }), DEFAULT_LIMITS),
    /resources\.devices name "gpu count" is not a device name/,
  );
  rejects(
    () => validateSpec(res({ devices: { gpu: 5000 } }), DEFAULT_LIMITS),
    /resources\.devices\[gpu\] must be at most 1024, got 5000/,
  );
  rejects(
    () => validateSpec(res({ cpuMillis: 4_000_000_000 }), DEFAULT_LIMITS),
    /resources\.cpu_millis must be at most 1024000/,
  );
  rejects(
    () => validateSpec(res({ memoryMb: 99_999_999 }), DEFAULT_LIMITS),
    /resources\.memory_mb must be at most 16777216/,
  );
  rejects(
    () => validateSpec(spec({ queue: "ETL jobs" }), DEFAULT_LIMITS, "jobs[1]."),
    /^jobs\[1\]\.queue "ETL jobs" is not a queue name/,
  );
  rejects(() => validateQueueName(""), /name is required/);
  rejects(() => validateQueueName("x".repeat(64)), /is not a queue name/);
});

Deno.test("validateSpec() checks names and dependency lists", () => {
  const base = { command: "true" } as JobSpec__Output;
  const ok = validateSpec({ ...base, name: "load", dependsOn: ["extract"] }, DEFAULT_LIMITS);
  assert.equal(ok.name, "load");
  assert.deepEqual(ok.dependsOn, ["extract"]);
  assert.equal(ok.dependencyPolicy, "AFTER_SUCCESS");
  const lenient = validateSpec(
    { ...base, dependencyPolicy: "DEPENDENCY_POLICY_AFTER_COMPLETION" },
    DEFAULT_LIMITS,
  );
  assert.equal(lenient.dependencyPolicy, "AFTER_COMPLETION");
  const bad = (spec: Partial<JobSpec__Output>, message: RegExp) =>
    assert.throws(() => validateSpec({ ...base, ...spec }, DEFAULT_LIMITS, "jobs[2]."), message);
  bad({ name: "a\nb" }, /jobs\[2\]\.name must be at most 256 characters without control/);
  bad({ dependsOn: ["a", "a"] }, /jobs\[2\]\.depends_on\[1\] repeats "a"/);
  bad({ dependsOn: [""] }, /jobs\[2\]\.depends_on\[0\] must be a job id or the name/);
  bad(
    { dependsOn: Array.from({ length: MAX_DEPENDENCIES + 1 }, (_, i) => `n${i}`) },
    /depends_on has 10001 entries, more than the limit of 10000/,
  );
});
