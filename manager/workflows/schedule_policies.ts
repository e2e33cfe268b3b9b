/**
 * The two policies of a schedule as pure decisions (no clock, no I/O):
 * - catch-up: what becomes of fire times that passed while no manager was firing;
 * - overlap: what a fire does while the schedule's previous run is unfinished.
 */
import type { CronSchedule } from "./cron.ts";
import type { CatchUpPolicy, OverlapPolicy } from "./schedule_record.ts";

/**
 * A fire this much later than its time counts as missed (the manager was down, suspended, or
 * the clock jumped): the catch-up policy decides. Later than a moment but sooner than this,
 * every due fire time gets its own job, in order.
 */
export const MISSED_AFTER_MS = 60_000;

export interface CatchUp {
  /** The fire times that get a job (at most one: RUN_ONCE's latest). */
  fireTimes: number[];
  /** The schedule's next fire time after `now`. */
  next: number | null;
}

/**
 * The fire times from `due` (the first unhandled one, ≤ now) up to `now` were missed: under
 * SKIP_MISSED none runs; under RUN_ONCE one job stands for them all, carrying the latest.
 */
export function catchUp(
  policy: CatchUpPolicy,
  cron: CronSchedule,
  due: number,
  now: number,
): CatchUp {
  const next = cron.nextAfter(now);
  if (policy === "SKIP_MISSED") return { fireTimes: [], next };
  const latest = cron.latestBetween(due, now);
  return { fireTimes: latest === null ? [] : [latest], next };
}

export type OverlapAction = "create" | "skip" | "cancel-previous-and-create";

/** What a fire does, given whether the previous run of the schedule is still unfinished. */
export function overlapAction(policy: OverlapPolicy, previousUnfinished: boolean): OverlapAction {
  if (!previousUnfinished || policy === "ALLOW") return "create";
  return policy === "SKIP" ? "skip" : "cancel-previous-and-create";
}
