import assert from "node:assert/strict";
import protobuf from "protobufjs";
import { grpc, PROTO_PATH } from "../../shared/proto.ts";
import { CallError, errorBody, errorResponse, fromJson } from "./json_gateway.ts";

const root = new protobuf.Root().loadSync(PROTO_PATH, { keepCase: false });
root.resolveAll();
const type = (name: string) => root.lookupType(`titan.${name}`);

const refusal = (run: () => unknown): string => {
  try {
    run();
  } catch (err) {
    assert.ok(err instanceof CallError);
    assert.equal(err.code, grpc.status.INVALID_ARGUMENT);
    return err.message;
  }
  assert.fail("accepted");
};

Deno.test("JSON requests: nested messages, maps, lists, enums by name or number, null as default", () => {
  const spec = fromJson(type("JobSpec"), {
    command: "x",
    env: { A: "1" },
    resources: { cpu_millis: 500, devices: { gpu: 1 } },
    depends_on: ["a", "b"],
    dependency_policy: "DEPENDENCY_POLICY_AFTER_COMPLETION",
    cwd: null,
  });
  assert.deepEqual(spec, {
    command: "x",
    env: { A: "1" },
    resources: { cpuMillis: 500, devices: { gpu: 1 } },
    dependsOn: ["a", "b"],
    dependencyPolicy: 2,
  });
  assert.deepEqual(fromJson(type("ListJobsRequest"), { states: [3, "FAILED"] }), {
    states: [3, 5],
  });
  // 64-bit integers may come as strings (proto3 JSON writes them so).
  assert.deepEqual(fromJson(type("Heartbeat"), { seq: "12" }), { seq: 12 });
  assert.deepEqual(
    fromJson(type("OutputChunk"), { data: btoa("hi") }).data,
    new Uint8Array([104, 105]),
  );
});

Deno.test("JSON requests: what protobufjs would coerce or drop is refused, with the field's path", () => {
  const spec = type("JobSpec");
  assert.equal(refusal(() => fromJson(spec, [])), "titan.JobSpec: expected a JSON object");
  assert.equal(refusal(() => fromJson(spec, "x")), "titan.JobSpec: expected a JSON object");
  assert.equal(
    refusal(() => fromJson(spec, { resources: { cpu: 1 } })),
    'resources: unknown field "cpu" in titan.Resources',
  );
  assert.equal(
    refusal(() => fromJson(spec, { resources: { devices: { gpu: 1.5 } } })),
    "resources.devices.gpu: expected a uint32, got 1.5",
  );
  assert.equal(
    refusal(() => fromJson(spec, { priority: 2 ** 31 })),
    `priority: expected a int32, got ${2 ** 31}`,
  );
  assert.equal(refusal(() => fromJson(spec, { env: ["A=1"] })), "env: expected a JSON object");
  assert.equal(
    refusal(() => fromJson(spec, { dependsOn: "a" })),
    "dependsOn: expected a JSON array",
  );
  assert.equal(
    refusal(() => fromJson(spec, { dependencyPolicy: "SOMETIMES" })),
    'dependencyPolicy: "SOMETIMES" is not a value of titan.DependencyPolicy',
  );
  assert.equal(
    refusal(() => fromJson(type("WatchJobRequest"), { fromStart: "yes" })),
    "fromStart: expected true or false",
  );
  assert.equal(
    refusal(() => fromJson(type("OutputChunk"), { data: "%%%" })),
    "data: expected base64 text",
  );
});

Deno.test("errors map to HTTP statuses the way Google's HTTP mapping does, with the code's name", async () => {
  const cases: [number, number, string][] = [
    [grpc.status.INVALID_ARGUMENT, 400, "INVALID_ARGUMENT"],
    [grpc.status.FAILED_PRECONDITION, 400, "FAILED_PRECONDITION"],
    [grpc.status.UNAUTHENTICATED, 401, "UNAUTHENTICATED"],
    [grpc.status.PERMISSION_DENIED, 403, "PERMISSION_DENIED"],
    [grpc.status.NOT_FOUND, 404, "NOT_FOUND"],
    [grpc.status.ALREADY_EXISTS, 409, "ALREADY_EXISTS"],
    [grpc.status.RESOURCE_EXHAUSTED, 429, "RESOURCE_EXHAUSTED"],
    [grpc.status.INTERNAL, 500, "INTERNAL"],
    [grpc.status.UNIMPLEMENTED, 501, "UNIMPLEMENTED"],
    [grpc.status.UNAVAILABLE, 503, "UNAVAILABLE"],
    [grpc.status.DEADLINE_EXCEEDED, 504, "DEADLINE_EXCEEDED"],
  ];
  for (const [code, status, name] of cases) {
    const res = errorResponse(new CallError(code, "why"));
    assert.equal(res.status, status, name);
    assert.deepEqual(await res.json(), { code: name, message: "why" });
  }
  assert.deepEqual(errorBody(new CallError(99, "odd")), { code: "UNKNOWN", message: "odd" });
});
