import assert from "node:assert/strict";
import { capacity, cgroupCpuLimit, cgroupMemoryLimit, parseDevices } from "./capacity.ts";

const files = (entries: Record<string, string>) => (path: string) => entries[path] ?? "";
const machine = { cpus: 8, memoryBytes: 16 * 1024 ** 3 };
const none = { cpus: 0, memory: 0, device: "" };

Deno.test("capacity defaults to the machine's CPUs and memory", () => {
  assert.deepEqual(capacity(none, { v1: {} }, machine, files({})), {
    cpuMillis: 8000,
    memoryMb: 16384,
    devices: {},
  });
});

Deno.test("a cgroup's lower CPU and memory limits win, from the worker's cgroup or above", () => {
  const layout = { v2: "/sys/fs/cgroup/kubepods/pod1", v1: {} };
  const read = files({
    "/sys/fs/cgroup/kubepods/pod1/cpu.max": "150000 100000",
    "/sys/fs/cgroup/kubepods/cpu.max": "max 100000",
    "/sys/fs/cgroup/kubepods/memory.max": String(2 * 1024 ** 3),
    "/sys/fs/cgroup/kubepods/pod1/memory.max": "max",
  });
  assert.equal(cgroupCpuLimit(layout, read), 1.5);
  assert.equal(cgroupMemoryLimit(layout, read), 2 * 1024 ** 3);
  assert.deepEqual(capacity(none, layout, machine, read), {
    cpuMillis: 1500,
    memoryMb: 2048,
    devices: {},
  });
});

Deno.test("v1 limits count; v1's 'unlimited' does not", () => {
  const layout = {
    v2: "/sys/fs/cgroup/unified",
    v1: { cpu: "/sys/fs/cgroup/cpu/a", memory: "/sys/fs/cgroup/memory/a" },
  };
  const read = files({
    "/sys/fs/cgroup/cpu/a/cpu.cfs_quota_us": "-1",
    "/sys/fs/cgroup/cpu/a/cpu.cfs_period_us": "100000",
    "/sys/fs/cgroup/memory/a/memory.limit_in_bytes": "9223372036854771712",
  });
  assert.equal(cgroupCpuLimit(layout, read), Infinity);
  assert.equal(cgroupMemoryLimit(layout, read), Infinity);
  const limited = files({
    "/sys/fs/cgroup/cpu/a/cpu.cfs_quota_us": "50000",
    "/sys/fs/cgroup/cpu/a/cpu.cfs_period_us": "100000",
    "/sys/fs/cgroup/memory/a/memory.limit_in_bytes": String(512 * 1024 ** 2),
  });
  assert.deepEqual(capacity(none, layout, machine, limited), {
    cpuMillis: 500,
    memoryMb: 512,
    devices: {},
  });
});

Deno.test("flags override the detection; devices are parsed and checked", () => {
  assert.deepEqual(
    capacity({ cpus: 2.5, memory: 1000, device: "gpu=2,fpga=1" }, { v1: {} }, machine),
    { cpuMillis: 2500, memoryMb: 1000, devices: { gpu: 2, fpga: 1 } },
  );
  assert.throws(() => parseDevices("gpu=two"), /whole count/);
  assert.throws(() => parseDevices("g pu=1"), /not a device name/);
  assert.throws(() => parseDevices("gpu"), /KEY=VALUE/);
});
