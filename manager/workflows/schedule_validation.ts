/**
 * CreateSchedule and UpdateSchedule requests checked before anything is stored: the name,
 * the cron expression in its zone, the job template (an ordinary job spec), the policies.
 */
import { invalidArgument, quote } from "../../shared/errors.ts";
import { JOB_ID_PATTERN } from "../../shared/model.ts";
import type {
  CreateScheduleRequest__Output,
  JobSpec__Output,
  UpdateScheduleRequest__Output,
} from "../../shared/proto.ts";
import { type Limits, validateSpec, type ValidSpec } from "../api/validate.ts";
import { CronSchedule } from "./cron.ts";
import type { CatchUpPolicy, OverlapPolicy } from "./schedule_record.ts";

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** A schedule name: letters, digits, '.', '_', '-', at most 128, starting alphanumeric. */
export function validateScheduleName(name: string | undefined): string {
  if (!name) throw invalidArgument("name is required");
  if (!NAME.test(name)) {
    throw invalidArgument(
      `name must be letters, digits, '.', '_' or '-' (at most 128, starting with a letter or digit), got ${
        quote(name)
      }`,
    );
  }
  return name;
}

/** The job template: an ordinary spec, without what cannot repeat or has no request. */
export function validateTemplate(spec: JobSpec__Output | null | undefined, limits: Limits) {
  if (!spec) throw invalidArgument("job is required");
  const valid: ValidSpec = validateSpec(spec, limits, "job.");
  if (valid.idempotencyKey) {
    throw invalidArgument(
      "job.idempotency_key must be empty: every fire would return the first fire's job",
    );
  }
  valid.dependsOn.forEach((entry, i) => {
    if (!JOB_ID_PATTERN.test(entry)) {
      throw invalidArgument(
        `job.depends_on[${i}] must be a job id (a schedule's job has no request to name), got ${
          quote(entry)
        }`,
      );
    }
  });
  return valid;
}

export function validateOverlap(value: string | number | undefined | null): OverlapPolicy {
  switch (value) {
    case undefined:
    case null:
    case 0:
    case "OVERLAP_POLICY_UNSPECIFIED":
    case "OVERLAP_POLICY_SKIP":
      return "SKIP";
    case "OVERLAP_POLICY_ALLOW":
      return "ALLOW";
    case "OVERLAP_POLICY_CANCEL_PREVIOUS":
      return "CANCEL_PREVIOUS";
    default:
      throw invalidArgument(`overlap_policy is unknown: ${quote(String(value))}`);
  }
}

export function validateCatchUp(value: string | number | undefined | null): CatchUpPolicy {
  switch (value) {
    case undefined:
    case null:
    case 0:
    case "CATCH_UP_POLICY_UNSPECIFIED":
    case "CATCH_UP_POLICY_RUN_ONCE":
      return "RUN_ONCE";
    case "CATCH_UP_POLICY_SKIP_MISSED":
      return "SKIP_MISSED";
    default:
      throw invalidArgument(`catch_up_policy is unknown: ${quote(String(value))}`);
  }
}

/** A CreateSchedule request, checked. */
export interface NewSchedule {
  name: string;
  cron: string;
  timezone: string;
  job: ValidSpec;
  overlapPolicy: OverlapPolicy;
  catchUpPolicy: CatchUpPolicy;
}

export function validateCreate(req: CreateScheduleRequest__Output, limits: Limits): NewSchedule {
  const name = validateScheduleName(req.name);
  const cron = (req.cron ?? "").trim();
  const timezone = req.timezone ?? "";
  CronSchedule.parse(cron, timezone);
  return {
    name,
    cron,
    timezone,
    job: validateTemplate(req.job, limits),
    overlapPolicy: validateOverlap(req.overlapPolicy),
    catchUpPolicy: validateCatchUp(req.catchUpPolicy),
  };
}

/** An UpdateSchedule request, checked: only the fields it sets. */
export interface ScheduleChanges {
  cron?: string;
  timezone?: string;
  job?: ValidSpec;
  overlapPolicy?: OverlapPolicy;
  catchUpPolicy?: CatchUpPolicy;
  paused?: boolean;
}

export function validateUpdate(
  req: UpdateScheduleRequest__Output,
  limits: Limits,
): { name: string; changes: ScheduleChanges } {
  const name = validateScheduleName(req.name);
  const changes: ScheduleChanges = {};
  if (req.cron !== undefined) changes.cron = req.cron.trim();
  if (req.timezone !== undefined) changes.timezone = req.timezone;
  if (req.job) changes.job = validateTemplate(req.job, limits);
  if (req.overlapPolicy !== undefined) changes.overlapPolicy = validateOverlap(req.overlapPolicy);
  if (req.catchUpPolicy !== undefined) changes.catchUpPolicy = validateCatchUp(req.catchUpPolicy);
  if (req.paused !== undefined) changes.paused = req.paused;
  return { name, changes };
}
