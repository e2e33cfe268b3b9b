/**
 * Cron expressions, evaluated by croner (npm, no dependencies, handles time zones and DST):
 * five fields (minute hour day-of-month month day-of-week) or six with seconds first. This
 * file only adds the checks our API promises (the field count, an IANA zone) and turns
 * croner's answers into epoch ms.
 *
 * DST, as croner resolves it: a local time that does not exist (spring forward) fires at the
 * first instant after the gap (02:30 → 03:00); a local time that happens twice (fall back)
 * fires once, at its first occurrence, for expressions that name the hour; a wildcard hour
 * fires in both repeated hours.
 */
import { Cron } from "croner";
import { invalidArgument, quote } from "../../shared/errors.ts";

/** A parsed expression in its zone: asks only for fire times, never runs anything. */
export class CronSchedule {
  readonly #cron: Cron;

  private constructor(cron: Cron) {
    this.#cron = cron;
  }

  /** Parse; INVALID_ARGUMENT names the problem (`field` prefixes it). */
  static parse(expression: string, timezone: string, field = ""): CronSchedule {
    const fields = expression.trim().split(/\s+/);
    if (fields.length !== 5 && fields.length !== 6) {
      throw invalidArgument(
        `${field}cron must have 5 fields (minute hour day-of-month month day-of-week) or 6 ` +
          `(seconds first), got ${fields.length}: ${quote(expression)}`,
      );
    }
    if (timezone !== "" && !isTimeZone(timezone)) {
      throw invalidArgument(
        `${field}timezone must be an IANA zone such as "Europe/Paris", got ${quote(timezone)}`,
      );
    }
    let cron: Cron;
    try {
      cron = new Cron(fields.join(" "), { paused: true, timezone: timezone || "UTC" });
    } catch (err) {
      throw invalidArgument(
        `${field}cron ${quote(expression)} is invalid: ${
          (err as Error).message.replace(/^CronPattern: /, "")
        }`,
      );
    }
    return new CronSchedule(cron);
  }

  /** The first fire time strictly after `afterMs`, or null when there is none. */
  nextAfter(afterMs: number): number | null {
    return this.#cron.nextRun(new Date(afterMs))?.getTime() ?? null;
  }

  /** The latest fire time at or before `atMs` and at or after `fromMs`, or null. */
  latestBetween(fromMs: number, atMs: number): number | null {
    // previousRuns looks strictly before its reference, at whole seconds: ask from the next
    // second and keep the first that is not after `atMs`.
    const t = this.#cron.previousRuns(2, new Date(atMs + 1000)).map((d) => d.getTime())
      .find((ms) => ms <= atMs);
    return t !== undefined && t >= fromMs ? t : null;
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
