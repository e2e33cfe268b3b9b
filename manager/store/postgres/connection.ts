/**
 * Connections to PostgreSQL through npm `postgres` (porsager's Postgres.js): pipelining, a
 * small pool that reconnects by itself, and no event that could crash the process (a
 * dropped connection fails the queries on it, which the callers turn into UNAVAILABLE).
 *
 * Every session gets server-side timeouts, because a manager may be paused (SIGSTOP, a GC
 * pause) or cut off in the middle of a transaction: the server then ends the session after
 * `idleInTransactionMs`, so locks it held never keep a standby from taking over.
 */
import postgres from "postgres";

export type Sql = postgres.Sql;
export type TransactionSql = postgres.TransactionSql;

export interface ConnectOptions {
  /** postgres://user:pass@host:port/db */
  url: string;
  /** Pool size; default 4. */
  max?: number;
  /** Seen in pg_stat_activity. */
  applicationName?: string;
  /** The server ends a session idle inside a transaction for this long; default 5000. */
  idleInTransactionMs?: number;
  /** The server cancels a statement running for this long; default 30000. */
  statementTimeoutMs?: number;
  /** Give up connecting after this long; default 5000. */
  connectTimeoutMs?: number;
}

/**
 * Postgres.js 3.4.9 can throw from a timer when a connection closes under a transaction
 * (its write queue calls `socket.write` after `socket` was set to null): an uncaught error
 * that would end the process. It is caught here, the process goes on, and the pools are made
 * anew (that connection's write queue is left stuck). Only errors thrown from the client's
 * own connection code are caught; anything else still ends the process.
 */
const faultListeners = new Set<() => void>();
let guardInstalled = false;
let onClientFault: ((err: unknown) => void) | undefined;

function installClientGuard(): void {
  if (guardInstalled) return;
  guardInstalled = true;
  globalThis.addEventListener("error", (event) => {
    const err = (event as ErrorEvent).error;
    const stack = String((err as Error)?.stack ?? "");
    if (!/[\/]postgres[\/][^\n]*[\/]src[\/]connection\.js/.test(stack)) return;
    event.preventDefault();
    onClientFault?.(err);
    for (const listener of faultListeners) listener();
  });
}

/** Be told when the client failed inside (to replace a pool); returns the unsubscribe. */
export function onClientFailure(listener: () => void): () => void {
  faultListeners.add(listener);
  return () => faultListeners.delete(listener);
}

/** Where such a failure is reported (a log). */
export function reportClientFailuresTo(report: (err: unknown) => void): void {
  onClientFault = report;
}

/** A pool of connections (made lazily, on the first query). */
export function connect(options: ConnectOptions): Sql {
  installClientGuard();
  return postgres(options.url, {
    max: options.max ?? 4,
    connect_timeout: Math.max(1, Math.ceil((options.connectTimeoutMs ?? 5000) / 1000)),
    // TCP keepalive probes, so a connection into a black hole is eventually noticed even
    // while idle (the callers also time out their own queries).
    keep_alive: 5,
    // Our SQL is fixed text: let the server keep its plans.
    prepare: true,
    onnotice: () => {},
    connection: {
      application_name: options.applicationName ?? "titan-manager",
      idle_in_transaction_session_timeout: options.idleInTransactionMs ?? 5000,
      statement_timeout: options.statementTimeoutMs ?? 30_000,
    },
  });
}

/** Close a pool without waiting for queries stuck on a dead connection. */
export async function closeNow(sql: Sql): Promise<void> {
  await sql.end({ timeout: 0 }).catch(() => {});
}

/** The URL without its password, for logs and messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "<invalid PostgreSQL URL>";
  }
}

/**
 * Whether an error means "the database is not reachable now" (try again later), as opposed
 * to a bug or a refused statement. Covers the client's own connection errors, the socket's,
 * and the server's "shutting down / starting up / connection failure" classes (57P0x, 08xxx).
 */
export function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  if (typeof code !== "string") return false;
  if (/^(08|57P0)/.test(code)) return true;
  return [
    "CONNECTION_CLOSED",
    "CONNECTION_ENDED",
    "CONNECTION_DESTROYED",
    "CONNECT_TIMEOUT",
    "ECONNREFUSED",
    "ECONNRESET",
    "EPIPE",
    "ETIMEDOUT",
    "EHOSTUNREACH",
    "ENETUNREACH",
    "ENOTFOUND",
    "EAI_AGAIN",
  ].includes(code);
}

/** Resolve or reject like `promise`, or reject with code ETIMEDOUT after `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new Error(`${what}: no answer from PostgreSQL within ${ms} ms`);
      (err as Error & { code: string }).code = "ETIMEDOUT";
      reject(err);
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
