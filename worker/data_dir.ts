/**
 * The worker's data dir: private (0700; 0711 when jobs under other uids must pass through it
 * to their work dir, which lets them traverse without listing or reading anything), and held
 * by one worker process at a time. A second process on the same data dir (a zombie left by a
 * restart, a copied unit file) would take the first one's running attempts for leftovers of
 * a previous life and kill them; it is refused instead.
 */
import { join, relative } from "node:path";
import { ConfigError } from "../shared/config.ts";

/** How long a start waits for the data dir's lock (a worker that just exited may hold it). */
const LOCK_WAIT_MS = 3000;

/** Create or tighten the data dir and its work dir. */
export function prepareDataDir(dataDir: string, workDir: string, jobsUnderOtherUid: boolean) {
  Deno.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  Deno.mkdirSync(workDir, { recursive: true, mode: 0o700 });
  const inside = !relative(dataDir, workDir).startsWith("..");
  Deno.chmodSync(dataDir, jobsUnderOtherUid && inside ? 0o711 : 0o700);
}

/** Take the data dir's lock for the life of this process; throws ConfigError when held. */
export async function lockDataDir(dataDir: string): Promise<Deno.FsFile> {
  const file = Deno.openSync(join(dataDir, "lock"), { write: true, create: true, mode: 0o600 });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<false>((
    resolve,
  ) => (timer = setTimeout(resolve, LOCK_WAIT_MS, false)));
  const locked = await Promise.race([file.lock(true).then(() => true), timedOut]);
  clearTimeout(timer);
  if (!locked) {
    throw new ConfigError(
      `the data dir ${dataDir} is in use by another worker process: stop it, or give this ` +
        `worker its own --data-dir`,
    );
  }
  return file;
}
