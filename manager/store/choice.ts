/**
 * Which store the manager runs on, from `--store` / `--store-file` (TITAN_STORE /
 * TITAN_STORE_FILE): `sqlite` (the default: one manager, its data dir) or a PostgreSQL URL
 * (several managers on one database, one elected leader). A file wins over the flag, so a
 * URL with a password can come from a mounted Secret instead of the environment.
 */
import { ConfigError, readSecret } from "../../shared/config.ts";

export type StoreChoice = { kind: "sqlite" } | { kind: "postgres"; url: string };

export function chooseStore(store: string, storeFile: string): StoreChoice {
  const value = readSecret(store, storeFile, "--store-file").trim();
  if (value === "" || value === "sqlite") return { kind: "sqlite" };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(
      `Invalid --store: expected sqlite or postgres://user:pass@host:port/db, got ${
        describe(value)
      }`,
    );
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new ConfigError(
      `Invalid --store: expected sqlite or postgres://user:pass@host:port/db, got a ${url.protocol} URL`,
    );
  }
  if (!url.hostname) throw new ConfigError("Invalid --store: the PostgreSQL URL names no host");
  if (url.pathname.length <= 1) {
    throw new ConfigError("Invalid --store: the PostgreSQL URL names no database (…/dbname)");
  }
  return { kind: "postgres", url: value };
}

/** A wrong value in a message, without what could be a password. */
function describe(value: string): string {
  return value.includes("@") ? "a value with credentials (not shown)" : JSON.stringify(value);
}
