/**
 * Histograms with Prometheus semantics (cumulative counts per upper bound), for the figures
 * the manager measures per event, such as how long jobs wait in the queue.
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
