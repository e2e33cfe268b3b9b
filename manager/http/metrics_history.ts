/**
 * The last hour of the manager's figures, kept in memory for the dashboard's charts: no
 * Prometheus server needed. Every sample reads the same counters and gauges /metrics
 * exposes, so a chart and a scrape taken at the same moment agree.
 */
import { quantileBetween, QUEUE_WAIT_BOUNDS } from "../core/histogram.ts";

/** What the manager reports at one moment: the counters and gauges /metrics shows. */
export interface Reading {
  submitted: number;
  completed: number;
  failed: number;
  cancelled: number;
  queueLength: number;
  running: number;
  slots: number;
  queueWait: { counts: readonly number[]; count: number };
}

/** One point of the charts. Counters are cumulative; the client plots their rates. */
export interface Sample {
  /** Epoch ms. */
  t: number;
  submitted: number;
  completed: number;
  failed: number;
  cancelled: number;
  queueLength: number;
  running: number;
  slots: number;
  /** Queue wait quantiles (seconds) of the jobs assigned since the previous sample. */
  waitP50: number | null;
  waitP99: number | null;
}

export class MetricsHistory {
  readonly #samples: Sample[] = [];
  #last: Reading | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    /** The figures now; undefined while there are none (a standby serves no term). */
    readonly read: () => Reading | undefined,
    readonly intervalMs = 5000,
    readonly keepMs = 3600_000,
    readonly now: () => number = Date.now,
  ) {}

  /** Take one sample now (the timer calls this; tests call it directly). */
  sample(): Sample | undefined {
    const reading = this.read();
    if (!reading) {
      // A new term starts its counters afresh: its first sample is measured from zero.
      this.#last = undefined;
      return undefined;
    }
    const before = this.#last ??
      { queueWait: { counts: reading.queueWait.counts.map(() => 0), count: 0 } };
    const p = (q: number) =>
      quantileBetween(QUEUE_WAIT_BOUNDS, before.queueWait, reading.queueWait, q) ?? null;
    const sample: Sample = {
      t: this.now(),
      submitted: reading.submitted,
      completed: reading.completed,
      failed: reading.failed,
      cancelled: reading.cancelled,
      queueLength: reading.queueLength,
      running: reading.running,
      slots: reading.slots,
      waitP50: p(0.5),
      waitP99: p(0.99),
    };
    this.#last = {
      ...reading,
      queueWait: { counts: [...reading.queueWait.counts], count: reading.queueWait.count },
    };
    this.#samples.push(sample);
    const oldest = sample.t - this.keepMs;
    while (this.#samples.length && this.#samples[0].t < oldest) this.#samples.shift();
    return sample;
  }

  /** The kept samples, oldest first. */
  get samples(): readonly Sample[] {
    return this.#samples;
  }

  start(): void {
    this.sample();
    this.#timer ??= setInterval(() => this.sample(), this.intervalMs);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
