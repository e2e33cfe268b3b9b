/**
 * A varint that overflows its field is a malformed body like any other: INVALID_ARGUMENT
 * naming the field, nothing stored. Without the check, protobufjs reads the first five bytes
 * of an over-long uint32 varint and skips five more blindly, so the rest of the body is read
 * out of step and grpc-js answers INTERNAL "Error deserializing request" (or, for a varint of
 * exactly five bytes, keeps the low 32 bits of a number the client never sent).
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { CHANNEL_OPTIONS, grpc } from "../../shared/proto.ts";
import { bearer, Code, codeName, DEFAULT_DEADLINE_MS, SecureCluster } from "./helpers.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const encoder = new TextEncoder();

function rawUnary(
  client: grpc.Client,
  method: string,
  body: Uint8Array,
  metadata: grpc.Metadata,
): Promise<{ code: number; details: string }> {
  return new Promise((resolve) => {
    client.makeUnaryRequest<Buffer, Buffer>(
      `/titan.ManagerService/${method}`,
      (b) => b,
      (b) => b,
      Buffer.from(body),
      metadata,
      { deadline: Date.now() + DEFAULT_DEADLINE_MS },
      (err) => resolve({ code: err?.code ?? Code.OK, details: err?.details ?? "" }),
    );
  });
}

const command = [0x0a, 7, ...encoder.encode("exit 0;")];

Deno.test({
  name: "an overflowing varint in a request body is INVALID_ARGUMENT, not INTERNAL",
  ...opts,
  fn: async () => {
    const sc = await SecureCluster.start({ workers: 0 });
    const raw = new grpc.Client(sc.address, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
    try {
      const cases: { body: number[]; field: RegExp }[] = [
        // timeout_seconds (uint32, field 4) = 2^35: six bytes.
        { body: [...command, 0x20, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], field: /timeout_seconds/ },
        // max_retries (uint32, field 5) = 2^32: five bytes that protobufjs would cut to 0.
        { body: [...command, 0x28, 0x80, 0x80, 0x80, 0x80, 0x10], field: /max_retries/ },
        // priority (int32, field 7) = 2^40, not a sign-extended negative.
        { body: [...command, 0x38, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20], field: /priority/ },
        // a varint of eleven bytes in an unknown field.
        { body: [...command, 0xf8, 0x01, ...Array(10).fill(0xff), 0x01], field: /field 31/ },
      ];
      for (const { body, field } of cases) {
        const out = await rawUnary(
          raw,
          "SubmitJob",
          Uint8Array.from(body),
          bearer(sc.tokens.client),
        );
        const hex = Buffer.from(body).toString("hex");
        assert.equal(
          out.code,
          Code.INVALID_ARGUMENT,
          `SubmitJob ${hex}: ${codeName(out.code)} ${out.details}`,
        );
        assert.match(out.details, field, `SubmitJob ${hex}: ${out.details}`);
        assert.match(out.details, /overflows|longer than ten bytes/, out.details);
      }
      // GetJobStatusRequest and ListJobsRequest have varints too (page_size: uint32).
      const list = await rawUnary(
        raw,
        "ListJobs",
        Uint8Array.from([0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]),
        bearer(sc.tokens.client),
      );
      assert.equal(
        list.code,
        Code.INVALID_ARGUMENT,
        `ListJobs: ${codeName(list.code)} ${list.details}`,
      );
      const { jobs } = await sc.ok<{ jobs: unknown[] }>("ListJobs", {});
      assert.deepEqual(jobs, [], "malformed bodies created jobs");
    } finally {
      raw.close();
      await sc.stop();
    }
  },
});
