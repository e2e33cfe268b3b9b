/**
 * What a worker offers to jobs, advertised at register: CPU (in thousandths of a core),
 * memory (MiB) and countable devices. By default the machine's CPU count and physical
 * memory, or the limits of the cgroups the worker runs in when lower (a container's).
 */
import { ConfigError, parsePairs } from "../shared/config.ts";
import type { CgroupLayout } from "./isolation/cgroup_layout.ts";

export interface Capacity {
  cpuMillis: number;
  memoryMb: number;
  devices: Record<string, number>;
}

/** Device names: what a job's request can name. */
const DEVICE_NAME = /^[a-z0-9]([a-z0-9._/-]{0,61}[a-z0-9])?$/i;

/** Parse `gpu=2,fpga=1` (--device, TITAN_DEVICES). */
export function parseDevices(value: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, count] of Object.entries(parsePairs(value, "--device"))) {
    if (!DEVICE_NAME.test(name)) {
      throw new ConfigError(`Invalid --device: "${name}" is not a device name`);
    }
    const n = Number(count);
    if (!/^\d+$/.test(count) || n > 2 ** 32 - 1) {
      throw new ConfigError(`Invalid --device: ${name}=${count}: expected a whole count`);
    }
    out[name] = n;
  }
  return out;
}

/** Read a file of a cgroup dir, "" when missing. */
export type ReadFile = (path: string) => string;

const readOrEmpty: ReadFile = (path) => {
  try {
    return Deno.readTextFileSync(path).trim();
  } catch {
    return "";
  }
};

/** Directories from `dir` up to (including) the hierarchy's mount point. */
function upwards(dir: string): string[] {
  const dirs: string[] = [];
  for (let d = dir; d.startsWith("/sys/fs/cgroup") && d.length > 1; d = d.replace(/\/[^/]*$/, "")) {
    dirs.push(d);
    if (d === "/sys/fs/cgroup") break;
  }
  return dirs;
}

/** The lowest CPU limit (cores) of the worker's cgroups and their ancestors, if any. */
export function cgroupCpuLimit(layout: CgroupLayout, read: ReadFile = readOrEmpty): number {
  let limit = Infinity;
  for (const d of layout.v2 ? upwards(layout.v2) : []) {
    const [quota, period] = read(`${d}/cpu.max`).split(" ");
    if (quota && quota !== "max" && Number(period) > 0) {
      limit = Math.min(limit, Number(quota) / Number(period));
    }
  }
  for (const d of layout.v1.cpu ? upwards(layout.v1.cpu) : []) {
    const quota = Number(read(`${d}/cpu.cfs_quota_us`));
    const period = Number(read(`${d}/cpu.cfs_period_us`));
    if (quota > 0 && period > 0) limit = Math.min(limit, quota / period);
  }
  return limit;
}

/** The lowest memory limit (bytes) of the worker's cgroups and their ancestors, if any. */
export function cgroupMemoryLimit(layout: CgroupLayout, read: ReadFile = readOrEmpty): number {
  let limit = Infinity;
  for (const d of layout.v2 ? upwards(layout.v2) : []) {
    const max = read(`${d}/memory.max`);
    if (/^\d+$/.test(max)) limit = Math.min(limit, Number(max));
  }
  for (const d of layout.v1.memory ? upwards(layout.v1.memory) : []) {
    const max = Number(read(`${d}/memory.limit_in_bytes`));
    // v1 says "no limit" with a huge number (PAGE_COUNTER_MAX pages).
    if (max > 0 && max < 2 ** 60) limit = Math.min(limit, max);
  }
  return limit;
}

/** Physical memory in bytes, from /proc/meminfo. */
export function physicalMemory(meminfo = readOrEmpty("/proc/meminfo")): number {
  const kb = Number(/^MemTotal:\s+(\d+) kB/m.exec(meminfo)?.[1] ?? 0);
  return kb * 1024;
}

/**
 * The capacity to advertise: the flags where given (non-zero), else what the machine and
 * its cgroups allow.
 */
export function capacity(
  flags: { cpus: number; memory: number; device: string },
  layout: CgroupLayout,
  machine = { cpus: navigator.hardwareConcurrency, memoryBytes: physicalMemory() },
  read: ReadFile = readOrEmpty,
): Capacity {
  const cpus = flags.cpus > 0 ? flags.cpus : Math.min(machine.cpus, cgroupCpuLimit(layout, read));
  const memoryBytes = flags.memory > 0
    ? flags.memory * 1024 * 1024
    : Math.min(machine.memoryBytes, cgroupMemoryLimit(layout, read));
  return {
    cpuMillis: Math.round(cpus * 1000),
    memoryMb: Math.floor(memoryBytes / (1024 * 1024)),
    devices: parseDevices(flags.device),
  };
}
