/**
 * The lease sweep: a few times per heartbeat timeout, workers silent for half of it stop
 * getting work, and those silent for all of it lose their lease (their attempts are
 * requeued by the core).
 */
export function startLeaseSweep(sweep: () => void, heartbeatTimeoutMs: number): () => void {
  const every = Math.max(50, Math.min(1000, heartbeatTimeoutMs / 5));
  const timer = setInterval(sweep, every);
  return () => clearInterval(timer);
}
