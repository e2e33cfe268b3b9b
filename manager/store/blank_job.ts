/**
 * The job a driver starts from when it reads a row: every field at its default, so a row that
 * carries only some columns (a list page without output) still gives a whole Job.
 */
import { DEFAULT_QUEUE, type Job, noResources } from "../../shared/model.ts";

const EMPTY = new Uint8Array(0);

export function blankJob(): Job {
  return {
    id: "",
    seq: 0,
    command: "",
    env: {},
    cwd: "",
    timeoutSeconds: 0,
    maxRetries: 0,
    idempotencyKey: "",
    priority: 0,
    state: "PENDING",
    attempt: 0,
    workerId: "",
    exitCode: null,
    signal: "",
    error: "",
    timedOut: false,
    stdout: EMPTY,
    stderr: EMPTY,
    stdoutTruncated: false,
    stderrTruncated: false,
    stdoutBytes: 0,
    stderrBytes: 0,
    createdAt: 0,
    startedAt: null,
    finishedAt: null,
    notBefore: 0,
    failures: 0,
    lost: 0,
    cancelRequested: false,
    resources: noResources(),
    selector: {},
    queue: DEFAULT_QUEUE,
    name: "",
    dependsOn: [],
    dependencyPolicy: "AFTER_SUCCESS",
    depsWaiting: 0,
    scheduleName: "",
    fireTime: null,
  };
}
