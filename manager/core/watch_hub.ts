/**
 * Watchers of jobs (WatchJob streams) and the output of running attempts, kept in memory so
 * GetJobStatus and WatchJob replays show it before the attempt ends.
 */
import { type Job, MAX_STORED_OUTPUT_BYTES } from "../../shared/model.ts";

export type OutputStreamName = "STDOUT" | "STDERR";

/** What a watcher of one job receives. */
export type JobEventListener = (
  event: { kind: "status"; job: Job } | {
    kind: "output";
    stream: OutputStreamName;
    data: Uint8Array;
    attempt: number;
  },
) => void;

/** Output of a running attempt, kept in memory for GetJobStatus and WatchJob replays. */
export interface LiveOutput {
  attempt: number;
  stdout: Uint8Array[];
  stderr: Uint8Array[];
  /** Bytes kept so far per stream (bounded by MAX_STORED_OUTPUT_BYTES). */
  stdoutKept: number;
  stderrKept: number;
}

export class WatchHub {
  readonly #watchers = new Map<string, Set<JobEventListener>>();
  readonly #live = new Map<string, LiveOutput>();

  /** Follow a job; the listener gets status changes and output. Returns the unsubscribe. */
  watch(jobId: string, listener: JobEventListener): () => void {
    let set = this.#watchers.get(jobId);
    if (!set) this.#watchers.set(jobId, set = new Set());
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.#watchers.get(jobId) === set) this.#watchers.delete(jobId);
    };
  }

  /** Open watches, over all jobs. */
  get watcherCount(): number {
    let n = 0;
    for (const s of this.#watchers.values()) n += s.size;
    return n;
  }

  /** Tell the job's watchers its new status. */
  status(job: Job): void {
    for (const l of this.#watchers.get(job.id) ?? []) l({ kind: "status", job });
  }

  /**
   * Keep and forward a chunk of a running attempt's output. Never trusting the worker's own
   * cap, at most MAX_STORED_OUTPUT_BYTES per stream are kept (and forwarded).
   */
  output(jobId: string, attempt: number, stream: OutputStreamName, data: Uint8Array): void {
    let live = this.#live.get(jobId);
    if (!live || live.attempt !== attempt) {
      live = { attempt, stdout: [], stderr: [], stdoutKept: 0, stderrKept: 0 };
      this.#live.set(jobId, live);
    }
    const err = stream === "STDERR";
    const kept = err ? live.stderrKept : live.stdoutKept;
    const chunk = data.subarray(0, Math.max(0, MAX_STORED_OUTPUT_BYTES - kept));
    if (chunk.length === 0) return;
    (err ? live.stderr : live.stdout).push(chunk);
    if (err) live.stderrKept += chunk.length;
    else live.stdoutKept += chunk.length;
    for (const l of this.#watchers.get(jobId) ?? []) {
      l({ kind: "output", stream, data: chunk, attempt });
    }
  }

  /** Output captured so far for the job's running attempt, if any. */
  live(jobId: string): LiveOutput | undefined {
    return this.#live.get(jobId);
  }

  /** The attempt ended (its output is in the job now) or was lost. */
  dropLive(jobId: string): void {
    this.#live.delete(jobId);
  }
}
