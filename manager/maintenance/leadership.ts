/**
 * A manager's life among several: standby until the leader lease is ours, then one *term*
 * of leadership (a store fenced by the term, a controller recovered from the database, the
 * gate open), then standby again when the term ends, for whatever reason:
 * - the lease was lost (another manager took it, or we could not renew it in time);
 * - the store refused a batch (the fence, or anything else that leaves memory ahead of the
 *   database): we resign, so the next term, ours or a standby's, starts from the database.
 *
 * Terms never overlap inside one process: starting and ending them is serialized, and the
 * gate closes at once when a term ends (before its teardown), so nothing more is served
 * from a term that lost its lease.
 */
import type { Logger } from "../../shared/log.ts";
import type { LeaderGate, ServingTerm } from "../api/leader_gate.ts";
import { LeaderLease, type LeaderLeaseOptions } from "./leader_lease.ts";

/** A term of leadership, once started. */
export interface RunningTerm {
  serving: ServingTerm;
  /** Tear the term down (its writes refused from now on). */
  stop(reason: string): Promise<void>;
}

export interface LeadershipOptions {
  lease: Omit<LeaderLeaseOptions, "onElected" | "onDeposed">;
  /** Open the store with `term`, recover, and return what serves (called when elected). */
  startTerm: (term: number, resign: (reason: string) => void) => Promise<RunningTerm>;
  gate: LeaderGate;
  log: Logger;
  /** We started serving as leader (true) or stopped (false). */
  onServing?: (serving: boolean, term: number) => void;
}

export class Leadership {
  readonly lease: LeaderLease;
  #current: { term: number; running: RunningTerm } | undefined;
  #chain: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(readonly options: LeadershipOptions) {
    this.lease = new LeaderLease({
      ...options.lease,
      onElected: (term) => this.#serialized(() => this.#begin(term)),
      onDeposed: (term, reason) => {
        // Stop serving now; the teardown follows in order.
        this.options.gate.close(`this manager stopped leading (${reason})`);
        this.#serialized(() => this.#end(term, reason));
      },
    });
  }

  /** The term being served, if any. */
  get servingTerm(): number | undefined {
    return this.#current?.term;
  }

  start(): void {
    this.lease.start();
  }

  /**
   * End the term (what waits is written first, while the lease is still ours), then give the
   * lease back: a standby takes over at once instead of after the lease.
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#chain;
    const current = this.#current;
    if (current) {
      this.#current = undefined;
      this.options.gate.close("this manager is shutting down");
      this.options.onServing?.(false, current.term);
      await current.running.stop("shutting down");
      this.options.log.info("stepped down", { term: current.term, reason: "shutting down" });
    }
    await this.lease.stop();
    await this.#chain;
  }

  #serialized(step: () => Promise<void>): void {
    this.#chain = this.#chain.then(step).catch((err) =>
      this.options.log.error("leadership change failed", { error: err })
    );
  }

  async #begin(term: number): Promise<void> {
    if (this.#stopped || this.lease.term !== term) return;
    const resign = (reason: string) => {
      if (this.lease.term !== term) return;
      this.options.log.warn("resigning the leadership", { term, reason });
      void this.lease.resign(reason);
    };
    let running: RunningTerm;
    try {
      running = await this.options.startTerm(term, resign);
    } catch (err) {
      this.options.log.error("could not start serving as leader", { term, error: err });
      resign("could not start serving");
      return;
    }
    if (this.#stopped || this.lease.term !== term) {
      await running.stop("the term ended while it started");
      return;
    }
    this.#current = { term, running };
    this.options.gate.open(running.serving);
    this.options.log.info("serving as leader", { term });
    this.options.onServing?.(true, term);
  }

  async #end(term: number, reason: string): Promise<void> {
    const current = this.#current;
    if (!current || current.term !== term) return;
    this.#current = undefined;
    this.options.onServing?.(false, term);
    await current.running.stop(reason);
    this.options.log.info("stepped down", { term, reason });
  }
}
