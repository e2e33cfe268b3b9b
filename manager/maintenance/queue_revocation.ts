/**
 * The revocation timer: a few times a second, queued attempts (assignments a worker queues
 * beyond its slots) that waited too long while another worker has a free slot are taken back
 * (the core decides which; see Dispatcher.revokeLongQueued). Cheap when no slot is free.
 */
export function startQueueRevocation(revoke: () => void, everyMs = 250): () => void {
  const timer = setInterval(revoke, everyMs);
  return () => clearInterval(timer);
}
