/**
 * The worker's token, and the rules that keep it from its jobs. A job that holds the worker
 * token can register a fake worker, receive other jobs with their env, and report forged
 * results. So:
 * - the token comes from a file only (`--worker-token-file`), read once at start and kept in
 *   memory: an environment variable or a flag is readable through /proc by every process of
 *   the worker's uid, and `TITAN_WORKER_TOKEN` in the worker's environment is refused;
 * - the file must not be readable by everyone (jobs run under other uids);
 * - a worker that would run its jobs under its own uid (they could read its memory and the
 *   file) refuses to start with a token, unless `--insecure-shared-uid` says so.
 */
import { ConfigError } from "../shared/config.ts";

/** Read the token file; "" when none is configured. Throws ConfigError on any refusal. */
export function readWorkerToken(file: string, env = Deno.env.get("TITAN_WORKER_TOKEN")): string {
  if (env) {
    throw new ConfigError(
      "TITAN_WORKER_TOKEN is not read by the worker: its jobs could read it through /proc. " +
        "Put the token in a file only the worker can read (chmod 600) and pass " +
        "--worker-token-file (or TITAN_WORKER_TOKEN_FILE)",
    );
  }
  if (!file) return "";
  let mode: number | null;
  let text: string;
  try {
    mode = Deno.statSync(file).mode;
    text = Deno.readTextFileSync(file);
  } catch (err) {
    throw new ConfigError(`Cannot read --worker-token-file "${file}": ${(err as Error).message}`);
  }
  if (mode !== null && (mode & 0o004) !== 0) {
    throw new ConfigError(
      `--worker-token-file "${file}" is readable by everyone (mode ${
        (mode & 0o777).toString(8)
      }), jobs included: chmod 600 it (Kubernetes: mount the Secret with defaultMode 0400)`,
    );
  }
  const token = text.trim();
  if (!token) throw new ConfigError(`--worker-token-file "${file}" is empty`);
  return token;
}

/** Refuse a token when jobs would share the worker's uid, unless told to accept it. */
export function checkTokenIsolation(
  token: string,
  jobsShareOurUid: boolean,
  insecureSharedUid: boolean,
  uid: number | null,
): void {
  if (!token || !jobsShareOurUid || insecureSharedUid) return;
  throw new ConfigError(
    `jobs would run as the worker's own user (uid ${uid}) and could read its token: run the ` +
      `worker as root so that each attempt gets a uid of its own (--run-as-range), or give ` +
      `--run-as another user, or pass --insecure-shared-uid to accept that jobs can act as ` +
      `this worker`,
  );
}
