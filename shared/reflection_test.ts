/**
 * Server reflection: descriptor unit tests, a field-by-field comparison with `buf build`, and
 * an end-to-end run of the real reflection client `buf curl` against a grpc-js server with a
 * stub ManagerService, reflection and health.
 *
 * buf comes from tests/support/buf.ts (pinned, installed with npm into a cache on first use);
 * the buf tests are skipped, with the reason printed, only when npm cannot reach its registry.
 */
import { assert, assertEquals, assertMatch } from "../tests/support/assert.ts";
import protobuf from "protobufjs";
import descriptor from "protobufjs/ext/descriptor/index.js";
import { grpc, titan } from "./proto.ts";
import type { JobSpec__Output, ManagerServiceHandlers } from "./proto.ts";
import {
  addReflection,
  answerReflection,
  DescriptorPool,
  mapEntryName,
  type ReflectionRequest,
  titanDescriptorPool,
  titanSources,
} from "./reflection.ts";
import { addHealth } from "./health.ts";
import { ensureBuf, runBuf } from "../tests/support/buf.ts";

const FileDescriptorProto = descriptor.FileDescriptorProto as unknown as protobuf.Type;
const FileDescriptorSet = descriptor.FileDescriptorSet as unknown as protobuf.Type;

// deno-lint-ignore no-explicit-any
type Json = any;

