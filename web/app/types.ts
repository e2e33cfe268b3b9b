/** The shapes of the API's JSON messages the views read (proto3 JSON of proto/titan.proto). */

export interface JobStatus {
  jobId: string;
  command: string;
  state: string;
  workerId: string;
  attempt: number;
  exitCode?: number;
  signal: string;
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  stdoutBytes: number;
  stderrBytes: number;
  createdAt: string;
  startedAt: string;
  finishedAt: string;
  error: string;
  env: Record<string, string>;
  cwd: string;
  timeoutSeconds: number;
  maxRetries: number;
  idempotencyKey: string;
  priority: number;
  timedOut: boolean;
  notBefore: string;
  // Fields a manager may not have yet; the views show them only when present.
  name?: string;
  queue?: string;
  pendingReason?: string;
  dependsOn?: string[];
  resources?: Record<string, number>;
  selector?: Record<string, string>;
}

export interface WorkerInfo {
  workerId: string;
  state: string;
  slots: number;
  running: number;
  labels: Record<string, string>;
  lastHeartbeat: string;
  connectedAt: string;
  address: string;
  version: string;
  completed: number;
  isolation?: string;
  resources?: Record<string, number>;
  resourcesUsed?: Record<string, number>;
}
