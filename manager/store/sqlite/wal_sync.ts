/**
 * The fsync taken off the event loop: commits run with synchronous=NORMAL (in WAL mode
 * SQLite then appends to the WAL without syncing it), and this syncs the WAL file with an
 * asynchronous fdatasync, resolving the commits it covers when it returns.
 *
 * One sync is in flight at a time; commits made meanwhile wait for the next one, which
 * covers them all (group commit that does not block the manager for a disk flush).
 * Checkpoints still sync the WAL and the database first (NORMAL does), so what was
 * checkpointed is durable too.
 */
interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class WalSync {
  #file: Deno.FsFile;
  #waiting: Waiter[] = [];
  #inFlight: Promise<void> | undefined;

  /** `walPath` must exist; its inode stays while SQLite holds the database open. */
  constructor(walPath: string) {
    this.#file = Deno.openSync(walPath, { read: true });
  }

  /** Resolves once an fdatasync that began after this call has returned. */
  sync(): Promise<void> {
    const done = new Promise<void>((resolve, reject) => this.#waiting.push({ resolve, reject }));
    this.#next();
    return done;
  }

  #next(): void {
    if (this.#inFlight || this.#waiting.length === 0) return;
    const waiters = this.#waiting;
    this.#waiting = [];
    this.#inFlight = this.#file.syncData().then(
      () => waiters.forEach((w) => w.resolve()),
      (err) => waiters.forEach((w) => w.reject(err)),
    ).finally(() => {
      this.#inFlight = undefined;
      this.#next();
    });
  }

  /** Wait for every sync asked for, then close the file. */
  async close(): Promise<void> {
    while (this.#inFlight) await this.#inFlight;
    this.#file.close();
  }
}
