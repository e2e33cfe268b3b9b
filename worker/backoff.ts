/**
 * Reconnect backoff: exponential with jitter, so a fleet that lost its manager does not
 * dial back in lockstep the moment it returns.
 */

/**
 * The delay before reconnect number `failures` (0 = right after a good session): `initialMs`
 * doubled per failure, capped at `maxMs`, then scaled by a random factor in [0.5, 1).
 */
export function backoffDelay(
  failures: number,
  initialMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.min(failures, 30));
  return base * (0.5 + random() / 2);
}
