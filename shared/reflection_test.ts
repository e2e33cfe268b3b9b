/**
 * Server reflection over a real grpc-js connection: what it serves is `buf build`'s output for
 * proto/, field by field; maps and proto3 `optional` are described as protoc does; and the
 * real reflection client `buf curl` drives a server with a stub ManagerService, reflection and
 * health (grpc-health-check) through reflection alone.
 *
 * buf comes from tests/support/buf.ts (pinned, installed with npm into a cache on first use);
 * the buf tests are skipped, with the reason printed, only when npm cannot reach its registry.
 */
import { assert, assertEquals, assertMatch } from "../tests/support/assert.ts";
import * as protoLoader from "@grpc/proto-loader";
import { HealthImplementation } from "grpc-health-check";
import type protobuf from "protobufjs";
import descriptor from "protobufjs/ext/descriptor/index.js";
import { grpc, titan } from "./proto.ts";
import type { JobSpec__Output, ManagerServiceHandlers } from "./proto.ts";
import { addReflection, DESCRIPTOR_SET_PATH } from "./reflection.ts";
import { ensureBuf, runBuf } from "../tests/support/buf.ts";

const FileDescriptorProto = descriptor.FileDescriptorProto as unknown as protobuf.Type;
const FileDescriptorSet = descriptor.FileDescriptorSet as unknown as protobuf.Type;

// deno-lint-ignore no-explicit-any
type Json = any;

const toJson = { enums: String, longs: Number, bytes: String };

/** A serialized FileDescriptorProto as plain JSON (enum names, no defaults). */
function decodeFile(bytes: Uint8Array): Json {
  return FileDescriptorProto.toObject(FileDescriptorProto.decode(bytes), toJson);
}

function decodeSet(bytes: Uint8Array): Json[] {
  return FileDescriptorSet.toObject(FileDescriptorSet.decode(bytes), toJson).file;
}

