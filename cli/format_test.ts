import assert from "node:assert/strict";
import type { WorkerInfo__Output } from "../shared/proto.ts";
import { at, job } from "./test_util.ts";
import {
  describeOutcome,
  formatAge,
  formatBytes,
  formatDependencyTree,
  formatDuration,
  formatExit,
  formatJobsTable,
  formatLabels,
  formatQueuesTable,
  formatResources,
  formatStatusBlock,
  formatTable,
  formatWorkersTable,
  jobDuration,
  jobExitCode,
  signalNumber,
  truncate,
} from "./format.ts";

const NOW = Date.parse("2025-01-01T12:00:00.000Z");

Deno.test("formatDuration() picks the two most useful units", () => {
  assert.equal(formatDuration(0), "0ms");
  assert.equal(formatDuration(850), "850ms");
  assert.equal(formatDuration(4_250), "4.2s");
  assert.equal(formatDuration(42_000), "42s");
  assert.equal(formatDuration(187_000), "3m07s");
  assert.equal(formatDuration(2 * 3600_000 + 5 * 60_000), "2h05m");
  assert.equal(formatDuration(3 * 86400_000 + 4 * 3600_000), "3d04h");
  assert.equal(formatDuration(-1), "-");
  assert.equal(formatDuration(NaN), "-");
});

Deno.test("formatAge() is kubectl-style and '-' for an unset time", () => {
  assert.equal(formatAge(at("2025-01-01T11:59:55.000Z"), NOW), "5s");
  assert.equal(formatAge(at("2025-01-01T11:57:00Z"), NOW), "3m");
  assert.equal(formatAge(at("2025-01-01T09:00:00Z"), NOW), "3h");
  assert.equal(formatAge(at("2024-12-28T12:00:00Z"), NOW), "4d");
  assert.equal(formatAge(at("2025-01-01T12:00:01Z"), NOW), "0s", "clock skew is not negative");
  assert.equal(formatAge(null, NOW), "-");
});

Deno.test("jobDuration() runs to now while running and to finish once done", () => {
  assert.equal(jobDuration(job(), NOW), "-");
  assert.equal(jobDuration(job({ startedAt: at("2025-01-01T11:59:30Z") }), NOW), "30s");
  assert.equal(
    jobDuration(
      job({ startedAt: at("2025-01-01T11:00:00Z"), finishedAt: at("2025-01-01T11:00:01.500Z") }),
      NOW,
    ),
    "1.5s",
  );
});

Deno.test("formatExit() shows the code, else the signal, else timeout, else '-'", () => {
  assert.equal(formatExit(job({ exitCode: 0 })), "0");
  assert.equal(formatExit(job({ exitCode: 3 })), "3");
  assert.equal(formatExit(job({ signal: "SIGKILL" })), "SIGKILL");
  assert.equal(formatExit(job({ timedOut: true })), "timeout");
  assert.equal(formatExit(job()), "-");
});

Deno.test("truncate() keeps one line and marks the cut", () => {
  assert.equal(truncate("short", 10), "short");
  assert.equal(truncate("0123456789abc", 10), "012345678…");
  assert.equal(truncate("a\n  b\r\nc\td", 20), "a b c d");
});

Deno.test("formatTable() pads every column but the last", () => {
  assert.equal(
    formatTable(["A", "LONGER", "C"], [["xx", "y", "last column"], ["x", "", ""]]),
    "A   LONGER  C\nxx  y       last column\nx",
  );
});

Deno.test("formatJobsTable() shows one row per job with a truncated command", () => {
  const text = formatJobsTable([
    job({
      state: "COMPLETED",
      workerId: "worker-1",
      attempt: 1,
      exitCode: 0,
      createdAt: at("2025-01-01T11:58:00Z"),
      startedAt: at("2025-01-01T11:58:01Z"),
      finishedAt: at("2025-01-01T11:58:03Z"),
      command: "x".repeat(100),
    }),
    job({
      jobId: "0b7e2c1a-0000-4000-8000-000000000002",
      createdAt: at("2025-01-01T11:59:59Z"),
      pendingReason: "queue etl is paused",
    }),
  ], NOW);
  const [header, first, second] = text.split("\n");
  assert.match(
    header,
    /^ID\s+STATE\s+WORKER\s+ATTEMPT\s+EXIT\s+AGE\s+DURATION\s+COMMAND\s+REASON$/,
  );
  assert.match(first, /^0b7e2c1a-\S+\s+COMPLETED\s+worker-1\s+1\s+0\s+2m\s+2\.0s\s+x{47}…\s+-$/);
  assert.match(
    second,
    /^0b7e2c1a-\S+02\s+PENDING\s+-\s+-\s+-\s+1s\s+-\s+echo hi\s+queue etl is paused$/,
  );
});

