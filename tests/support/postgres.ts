/**
 * A real PostgreSQL server for tests: a cluster made with `initdb` in a temporary folder and
 * run with `pg_ctl` on a free loopback port, one per test suite (tests restart and crash it,
 * so suites never share one). Each suite or test takes its own database from it.
 *
 * PostgreSQL refuses to run as root: as root the binaries run as the `postgres` OS user
 * (made by Debian's package), which then owns the temporary folder.
 *
 * Clients authenticate with a password (scram-sha-256), as they would in production, so the
 * URLs the tests hand to Titan carry credentials and the client's auth path is exercised.
 */
import { freePort } from "./cluster.ts";

/** Where Debian puts a PostgreSQL version's programs; the newest installed one wins. */
export function findPostgresBin(): string | undefined {
  const fromEnv = Deno.env.get("TITAN_PG_BIN");
  if (fromEnv) return fromEnv;
  const versions: number[] = [];
  try {
    for (const e of Deno.readDirSync("/usr/lib/postgresql")) {
      if (/^\d+$/.test(e.name)) versions.push(Number(e.name));
    }
  } catch { /* not installed */ }
  for (const v of versions.sort((a, b) => b - a)) {
    const bin = `/usr/lib/postgresql/${v}/bin`;
    try {
      if (Deno.statSync(`${bin}/pg_ctl`).isFile) return bin;
    } catch { /* incomplete */ }
  }
  return undefined;
}

/** Why this machine cannot run a PostgreSQL server for tests, or "" when it can. */
export function postgresMissing(): string {
  if (!findPostgresBin()) {
    return "PostgreSQL is not installed (apt-get install postgresql; .ci/run does it)";
  }
  if (Deno.uid() === 0 && !osUserExists("postgres")) {
    return "running as root without a `postgres` OS user to run PostgreSQL as";
  }
  return "";
}

function osUserExists(name: string): boolean {
  try {
    return Deno.readTextFileSync("/etc/passwd").split("\n").some((l) => l.startsWith(`${name}:`));
  } catch {
    return false;
  }
}

export interface PostgresOptions {
  /** Extra addresses to listen on besides 127.0.0.1 (e.g. a veth end for partition tests). */
  listen?: string[];
  /** postgresql.conf settings, e.g. `{ max_connections: "200" }`. */
  settings?: Record<string, string>;
}

const USER = "titan";

export class PostgresServer {
  readonly bin: string;
  readonly dir: string;
  readonly dataDir: string;
  readonly socketDir: string;
  readonly logFile: string;
  readonly port = freePort();
  readonly password = `pw-${crypto.randomUUID()}`;
  #listen: string[];
  #databases = 0;

  private constructor(readonly options: PostgresOptions) {
    const bin = findPostgresBin();
    if (!bin) throw new Error(postgresMissing());
    this.bin = bin;
    this.dir = Deno.makeTempDirSync({ prefix: "titan-pg-" });
    this.dataDir = `${this.dir}/data`;
    this.socketDir = `${this.dir}/socket`;
    this.logFile = `${this.dir}/postgres.log`;
    this.#listen = ["127.0.0.1", ...(options.listen ?? [])];
  }

  /** initdb, configure and start a fresh cluster. */
  static async start(options: PostgresOptions = {}): Promise<PostgresServer> {
    const server = new PostgresServer(options);
    try {
      await server.#init();
      await server.start();
    } catch (err) {
      await server.destroy();
      throw err;
    }
    return server;
  }

  /** The host the server listens on first (loopback). */
  get host(): string {
    return "127.0.0.1";
  }

  /** A connection URL for `database`, optionally through another of the listen addresses. */
  url(database: string, host = this.host): string {
    return `postgres://${USER}:${
      encodeURIComponent(this.password)
    }@${host}:${this.port}/${database}`;
  }

  /** Create a new empty database and return its URL. */
  async createDatabase(prefix = "titan"): Promise<string> {
    const name = `${prefix.replace(/[^a-z0-9_]/gi, "_").toLowerCase()}_${++this.#databases}`;
    await this.psql(`CREATE DATABASE ${name}`, "postgres");
    return this.url(name);
  }

