/** The shapes of the API's JSON messages the views read (proto3 JSON of proto/titan/titan.proto). */

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
  // Placement, queues and workflows: the views show them only when they are set.
  name?: string;
  queue?: string;
  pendingReason?: string;
  dependencies?: Dependency[];
  dependencyPolicy?: string;
  resources?: Resources | null;
  selector?: Record<string, string>;
  scheduleName?: string;
  fireTime?: string;
}

export interface Resources {
  cpuMillis: number;
  memoryMb: number;
  devices: Record<string, number>;
}

export interface Dependency {
  jobId: string;
  name: string;
  state: string;
}

/** Whether a Resources message asks for (or offers) anything. */
export function hasResources(r: Resources | null | undefined): r is Resources {
  return !!r && (r.cpuMillis > 0 || r.memoryMb > 0 || Object.keys(r.devices ?? {}).length > 0);
}

/** "2 cores, 512 MiB, gpu 1". */
export function describeResources(r: Resources): string {
  const parts: string[] = [];
  if (r.cpuMillis) parts.push(`${r.cpuMillis / 1000} cores`);
  if (r.memoryMb) parts.push(`${r.memoryMb} MiB`);
  for (const [name, n] of Object.entries(r.devices ?? {})) parts.push(`${name} ${n}`);
  return parts.join(", ");
}

export interface WorkerInfo {
  workerId: string;
  state: string;
  slots: number;
  /** Attempts it holds: running, and queued beyond its slots (up to queueDepth more). */
  running: number;
  queueDepth?: number;
  labels: Record<string, string>;
  lastHeartbeat: string;
  connectedAt: string;
  address: string;
  version: string;
  completed: number;
  isolation?: string;
  capacity?: Resources | null;
  allocated?: Resources | null;
}
