import assert from "node:assert/strict";
import protobuf from "protobufjs";
import {
  checkWellFormed,
  MalformedMessageError,
  malformedReason,
  strictService,
} from "./strict_decode.ts";
import { PROTO_PATH, titan } from "./proto.ts";

const root = protobuf.loadSync(PROTO_PATH);
const encode = (type: string, value: Record<string, unknown>) => {
  const t = root.lookupType(type);
  return t.encode(t.fromObject(value)).finish();
};
const bytes = (...b: number[]) => Uint8Array.from(b);
const rejects = (type: string, body: Uint8Array, pattern: RegExp) =>
  assert.throws(() => checkWellFormed(type, body), (e: unknown) => {
    assert.ok(e instanceof MalformedMessageError);
    assert.match(e.message, pattern);
    return true;
  });

Deno.test("checkWellFormed() accepts what an encoder writes, maps and nesting included", () => {
  checkWellFormed(
    "titan.JobSpec",
    encode("titan.JobSpec", {
      command: "echo héllo",
      env: { A: "1", B: "two" },
      timeoutSeconds: 5,
      priority: -3,
    }),
  );
  checkWellFormed(
    "titan.SubmitJobsRequest",
    encode("titan.SubmitJobsRequest", {
      jobs: [{ command: "a" }, { command: "b", env: { X: "y" } }],
    }),
  );
  checkWellFormed("titan.ListJobsRequest", encode("titan.ListJobsRequest", { states: [1, 3] }));
  checkWellFormed("titan.JobSpec", new Uint8Array(0));
});

Deno.test("checkWellFormed() refuses a length that runs past the end", () => {
  rejects("titan.JobSpec", bytes(0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2), /runs past the end/);
  rejects("titan.JobSpec", bytes(0x0a, 0x05, 0x65, 0x78), /runs past the end/);
});

Deno.test("checkWellFormed() refuses a known field with the wrong wire type, and groups", () => {
  rejects("titan.JobSpec", bytes(0x0b, 0x07, 0x0a, 0x01, 0x41), /wire type 3, expected 2/);
  rejects("titan.JobSpec", bytes(0x20, 0x01, 0x0a), /truncated|index out of range|wire type/);
  rejects(
    "titan.JobSpec",
    bytes(0x22, 0x01, 0x01),
    /^timeout_seconds: wire type 2, expected 0 \(malformed titan.JobSpec\)/,
  );
  rejects("titan.JobSpec", bytes(0x7b, 0x7c), /groups are not allowed/);
});

Deno.test("checkWellFormed() refuses invalid UTF-8 in strings and bad map entries", () => {
  rejects("titan.JobSpec", bytes(0x0a, 0x02, 0xc3, 0x28), /not valid UTF-8/);
  rejects("titan.JobSpec", bytes(0x12, 0x02, 0x08, 0x01), /map entry wire type 0/);
});

Deno.test("checkWellFormed() names the path of the bad field inside repeated messages", () => {
  const good = encode("titan.JobSpec", { command: "a" });
  const body = new Uint8Array([
    0x0a,
    good.length,
    ...good, // jobs[0]
    0x0a,
    0x06,
    0x12,
    0x04,
    0x0a,
    0x02,
    0xc3,
    0x28, // jobs[1].env with a bad key
  ]);
  rejects("titan.SubmitJobsRequest", body, /^jobs\[1\]\.env: string is not valid UTF-8/);
});

Deno.test("checkWellFormed() lets unknown well-formed fields through (forward compatibility)", () => {
  checkWellFormed("titan.JobSpec", bytes(0xf8, 0x07, 0x01, 0x0a, 0x01, 0x41));
});

Deno.test("strictService() keeps every method and checks bodies before decoding", () => {
  const strict = strictService(titan.ManagerService.service, "titan.ManagerService");
  assert.deepEqual(Object.keys(strict).sort(), Object.keys(titan.ManagerService.service).sort());
  const good = encode("titan.JobSpec", { command: "true" });
  assert.equal(strict.SubmitJob.requestDeserialize(good as never).command, "true");
  const bad = strict.SubmitJob.requestDeserialize(bytes(0x0a, 0x09, 0x41) as never);
  assert.match(
    malformedReason(bad)!,
    /^command: length 9 runs past the end of the message \(malformed titan.JobSpec\)/,
  );
  assert.equal(malformedReason({ command: "true" }), undefined);
});

Deno.test("checkWellFormed() refuses varints that overflow their field or run past ten bytes", () => {
  const cmd = [0x0a, 0x01, 0x41];
  rejects(
    "titan.JobSpec",
    bytes(...cmd, 0x20, 0x80, 0x80, 0x80, 0x80, 0x10),
    /^timeout_seconds: varint overflows uint32/,
  );
  rejects(
    "titan.JobSpec",
    bytes(...cmd, 0x38, 0x80, 0x80, 0x80, 0x80, 0x08),
    /^priority: varint overflows int32/,
  );
  rejects(
    "titan.JobSpec",
    bytes(...cmd, 0xf8, 0x01, ...Array(9).fill(0xff), 0x81, 0x01),
    /longer than ten bytes/,
  );
  rejects(
    "titan.JobSpec",
    bytes(...cmd, 0xf8, 0x01, ...Array(9).fill(0xff), 0x02),
    /overflows 64 bits/,
  );
  rejects("titan.JobSpec", bytes(0x0a, 0x80, 0x80, 0x80, 0x80, 0x10), /overflows uint32/);
  // The largest uint32, the smallest int32 (sign-extended) and a full uint64 are fine.
  checkWellFormed("titan.JobSpec", bytes(...cmd, 0x20, 0xff, 0xff, 0xff, 0xff, 0x0f));
  checkWellFormed("titan.JobSpec", encode("titan.JobSpec", { command: "A", priority: -(2 ** 31) }));
  checkWellFormed(
    "titan.JobStatus",
    encode("titan.JobStatus", { stdoutBytes: Number.MAX_SAFE_INTEGER }),
  );
  checkWellFormed("titan.JobStatus", bytes(0x60, ...Array(9).fill(0xff), 0x01));
});