Deno.test("formatWorkersTable() shows labels sorted and the heartbeat age", () => {
  const w: WorkerInfo__Output = {
    workerId: "worker-1",
    state: "WORKER_STATE_HEALTHY",
    slots: 4,
    running: 1,
    queueDepth: 0,
    labels: { zone: "a", gpu: "no" },
    capacity: null,
    allocated: null,
    isolation: "",
    lastHeartbeat: at("2025-01-01T11:59:57Z"),
    connectedAt: null,
    address: "",
    version: "",
    completed: 0,
  };
  const [header, row] = formatWorkersTable([w], NOW).split("\n");
  assert.match(
    header,
    /^ID\s+STATE\s+SLOTS\s+CPU\s+MEMORY MiB\s+DEVICES\s+ISOLATION\s+LABELS\s+LAST HEARTBEAT$/,
  );
  assert.match(row, /^worker-1\s+HEALTHY\s+1\/4\s+-\s+-\s+-\s+-\s+gpu=no,zone=a\s+3s ago$/);
  assert.equal(formatLabels({}), "-");
  const queued = formatWorkersTable([{ ...w, running: 6, queueDepth: 2 }], NOW).split("\n")[1];
  assert.match(queued, /^worker-1\s+HEALTHY\s+4\/4 \+2 queued\s+-/);
});

Deno.test("formatWorkersTable() shows capacity against allocation and the isolation", () => {
  const w: WorkerInfo__Output = {
    workerId: "gpu-1",
    state: "WORKER_STATE_HEALTHY",
    slots: 8,
    running: 3,
    queueDepth: 0,
    labels: { gpu: "true" },
    capacity: { cpuMillis: 4000, memoryMb: 8192, devices: { gpu: 2 } },
    allocated: { cpuMillis: 1500, memoryMb: 2048, devices: { gpu: 1 } },
    isolation: "cgroup",
    lastHeartbeat: null,
    connectedAt: null,
    address: "",
    version: "",
    completed: 0,
  };
  const [, row] = formatWorkersTable([w], NOW).split("\n");
  assert.match(
    row,
    /^gpu-1\s+HEALTHY\s+3\/8\s+1\.5\/4\s+2048\/8192\s+gpu 1\/2\s+cgroup\s+gpu=true\s+-$/,
  );
});

Deno.test("formatQueuesTable() shows state, limit and counts", () => {
  const text = formatQueuesTable([
    { name: "default", maxRunning: 0, paused: false, pending: 3, running: 1 },
    { name: "etl", maxRunning: 4, paused: true, pending: 10, running: 4 },
  ]);
  assert.equal(
    text,
    [
      "NAME     STATE   MAX RUNNING  RUNNING  PENDING",
      "default  active  -            1        3",
      "etl      paused  4            4        10",
    ].join("\n"),
  );
});

Deno.test("formatResources() lists what is requested, or -", () => {
  assert.equal(formatResources(null), "-");
  assert.equal(formatResources({ cpuMillis: 0, memoryMb: 0, devices: {} }), "-");
  assert.equal(
    formatResources({ cpuMillis: 1500, memoryMb: 512, devices: { gpu: 1, fpga: 2 } }),
    "1.5 cpu, 512 MiB, fpga=2, gpu=1",
  );
});

Deno.test("formatStatusBlock() says why a PENDING job waits, with its queue and request", () => {
  const text = formatStatusBlock(
    job({
      pendingReason: "needs 8192 MiB memory; most free on any worker: 2048 MiB (w1)",
      queue: "etl",
      resources: { cpuMillis: 2000, memoryMb: 8192, devices: {} },
      selector: { gpu: "true" },
    }),
    NOW,
  );
  assert.match(
    text,
    /^Reason:\s+needs 8192 MiB memory; most free on any worker: 2048 MiB \(w1\)$/m,
  );
  assert.match(text, /^Queue:\s+etl$/m);
  assert.match(text, /^Resources:\s+2 cpu, 8192 MiB$/m);
  assert.match(text, /^Selector:\s+gpu=true$/m);
  const running = formatStatusBlock(job({ state: "RUNNING", pendingReason: "stale" }), NOW);
  assert.doesNotMatch(running, /Reason/);
});

