/**
 * Leader election for several managers on one PostgreSQL database: a lease row.
 *
 * - One row (`titan_leader`, id 1) names the holder, its advertised address, its term and
 *   when the lease ends. Every time and comparison is the database's own (`now()`), never a
 *   manager's clock.
 * - A candidate takes the row only when the lease has ended; the database then increments the
 *   term. The holder renews it (same term) well before it ends. Anything else, including a
 *   holder renewing a lease that has already ended, gets a new term: a term is one unbroken
 *   stretch of leadership.
 * - Fencing: every write transaction of the leader starts with `SELECT titan_fence(term)`,
 *   which takes a share lock on the row and raises unless the term is current and unexpired.
 *   A takeover (an UPDATE of the row) therefore waits for writes in flight and every write
 *   after it fails: a deposed leader cannot change anything, however long it was paused.
 * - The holder also deposes itself on its own: when it could not renew within the lease,
 *   counted from before its last successful renewal was sent (so it stops no later than the
 *   database would let a standby in).
 */
import type { Logger } from "../../shared/log.ts";
import {
  closeNow,
  isConnectionError,
  onClientFailure,
  type Sql,
  withTimeout,
} from "../store/postgres/connection.ts";

/** The SQLSTATE `titan_fence` raises: the transaction's term is not the leader's. */
export const FENCED_SQLSTATE = "TT001";

/** Whether an error is (or was caused by) the fence refusing a deposed term. */
export function isFenced(err: unknown): boolean {
  const e = err as { code?: unknown; cause?: unknown } | undefined;
  return e?.code === FENCED_SQLSTATE || (e?.cause !== undefined && isFenced(e.cause));
}

/** The lease row and the fence; idempotent (the migrations apply it). */
export const LEASE_SCHEMA = `
CREATE TABLE IF NOT EXISTS titan_leader (
  id         int PRIMARY KEY CHECK (id = 1),
  term       bigint NOT NULL,
  holder     text NOT NULL,
  address    text NOT NULL,
  renewed_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE OR REPLACE FUNCTION titan_fence(t bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM titan_leader WHERE id = 1 AND term = t AND expires_at > now() FOR SHARE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'term % is not the current leader term', t USING ERRCODE = '${FENCED_SQLSTATE}';
  END IF;
END $$;
`;

/** What the row said after one round of campaigning or renewing. */
export interface LeaseView {
  /** Our term when we hold the lease. */
  term?: number;
  /** The current holder's advertised address, when someone holds an unexpired lease. */
  leaderAddress?: string;
  /** Milliseconds until the current lease ends (database time), 0 when it has ended. */
  remainingMs: number;
}

export interface LeaderLeaseOptions {
  /** A pool of its own (one connection is enough): a lease query never waits behind others. */
  connect: () => Sql;
  /** Unique per process life: a restarted manager is a new holder and gets a new term. */
  holder: string;
  /** host:port clients are sent to while we lead. */
  address: string;
  /** How long a lease lasts without renewal; default 10000. */
  leaseMs?: number;
  /** The holder renews this often; default a third of the lease. */
  renewEveryMs?: number;
  /** A standby tries again at most this long after its last try; default 1000. */
  retryEveryMs?: number;
  log: Logger;
  /** We hold the lease with a new term (write with it from now on). */
  onElected?: (term: number) => void;
  /** We no longer hold it (someone else took it, or we could not renew in time). */
  onDeposed?: (term: number, reason: string) => void;
}

export class LeaderLease {
  readonly leaseMs: number;
  readonly renewEveryMs: number;
  readonly retryEveryMs: number;
  #sql: Sql;
  #term: number | undefined;
  /** performance.now() after which our lease may have ended in the database. */
  #validUntil = 0;
  #leaderAddress: string | undefined;
  /** The last term we gave up: never taken back (a new term is). */
  #lastDeposed = 0;
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  readonly #unsubscribe: () => void;

  constructor(readonly options: LeaderLeaseOptions) {
    this.leaseMs = options.leaseMs ?? 10_000;
    this.renewEveryMs = options.renewEveryMs ?? Math.floor(this.leaseMs / 3);
    this.retryEveryMs = options.retryEveryMs ?? 1000;
    if (!(this.leaseMs >= 100)) throw new RangeError("the lease lasts at least 100 ms");
    if (!(this.renewEveryMs > 0 && this.renewEveryMs < this.leaseMs)) {
      throw new RangeError("the lease is renewed more often than it lasts");
    }
    this.#sql = options.connect();
    this.#unsubscribe = onClientFailure(() => this.#reconnect());
  }

