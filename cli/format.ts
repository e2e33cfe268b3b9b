/**
 * Pure formatting for the `titan` CLI: tables, durations, ages, the status block and the
 * exit code a finished job maps to. No I/O here, so every rule is unit-tested in
 * format_test.ts with a fixed clock.
 */
import type {
  JobStatus__Output,
  QueueInfo,
  Resources__Output,
  Schedule__Output,
  WorkerInfo__Output,
  WorkerState,
} from "../shared/proto.ts";
import { fromTimestamp, type Timestamp__Output, timestampText } from "../shared/wire_time.ts";

/** A duration in ms as a short human string: "850ms", "4.2s", "3m07s", "2h05m", "3d04h". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "-";
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 10) return `${(Math.floor(s * 10) / 10).toFixed(1)}s`;
  if (s < 60) return `${Math.floor(s)}s`;
  const totalSeconds = Math.floor(s);
  const m = Math.floor(totalSeconds / 60);
  if (m < 60) return `${m}m${pad2(totalSeconds % 60)}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h${pad2(m % 60)}m`;
  return `${Math.floor(h / 24)}d${pad2(h % 24)}h`;
}

const pad2 = (n: number) => String(n).padStart(2, "0");

type Time = Timestamp__Output | null | undefined;

/** How long ago an instant was, kubectl-style ("5s", "3m", "2h", "4d"); "-" if unset. */
export function formatAge(time: Time, now: number): string {
  const t = fromTimestamp(time);
  if (t === null) return "-";
  const s = Math.max(0, Math.floor((now - t) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

/** How long a job ran: finished − started, or now − started while it runs; "-" before. */
export function jobDuration(job: JobStatus__Output, now: number): string {
  const started = fromTimestamp(job.startedAt);
  if (started === null) return "-";
  const finished = fromTimestamp(job.finishedAt) ?? now;
  return formatDuration(finished - started);
}

/** The EXIT column: the exit code, else the signal, else "timeout", else "-". */
export function formatExit(job: JobStatus__Output): string {
  if (job.exitCode !== undefined && job.exitCode !== null) return String(job.exitCode);
  if (job.signal) return job.signal;
  if (job.timedOut) return "timeout";
  return "-";
}

/** Shorten to `max` characters on one line, with "…" when cut. */
export function truncate(text: string, max: number): string {
  const line = text.replace(/\s*[\r\n]+\s*/g, " ").replace(/\t/g, " ");
  if (max <= 0) return "";
  return line.length > max ? line.slice(0, Math.max(0, max - 1)) + "…" : line;
}

/** A plain-text table: header row, columns padded to the widest cell, two spaces apart. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join("  ").trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

/** Width of the COMMAND column in `titan list`. */
export const COMMAND_WIDTH = 48;

/** The `titan list` table. */
export function formatJobsTable(jobs: JobStatus__Output[], now: number): string {
  return formatTable(
    ["ID", "STATE", "WORKER", "ATTEMPT", "EXIT", "AGE", "DURATION", "COMMAND", "REASON"],
    jobs.map((j) => [
      j.jobId,
      j.state,
      j.workerId || "-",
      j.attempt ? String(j.attempt) : "-",
      formatExit(j),
      formatAge(j.createdAt, now),
      jobDuration(j, now),
      truncate(j.command, COMMAND_WIDTH),
      j.state === "PENDING" && j.pendingReason ? j.pendingReason : "-",
    ]),
  );
}

/** Cores from millis: "0.5", "4". */
const cores = (millis: number) => String(Number((millis / 1000).toFixed(3)));

/** "1.5 cpu, 512 MiB, gpu=1", or "-" when nothing is requested. */
export function formatResources(r: Resources__Output | null | undefined): string {
  if (!r) return "-";
  const parts: string[] = [];
  if (r.cpuMillis) parts.push(`${cores(r.cpuMillis)} cpu`);
  if (r.memoryMb) parts.push(`${r.memoryMb} MiB`);
  for (const [name, n] of Object.entries(r.devices ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    parts.push(`${name}=${n}`);
  }
  return parts.length ? parts.join(", ") : "-";
}

/** "used/offered" of one dimension, "-" when the worker offers none of it. */
function usage(used: number, offered: number, show: (n: number) => string = String): string {
  return offered ? `${show(used)}/${show(offered)}` : "-";
}

/** The `titan queues` table. */
export function formatQueuesTable(queues: QueueInfo[]): string {
  return formatTable(
    ["NAME", "STATE", "MAX RUNNING", "RUNNING", "PENDING"],
    queues.map((q) => [
      q.name ?? "",
      q.paused ? "paused" : "active",
      q.maxRunning ? String(q.maxRunning) : "-",
      String(q.running ?? 0),
      String(q.pending ?? 0),
    ]),
  );
}

/** The `titan schedules` table. */
export function formatSchedulesTable(schedules: Schedule__Output[], now: number): string {
  const when = (time: Time, ahead: boolean) => {
    const t = fromTimestamp(time);
    if (t === null) return "-";
    return ahead ? `in ${formatDuration(Math.max(0, t - now))}` : `${formatAge(time, now)} ago`;
  };
  return formatTable(
    ["NAME", "CRON", "TZ", "STATE", "NEXT", "LAST", "LAST JOB", "COMMAND"],
    schedules.map((s) => [
      s.name,
      s.cron,
      s.timezone || "UTC",
      s.paused ? "paused" : "active",
      s.paused ? "-" : when(s.nextFireTime, true),
      when(s.lastFireTime, false),
      s.lastJobId || "-",
      truncate(s.job?.command ?? "", COMMAND_WIDTH),
    ]),
  );
}

/** "k=v,k2=v2" sorted by key, or "-". */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const entries = Object.entries(labels ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(",") : "-";
}

/** The `titan workers` table. */
export function formatWorkersTable(workers: WorkerInfo__Output[], now: number): string {
  return formatTable(
    [
      "ID",
      "STATE",
      "SLOTS",
      "CPU",
      "MEMORY MiB",
      "DEVICES",
      "ISOLATION",
      "LABELS",
      "LAST HEARTBEAT",
    ],
    workers.map((w) => {
      const cap = w.capacity;
      const used = w.allocated;
      const devices = Object.entries(cap?.devices ?? {}).sort(([a], [b]) => a.localeCompare(b))
        .map(([name, n]) => `${name} ${used?.devices?.[name] ?? 0}/${n}`);
      return [
        w.workerId,
        workerStateName(w.state),
        slotsCell(w.running, w.slots),
        usage(used?.cpuMillis ?? 0, cap?.cpuMillis ?? 0, cores),
        usage(used?.memoryMb ?? 0, cap?.memoryMb ?? 0),
        devices.length ? devices.join(",") : "-",
        w.isolation || "-",
        formatLabels(w.labels),
        w.lastHeartbeat ? `${formatAge(w.lastHeartbeat, now)} ago` : "-",
      ];
    }),
  );
}

/**
 * "3/4"; past the slots the rest are queued on the worker for its next free slot (pipelining):
 * "4/4 +2 queued".
 */
function slotsCell(holding: number, slots: number): string {
  const queued = holding - slots;
  return queued > 0 ? `${slots}/${slots} +${queued} queued` : `${holding}/${slots}`;
}

/** A byte count as "512 B", "1.5 KiB", "3.0 MiB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}

/** A worker state without the enum's prefix: "HEALTHY" for WORKER_STATE_HEALTHY. */
export function workerStateName(state: WorkerState | string): string {
  return String(state).replace(/^WORKER_STATE_/, "");
}

/** "2024-05-01T10:00:00.000Z (3m ago)", or undefined when the time is unset. */
function stamp(time: Time, now: number): string | undefined {
  const text = timestampText(time);
  return text === undefined ? undefined : `${text} (${formatAge(time, now)} ago)`;
}

/** How a finished job ended, in words: "exit code 0", "signal SIGKILL (timed out)". */
export function describeOutcome(job: JobStatus__Output): string | undefined {
  const parts: string[] = [];
  if (job.exitCode !== undefined && job.exitCode !== null) parts.push(`exit code ${job.exitCode}`);
  if (job.signal) parts.push(`signal ${job.signal}`);
  if (job.timedOut) parts.push(parts.length ? "(timed out)" : "timed out");
  return parts.length ? parts.join(" ") : undefined;
}

/** The header lines of `titan status` (everything but the output itself). */
export function formatStatusBlock(job: JobStatus__Output, now: number): string {
  const rows: [string, string | undefined][] = [
    ["Job", job.jobId],
    ["Name", job.name || undefined],
    ["Command", job.command],
    ["State", job.state],
    ["Reason", job.state === "PENDING" && job.pendingReason ? job.pendingReason : undefined],
    ["Queue", job.queue || undefined],
    [
      "Resources",
      formatResources(job.resources) === "-" ? undefined : formatResources(job.resources),
    ],
    ["Selector", Object.keys(job.selector ?? {}).length ? formatLabels(job.selector) : undefined],
    [
      "Runs after",
      job.dependencies?.length
        ? job.dependencyPolicy === "DEPENDENCY_POLICY_AFTER_COMPLETION"
          ? "its dependencies ended, whatever their outcome"
          : "its dependencies completed"
        : undefined,
    ],
    [
      "Schedule",
      job.scheduleName
        ? `${job.scheduleName} (fire time ${timestampText(job.fireTime) ?? "-"})`
        : undefined,
    ],
    ["Worker", job.workerId || undefined],
    [
      "Attempt",
      job.attempt
        ? `${job.attempt}${job.maxRetries ? ` (max retries ${job.maxRetries})` : ""}`
        : undefined,
    ],
    ["Outcome", describeOutcome(job)],
    ["Error", job.error || undefined],
    ["Created", stamp(job.createdAt, now)],
    ["Started", stamp(job.startedAt, now)],
    ["Finished", stamp(job.finishedAt, now)],
    ["Duration", job.startedAt ? jobDuration(job, now) : undefined],
    ["Not before", job.state === "PENDING" ? stamp(job.notBefore, now) : undefined],
    ["Priority", job.priority ? String(job.priority) : undefined],
    ["Timeout", job.timeoutSeconds ? `${job.timeoutSeconds}s` : undefined],
    ["Cwd", job.cwd || undefined],
    ["Env", Object.keys(job.env ?? {}).length ? formatLabels(job.env) : undefined],
    ["Idempotency", job.idempotencyKey || undefined],
    ["Stdout", streamSummary(job.stdoutBytes, job.stdout, job.stdoutTruncated)],
    ["Stderr", streamSummary(job.stderrBytes, job.stderr, job.stderrTruncated)],
  ];
  return rows
    .filter((r): r is [string, string] => r[1] !== undefined)
    .map(([k, v]) => `${(k + ":").padEnd(13)}${v}`)
    .join("\n");
}

/** A job in a dependency tree, with the dependencies fetched so far. */
export interface TreeNode {
  id: string;
  name: string;
  state: string;
  policy?: string;
  children: TreeNode[];
}

/**
 * A dependency tree as lines ("├─ id name STATE"), the root's dependencies first; a job met
 * again (a diamond) is marked "(above)" instead of repeated; `unfetched` jobs were not read.
 */
export function formatDependencyTree(root: TreeNode, unfetched = 0): string {
  const lines: string[] = [];
  const shown = new Set<string>();
  const policy = (n: TreeNode) =>
    n.policy === "DEPENDENCY_POLICY_AFTER_COMPLETION" ? " (runs after completion)" : "";
  const walk = (node: TreeNode, indent: string) => {
    node.children.forEach((child, i) => {
      const last = i === node.children.length - 1;
      const state = child.state === "JOB_STATE_UNSPECIFIED" ? "(gone)" : child.state;
      const again = shown.has(child.id);
      lines.push(
        `${indent}${last ? "└─" : "├─"} ${child.id}  ${child.name || "-"}  ${state}${
          again && child.children.length ? "  (above)" : policy(child)
        }`,
      );
      if (again) return;
      shown.add(child.id);
      walk(child, indent + (last ? "   " : "│  "));
    });
  };
  walk(root, "  ");
  if (unfetched > 0) lines.push(`  … and ${unfetched} more not shown`);
  return lines.join("\n");
}

function streamSummary(total: number, kept: string, truncated: boolean): string | undefined {
  if (!total && !kept && !truncated) return undefined;
  const bytes = total || new TextEncoder().encode(kept).length;
  return truncated
    ? `${formatBytes(bytes)} (truncated: only the first ${
      formatBytes(new TextEncoder().encode(kept).length)
    } kept)`
    : formatBytes(bytes);
}

/** Linux signal numbers, for the 128+n exit code convention of shells. */
const SIGNALS: Record<string, number> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGILL: 4,
  SIGTRAP: 5,
  SIGABRT: 6,
  SIGBUS: 7,
  SIGFPE: 8,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGSEGV: 11,
  SIGUSR2: 12,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
  SIGSTKFLT: 16,
  SIGCHLD: 17,
  SIGCONT: 18,
  SIGSTOP: 19,
  SIGTSTP: 20,
  SIGTTIN: 21,
  SIGTTOU: 22,
  SIGURG: 23,
  SIGXCPU: 24,
  SIGXFSZ: 25,
  SIGVTALRM: 26,
  SIGPROF: 27,
  SIGWINCH: 28,
  SIGIO: 29,
  SIGPWR: 30,
  SIGSYS: 31,
};

/** A signal name ("SIGKILL", "KILL") or number ("9") as its Linux number, if known. */
export function signalNumber(signal: string): number | undefined {
  const s = signal.trim().toUpperCase();
  if (/^\d+$/.test(s)) return Number(s) > 0 && Number(s) < 128 ? Number(s) : undefined;
  return SIGNALS[s.startsWith("SIG") ? s : `SIG${s}`];
}

/** Exit code of `titan submit --wait` when the job timed out (as GNU `timeout`). */
export const EXIT_TIMED_OUT = 124;
/** Exit code of `titan submit --wait` when the job was cancelled (as after Ctrl-C). */
export const EXIT_CANCELLED = 130;

/**
 * The exit code `titan submit --wait` ends with for a job in a terminal state:
 * - COMPLETED → 0;
 * - CANCELLED → 130;
 * - timed out → 124 (as GNU `timeout`), whatever signal killed it;
 * - ended by a signal → 128 + its number (143 for SIGTERM, 137 for SIGKILL; 129 if unknown);
 * - exited with a non-zero code → that code (taken modulo 256, as a shell does);
 * - FAILED with no code or signal (could not start, worker lost) → 1.
 */
export function jobExitCode(job: JobStatus__Output): number {
  switch (job.state) {
    case "COMPLETED":
      return 0;
    case "CANCELLED":
      return EXIT_CANCELLED;
  }
  if (job.timedOut) return EXIT_TIMED_OUT;
  if (job.signal) return 128 + (signalNumber(job.signal) ?? 1);
  if (job.exitCode !== undefined && job.exitCode !== null) {
    const code = ((job.exitCode % 256) + 256) % 256;
    return code === 0 ? 1 : code;
  }
  return 1;
}
