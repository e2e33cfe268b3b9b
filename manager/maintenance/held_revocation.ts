/**
 * The revocation timer: a few times a second, held attempts (assignments a worker queues
 * beyond its slots) that waited too long while another worker has a free slot are taken back
 * (the core decides which; see Dispatcher.revokeWaitingHeld). Cheap when no slot is free.
 */
export function startHeldRevocation(revoke: () => void, everyMs = 250): () => void {
  const timer = setInterval(revoke, everyMs);
  return () => clearInterval(timer);
}
