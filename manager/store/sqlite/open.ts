/**
 * Opening the SQLite database with every check a data dir deserves before anything is
 * written to it: the path is a directory we can write, the database file is a file, it is a
 * SQLite database, it is not damaged (`PRAGMA quick_check`), and it is Titan's. A database
 * Titan made carries Titan's application id in its header; one from before that is
 * recognised by holding exactly the jobs table. Anything else is refused with one line and a
 * documented exit code, and left as it was.
 */
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { EXIT_DATA_DIR_UNUSABLE, EXIT_DATABASE_REFUSED, StoreOpenError } from "../errors.ts";

/** "Titn" in the database header (PRAGMA application_id): this file is Titan's store. */
export const TITAN_APPLICATION_ID = 0x5469746e;
const SQLITE_MAGIC = "SQLite format 3\0";
/** Columns of the jobs table since the first schema: a store from before the application id. */
const LEGACY_JOB_COLUMNS = ["id", "command", "env", "state", "attempt", "stdout", "not_before"];

const unusable = (message: string) => new StoreOpenError(message, EXIT_DATA_DIR_UNUSABLE);
const refused = (message: string) => new StoreOpenError(message, EXIT_DATABASE_REFUSED);
const reason = (err: unknown) =>
  (err as Error).message.replace(/[:,] (mkdir|open|stat|lstat|chmod|remove) '.*$/, "");

/** The data dir exists as a directory, private to us (0700), and we can write in it. */
export function prepareDataDir(dataDir: string): void {
  let stat: Deno.FileInfo | undefined;
  try {
    stat = Deno.statSync(dataDir);
  } catch (err) {
    // A path through a file (ENOTDIR) cannot be created either: said below.
    if (!(err instanceof Deno.errors.NotFound) && !(err instanceof Deno.errors.NotADirectory)) {
      throw unusable(`cannot use the data dir ${dataDir}: ${reason(err)}`);
    }
  }
  if (stat && !stat.isDirectory) {
    throw unusable(
      `the data dir ${dataDir} is a file, not a directory: give --data-dir a directory ` +
        `(the file was left as it is)`,
    );
  }
  if (!stat) {
    try {
      Deno.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    } catch (err) {
      throw unusable(
        `cannot create the data dir ${dataDir}: ${reason(err)}: create it, or give a ` +
          `writable --data-dir`,
      );
    }
  }
  // Its database holds every job's env: nobody else may read it, whatever made the dir.
  if ((stat?.mode ?? 0o700) & 0o077 && stat?.uid === Deno.uid()) {
    try {
      Deno.chmodSync(dataDir, 0o700);
    } catch { /* a read-only file system: the probe below says so */ }
  }
  const probe = join(dataDir, `.titan-write-check-${Deno.pid}`);
  try {
    Deno.writeFileSync(probe, new Uint8Array(1), { createNew: true, mode: 0o600 });
    Deno.removeSync(probe);
  } catch (err) {
    throw unusable(
      `the data dir ${dataDir} is not writable (${reason(err)}): make it writable for uid ` +
        `${Deno.uid()}, or give another --data-dir`,
    );
  }
}

/** Open `dataDir/titan.db` after the checks above; throws StoreOpenError when refused. */
export function openDatabase(dataDir: string): DatabaseSync {
  prepareDataDir(dataDir);
  const path = join(dataDir, "titan.db");
  let stat: Deno.FileInfo | undefined;
  try {
    stat = Deno.lstatSync(path);
  } catch { /* a new store */ }
  if (stat && !stat.isFile) {
    throw unusable(
      `${path} is ${stat.isDirectory ? "a directory" : "not a regular file"}, not a ` +
        `database: move it away (it was left as it is)`,
    );
  }
  if (!stat) {
    // SQLite gives its -wal and -shm files the mode of the database file.
    Deno.writeFileSync(path, new Uint8Array(0), { createNew: true, mode: 0o600 });
  } else {
    for (const file of [path, `${path}-wal`, `${path}-shm`]) {
      try {
        Deno.chmodSync(file, 0o600);
      } catch { /* absent */ }
    }
    if (stat.size > 0) checkHeader(path);
  }
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(path);
    checkIntegrity(db, path);
    checkOwnership(db, path);
    return db;
  } catch (err) {
    db?.close();
    if (err instanceof StoreOpenError) throw err;
    throw refusedFor(err, path);
  }
}

function checkHeader(path: string): void {
  const file = Deno.openSync(path, { read: true });
  const head = new Uint8Array(16);
  let n = 0;
  try {
    n = file.readSync(head) ?? 0;
  } finally {
    file.close();
  }
  if (n < 16 || new TextDecoder().decode(head) !== SQLITE_MAGIC) {
    throw refused(
      `${path} is not a SQLite database: restore Titan's database from a backup, or move ` +
        `the file away to start with an empty store (it was left as it is)`,
    );
  }
}

function checkIntegrity(db: DatabaseSync, path: string): void {
  const rows = db.prepare("PRAGMA quick_check(5)").all() as { quick_check: string }[];
  const problems = rows.map((r) => r.quick_check.replaceAll("\n", "; ")).filter((m) => m !== "ok");
  if (problems.length > 0) {
    throw refused(
      `${path} is damaged (quick_check: ${problems.join("; ")}): restore it from a backup, ` +
        `or move it away to start with an empty store (it was left as it is)`,
    );
  }
}

function checkOwnership(db: DatabaseSync, path: string): void {
  const { application_id: id } = db.prepare("PRAGMA application_id").get() as {
    application_id: number;
  };
  if (id === TITAN_APPLICATION_ID) return;
  const tables = (db.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  ).all() as { name: string }[]).map((r) => r.name);
  const columns = new Set(
    (db.prepare("SELECT name FROM pragma_table_info('jobs')").all() as { name: string }[])
      .map((r) => r.name),
  );
  const legacy = LEGACY_JOB_COLUMNS.every((c) => columns.has(c));
  if (id !== 0 || (tables.length > 0 && !legacy)) {
    const what = id !== 0
      ? `application id 0x${(id >>> 0).toString(16)}`
      : `tables ${tables.slice(0, 5).join(", ")}`;
    throw refused(
      `${path} is another program's SQLite database (${what}), not Titan's: give Titan a ` +
        `data dir of its own (the file was left as it is)`,
    );
  }
}

/** Mark a database Titan's once its schema is in place. */
export function claimDatabase(db: DatabaseSync): void {
  db.exec(`PRAGMA application_id = ${TITAN_APPLICATION_ID}`);
}

/** A SQLite error met while opening, as the refusal it means. */
export function refusedFor(err: unknown, path: string): StoreOpenError {
  const code = (err as { errcode?: number }).errcode;
  const message = (err as Error).message;
  if (
    code === 26 || code === 11 ||
    /file is not a database|database disk image is malformed/.test(message)
  ) {
    return refused(
      `${path} is damaged or not a database (${message}): restore it from a backup, or move ` +
        `it away to start with an empty store (it was left as it is)`,
    );
  }
  if (code === 8 || code === 14 || code === 3 || /readonly|unable to open/.test(message)) {
    return unusable(`cannot write ${path} (${message}): make the data dir writable`);
  }
  return refused(`cannot open ${path}: ${message}`);
}
