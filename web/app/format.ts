/** Small display helpers shared by the views. */

export const TERMINAL = ["COMPLETED", "FAILED", "CANCELLED"];
export const STATES = ["PENDING", "SCHEDULED", "RUNNING", "COMPLETED", "FAILED", "CANCELLED"];

export const isTerminal = (state: string) => TERMINAL.includes(state);

/** A worker state without its enum's prefix: "HEALTHY" for WORKER_STATE_HEALTHY. */
export const workerStateName = (state: string) => state.replace(/^WORKER_STATE_/, "");

/** "3 s ago", "2 min ago"… for an RFC 3339 time; "" when empty. */
export function ago(iso: string, now = Date.now()): string {
  if (!iso) return "";
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

/** Local date and time for an RFC 3339 time. */
export function when(iso: string): string {
  return iso ? new Date(iso).toLocaleString() : "—";
}

/** How long from `from` to `to` (or now), e.g. "1.2 s", "3 min 4 s". */
export function duration(from: string, to: string, now = Date.now()): string {
  if (!from) return "—";
  const ms = (to ? Date.parse(to) : now) - Date.parse(from);
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** The short form of a job id: its random end (ids share a time-ordered prefix). */
export const shortId = (id: string) => id.slice(-12);

/** `KEY=VALUE` lines to a map, and back. */
export function parsePairs(text: string, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [i, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (!line) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) throw new Error(`${what} line ${i + 1}: expected NAME=VALUE, got "${line}"`);
    out[line.slice(0, eq).trim()] = line.slice(eq + 1);
  }
  return out;
}

export const pairs = (map: Record<string, string> | undefined) =>
  Object.entries(map ?? {}).map(([k, v]) => `${k}=${v}`).join("\n");