  /** Run SQL with psql and return its unaligned, tuples-only output (fields split by "|"). */
  async psql(sql: string, database: string): Promise<string> {
    const out = await new Deno.Command(`${this.bin}/psql`, {
      args: [
        "-X",
        "-q",
        "-A",
        "-t",
        "-v",
        "ON_ERROR_STOP=1",
        "-h",
        this.host,
        "-p",
        String(this.port),
        "-U",
        USER,
        "-d",
        database,
        "-c",
        sql,
      ],
      env: { PGPASSWORD: this.password, PGCONNECT_TIMEOUT: "10" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder();
    if (!out.success) throw new Error(`psql ${JSON.stringify(sql)}: ${text.decode(out.stderr)}`);
    return text.decode(out.stdout).trim();
  }

  /** Start (again) on the same port and data; waits until it accepts connections. */
  async start(): Promise<void> {
    const settings: Record<string, string> = {
      listen_addresses: `'${this.#listen.join(",")}'`,
      port: String(this.port),
      unix_socket_directories: `'${this.socketDir}'`,
      ...this.options.settings,
    };
    const opts = Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`).join(" ");
    await this.#run([
      "pg_ctl",
      "-D",
      this.dataDir,
      "-l",
      this.logFile,
      "-w",
      "-t",
      "30",
      "-o",
      opts,
      "start",
    ]);
  }

  /**
   * Stop it. "fast" ends sessions and checkpoints (a clean shutdown); "immediate" is a
   * crash: every process quits at once and the next start replays the WAL.
   */
  async stop(mode: "fast" | "immediate" = "fast"): Promise<void> {
    await this.#run(["pg_ctl", "-D", this.dataDir, "-m", mode, "-w", "-t", "30", "stop"]);
  }

  /** Stop and start again (clients see their connections dropped). */
  async restart(mode: "fast" | "immediate" = "fast"): Promise<void> {
    await this.stop(mode);
    await this.start();
  }

  /** Whether the server runs now (its postmaster.pid names a live process). */
  running(): boolean {
    try {
      const pid = Number(Deno.readTextFileSync(`${this.dataDir}/postmaster.pid`).split("\n")[0]);
      return pid > 0 && Deno.statSync(`/proc/${pid}`).isDirectory;
    } catch {
      return false;
    }
  }

  /** The server's log so far (for failure messages). */
  log(): string {
    try {
      return Deno.readTextFileSync(this.logFile);
    } catch {
      return "";
    }
  }

  /** Stop it (as a crash, nothing to keep) and remove its folder. */
  async destroy(): Promise<void> {
    if (this.running()) await this.stop("immediate").catch(() => {});
    await Deno.remove(this.dir, { recursive: true }).catch(() => {});
  }

  async #init(): Promise<void> {
    if (Deno.uid() === 0) {
      await Deno.chmod(this.dir, 0o700);
      await this.#chown(this.dir);
    }
    Deno.mkdirSync(this.socketDir);
    const pwfile = `${this.dir}/pwfile`;
    Deno.writeTextFileSync(pwfile, `${this.password}\n`);
    if (Deno.uid() === 0) await this.#chown(this.socketDir, pwfile);
    await this.#run([
      "initdb",
      "-D",
      this.dataDir,
      "-U",
      USER,
      `--pwfile=${pwfile}`,
      "--auth-host=scram-sha-256",
      "--auth-local=trust",
      "-E",
      "UTF8",
      "--locale=C.UTF-8",
      // The cluster is thrown away after the suite: skip the initial fsyncs (commits still sync).
      "--no-sync",
    ]);
    await Deno.remove(pwfile);
    // Addresses besides loopback (test namespaces) authenticate the same way.
    const hba = `${this.dataDir}/pg_hba.conf`;
    const extra = (this.options.listen ?? []).map((a) =>
      `host all all ${a.includes(":") ? "::/0" : "0.0.0.0/0"} scram-sha-256\n`
    );
    if (extra.length) Deno.writeTextFileSync(hba, Deno.readTextFileSync(hba) + extra.join(""));
  }

  #chown(...paths: string[]): Promise<string> {
    return command("chown", ["postgres:postgres", ...paths]);
  }

  /** Run one of PostgreSQL's programs, as the `postgres` OS user when we are root. */
  #run([program, ...args]: string[]): Promise<string> {
    const path = `${this.bin}/${program}`;
    return Deno.uid() === 0
      ? command("runuser", ["-u", "postgres", "--", path, ...args])
      : command(path, args);
  }
}

async function command(program: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(program, {
    args,
    cwd: "/",
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  if (!out.success) {
    throw new Error(
      `${program} ${args.join(" ")}: exit ${out.code}: ${text.decode(out.stderr).trim()} ${
        text.decode(out.stdout).trim()
      }`,
    );
  }
  return text.decode(out.stdout);
}
