/**
 * The last hour of the manager's figures, kept in memory for the dashboard's charts: no
 * Prometheus server needed. Every sample reads the same counters and gauges /metrics
 * exposes, so a chart and a scrape taken at the same moment agree.
 */

/** A cumulative histogram (Prometheus semantics): counts per upper bound, plus +Inf. */
export class Histogram {
  readonly counts: number[];
  sum = 0;
  count = 0;

  constructor(readonly bounds: readonly number[]) {
    this.counts = new Array(bounds.length).fill(0);
  }

  observe(value: number): void {
    this.sum += value;
    this.count++;
    for (let i = 0; i < this.bounds.length; i++) {
      if (value <= this.bounds[i]) this.counts[i]++;
    }
  }
}

/** Queue wait bounds in seconds: from a busy-free cluster's milliseconds to an hour's backlog. */
export const QUEUE_WAIT_BOUNDS = [
  0.005,
  0.01,
  0.025,
  0.05,
  0.1,
  0.25,
  0.5,
  1,
  2.5,
  5,
  10,
  30,
  60,
  300,
  900,
  3600,
] as const;

/**
 * The q-quantile of the observations between two snapshots of a cumulative histogram, by
 * linear interpolation inside the bucket (what PromQL's histogram_quantile does). Observations
 * above the last bound report the last bound. Undefined when nothing was observed.
 */
export function quantileBetween(
  bounds: readonly number[],
  before: { counts: readonly number[]; count: number },
  after: { counts: readonly number[]; count: number },
  q: number,
): number | undefined {
  const total = after.count - before.count;
  if (total <= 0) return undefined;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (let i = 0; i < bounds.length; i++) {
    const cumulative = after.counts[i] - before.counts[i];
    if (cumulative >= rank) {
      const inBucket = cumulative - lowerCount;
      return inBucket === 0
        ? bounds[i]
        : lowerBound + (bounds[i] - lowerBound) * (rank - lowerCount) / inBucket;
    }
    lowerBound = bounds[i];
    lowerCount = cumulative;
  }
  return bounds[bounds.length - 1];
}

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
    readonly read: () => Reading,
    readonly intervalMs = 5000,
    readonly keepMs = 3600_000,
    readonly now: () => number = Date.now,
  ) {}

  /** Take one sample now (the timer calls this; tests call it directly). */
  sample(): Sample {
    const reading = this.read();
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