Deno.test("formatBytes() uses binary units", () => {
  assert.equal(formatBytes(0), "0 B");
  assert.equal(formatBytes(1023), "1023 B");
  assert.equal(formatBytes(1536), "1.5 KiB");
  assert.equal(formatBytes(3 * 1024 * 1024), "3.0 MiB");
});

Deno.test("formatStatusBlock() shows only what is set", () => {
  const text = formatStatusBlock(
    job({
      state: "FAILED",
      workerId: "worker-2",
      attempt: 2,
      maxRetries: 3,
      signal: "SIGKILL",
      timedOut: true,
      error: "timed out after 5s",
      createdAt: at("2025-01-01T11:59:00.000Z"),
      startedAt: at("2025-01-01T11:59:10.000Z"),
      finishedAt: at("2025-01-01T11:59:15.000Z"),
      stdout: "abc",
      stdoutBytes: 2048,
      stdoutTruncated: true,
    }),
    NOW,
  );
  assert.match(text, /^Job:\s+0b7e2c1a-0000-4000-8000-000000000001$/m);
  assert.match(text, /^State:\s+FAILED$/m);
  assert.match(text, /^Worker:\s+worker-2$/m);
  assert.match(text, /^Attempt:\s+2 \(max retries 3\)$/m);
  assert.match(text, /^Outcome:\s+signal SIGKILL \(timed out\)$/m);
  assert.match(text, /^Error:\s+timed out after 5s$/m);
  assert.match(text, /^Created:\s+2025-01-01T11:59:00.000Z \(1m ago\)$/m);
  assert.match(text, /^Duration:\s+5.0s$/m);
  assert.match(text, /^Stdout:\s+2.0 KiB \(truncated: only the first 3 B kept\)$/m);
  assert.doesNotMatch(text, /^(Stderr|Cwd|Env|Priority|Not before):/m);
  assert.equal(describeOutcome(job({ exitCode: 0 })), "exit code 0");
  assert.equal(describeOutcome(job()), undefined);
});

Deno.test("signalNumber() knows names with or without SIG and numbers", () => {
  assert.equal(signalNumber("SIGKILL"), 9);
  assert.equal(signalNumber("term"), 15);
  assert.equal(signalNumber("2"), 2);
  assert.equal(signalNumber("SIGNOPE"), undefined);
});

Deno.test("jobExitCode() maps every way a job ends to a shell exit code", () => {
  assert.equal(jobExitCode(job({ state: "COMPLETED", exitCode: 0 })), 0);
  assert.equal(jobExitCode(job({ state: "FAILED", exitCode: 3 })), 3);
  assert.equal(jobExitCode(job({ state: "FAILED", exitCode: 256 + 7 })), 7);
  assert.equal(jobExitCode(job({ state: "FAILED", exitCode: 256 })), 1, "never 0 for FAILED");
  assert.equal(jobExitCode(job({ state: "FAILED", signal: "SIGKILL" })), 137);
  assert.equal(jobExitCode(job({ state: "FAILED", signal: "SIGTERM" })), 143);
  assert.equal(jobExitCode(job({ state: "FAILED", signal: "SIGWHAT" })), 129);
  assert.equal(jobExitCode(job({ state: "FAILED", signal: "SIGTERM", timedOut: true })), 124);
  assert.equal(jobExitCode(job({ state: "FAILED", error: "worker lost" })), 1);
  assert.equal(jobExitCode(job({ state: "CANCELLED", signal: "SIGTERM" })), 130);
});

Deno.test("formatDependencyTree() draws a diamond once per job and marks the repeat", () => {
  const root = { id: "r", name: "root", state: "COMPLETED", children: [] };
  const left = { id: "l", name: "left", state: "RUNNING", children: [root] };
  const right = {
    id: "x",
    name: "",
    state: "PENDING",
    policy: "DEPENDENCY_POLICY_AFTER_COMPLETION",
    children: [root],
  };
  const join = { id: "j", name: "join", state: "PENDING", children: [left, right] };
  assert.equal(
    formatDependencyTree(join, 2),
    [
      "  ├─ l  left  RUNNING",
      "  │  └─ r  root  COMPLETED",
      "  └─ x  -  PENDING (runs after completion)",
      "     └─ r  root  COMPLETED",
      "  … and 2 more not shown",
    ].join("\n"),
  );
});
