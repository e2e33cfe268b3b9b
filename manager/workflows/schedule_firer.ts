/**
 * The schedules of the leading manager and their fire loop: one timer, set for the earliest
 * next fire time (never a poll of all schedules), and the API's operations on schedules.
 *
 * Exactly once. A fire creates its job through the controller's ordinary submit, with the
 * schedule's advanced `nextFireAt` (and `lastJobId`) saved in the same batch: one
 * transaction. A crash before that commit leaves the fire time unhandled in the store, and
 * the next manager handles it (by the catch-up policy, as it passed while no manager fired);
 * a crash after it leaves the job and the advanced schedule. Neither loses nor doubles a fire.
 * The job carries (schedule, fire time), unique in the store: a second manager firing the same
 * time (it should not: only the leader runs this, and its writes are fenced by its term)
 * would fail its whole batch instead of doubling the run.
 *
 * Every operation on one schedule (fire, update, delete, trigger) runs after the previous one
 * on it has finished (a chain per schedule), so a fire never interleaves with a change.
 */
import { notFound, TitanError } from "../../shared/errors.ts";
import { grpc } from "../../shared/proto.ts";
import { isTerminal, type Job } from "../../shared/model.ts";
import type { Logger } from "../../shared/log.ts";
import type { JobController } from "../core/controller.ts";
import type { Store } from "../store/store.ts";
import { CronSchedule } from "./cron.ts";
import { catchUp, MISSED_AFTER_MS, overlapAction } from "./schedule_policies.ts";
import type { ScheduleRecord } from "./schedule_record.ts";
import type { NewSchedule, ScheduleChanges } from "./schedule_validation.ts";

/** Time and timers, replaceable in tests. */
export interface ScheduleClock {
  now(): number;
  setTimer(fn: () => void, ms: number): number;
  clearTimer(id: number): void;
}

const realClock: ScheduleClock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms) as unknown as number,
  clearTimer: (id) => clearTimeout(id),
};

/** setTimeout's longest delay; a later fire time re-arms on waking. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** A fire that could not create its job for a passing reason is tried again after this. */
const RETRY_MS = 1000;

interface Entry {
  record: ScheduleRecord;
  cron: CronSchedule;
  /** The last operation on this schedule; the next one waits for it. */
  chain: Promise<unknown>;
  busy: boolean;
  deleted: boolean;
  /** Not before this time (a fire that failed for a passing reason). */
  retryAt: number;
}

export class ScheduleFirer {
  readonly #entries = new Map<string, Entry>();
  #timer: number | undefined;
  #timerAt = Infinity;
  #running = false;

  constructor(
    readonly ctl: JobController,
    readonly store: Store,
    readonly log: Logger,
    readonly clock: ScheduleClock = realClock,
  ) {}

  /**
   * Load the schedules; fire times that passed while no manager fired go by each schedule's
   * catch-up policy. Call before `start`.
   */
  async recover(): Promise<{ schedules: number; caughtUp: number }> {
    let caughtUp = 0;
    for (const record of await this.store.loadSchedules()) {
      const entry = this.#entry(record);
      const due = record.nextFireAt;
      if (record.paused || due === null || due > this.clock.now()) continue;
      await this.#serially(entry, () => this.#catchUp(entry));
      caughtUp++;
    }
    return { schedules: this.#entries.size, caughtUp };
  }

  /** Start firing (the leader, once recovered). */
  start(): void {
    this.#running = true;
    this.#arm();
  }

  /** Stop firing (shutdown, or the term ended); operations in flight finish. */
  stop(): void {
    this.#running = false;
    if (this.#timer !== undefined) this.clock.clearTimer(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Infinity;
  }

  // ------------------------------------------------------------------------------------
  // The API
  // ------------------------------------------------------------------------------------

  async create(spec: NewSchedule): Promise<ScheduleRecord> {
    if (this.#entries.has(spec.name)) {
      throw new TitanError(
        grpc.status.ALREADY_EXISTS,
        `schedule ${spec.name} already exists (UpdateSchedule changes it)`,
      );
    }
    const now = this.clock.now();
    const cron = CronSchedule.parse(spec.cron, spec.timezone);
    const record: ScheduleRecord = {
      ...spec,
      paused: false,
      nextFireAt: cron.nextAfter(now),
      lastFireAt: null,
      lastJobId: "",
      createdAt: now,
      updatedAt: now,
    };
    const entry = this.#entry(record);
    await this.#serially(entry, () => this.store.save([], [record]));
    this.log.info("schedule created", { schedule: record.name, next: iso(record.nextFireAt) });
    this.#arm();
    return structuredClone(record);
  }

  get(name: string): ScheduleRecord {
    return structuredClone(this.#find(name).record);
  }

  list(): ScheduleRecord[] {
    return [...this.#entries.values()].map((e) => structuredClone(e.record))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async update(name: string, changes: ScheduleChanges): Promise<ScheduleRecord> {
    const entry = this.#find(name);
    const updated = await this.#serially(entry, async () => {
      this.#check(entry);
      const record = entry.record;
      const cronChanged = (changes.cron !== undefined && changes.cron !== record.cron) ||
        (changes.timezone !== undefined && changes.timezone !== record.timezone);
      const cron = cronChanged
        ? CronSchedule.parse(changes.cron ?? record.cron, changes.timezone ?? record.timezone)
        : entry.cron;
      const resumed = changes.paused === false && record.paused;
      Object.assign(record, changes, { updatedAt: this.clock.now() });
      entry.cron = cron;
      // A new cron, or a resume, counts from now: fire times passed while paused are dropped.
      if (cronChanged || resumed) record.nextFireAt = cron.nextAfter(this.clock.now());
      await this.store.save([], [record]);
      this.log.info("schedule updated", { schedule: name, ...changes, job: undefined });
      return structuredClone(record);
    });
    this.#arm(); // after the operation: the schedule is no longer busy
    return updated;
  }

  async delete(name: string): Promise<void> {
    const entry = this.#find(name);
    await this.#serially(entry, async () => {
      this.#check(entry);
      entry.deleted = true;
      this.#entries.delete(name);
      await this.store.save([], [{ ...entry.record, deleted: true }]);
      this.log.info("schedule deleted", { schedule: name });
    });
  }

