/** Conversions between the manager's records and wire messages. */
import type { Job } from "../../shared/model.ts";
import type {
  Dependency,
  JobStatus,
  OutputStream,
  QueueInfo,
  WorkerInfo,
  WorkerState,
} from "../../shared/proto.ts";
import { toTimestamp } from "../../shared/wire_time.ts";
import type { DependencyInfo } from "../core/dependencies.ts";
import type { QueueState } from "../core/queues.ts";
import type { LiveOutput } from "../core/watch_hub.ts";
import type { WorkerSession, WorkerStateName } from "../fleet/fleet.ts";
const decoder = new TextDecoder();
const strictDecoder = new TextDecoder("utf-8", { fatal: true });

/** Output as a string, and whether that string lost bytes (they were not valid UTF-8). */
export function outputText(bytes: Uint8Array): { text: string; lossy: boolean } {
  try {
    return { text: strictDecoder.decode(bytes), lossy: false };
  } catch {
    return { text: decoder.decode(bytes), lossy: true };
  }
}

/**
 * A job as JobStatus; output only when `withOutput` (listings leave it out), and its exact
 * bytes beside the strings only when `withRaw` (they double the answer's size).
 * `pendingReason` is the controller's word on why a PENDING job waits; dependencies only
 * when given (GetJobStatus reads their states).
 */
export function toJobStatus(
  job: Job,
  withOutput: boolean,
  live?: LiveOutput,
  withRaw = false,
  pendingReason = "",
  dependencies?: DependencyInfo[],
): JobStatus {
  const stdoutBytes = live ? concat(live.stdout) : job.stdout;
  const stderrBytes = live ? concat(live.stderr) : job.stderr;
  const stdout = withOutput ? outputText(stdoutBytes) : { text: "", lossy: false };
  const stderr = withOutput ? outputText(stderrBytes) : { text: "", lossy: false };
  return {
    jobId: job.id,
    command: job.command,
    state: job.state,
    workerId: job.workerId,
    attempt: job.attempt,
    ...(job.exitCode === null ? {} : { exitCode: job.exitCode }),
    signal: job.signal,
    stdout: stdout.text,
    stderr: stderr.text,
    stdoutLossy: stdout.lossy,
    stderrLossy: stderr.lossy,
    ...(withOutput && withRaw ? { stdoutRaw: stdoutBytes, stderrRaw: stderrBytes } : {}),
    stdoutTruncated: job.stdoutTruncated,
    stderrTruncated: job.stderrTruncated,
    stdoutBytes: job.stdoutBytes,
    stderrBytes: job.stderrBytes,
    createdAt: toTimestamp(job.createdAt),
    startedAt: toTimestamp(job.startedAt),
    finishedAt: toTimestamp(job.finishedAt),
    error: job.error,
    env: job.env,
    cwd: job.cwd,
    timeoutSeconds: job.timeoutSeconds,
    maxRetries: job.maxRetries,
    idempotencyKey: job.idempotencyKey,
    priority: job.priority,
    timedOut: job.timedOut,
    notBefore: job.state === "PENDING" && job.notBefore > Date.now()
      ? toTimestamp(job.notBefore)
      : null,
    pendingReason,
    resources: job.resources,
    selector: job.selector,
    queue: job.queue,
    name: job.name,
    dependencies: dependencies?.map(toDependency) ?? [],
    dependencyPolicy: `DEPENDENCY_POLICY_${job.dependencyPolicy}`,
    scheduleName: job.scheduleName,
    fireTime: toTimestamp(job.fireTime),
  };
}

export function toQueueInfo(q: QueueState): QueueInfo {
  return {
    name: q.name,
    maxRunning: q.maxRunning,
    paused: q.paused,
    pending: q.pending,
    running: q.running,
  };
}

function toDependency(d: DependencyInfo): Dependency {
  return { jobId: d.jobId, name: d.name, state: d.state ?? "JOB_STATE_UNSPECIFIED" };
}

export function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

export function toWorkerInfo(w: WorkerSession): WorkerInfo {
  return {
    workerId: w.id,
    state: toWireWorkerState(w.state),
    slots: w.slots,
    running: w.attempts.size,
    queueDepth: w.queueDepth,
    labels: w.labels,
    lastHeartbeat: toTimestamp(w.lastContact),
    connectedAt: toTimestamp(w.connectedAt),
    address: w.address,
    version: w.version,
    completed: w.completed,
    capacity: w.capacity,
    allocated: w.allocated,
    isolation: w.isolation,
  };
}

/** A worker's state as the wire spells it (the enum's values carry its name). */
export function toWireWorkerState(state: WorkerStateName): WorkerState {
  return `WORKER_STATE_${state}`;
}

/** An output stream's wire value as the records name it; anything but stderr is stdout. */
export function fromWireStream(stream: OutputStream | undefined): "STDOUT" | "STDERR" {
  return stream === "OUTPUT_STREAM_STDERR" ? "STDERR" : "STDOUT";
}

/** An output stream as the wire spells it. */
export function toWireStream(stream: "STDOUT" | "STDERR"): OutputStream {
  return `OUTPUT_STREAM_${stream}`;
}