function message(file: Json, path: string): Json {
  let scope = file.messageType;
  let found: Json;
  for (const part of path.split(".")) {
    found = scope.find((m: Json) => m.name === part);
    assert(found, `no message ${path}`);
    scope = found.nestedType ?? [];
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// A server with the stub services, reflection and health; a raw reflection client.
// ---------------------------------------------------------------------------------------------

/** A small ManagerService: enough to show that requests and answers cross correctly. */
function stubManager(): ManagerServiceHandlers {
  const jobs = new Map<string, JobSpec__Output>();
  const unimplemented = (_call: unknown, cb: grpc.sendUnaryData<never>) =>
    cb({ code: grpc.status.UNIMPLEMENTED, details: "stub" });
  return {
    SubmitJob(call, cb) {
      const spec = call.request;
      const env = Object.entries(spec.env).map(([k, v]) => `${k}=${v}`).sort().join(",");
      const jobId = `job:${spec.command}:${env}`;
      jobs.set(jobId, spec);
      cb(null, { jobId, state: "PENDING", deduplicated: false });
    },
    GetJobStatus(call, cb) {
      const spec = jobs.get(call.request.jobId);
      if (!spec) return cb({ code: grpc.status.NOT_FOUND, details: "no such job" });
      cb(null, {
        jobId: call.request.jobId,
        command: spec.command,
        state: "COMPLETED",
        attempt: 1,
        exitCode: 0,
        stdout: "Hello from Titan\n",
        stdoutBytes: 17,
        env: spec.env,
        createdAt: { seconds: 1_700_000_000, nanos: 5_000_000 },
      });
    },
    SubmitJobs: unimplemented,
    ListJobs: unimplemented,
    CancelJob: unimplemented,
    ListWorkers: unimplemented,
    DrainWorker: unimplemented,
    ListQueues: unimplemented,
    UpdateQueue: unimplemented,
    CreateSchedule: unimplemented,
    GetSchedule: unimplemented,
    ListSchedules: unimplemented,
    UpdateSchedule: unimplemented,
    DeleteSchedule: unimplemented,
    TriggerSchedule: unimplemented,
    WatchJob(call) {
      call.emit("error", { code: grpc.status.UNIMPLEMENTED, details: "stub" });
    },
  };
}

interface Fixture {
  server: grpc.Server;
  health: HealthImplementation;
  address: string;
}

async function startServer(): Promise<Fixture> {
  const server = new grpc.Server();
  server.addService(titan.ManagerService.service, stubManager());
  server.addService(titan.WorkerService.service, {
    Connect(call: grpc.ServerDuplexStream<unknown, unknown>) {
      call.emit("error", { code: grpc.status.UNIMPLEMENTED, details: "stub" });
    },
  });
  const health = new HealthImplementation({ "": "SERVING", "titan.ManagerService": "SERVING" });
  health.addToServer(server);
  addReflection(server);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(
      "127.0.0.1:0",
      grpc.ServerCredentials.createInsecure(),
      (err, p) => err ? reject(err) : resolve(p),
    )
  );
  return { server, health, address: `127.0.0.1:${port}` };
}

/** Reflection and Watch streams may still be open: tryShutdown would wait for them. */
function stopServer(server: grpc.Server): void {
  server.forceShutdown();
}

const reflectionPackage = grpc.loadPackageDefinition(
  protoLoader.loadSync(
    new URL("../proto/grpc/reflection/v1/reflection.proto", import.meta.url).pathname,
    { keepCase: true, enums: String, longs: Number, defaults: false, oneofs: true },
  ),
) as unknown as {
  grpc: { reflection: { v1: { ServerReflection: grpc.ServiceClientConstructor } } };
};

/** One reflection request and its answer, on a stream of its own. */
function reflect(address: string, request: Json): Promise<Json> {
  const client = new reflectionPackage.grpc.reflection.v1.ServerReflection(
    address,
    grpc.credentials.createInsecure(),
  );
  return new Promise<Json>((resolve, reject) => {
    // deno-lint-ignore no-explicit-any
    const call = (client as any).ServerReflectionInfo({ deadline: Date.now() + 5_000 });
    call.on("data", (answer: Json) => {
      resolve(answer);
      call.end();
    });
    call.on("error", reject);
    call.write(request);
  }).finally(() => client.close());
}

/** The files of a file_descriptor_response, decoded, by name. */
async function filesFor(address: string, request: Json): Promise<Map<string, Json>> {
  const answer = await reflect(address, request);
  assert(answer.file_descriptor_response, JSON.stringify(answer));
  const files = answer.file_descriptor_response.file_descriptor_proto.map(decodeFile);
  return new Map(files.map((f: Json) => [f.name, f]));
}

const opts = { sanitizeOps: false, sanitizeResources: false };

// ---------------------------------------------------------------------------------------------
// What reflection serves (no buf needed)
// ---------------------------------------------------------------------------------------------

Deno.test({
  name: "reflection describes map fields as protoc does",
  ...opts,
  fn: async () => {
    const f = await startServer();
    try {
      const file = (await filesFor(f.address, { file_by_filename: "titan/titan.proto" }))
        .get("titan/titan.proto");
      for (
        const [msg, field] of [
          ["JobSpec", "env"],
          ["JobStatus", "env"],
          ["WorkerInfo", "labels"],
          ["Register", "labels"],
          ["Assign", "env"],
        ]
      ) {
        const m = message(file, msg);
        const entryName = `${field[0].toUpperCase()}${field.slice(1)}Entry`;
        const mapField = m.field.find((x: Json) => x.name === field);
        assertEquals(mapField, {
          name: field,
          number: mapField.number,
          label: "LABEL_REPEATED",
          type: "TYPE_MESSAGE",
          typeName: `.titan.${msg}.${entryName}`,
          jsonName: field,
        });
        const entry = m.nestedType.find((x: Json) => x.name === entryName);
        assertEquals(entry, {
          name: entryName,
          field: [
            {
              name: "key",
              number: 1,
              label: "LABEL_OPTIONAL",
              type: "TYPE_STRING",
              jsonName: "key",
            },
            {
              name: "value",
              number: 2,
              label: "LABEL_OPTIONAL",
              type: "TYPE_STRING",
              jsonName: "value",
            },
          ],
          options: { mapEntry: true },
        });
      }
    } finally {
      stopServer(f.server);
    }
  },
});

Deno.test({
  name: "reflection describes proto3 optional fields with a synthetic oneof",
  ...opts,
  fn: async () => {
    const f = await startServer();
    try {
      const file = (await filesFor(f.address, { file_containing_symbol: "titan.JobStatus" }))
        .get("titan/titan.proto");
      for (const msg of ["JobStatus", "AttemptFinished"]) {
        const m = message(file, msg);
        const field = m.field.find((x: Json) => x.name === "exit_code");
        assertEquals(field.proto3Optional, true);
        assertEquals(field.label, "LABEL_OPTIONAL");
        assertEquals(field.jsonName, "exitCode");
        assertEquals(m.oneofDecl[field.oneofIndex], { name: "_exit_code" });
      }
      // A real oneof stays a real oneof.
      const event = message(file, "JobEvent");
      assertEquals(event.oneofDecl, [{ name: "event" }]);
      assert(event.field.every((x: Json) => x.oneofIndex === 0 && !x.proto3Optional));
    } finally {
      stopServer(f.server);
    }
  },
});

Deno.test({
  name: "reflection answers services, symbols and files with their imports; NOT_FOUND else",
  ...opts,
  fn: async () => {
    const f = await startServer();
    try {
      const listed = await reflect(f.address, { list_services: "*" });
      assertEquals(listed.list_services_response.service.map((s: Json) => s.name).sort(), [
        "grpc.health.v1.Health",
        "grpc.reflection.v1.ServerReflection",
        "grpc.reflection.v1alpha.ServerReflection",
        "titan.ManagerService",
        "titan.WorkerService",
      ]);
      for (
        const symbol of [
          "titan.ManagerService",
          "titan.ManagerService.SubmitJob",
          "titan.WorkerService",
          "titan.JobSpec",
          "titan.JobSpec.EnvEntry",
          "titan.JobState",
        ]
      ) {
        const files = await filesFor(f.address, { file_containing_symbol: symbol });
        assert(files.has("titan/titan.proto"), symbol);
      }
      const health = await filesFor(f.address, {
        file_containing_symbol: "grpc.health.v1.HealthCheckResponse.ServingStatus",
      });
      assertEquals([...health.keys()], ["grpc/health/v1/health.proto"]);
      for (
        const request of [
          { file_containing_symbol: "titan.Nope" },
          { file_containing_symbol: "titan.JobSpec.Env" },
          { file_by_filename: "nope.proto" },
        ]
      ) {
        const answer = await reflect(f.address, request);
        assertEquals(answer.error_response?.error_code, grpc.status.NOT_FOUND, answer);
      }
    } finally {
      stopServer(f.server);
    }
  },
});

// ---------------------------------------------------------------------------------------------
// With buf: the same descriptors as `buf build`, and the real reflection client
// ---------------------------------------------------------------------------------------------

const buf = await ensureBuf();
if (!buf.path) console.warn(`SKIP buf tests in shared/reflection_test.ts: ${buf.reason}`);

/** `buf build` of proto/ now, decoded. */
async function bufBuild(): Promise<Json[]> {
  const dir = await Deno.makeTempDir({ prefix: "titan-reflection-" });
  try {
    const r = await runBuf(buf.path!, [
      "build",
      "proto",
      "--as-file-descriptor-set",
      "-o",
      `${dir}/set.binpb`,
    ], { cwd: new URL("..", import.meta.url).pathname });
    assertEquals(r.code, 0, r.stderr);
    return decodeSet(await Deno.readFile(`${dir}/set.binpb`));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test({
  name: "the committed descriptor set is buf build's of proto/ (else: deno task gen)",
  ignore: !buf.path,
  fn: async () => {
    assertEquals(decodeSet(await Deno.readFile(DESCRIPTOR_SET_PATH)), await bufBuild());
  },
});

Deno.test({
  name: "reflection serves buf build's descriptors, file by file, field by field",
  ignore: !buf.path,
  ...opts,
  fn: async () => {
    const expected = await bufBuild();
    const f = await startServer();
    try {
      for (const file of expected) {
        const served = await filesFor(f.address, { file_by_filename: file.name });
        assertEquals(served.get(file.name), file, file.name);
        // Every file it imports comes with it.
        for (const dependency of file.dependency ?? []) {
          assert(served.has(dependency), `${file.name}: ${dependency} missing`);
        }
      }
    } finally {
      stopServer(f.server);
    }
  },
});

Deno.test({
  name: "buf curl talks to the server through reflection alone",
  ignore: !buf.path,
  ...opts,
  fn: async (t) => {
    const { server, health, address } = await startServer();
    const url = `http://${address}`;
    const curl = (...args: string[]) =>
      runBuf(buf.path!, ["curl", "--protocol", "grpc", "--http2-prior-knowledge", ...args]);
    try {
      let jobId = "";

      await t.step("SubmitJob with a map field", async () => {
        const r = await curl(
          `${url}/titan.ManagerService/SubmitJob`,
          "-d",
          '{"command":"echo Hello from Titan","env":{"A":"1"}}',
        );
        assertEquals(r.code, 0, r.stderr);
        const answer = JSON.parse(r.stdout);
        assertEquals(answer, { jobId: "job:echo Hello from Titan:A=1", state: "PENDING" });
        jobId = answer.jobId;
      });

      await t.step("GetJobStatus with snake_case JSON; exitCode 0 shows (presence)", async () => {
        const r = await curl(
          `${url}/titan.ManagerService/GetJobStatus`,
          "-d",
          JSON.stringify({ job_id: jobId }),
        );
        assertEquals(r.code, 0, r.stderr);
        assertMatch(r.stdout, /"exitCode": 0/);
        const answer = JSON.parse(r.stdout);
        assertEquals(answer.jobId, jobId);
        assertEquals(answer.exitCode, 0);
        assertEquals(answer.state, "COMPLETED");
        assertEquals(answer.env, { A: "1" });
        assertEquals(answer.stdoutBytes, "17"); // uint64 is a string in proto JSON
        // A google.protobuf.Timestamp, described through reflection, prints as RFC 3339.
        assertEquals(answer.createdAt, "2023-11-14T22:13:20.005Z");
      });

      await t.step("camelCase JSON works too, and unknown fields are refused", async () => {
        const ok = await curl(
          `${url}/titan.ManagerService/GetJobStatus`,
          "-d",
          JSON.stringify({ jobId }),
        );
        assertEquals(ok.code, 0, ok.stderr);
        const bad = await curl(
          `${url}/titan.ManagerService/GetJobStatus`,
          "-d",
          JSON.stringify({ jobid: jobId }),
        );
        assert(bad.code !== 0, "an unknown JSON field must be rejected");
      });

      await t.step("a gRPC error comes back as such", async () => {
        const r = await curl(
          `${url}/titan.ManagerService/GetJobStatus`,
          "-d",
          '{"job_id":"missing"}',
        );
        assertEquals(r.code, grpc.status.NOT_FOUND << 3, r.stdout + r.stderr);
        assertMatch(r.stdout + r.stderr, /not_found/i);
      });

      await t.step("--list-services", async () => {
        const r = await curl("--list-services", url);
        assertEquals(r.code, 0, r.stderr);
        assertEquals(r.stdout.trim().split("\n").sort(), [
          "grpc.health.v1.Health",
          "grpc.reflection.v1.ServerReflection",
          "grpc.reflection.v1alpha.ServerReflection",
          "titan.ManagerService",
          "titan.WorkerService",
        ]);
      });

      await t.step("--list-methods", async () => {
        const r = await curl("--list-methods", url);
        assertEquals(r.code, 0, r.stderr);
        const methods = r.stdout.trim().split("\n");
        for (
          const m of [
            "titan.ManagerService/SubmitJob",
            "titan.ManagerService/GetJobStatus",
            "titan.ManagerService/WatchJob",
            "titan.ManagerService/DrainWorker",
            "titan.WorkerService/Connect",
            "grpc.health.v1.Health/Check",
            "grpc.health.v1.Health/Watch",
          ]
        ) assert(methods.includes(m), `${m} missing from:\n${r.stdout}`);
      });

      await t.step("the v1alpha reflection service works alone", async () => {
        const r = await runBuf(buf.path!, [
          "curl",
          "--reflect-protocol",
          "grpc-v1alpha",
          "--protocol",
          "grpc",
          `${url}/titan.ManagerService/SubmitJob`,
          "-d",
          '{"command":"true","env":{"B":"2","A":"1"}}',
        ]);
        assertEquals(r.code, 0, r.stderr);
        assertEquals(JSON.parse(r.stdout).jobId, "job:true:A=1,B=2");
      });

      await t.step("health Check", async () => {
        const all = await curl(`${url}/grpc.health.v1.Health/Check`, "-d", "{}");
        assertEquals(all.code, 0, all.stderr);
        assertEquals(JSON.parse(all.stdout), { status: "SERVING" });
        const one = await curl(
          `${url}/grpc.health.v1.Health/Check`,
          "-d",
          '{"service":"titan.ManagerService"}',
        );
        assertEquals(JSON.parse(one.stdout), { status: "SERVING" });
        const unknown = await curl(
          `${url}/grpc.health.v1.Health/Check`,
          "-d",
          '{"service":"nope"}',
        );
        assertEquals(unknown.code, grpc.status.NOT_FOUND << 3, unknown.stdout + unknown.stderr);
      });

      await t.step("health Watch: the current status, then each change", async () => {
        const watching = curl(
          "--timeout",
          "3s",
          `${url}/grpc.health.v1.Health/Watch`,
          "-d",
          '{"service":"titan.ManagerService"}',
        );
        await new Promise((r) => setTimeout(r, 1000));
        health.setStatus("titan.ManagerService", "NOT_SERVING");
        const r = await watching;
        // The stream ends only by the client's deadline.
        assertMatch(r.stdout + r.stderr, /deadline_exceeded/);
        const statuses = [...r.stdout.matchAll(/"status": "(\w+)"/g)].map((m) => m[1]);
        assertEquals(statuses, ["SERVING", "NOT_SERVING"]);
      });

      await t.step("an unknown service is reported as such by the client", async () => {
        const r = await curl(`${url}/titan.NoSuchService/Do`, "-d", "{}");
        assert(r.code !== 0);
        assertMatch(r.stderr, /titan\.NoSuchService/);
      });
    } finally {
      stopServer(server);
    }
  },
});
