/**
 * Structured JSON logging, one line per event on stderr, written synchronously so that
 * nothing is lost on `Deno.exit()`. This is the only module that knows how logs are
 * written: switching to `jsr:@std/log` or pino later changes this file alone.
 */

export type Level = "debug" | "info" | "warn" | "error";
const LEVELS: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const encoder = new TextEncoder();
let threshold = LEVELS[(Deno.env.get("TITAN_LOG_LEVEL") as Level) ?? "info"] ?? LEVELS.info;

/** Set the minimum level written. */
export function setLogLevel(level: Level): void {
  threshold = LEVELS[level];
}

/** Fields never written to logs, whatever the caller passes (secrets). */
const REDACTED = new Set(["token", "authorization", "env", "password", "secret"]);

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/** A logger for one component; `fields` are added to every line. */
export function createLogger(component: string, base: Record<string, unknown> = {}): Logger {
  const write = (level: Level, msg: string, fields?: Record<string, unknown>) => {
    if (LEVELS[level] < threshold) return;
    const line: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      component,
      msg,
      ...base,
    };
    for (const [key, value] of Object.entries(fields ?? {})) {
      line[key] = REDACTED.has(key) ? "[redacted]" : value instanceof Error ? value.message : value;
    }
    try {
      let bytes = encoder.encode(JSON.stringify(line) + "\n");
      while (bytes.length > 0) bytes = bytes.subarray(Deno.stderr.writeSync(bytes));
    } catch {
      // stderr closed (parent gone): logging must never take the process down.
    }
  };
  return {
    debug: (m, f) => write("debug", m, f),
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
    child: (fields) => createLogger(component, { ...base, ...fields }),
  };
}
