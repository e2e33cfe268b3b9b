import assert from "node:assert/strict";
import { toTimestamp } from "../shared/wire_time.ts";
import { TIME_FIELDS, toJson } from "./json.ts";

Deno.test("the schema's time fields are known by name", () => {
  for (const name of ["createdAt", "startedAt", "finishedAt", "notBefore", "lastHeartbeat"]) {
    assert.equal(TIME_FIELDS.get(name), "timestamp", name);
  }
  assert.equal(TIME_FIELDS.get("heartbeatInterval"), "duration");
  assert.equal(TIME_FIELDS.get("command"), undefined);
});

Deno.test("toJson() prints Timestamps as RFC 3339, drops unset ones and oneof markers", () => {
  const status = {
    jobId: "j",
    createdAt: toTimestamp(Date.UTC(2026, 11, 1, 11, 7, 0, 377)),
    startedAt: null,
    exitCode: 0,
    _exitCode: "exitCode",
    env: { seconds: "1", nanos: "2" }, // a map that merely looks like one stays as it is
  };
  assert.deepEqual(JSON.parse(toJson({ jobs: [status] })), {
    jobs: [{
      jobId: "j",
      createdAt: "2026-12-01T11:07:00.377Z",
      exitCode: 0,
      env: { seconds: "1", nanos: "2" },
    }],
  });
});
