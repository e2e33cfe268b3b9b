/**
 * Finding the leader among several managers, for every client (workers, the CLI).
 *
 * Clients are given a list of managers (`--manager a:8080,b:8080`). Only the leader serves;
 * a standby answers every call with UNAVAILABLE and names the leader's advertised address in
 * the trailing metadata `titan-leader` (when it knows one). A client goes where it is told,
 * and otherwise to the next address of its list, so one pass over the list finds the leader:
 * never slower than reconnecting to a single restarted manager.
 */
import { ConfigError, parseAddress } from "./config.ts";
import { grpc } from "./proto.ts";

/** Trailing metadata key of a standby's UNAVAILABLE answers: the leader's host:port. */
export const LEADER_METADATA_KEY = "titan-leader";

/** Parse a comma-separated list of host:port (at least one; duplicates dropped). */
export function parseManagerList(value: string, flag: string): string[] {
  const list = [...new Set(value.split(",").map((s) => s.trim()).filter((s) => s !== ""))];
  if (list.length === 0) throw new ConfigError(`Invalid ${flag}: expected host:port[,host:port…]`);
  for (const address of list) parseAddress(address, flag);
  return list;
}

/** The trailing metadata a standby sends with UNAVAILABLE (empty when no leader is known). */
export function leaderMetadata(leaderAddress: string | undefined): grpc.Metadata {
  const md = new grpc.Metadata();
  if (leaderAddress) md.set(LEADER_METADATA_KEY, leaderAddress);
  return md;
}

/** The leader a standby named in its answer, if the error is such an answer. */
export function leaderHint(err: unknown): string | undefined {
  const e = err as { code?: unknown; metadata?: unknown };
  if (e?.code !== grpc.status.UNAVAILABLE || !(e.metadata instanceof grpc.Metadata)) {
    return undefined;
  }
  const value = e.metadata.get(LEADER_METADATA_KEY)[0];
  if (typeof value !== "string") return undefined;
  try {
    parseAddress(value, LEADER_METADATA_KEY);
    return value;
  } catch {
    return undefined; // a garbled hint: fall back to the list
  }
}

/**
 * Failures after which a call was certainly not carried out: no connection could be made,
 * or a standby refused it. Only these make a non-repeatable call (a submit) try elsewhere.
 */
export function notCarriedOut(err: unknown): boolean {
  const e = err as { code?: unknown; details?: unknown };
  if (e?.code !== grpc.status.UNAVAILABLE) return false;
  if (leaderHint(err)) return true;
  return /No connection established|ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|not the leader|Name resolution failed/i
    .test(String(e.details ?? ""));
}

/** The managers a client knows, and the one it believes leads now. */
export class ManagerList {
  readonly addresses: readonly string[];
  #current: string;

  constructor(addresses: string | readonly string[], flag = "--manager") {
    this.addresses = typeof addresses === "string"
      ? parseManagerList(addresses, flag)
      : [...addresses];
    if (this.addresses.length === 0) throw new ConfigError(`${flag} names no manager`);
    this.#current = this.addresses[0];
  }

  /** Where to send the next call. */
  get current(): string {
    return this.#current;
  }

  /** A call to `address` worked: keep using it. */
  succeeded(address: string): void {
    this.#current = address;
  }

  /**
   * A call to `address` failed with `err`. Follows a standby's hint (returns true: try again
   * at once, at `current`); otherwise moves on to the next address of the list.
   */
  failed(address: string, err: unknown): boolean {
    const hint = leaderHint(err);
    if (hint && hint !== address) {
      this.#current = hint;
      return true;
    }
    if (address === this.#current) {
      const i = this.addresses.indexOf(address);
      // A hinted address outside the list failed: start over at the list's head.
      this.#current = this.addresses[(i + 1) % this.addresses.length];
    }
    return false;
  }
}

/**
 * Run a unary call at the leader: at `current` first, following hints and moving along the
 * list on UNAVAILABLE, for at most one pass over the list (plus the hops hints cause).
 * `repeatable` calls (reads, or writes with an idempotency key) are tried again after any
 * UNAVAILABLE; others only when they were certainly not carried out.
 */
export async function callLeader<T>(
  managers: ManagerList,
  call: (address: string) => Promise<T>,
  repeatable: boolean,
): Promise<T> {
  const hopsLeft = { list: managers.addresses.length - 1, hints: managers.addresses.length + 1 };
  for (;;) {
    const address = managers.current;
    try {
      const result = await call(address);
      managers.succeeded(address);
      return result;
    } catch (err) {
      if ((err as { code?: unknown })?.code !== grpc.status.UNAVAILABLE) throw err;
      if (!repeatable && !notCarriedOut(err)) throw err;
      const hinted = managers.failed(address, err);
      if (hinted ? hopsLeft.hints-- <= 0 : hopsLeft.list-- <= 0) throw err;
    }
  }
}
