/** Helpers shared by the CLI's tests. */
import { Buffer } from "node:buffer";
import type { JobStatus__Output } from "../shared/proto.ts";

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
    createdAt: "",
    startedAt: "",
    finishedAt: "",
    error: "",
    env: {},
    cwd: "",
    timeoutSeconds: 0,
    maxRetries: 0,
    idempotencyKey: "",
    priority: 0,
    timedOut: false,
    notBefore: "",
    pendingReason: "",
    resources: null,
    selector: {},
    queue: "",
    name: "",
    dependencies: [],
    dependencyPolicy: "DEPENDENCY_POLICY_UNSPECIFIED",
    scheduleName: "",
    fireTime: "",
    stdoutRaw: Buffer.alloc(0),
    stderrRaw: Buffer.alloc(0),
    stdoutLossy: false,
    stderrLossy: false,
    ...over,
  };
}