  /**
   * Create the schedule's job now, whatever the cron and the overlap policy say. Its fire
   * time is now, never a whole second (cron fire times are), so it cannot take the key of a
   * cron fire.
   */
  async trigger(name: string): Promise<{ jobId: string; fireTime: number }> {
    const entry = this.#find(name);
    return await this.#serially(entry, async () => {
      this.#check(entry);
      let fireTime = Math.max(this.clock.now(), (entry.record.lastFireAt ?? 0) + 1);
      if (fireTime % 1000 === 0) fireTime++;
      const jobId = await this.#createJob(entry, fireTime, entry.record.nextFireAt);
      return { jobId, fireTime };
    });
  }

  // ------------------------------------------------------------------------------------
  // The fire loop
  // ------------------------------------------------------------------------------------

  #entry(record: ScheduleRecord): Entry {
    const entry: Entry = {
      record,
      cron: CronSchedule.parse(record.cron, record.timezone),
      chain: Promise.resolve(),
      busy: false,
      deleted: false,
      retryAt: 0,
    };
    this.#entries.set(record.name, entry);
    return entry;
  }

  #find(name: string): Entry {
    const entry = this.#entries.get(name);
    if (!entry) throw notFound(`schedule ${name} not found`);
    return entry;
  }

  /** Inside an operation: the schedule may have been deleted while it waited its turn. */
  #check(entry: Entry): void {
    if (entry.deleted) throw notFound(`schedule ${entry.record.name} not found`);
  }

  /** Run `fn` after every earlier operation on this schedule. */
  #serially<T>(entry: Entry, fn: () => Promise<T>): Promise<T> {
    const run = entry.chain.then(async () => {
      entry.busy = true;
      try {
        return await fn();
      } finally {
        entry.busy = false;
        // A busy schedule is left out of the timer: count it in again.
        queueMicrotask(() => this.#arm());
      }
    });
    entry.chain = run.catch(() => {});
    return run;
  }

  /** The earliest time a schedule is due, if any. */
  #dueAt(entry: Entry): number | undefined {
    const r = entry.record;
    if (r.paused || r.nextFireAt === null || entry.deleted) return undefined;
    return Math.max(r.nextFireAt, entry.retryAt);
  }

  /** Set the timer for the earliest due schedule. */
  #arm(): void {
    if (!this.#running) return;
    let earliest = Infinity;
    for (const entry of this.#entries.values()) {
      if (entry.busy) continue;
      const at = this.#dueAt(entry);
      if (at !== undefined && at < earliest) earliest = at;
    }
    if (earliest === this.#timerAt) return;
    if (this.#timer !== undefined) this.clock.clearTimer(this.#timer);
    this.#timer = undefined;
    this.#timerAt = earliest;
    if (earliest === Infinity) return;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, earliest - this.clock.now()));
    this.#timer = this.clock.setTimer(() => this.#wake(), delay);
  }

  #wake(): void {
    this.#timer = undefined;
    this.#timerAt = Infinity;
    if (!this.#running) return;
    const now = this.clock.now();
    for (const entry of this.#entries.values()) {
      const at = this.#dueAt(entry);
      if (entry.busy || at === undefined || at > now) continue;
      this.#serially(entry, () => this.#fireDue(entry)).catch((err) =>
        this.log.error("schedule fire failed", { schedule: entry.record.name, err: String(err) })
      ).finally(() => this.#arm());
    }
    this.#arm();
  }

  /** The schedule's next fire time has come: fire it, or catch up when it is long past. */
  async #fireDue(entry: Entry): Promise<void> {
    const record = entry.record;
    const due = record.nextFireAt;
    if (!this.#running || entry.deleted || record.paused || due === null) return;
    const now = this.clock.now();
    if (due > now || entry.retryAt > now) return;
    if (now - due > MISSED_AFTER_MS) return await this.#catchUp(entry);
    await this.#fire(entry, due, entry.cron.nextAfter(due));
  }

  /** Fire times passed while nothing fired: the catch-up policy decides. */
  async #catchUp(entry: Entry): Promise<void> {
    const record = entry.record;
    const now = this.clock.now();
    const { fireTimes, next } = catchUp(record.catchUpPolicy, entry.cron, record.nextFireAt!, now);
    this.log.info("schedule catching up on missed fire times", {
      schedule: record.name,
      policy: record.catchUpPolicy,
      missedFrom: iso(record.nextFireAt),
      runs: fireTimes.map(iso),
      next: iso(next),
    });
    if (fireTimes.length === 0) {
      record.nextFireAt = next;
      record.updatedAt = now;
      await this.store.save([], [record]);
      return;
    }
    await this.#fire(entry, fireTimes[0], next);
  }

  /** One fire at `fireTime` (the overlap policy applies); the schedule moves on to `next`. */
  async #fire(entry: Entry, fireTime: number, next: number | null): Promise<void> {
    const record = entry.record;
    const previous = record.lastJobId ? await this.#job(record.lastJobId) : undefined;
    const unfinished = previous !== undefined && !isTerminal(previous.state);
    const action = overlapAction(record.overlapPolicy, unfinished);
    if (action === "skip") {
      this.log.info("schedule fire skipped: the previous run is unfinished", {
        schedule: record.name,
        fireTime: iso(fireTime),
        previous: previous!.id,
      });
      record.nextFireAt = next;
      record.updatedAt = this.clock.now();
      await this.store.save([], [record]);
      return;
    }
    if (action === "cancel-previous-and-create") {
      await this.ctl.cancel(previous!.id).catch((err) =>
        this.log.warn("could not cancel the previous run", { job: previous!.id, err: String(err) })
      );
    }
    await this.#createJob(entry, fireTime, next).catch((err) => {
      if (!(err instanceof TitanError)) throw err; // logged, and handled, by #createJob
    });
  }

  /** Create the job of a fire, with the schedule's advance in the same batch. */
  async #createJob(entry: Entry, fireTime: number, next: number | null): Promise<string> {
    const record = entry.record;
    const spec = { ...record.job, name: record.job.name || record.name };
    try {
      const [result] = await this.ctl.submit([structuredClone(spec)], {
        fire: { scheduleName: record.name, fireTime },
        schedulesFor: (created: Job[]) => {
          Object.assign(record, {
            nextFireAt: next,
            lastFireAt: fireTime,
            lastJobId: created[0].id,
            updatedAt: this.clock.now(),
          });
          return [record];
        },
      });
      entry.retryAt = 0;
      this.log.info("schedule fired", {
        schedule: record.name,
        fireTime: iso(fireTime),
        job: result.jobId,
        state: result.state,
      });
      return result.jobId;
    } catch (err) {
      if (!(err instanceof TitanError)) throw err; // the store failed: the manager goes down
      const code = err.code;
      if (code === grpc.status.INVALID_ARGUMENT || code === grpc.status.NOT_FOUND) {
        // The template cannot make a job (its dependency is gone): this fire is lost for good.
        this.log.error("schedule fire could not create its job; skipped", {
          schedule: record.name,
          fireTime: iso(fireTime),
          err: err.message,
        });
        record.nextFireAt = next;
        record.updatedAt = this.clock.now();
        await this.store.save([], [record]);
      } else {
        // Shutting down, the store full, too many jobs: try again soon, the fire unhandled.
        entry.retryAt = this.clock.now() + RETRY_MS;
        this.log.warn("schedule fire postponed", { schedule: record.name, err: err.message });
      }
      throw err;
    }
  }

  async #job(id: string): Promise<Job | undefined> {
    try {
      return await this.ctl.get(id);
    } catch (err) {
      if (err instanceof TitanError && err.code === grpc.status.NOT_FOUND) return undefined;
      throw err;
    }
  }
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
