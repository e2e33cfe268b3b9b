import assert from "node:assert/strict";
import { TitanError } from "../../shared/errors.ts";
import { grpc } from "../../shared/proto.ts";
import type { ValidSpec } from "../api/validate.ts";
import { MAX_REQUEST_DEPENDENCIES, resolveDependencies } from "./dependency_resolution.ts";

const spec = (name: string, dependsOn: string[] = []): ValidSpec => ({
  command: "true",
  env: {},
  cwd: "",
  timeoutSeconds: 0,
  maxRetries: 0,
  idempotencyKey: "",
  priority: 0,
  name,
  dependsOn,
  dependencyPolicy: "AFTER_SUCCESS",
  resources: { cpuMillis: 0, memoryMb: 0, devices: {} },
  selector: {},
  queue: "default",
});
const at = (i: number) => `jobs[${i}].`;
const ID = "0190a000-0000-7000-8000-000000000001";

function rejects(fn: () => unknown, code: grpc.status, message: RegExp) {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof TitanError);
    assert.equal(err.code, code);
    assert.match(err.message, message);
    return true;
  });
}

Deno.test("names resolve to earlier jobs of the request, other entries to job ids", () => {
  const refs = resolveDependencies(
    [spec("a"), spec("b", ["a"]), spec("c", ["a", "b", ID])],
    at,
  );
  assert.deepEqual(refs, [
    [],
    [{ kind: "request", index: 0 }],
    [
      { kind: "request", index: 0 },
      { kind: "request", index: 1 },
      { kind: "stored", id: ID, field: "jobs[2].depends_on[2]" },
    ],
  ]);
});

Deno.test("a name of a later job, of the job itself or of no job is INVALID_ARGUMENT", () => {
  rejects(
    () => resolveDependencies([spec("a", ["b"]), spec("b")], at),
    grpc.status.INVALID_ARGUMENT,
    /^jobs\[0\]\.depends_on\[0\] is "b": neither a job id nor the name of an earlier job/,
  );
  rejects(
    () => resolveDependencies([spec("a", ["a"])], at),
    grpc.status.INVALID_ARGUMENT,
    /jobs\[0\]\.depends_on\[0\] is "a"/,
  );
});

Deno.test("a name two earlier jobs share cannot be depended on", () => {
  rejects(
    () => resolveDependencies([spec("x"), spec("x"), spec("y", ["x"])], at),
    grpc.status.INVALID_ARGUMENT,
    /jobs\[2\]\.depends_on\[0\] names "x", which several earlier jobs of the request share/,
  );
  // Sharing a name is fine while nobody depends on it.
  assert.equal(resolveDependencies([spec("x"), spec("x")], at).length, 2);
});

Deno.test("more dependencies in one request than the bound is INVALID_ARGUMENT", () => {
  const many = Array.from({ length: 10_001 }, (_, i) => `n${i}`);
  const specs = [
    ...many.map((n) => spec(n)),
    ...Array.from({ length: 11 }, () => spec("", many.slice(0, 10_000))),
  ];
  rejects(
    () => resolveDependencies(specs, at),
    grpc.status.INVALID_ARGUMENT,
    new RegExp(`declares 110000 dependencies, more than the limit of ${MAX_REQUEST_DEPENDENCIES}`),
  );
});
