/** Schedules and their job templates as wire messages. */
import type { JobSpec, Schedule } from "../../shared/proto.ts";
import { toTimestamp } from "../../shared/wire_time.ts";
import type { ValidSpec } from "./validate.ts";
import type { ScheduleRecord } from "../workflows/schedule_record.ts";

/** A validated spec back as the JobSpec it stands for. */
export function toJobSpec(spec: ValidSpec): JobSpec {
  return {
    command: spec.command,
    env: spec.env,
    cwd: spec.cwd,
    timeoutSeconds: spec.timeoutSeconds,
    maxRetries: spec.maxRetries,
    idempotencyKey: spec.idempotencyKey,
    priority: spec.priority,
    resources: spec.resources,
    selector: spec.selector,
    queue: spec.queue,
    name: spec.name,
    dependsOn: spec.dependsOn,
    dependencyPolicy: `DEPENDENCY_POLICY_${spec.dependencyPolicy}`,
  };
}

export function toSchedule(r: ScheduleRecord): Schedule {
  return {
    name: r.name,
    cron: r.cron,
    timezone: r.timezone,
    job: toJobSpec(r.job),
    overlapPolicy: `OVERLAP_POLICY_${r.overlapPolicy}`,
    catchUpPolicy: `CATCH_UP_POLICY_${r.catchUpPolicy}`,
    paused: r.paused,
    nextFireTime: r.paused ? null : toTimestamp(r.nextFireAt),
    lastFireTime: toTimestamp(r.lastFireAt),
    lastJobId: r.lastJobId,
    createdAt: toTimestamp(r.createdAt),
  };
}
