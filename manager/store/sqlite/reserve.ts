/**
 * A few megabytes of disk held in reserve (`titan.reserve` beside the database). When the
 * disk fills, the reserve is given up so the writes already under way (reports of running
 * attempts, the batch that failed) can land; while it cannot be written back the store
 * counts as full and the manager refuses new work. Writing it back succeeding is how the
 * store notices, by itself, that space is back.
 */
import { join } from "node:path";

export const RESERVE_BYTES = 2 * 1024 * 1024;

export class SpaceReserve {
  readonly path: string;

  constructor(dataDir: string, readonly bytes = RESERVE_BYTES) {
    this.path = join(dataDir, "titan.reserve");
  }

  /** Whether the reserve is in place (written and synced); tries to write it when not. */
  restore(): boolean {
    try {
      if (Deno.statSync(this.path).size === this.bytes) return true;
    } catch { /* not there */ }
    try {
      const file = Deno.openSync(this.path, { write: true, create: true, mode: 0o600 });
      try {
        // Zeros written for real (not a sparse truncate): the blocks must be taken.
        const chunk = new Uint8Array(64 * 1024);
        for (let off = 0; off < this.bytes; off += chunk.length) {
          let done = 0;
          while (done < chunk.length) done += file.writeSync(chunk.subarray(done));
        }
        file.syncSync();
      } finally {
        file.close();
      }
      return true;
    } catch {
      this.release();
      return false;
    }
  }

  /** Give the space back to the file system. */
  release(): void {
    try {
      Deno.removeSync(this.path);
    } catch { /* already gone */ }
  }
}
