/** Helpers shared by the CLI's tests. */
import { Buffer } from "node:buffer";
import type { JobStatus__Output } from "../shared/proto.ts";
import { type Timestamp__Output, toTimestamp } from "../shared/wire_time.ts";

/** The Timestamp of an RFC 3339 time, or of epoch ms, as the loader decodes it. */
export function at(time: string | number): Timestamp__Output {
  return toTimestamp(typeof time === "number" ? time : Date.parse(time)) as Timestamp__Output;
}

/** A JobStatus as the loader gives it (defaults filled), with `over` on top. */
export function job(over: Partial<JobStatus__Output> = {}): JobStatus__Output {
  return {
    jobId: "0b7e2c1a-0000-4000-8000-000000000001",
    command: "echo hi",
    state: "PENDING",
    workerId: "",
    attempt: 0,
    signal: "",
    stdout: "",
    stderr: "",
    stdoutTruncated: false,
    stderrTruncated: false,
    stdoutBytes: 0,
    stderrBytes: 0,
    createdAt: null,
    startedAt: null,
    finishedAt: null,
    error: "",
    env: {},
    cwd: "",
    timeoutSeconds: 0,
    maxRetries: 0,
    idempotencyKey: "",
    priority: 0,
    timedOut: false,
    notBefore: null,
    pendingReason: "",
    resources: null,
    selector: {},
    queue: "",
    name: "",
    dependencies: [],
    dependencyPolicy: "DEPENDENCY_POLICY_UNSPECIFIED",
    scheduleName: "",
    fireTime: null,
    stdoutRaw: Buffer.alloc(0),
    stderrRaw: Buffer.alloc(0),
    stdoutLossy: false,
    stderrLossy: false,
    ...over,
  };
}
