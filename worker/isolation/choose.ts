/**
 * Which isolation the worker uses: `--isolation auto` takes cgroups where the worker can
 * manage them and falls back to process groups, saying why; `cgroup` insists (the worker
 * refuses to start without); `process-group` never tries.
 */
import { join } from "node:path";
import { ConfigError } from "../../shared/config.ts";
import type { Logger } from "../../shared/log.ts";
import { ProcessRecords } from "../procs.ts";
import type { Isolation } from "./isolation.ts";
import { CgroupIsolation, killCgroupLeftovers } from "./cgroup.ts";
import { type CgroupLayout, currentLayout } from "./cgroup_layout.ts";
import { ProcessGroupIsolation } from "./process_group.ts";
import type { JobUsers } from "./users.ts";

export interface IsolationChoice {
  /** auto | cgroup | process-group */
  wanted: string;
  workerId: string;
  dataDir: string;
  workDir: string;
  users: JobUsers;
  log: Logger;
  /** Where this process's cgroups are; default read from /proc. */
  layout?: CgroupLayout;
}

export function chooseIsolation(c: IsolationChoice): Isolation {
  if (!["auto", "cgroup", "process-group"].includes(c.wanted)) {
    throw new ConfigError(
      `Invalid --isolation: expected auto | cgroup | process-group, got "${c.wanted}"`,
    );
  }
  // The journal of process groups: that mode's records, and in cgroup mode the leftovers of
  // a former life that ran in that mode.
  const records = new ProcessRecords(join(c.dataDir, "procs"));
  let why = "cgroups not tried (--isolation process-group)";
  if (c.wanted !== "process-group") {
    const tried = CgroupIsolation.create({
      workerId: c.workerId,
      dataDir: c.dataDir,
      workDir: c.workDir,
      users: c.users,
      layout: c.layout ?? currentLayout(),
      records,
      log: c.log,
    });
    if ("isolation" in tried) return tried.isolation;
    if (c.wanted === "cgroup") {
      throw new ConfigError(`Cannot use --isolation cgroup: ${tried.reason}`);
    }
    why = `no cgroups: ${tried.reason}; children that leave an attempt's process group ${
      c.users.perAttempt ? "are still killed by its uid" : "escape the kill"
    }, and memory and CPU limits are not enforced`;
  }
  return new ProcessGroupIsolation(
    c.users,
    records,
    c.workDir,
    why,
    () => killCgroupLeftovers(c.dataDir),
  );
}