  /** A fresh connection; the old one is dropped without waiting for what is stuck on it. */
  #reconnect(): void {
    const old = this.#sql;
    this.#sql = this.options.connect();
    closeNow(old);
  }

  /** Our term while we hold the lease (and it has not run out locally), else undefined. */
  get term(): number | undefined {
    if (this.#term !== undefined && performance.now() >= this.#validUntil) {
      this.#depose("the lease ran out before it could be renewed");
    }
    return this.#term;
  }

  get isLeader(): boolean {
    return this.term !== undefined;
  }

  /** The leader's advertised address as last seen (ours while we lead). */
  get leaderAddress(): string | undefined {
    return this.isLeader ? this.options.address : this.#leaderAddress;
  }

  /** Campaign and renew until stopped. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Stop campaigning; a leader hands the lease back so a standby takes over at once. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
    const term = this.#term;
    if (term !== undefined) {
      this.#depose("stopping");
      await this.#release(term);
    }
    this.#unsubscribe();
    await closeNow(this.#sql);
  }

  /**
   * Give up leadership now but go on campaigning (after `retryEveryMs`): the next term,
   * ours or a standby's, starts afresh from what the database holds.
   */
  async resign(reason: string): Promise<void> {
    const term = this.#term;
    if (term === undefined) return;
    this.#depose(reason);
    await this.#release(term);
  }

  async #release(term: number): Promise<void> {
    await withTimeout(
      this.#sql`UPDATE titan_leader SET expires_at = now()
                WHERE id = 1 AND holder = ${this.options.holder} AND term = ${term}::bigint`,
      2000,
      "releasing the lease",
    ).then(
      () => this.options.log.info("leader lease released", { term }),
      (err) => this.options.log.warn("could not release the leader lease", { error: err }),
    );
  }

  /**
   * One round: take or renew the lease if we may, and learn who holds it. Never throws;
   * a database that cannot be reached leaves us standby (or leader until the lease runs out).
   */
  async step(): Promise<LeaseView> {
    const sentAt = performance.now();
    const mine = this.#term ?? 0;
    const { holder, address } = this.options;
    // Leave time to depose ourselves before the lease could end, whatever the network does.
    const budget = this.#term === undefined
      ? Math.max(this.retryEveryMs, 1000)
      : Math.max(50, this.#validUntil - sentAt);
    try {
      const rows = await withTimeout(
        this.#sql`
          WITH acquired AS (
            INSERT INTO titan_leader AS l (id, term, holder, address, renewed_at, expires_at)
            VALUES (1, 1, ${holder}, ${address}, now(),
                    now() + ${this.leaseMs}::int * interval '1 millisecond')
            ON CONFLICT (id) DO UPDATE SET
              term = CASE WHEN l.holder = EXCLUDED.holder AND l.term = ${mine}::bigint
                               AND l.expires_at > now()
                          THEN l.term ELSE l.term + 1 END,
              holder = EXCLUDED.holder,
              address = EXCLUDED.address,
              renewed_at = EXCLUDED.renewed_at,
              expires_at = EXCLUDED.expires_at
            WHERE (l.holder = EXCLUDED.holder AND l.term = ${mine}::bigint) OR l.expires_at <= now()
            RETURNING l.term, l.address, l.expires_at
          )
          SELECT term::text AS term, address, true AS mine,
                 greatest(0, extract(epoch FROM expires_at - now()) * 1000)::float8 AS remaining
            FROM acquired
          UNION ALL
          SELECT term::text, address, false,
                 greatest(0, extract(epoch FROM expires_at - now()) * 1000)::float8
            FROM titan_leader WHERE id = 1 AND NOT EXISTS (SELECT 1 FROM acquired)`,
        budget,
        "leader lease",
      );
      const row = rows[0];
      // A renewal that was in flight when we deposed ourselves does not make us leader again.
      if (row?.mine && Number(row.term) > this.#lastDeposed) {
        const term = Number(row.term);
        if (this.#term !== undefined && this.#term !== term) {
          this.#depose(`our term ${this.#term} ended`);
        }
        const elected = this.#term === undefined;
        this.#term = term;
        this.#validUntil = sentAt + this.leaseMs;
        this.#leaderAddress = address;
        if (elected) {
          this.options.log.info("elected leader", { term, leaseMs: this.leaseMs });
          this.options.onElected?.(term);
        }
        return { term, leaderAddress: address, remainingMs: Number(row.remaining) };
      }
      if (this.#term !== undefined) this.#depose("another manager holds the lease");
      const remainingMs = row ? Number(row.remaining) : 0;
      this.#leaderAddress = row && remainingMs > 0 ? String(row.address) : undefined;
      return { leaderAddress: this.#leaderAddress, remainingMs };
    } catch (err) {
      if (isConnectionError(err)) {
        // The connection may be stuck in a black hole: start over on a fresh one.
        this.#reconnect();
        this.options.log.warn("leader lease: database unreachable", { error: err });
      } else {
        this.options.log.error("leader lease query failed", { error: err });
      }
      this.term; // deposes us if the lease ran out meanwhile
      return { leaderAddress: this.#leaderAddress, remainingMs: 0 };
    }
  }

  #depose(reason: string): void {
    const term = this.#term;
    if (term === undefined) return;
    this.#lastDeposed = Math.max(this.#lastDeposed, term);
    this.#term = undefined;
    this.#leaderAddress = undefined; // not us any more; the next round tells who
    this.#validUntil = 0;
    this.options.log.warn("no longer the leader", { term, reason });
    this.options.onDeposed?.(term, reason);
  }

  async #run(): Promise<void> {
    while (this.#running) {
      const view = await this.step();
      if (!this.#running) break;
      let delay: number;
      if (this.#term !== undefined) {
        delay = Math.min(this.renewEveryMs, Math.max(0, this.#validUntil - performance.now()));
      } else {
        // Try again right after the holder's lease ends, or within retryEveryMs.
        delay = view.remainingMs > 0
          ? Math.min(this.retryEveryMs, view.remainingMs + 5)
          : this.retryEveryMs;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
    }
  }
}