/** A serialized FileDescriptorProto as plain JSON (enum names, no defaults). */
function decodeFile(bytes: Uint8Array): Json {
  return FileDescriptorProto.toObject(FileDescriptorProto.decode(bytes), {
    enums: String,
    longs: Number,
  });
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

function decodedPoolFile(name: string): Json {
  return decodeFile(titanDescriptorPool().encoded(name)!);
}

// ---------------------------------------------------------------------------------------------
// Descriptor unit tests (no buf needed)
// ---------------------------------------------------------------------------------------------

Deno.test("map entry names follow protoc", () => {
  assertEquals(mapEntryName("env"), "EnvEntry");
  assertEquals(mapEntryName("labels"), "LabelsEntry");
  assertEquals(mapEntryName("my_map_field"), "MyMapFieldEntry");
});

Deno.test("map fields are described as protoc does (decoded from the served bytes)", () => {
  const file = decodedPoolFile("titan.proto");
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
    const entryName = mapEntryName(field);
    const f = m.field.find((x: Json) => x.name === field);
    assertEquals(f, {
      name: field,
      number: f.number,
      label: "LABEL_REPEATED",
      type: "TYPE_MESSAGE",
      typeName: `.titan.${msg}.${entryName}`,
      jsonName: field,
    });
    const entry = m.nestedType.find((x: Json) => x.name === entryName);
    assertEquals(entry, {
      name: entryName,
      field: [
        { name: "key", number: 1, label: "LABEL_OPTIONAL", type: "TYPE_STRING", jsonName: "key" },
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
    // The wrong name protobufjs' toDescriptor uses must not appear.
    assert(!m.nestedType.some((x: Json) => x.name === "Env" || x.name === "Labels"));
  }
});

Deno.test("proto3 optional fields carry proto3_optional and a synthetic oneof", () => {
  const file = decodedPoolFile("titan.proto");
  for (const msg of ["JobStatus", "AttemptFinished"]) {
    const m = message(file, msg);
    const f = m.field.find((x: Json) => x.name === "exit_code");
    assertEquals(f.proto3Optional, true);
    assertEquals(f.label, "LABEL_OPTIONAL");
    assertEquals(f.jsonName, "exitCode");
    assertEquals(m.oneofDecl[f.oneofIndex], { name: "_exit_code" });
  }
  // A real oneof stays a real oneof.
  const event = message(file, "JobEvent");
  assertEquals(event.oneofDecl, [{ name: "event" }]);
  assert(event.field.every((f: Json) => f.oneofIndex === 0 && !f.proto3Optional));
});

Deno.test("fields keep their proto names, types are fully qualified", () => {
  const file = decodedPoolFile("titan.proto");
  assertEquals(file.name, "titan.proto");
  assertEquals(file.package, "titan");
  assertEquals(file.syntax, "proto3");
  const status = message(file, "JobStatus");
  const jobId = status.field.find((x: Json) => x.number === 1);
  assertEquals([jobId.name, jobId.jsonName], ["job_id", "jobId"]);
  assertEquals(status.field.find((x: Json) => x.name === "state").typeName, ".titan.JobState");
  const svc = file.service.find((s: Json) => s.name === "ManagerService");
  const watch = svc.method.find((m: Json) => m.name === "WatchJob");
  assertEquals(watch, {
    name: "WatchJob",
    inputType: ".titan.WatchJobRequest",
    outputType: ".titan.JobEvent",
    serverStreaming: true,
  });
  const connect = file.service.find((s: Json) => s.name === "WorkerService").method[0];
  assertEquals([connect.clientStreaming, connect.serverStreaming], [true, true]);
});

Deno.test("reflection answers: services, files, symbols, errors", () => {
  const pool = titanDescriptorPool();
  const services = ["titan.ManagerService", "grpc.health.v1.Health"];
  const ask = (request: ReflectionRequest) => answerReflection(pool, services, request);
  const fileNames = (request: ReflectionRequest) =>
    ask(request).file_descriptor_response!.file_descriptor_proto.map((b) => decodeFile(b).name);

  assertEquals(
    ask({ message_request: "list_services", list_services: "" }).list_services_response,
    {
      service: [{ name: "titan.ManagerService" }, { name: "grpc.health.v1.Health" }],
    },
  );
  assertEquals(
    fileNames({ message_request: "file_by_filename", file_by_filename: "titan.proto" }),
    [
      "titan.proto",
    ],
  );
  for (
    const symbol of [
      "titan.ManagerService",
      "titan.ManagerService.SubmitJob",
      "titan.WorkerService",
      "titan.JobSpec",
      "titan.JobSpec.EnvEntry",
      "titan.JobSpec.command",
      "titan.JobState",
      "titan.PENDING",
      "titan.JobStatus._exit_code",
      ".titan.JobEvent",
    ]
  ) {
    assertEquals(
      fileNames({ message_request: "file_containing_symbol", file_containing_symbol: symbol }),
      ["titan.proto"],
      symbol,
    );
  }
  assertEquals(
    fileNames({
      message_request: "file_containing_symbol",
      file_containing_symbol: "grpc.health.v1.HealthCheckResponse.ServingStatus",
    }),
    ["grpc/health/v1/health.proto"],
  );
  assertEquals(
    fileNames({
      message_request: "file_containing_symbol",
      file_containing_symbol: "grpc.reflection.v1alpha.ServerReflection",
    }),
    ["grpc/reflection/v1alpha/reflection.proto"],
  );

  const notFound: ReflectionRequest[] = [
    { message_request: "file_containing_symbol", file_containing_symbol: "titan.Nope" },
    { message_request: "file_containing_symbol", file_containing_symbol: "titan.JobSpec.Env" },
    { message_request: "file_by_filename", file_by_filename: "nope.proto" },
    {
      message_request: "file_containing_extension",
      file_containing_extension: { containing_type: "titan.JobSpec", extension_number: 100 },
    },
    {
      message_request: "all_extension_numbers_of_type",
      all_extension_numbers_of_type: "titan.JobSpec",
    },
  ];
  for (const request of notFound) {
    const answer = ask({ host: "h", ...request });
    assertEquals(answer.error_response?.error_code, 5, JSON.stringify(request));
    assertEquals(answer.valid_host, "h");
    assertEquals(answer.original_request.message_request, request.message_request);
  }
  assertEquals(ask({}).error_response?.error_code, 3);
});

Deno.test("a file's answer carries its dependencies", () => {
  const pool = DescriptorPool.fromSources([
    {
      name: "a/common.proto",
      source: `syntax = "proto3"; package a; message Meta { map<string, int64> counts = 1; }`,
    },
    {
      name: "b/svc.proto",
      source: `syntax = "proto3"; package b; import "a/common.proto";
        message Req { a.Meta meta = 1; optional string name = 2; oneof pick { int32 x = 3; } }
        service Svc { rpc Do(Req) returns (a.Meta); }`,
    },
  ]);
  const answer = answerReflection(pool, ["b.Svc"], {
    message_request: "file_containing_symbol",
    file_containing_symbol: "b.Svc.Do",
  });
  const files = answer.file_descriptor_response!.file_descriptor_proto.map(decodeFile);
  assertEquals(files.map((f: Json) => f.name), ["b/svc.proto", "a/common.proto"]);
  assertEquals(files[0].dependency, ["a/common.proto"]);
  const req = message(files[0], "Req");
  assertEquals(req.field[0].typeName, ".a.Meta");
  // Real oneof first, synthetic after it, whatever the declaration order.
  assertEquals(req.oneofDecl, [{ name: "pick" }, { name: "_name" }]);
  assertEquals(req.field[1].oneofIndex, 1);
  assertEquals(message(files[1], "Meta.CountsEntry").field[1].type, "TYPE_INT64");
});

// ---------------------------------------------------------------------------------------------
// With buf: protoc-compatible descriptors, and the real reflection client
// ---------------------------------------------------------------------------------------------

const buf = await ensureBuf();
if (!buf.path) console.warn(`SKIP buf tests in shared/reflection_test.ts: ${buf.reason}`);

/** Recursively order nested types by name: protoc interleaves map entries in source order. */
function normalize(file: Json): Json {
  const sortMessages = (list: Json[] | undefined) => {
    for (const m of list ?? []) {
      if (m.nestedType) {
        m.nestedType.sort((a: Json, b: Json) => a.name.localeCompare(b.name));
        sortMessages(m.nestedType);
      }
    }
  };
  sortMessages(file.messageType);
  return file;
}

Deno.test({
  name: "descriptors equal buf build's, file by file",
  ignore: !buf.path,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "titan-reflection-" });
    try {
      const sources = titanSources();
      for (const s of sources) {
        const path = `${dir}/src/${s.name}`;
        await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
        await Deno.writeTextFile(path, s.source);
      }
      const r = await runBuf(buf.path!, [
        "build",
        `${dir}/src`,
        "--as-file-descriptor-set",
        "--exclude-source-info",
        "-o",
        `${dir}/set.binpb`,
      ]);
      assertEquals(r.code, 0, r.stderr);
      const set = FileDescriptorSet.toObject(
        FileDescriptorSet.decode(await Deno.readFile(`${dir}/set.binpb`)),
        { enums: String, longs: Number },
      );
      const pool = titanDescriptorPool();
      assertEquals(set.file.map((f: Json) => f.name).sort(), [...pool.files.keys()].sort());
      for (const expected of set.file) {
        const actual = decodeFile(pool.encoded(expected.name)!);
        assertEquals(normalize(actual), normalize(expected), expected.name);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

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

async function startServer(): Promise<{ server: grpc.Server; url: string }> {
  const server = new grpc.Server();
  server.addService(titan.ManagerService.service, stubManager());
  server.addService(titan.WorkerService.service, {
    Connect(call: grpc.ServerDuplexStream<unknown, unknown>) {
      call.emit("error", { code: grpc.status.UNIMPLEMENTED, details: "stub" });
    },
  });
  addHealth(server).setStatus("titan.ManagerService", "SERVING");
  addReflection(server);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(
      "127.0.0.1:0",
      grpc.ServerCredentials.createInsecure(),
      (err, p) => err ? reject(err) : resolve(p),
    )
  );
  return { server, url: `http://127.0.0.1:${port}` };
}

function stopServer(server: grpc.Server): Promise<void> {
  return new Promise((resolve) => server.tryShutdown(() => resolve()));
}

Deno.test({
  name: "buf curl talks to the server through reflection alone",
  ignore: !buf.path,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async (t) => {
    const { server, url } = await startServer();
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

      await t.step("an unknown service is reported as such by the client", async () => {
        const r = await curl(`${url}/titan.NoSuchService/Do`, "-d", "{}");
        assert(r.code !== 0);
        assertMatch(r.stderr, /titan\.NoSuchService/);
      });
    } finally {
      await stopServer(server);
    }
  },
});

Deno.test("addReflection refuses a service it cannot describe", () => {
  const server = new grpc.Server();
  let error: unknown;
  try {
    addReflection(server, ["titan.Nope"]);
  } catch (err) {
    error = err;
  }
  assertMatch(String(error), /titan\.Nope/);
});
