import assert from "node:assert/strict";
import { explainPending, type ReasonSnapshot } from "./pending_reason.ts";
import type { PlacementJob, PlacementWorker } from "./scheduler.ts";

const NOW = Date.parse("2026-03-01T12:00:00Z");

const job = (over: Partial<PlacementJob> = {}): PlacementJob => ({
  id: "j1",
  queue: "default",
  resources: { cpuMillis: 0, memoryMb: 0, devices: {} },
  selector: {},
  createdAt: NOW - 1000,
  notBefore: 0,
  ...over,
});

const worker = (
  id: string,
  total: { slots?: number; cpu?: number; mem?: number; devices?: Record<string, number> },
  free: { slots?: number; cpu?: number; mem?: number; devices?: Record<string, number> } = total,
  labels: Record<string, string> = {},
): PlacementWorker => ({
  id,
  labels,
  total: {
    slots: total.slots ?? 4,
    cpuMillis: (total.cpu ?? 0) * 1000,
    memoryMb: total.mem ?? 0,
    devices: total.devices ?? {},
  },
  free: {
    slots: free.slots ?? total.slots ?? 4,
    cpuMillis: (free.cpu ?? 0) * 1000,
    memoryMb: free.mem ?? 0,
    devices: free.devices ?? {},
  },
});

const snap = (over: Partial<ReasonSnapshot> = {}): ReasonSnapshot => ({
  workers: [worker("w1", { cpu: 4, mem: 4096 })],
  otherWorkers: 0,
  queues: new Map(),
  reservations: [],
  now: NOW,
  ...over,
});

const TABLE: {
  name: string;
  job: Partial<PlacementJob>;
  snap?: Partial<ReasonSnapshot>;
  want: string;
}[] = [
  {
    name: "retry backoff comes first",
    job: { notBefore: NOW + 5000 },
    want: "retry backoff until 2026-03-01T12:00:05.000Z",
  },
  {
    name: "a paused queue",
    job: { queue: "etl" },
    snap: { queues: new Map([["etl", { paused: true, maxRunning: 0, running: 0 }]]) },
    want: "queue etl is paused",
  },
  {
    name: "a queue at its limit",
    job: { queue: "etl" },
    snap: { queues: new Map([["etl", { paused: false, maxRunning: 4, running: 4 }]]) },
    want: "queue etl is at max_running 4",
  },
  { name: "no workers at all", job: {}, snap: { workers: [] }, want: "no worker is connected" },
  {
    name: "workers known, none healthy",
    job: {},
    snap: { workers: [], otherWorkers: 2 },
    want: "no healthy worker (2 known, none healthy)",
  },
  {
    name: "a label nobody has",
    job: { selector: { gpu: "true" } },
    want: "no healthy worker has label gpu=true",
  },
  {
    name: "labels each found, never together",
    job: { selector: { gpu: "true", zone: "b" } },
    snap: {
      workers: [
        worker("w1", { cpu: 1 }, { cpu: 1 }, { gpu: "true", zone: "a" }),
        worker("w2", { cpu: 1 }, { cpu: 1 }, { gpu: "false", zone: "b" }),
      ],
    },
    want: "no healthy worker has all of the labels gpu=true, zone=b",
  },
  {
    name: "larger than every worker",
    job: { resources: { cpuMillis: 0, memoryMb: 8192, devices: {} } },
    want: "needs 8192 MiB memory; no healthy worker has that much (largest: 4096 MiB on w1)",
  },
  {
    name: "a worker that reports no capacity of that kind",
    job: { resources: { cpuMillis: 500, memoryMb: 0, devices: {} } },
    snap: { workers: [worker("legacy", {})] },
    want: "needs 0.5 cpu; no healthy worker offers cpu",
  },
  {
    name: "a device nobody offers",
    job: { resources: { cpuMillis: 0, memoryMb: 0, devices: { gpu: 1 } } },
    want: "needs 1 gpu; no healthy worker offers gpu",
  },
  {
    name: "not enough free now",
    job: { resources: { cpuMillis: 0, memoryMb: 8192, devices: {} } },
    snap: {
      workers: [
        worker("w1", { mem: 16384 }, { mem: 2048 }),
        worker("w2", { mem: 16384 }, { mem: 1024 }),
      ],
    },
    want: "needs 8192 MiB memory; most free on any worker: 2048 MiB (w1)",
  },
  {
    name: "no free slot",
    job: {},
    snap: {
      workers: [worker("w1", { slots: 2 }, { slots: 0 }), worker("w2", { slots: 2 }, { slots: 0 })],
    },
    want: "no free slot on the 2 workers that could run it",
  },
  {
    name: "free in each dimension, never on one worker",
    job: { resources: { cpuMillis: 2000, memoryMb: 2048, devices: {} } },
    snap: {
      workers: [
        worker("w1", { cpu: 4, mem: 4096 }, { cpu: 2, mem: 0 }),
        worker("w2", { cpu: 4, mem: 4096 }, { cpu: 0, mem: 4096 }),
      ],
    },
    want: "no single worker has 2 cpu and 2048 MiB memory free at once",
  },
  {
    name: "room held for a starving job",
    job: { resources: { cpuMillis: 1000, memoryMb: 0, devices: {} } },
    snap: {
      workers: [worker("w1", { cpu: 4 }, { cpu: 2 })],
      reservations: [{
        jobId: "big",
        workerId: "w1",
        resources: { cpuMillis: 4000, memoryMb: 0, devices: {} },
        waitingSince: NOW - 120_000,
      }],
    },
    want: "the room on w1 is reserved for job big, waiting since 2026-03-01T11:58:00.000Z",
  },
  {
    name: "the starving job itself says where room is kept for it",
    job: { id: "big", resources: { cpuMillis: 4000, memoryMb: 0, devices: {} } },
    snap: {
      workers: [worker("w1", { cpu: 4 }, { cpu: 2 })],
      reservations: [{
        jobId: "big",
        workerId: "w1",
        resources: { cpuMillis: 4000, memoryMb: 0, devices: {} },
        waitingSince: NOW - 120_000,
      }],
    },
    want: "needs 4 cpu; most free on any worker: 2 cpu (w1); room is reserved for it on w1",
  },
  { name: "nothing holds it back", job: {}, want: "" },
];

for (const t of TABLE) {
  Deno.test(`explainPending(): ${t.name}`, () => {
    assert.equal(explainPending(job(t.job), snap(t.snap)), t.want);
  });
}
