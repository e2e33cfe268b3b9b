/**
 * Garbage collection, every `intervalMs`: finished jobs past the retention policy leave the
 * store, and workers gone for long leave the fleet's list.
 */
import type { Logger } from "../../shared/log.ts";
import type { RetentionPolicy, Store } from "../store/store.ts";

export interface GarbageCollectionOptions {
  intervalMs: number;
  retention: RetentionPolicy;
  /** Disconnected workers with nothing assigned are forgotten after this long. */
  forgetWorkersAfterMs: number;
}

export function startGarbageCollection(
  store: Store,
  forgetGoneWorkers: (olderThanMs: number) => void,
  options: GarbageCollectionOptions,
  log: Logger,
  now: () => number = Date.now,
): () => void {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return; // the last pass is still deleting
    running = true;
    try {
      const removed = await store.collectGarbage(now(), options.retention);
      if (removed) log.info("garbage-collected finished jobs", { removed });
    } catch (err) {
      log.error("garbage collection failed", { err: String(err) });
    } finally {
      running = false;
    }
    forgetGoneWorkers(options.forgetWorkersAfterMs);
  }, options.intervalMs);
  return () => clearInterval(timer);
}
