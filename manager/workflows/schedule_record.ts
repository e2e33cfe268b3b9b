/**
 * A schedule as the manager keeps and stores it: a cron expression in a time zone, the
 * template of the job each fire creates, its policies, and where it stands (the next fire
 * time, the last fire and its job).
 *
 * `nextFireAt` is the exactly-once pivot: a fire stores its job and the advanced
 * `nextFireAt` in one batch (one transaction), so after any crash the stored schedule says
 * exactly which fire times have their job.
 */
import type { ValidSpec } from "../api/validate.ts";

/** What a fire does while the previous run of the schedule is unfinished. */
export type OverlapPolicy = "ALLOW" | "SKIP" | "CANCEL_PREVIOUS";
/** What happens to fire times that passed while no manager was firing. */
export type CatchUpPolicy = "SKIP_MISSED" | "RUN_ONCE";

export interface ScheduleRecord {
  name: string;
  /** Five fields, or six with seconds first (croner syntax). */
  cron: string;
  /** IANA zone; "" = UTC. */
  timezone: string;
  /** The job every fire creates (validated; depends_on holds job ids only). */
  job: ValidSpec;
  overlapPolicy: OverlapPolicy;
  catchUpPolicy: CatchUpPolicy;
  paused: boolean;
  /** The next fire time not yet handled (epoch ms); null when the cron has no more. */
  nextFireAt: number | null;
  /** The fire time of the latest job created (cron or trigger); null = none yet. */
  lastFireAt: number | null;
  /** The job of the latest fire; "" = none yet. */
  lastJobId: string;
  createdAt: number;
  updatedAt: number;
  /** Set only in a batch: remove the stored schedule. */
  deleted?: boolean;
}
