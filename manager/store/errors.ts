/**
 * Store failures the manager answers in its own way rather than by exiting: a data dir it
 * cannot use (one line, a documented exit code, nothing touched) and a full disk (writes
 * refused with RESOURCE_EXHAUSTED until space is back). Drivers translate their native
 * errors into these; everything above the driver sees only these classes.
 */

/** Exit codes of the manager for a data dir or database it will not use (see README). */
export const EXIT_DATA_DIR_UNUSABLE = 3;
export const EXIT_DATABASE_REFUSED = 4;

/** The store cannot be opened; `message` says what is wrong and what to do. */
export class StoreOpenError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
    this.name = "StoreOpenError";
  }
}

/** A write failed for want of space; nothing of its batch was written. */
export class StoreFullError extends Error {
  constructor(detail: string) {
    super(`store is full: ${detail}`);
    this.name = "StoreFullError";
  }
}
