/** Conversions between the manager's records and wire messages. */
import type { Job } from "../../shared/model.ts";
import type { JobStatus, WorkerInfo } from "../../shared/proto.ts";
import type { LiveOutput } from "../core/watch_hub.ts";
import type { WorkerSession } from "../fleet/fleet.ts";

const iso = (ms: number | null) => (ms ? new Date(ms).toISOString() : "");
const decoder = new TextDecoder();

/** A job as JobStatus; output only when `withOutput` (listings leave it out). */
export function toJobStatus(job: Job, withOutput: boolean, live?: LiveOutput): JobStatus {
  const stdout = live ? concat(live.stdout) : job.stdout;
  const stderr = live ? concat(live.stderr) : job.stderr;
  return {
    jobId: job.id,
    command: job.command,
    state: job.state,
    workerId: job.workerId,
    attempt: job.attempt,
    ...(job.exitCode === null ? {} : { exitCode: job.exitCode }),
    signal: job.signal,
    stdout: withOutput ? decoder.decode(stdout) : "",
    stderr: withOutput ? decoder.decode(stderr) : "",
    stdoutTruncated: job.stdoutTruncated,
    stderrTruncated: job.stderrTruncated,
    stdoutBytes: job.stdoutBytes,
    stderrBytes: job.stderrBytes,
    createdAt: iso(job.createdAt),
    startedAt: iso(job.startedAt),
    finishedAt: iso(job.finishedAt),
    error: job.error,
    env: job.env,
    cwd: job.cwd,
    timeoutSeconds: job.timeoutSeconds,
    maxRetries: job.maxRetries,
    idempotencyKey: job.idempotencyKey,
    priority: job.priority,
    timedOut: job.timedOut,
    notBefore: job.state === "PENDING" && job.notBefore > Date.now() ? iso(job.notBefore) : "",
  };
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
    state: w.state,
    slots: w.slots,
    running: w.attempts.size,
    labels: w.labels,
    lastHeartbeat: iso(w.lastContact),
    connectedAt: iso(w.connectedAt),
    address: w.address,
    version: w.version,
    completed: w.completed,
  };
}
