import assert from "node:assert/strict";
import { parseMountinfo, parseProcCgroup, resolveLayout } from "./cgroup_layout.ts";

/** A hybrid host: v1 controllers, and a controller-less v2 at /sys/fs/cgroup/unified. */
const HYBRID_MOUNTS = [
  "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
  "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct",
  "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory",
  "39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids",
  "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd",
  "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw",
].join("\n");
const HYBRID_SELF = [
  "9:name=systemd:/",
  "8:pids:/",
  "4:memory:/process_api/afe5",
  "2:cpu,cpuacct:/",
  "0::/",
].join("\n");

Deno.test("a hybrid host: kill and membership from unified, limits from v1", () => {
  assert.deepEqual(resolveLayout(HYBRID_MOUNTS, HYBRID_SELF), {
    v2: "/sys/fs/cgroup/unified",
    v1: { memory: "/sys/fs/cgroup/memory/process_api/afe5", cpu: "/sys/fs/cgroup/cpu,cpuacct" },
  });
  const mounts = parseMountinfo(HYBRID_MOUNTS);
  assert.deepEqual(mounts.map((m) => [m.version, m.controllers.join(",")]), [
    [1, "cpu,cpuacct"],
    [1, "memory"],
    [1, "pids"],
    [1, ""],
    [2, ""],
  ]);
});

Deno.test("a pure v2 host: everything from one hierarchy", () => {
  const mounts = "29 23 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate";
  assert.deepEqual(resolveLayout(mounts, "0::/system.slice/titan-worker.service\n"), {
    v2: "/sys/fs/cgroup/system.slice/titan-worker.service",
    v1: {},
  });
});

Deno.test("a container: a cgroup namespace shows its root, a bind mount its sub-tree", () => {
  const ns = "700 690 0:26 / /sys/fs/cgroup ro,nosuid - cgroup2 cgroup rw";
  assert.deepEqual(resolveLayout(ns, "0::/\n"), { v2: "/sys/fs/cgroup", v1: {} });
  const bind = "700 690 0:26 /kubepods/pod1/c1 /sys/fs/cgroup rw - cgroup2 cgroup rw";
  assert.deepEqual(resolveLayout(bind, "0::/kubepods/pod1/c1\n"), {
    v2: "/sys/fs/cgroup",
    v1: {},
  });
});

Deno.test("a v1-only host has no v2 layout", () => {
  const mounts = "35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory";
  assert.deepEqual(resolveLayout(mounts, "4:memory:/\n"), {
    v1: { memory: "/sys/fs/cgroup/memory" },
  });
  assert.deepEqual(parseProcCgroup("4:memory:/a\n1:name=systemd:/b\n"), {
    v2: undefined,
    v1: new Map([["memory", "/a"], ["name=systemd", "/b"]]),
  });
});
