/**
 * A manager given a data dir it must not use says so in one line and exits with the
 * documented code (3: the data dir is unusable, 4: the database is damaged or not Titan's),
 * without a stack trace and without changing a byte of what it was given. Before, each of
 * these ten ended in an uncaught exception, and another program's database was quietly
 * given a jobs table.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { Cluster, freePort, Proc } from "../support/cluster.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const isRoot = Deno.uid() === 0;

/** Every file under `dir` (path → contents as hex digest), to prove nothing changed. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (d: string) => {
    let entries: Deno.DirEntry[];
    try {
      entries = [...Deno.readDirSync(d)];
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory) {
        out.set(p, "dir");
        await walk(p);
      } else {
        const digest = await crypto.subtle.digest("SHA-256", Deno.readFileSync(p));
        out.set(p, Array.from(new Uint8Array(digest), (b) => b.toString(16)).join(""));
      }
    }
  };
  try {
    if (Deno.statSync(dir).isFile) {
      out.set(dir, String(Deno.readFileSync(dir).length));
      return out;
    }
  } catch { /* absent */ }
  await walk(dir);
  return out;
}

function mount(...args: string[]) {
  const out = new Deno.Command("mount", { args, stderr: "piped" }).outputSync();
  if (!out.success) {
    throw new Error(`mount ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
}

/** A real store written by a real manager: 300 jobs (several pages), then a clean stop. */
async function makeStore(into: string): Promise<void> {
  const cluster = await Cluster.start({ workers: 0 });
  try {
    const jobs = Array.from({ length: 300 }, (_, i) => ({
      command: `echo ${i}`,
      env: { PAD: "x".repeat(200) },
    }));
    await cluster.call("SubmitJobs", { jobs });
    await cluster.manager.stop();
    Deno.mkdirSync(into, { recursive: true });
    Deno.copyFileSync(join(cluster.dir, "manager", "titan.db"), join(into, "titan.db"));
  } finally {
    await cluster.stop();
  }
}

interface Variant {
  name: string;
  /** Prepares the case under `root`; returns the --data-dir to give. */
  setup(root: string, store: string): string | Promise<string>;
  exitCode: number;
  message: RegExp;
  needsRoot?: boolean;
}

const VARIANTS: Variant[] = [
  {
    name: "garbage bytes as the database",
    setup: (root) => {
      Deno.mkdirSync(`${root}/d`);
      Deno.writeFileSync(`${root}/d/titan.db`, crypto.getRandomValues(new Uint8Array(8192)));
      return `${root}/d`;
    },
    exitCode: 4,
    message: /titan\.db is not a SQLite database: restore .* from a backup/,
  },
  {
    name: "a truncated database",
    setup: (root, store) => {
      Deno.mkdirSync(`${root}/d`);
      const bytes = Deno.readFileSync(`${store}/titan.db`);
      Deno.writeFileSync(`${root}/d/titan.db`, bytes.subarray(0, Math.floor(bytes.length / 3)));
      return `${root}/d`;
    },
    exitCode: 4,
    message: /titan\.db is damaged/,
  },
  {
    name: "corrupt pages",
    setup: (root, store) => {
      Deno.mkdirSync(`${root}/d`);
      const bytes = Deno.readFileSync(`${store}/titan.db`);
      const page = 4096;
      // Pages 2.. hold the tables' b-trees: scribble over a few of them, header kept.
      for (const p of [1, 3, 5]) {
        crypto.getRandomValues(bytes.subarray(p * page, p * page + 2048));
      }
      Deno.writeFileSync(`${root}/d/titan.db`, bytes);
      return `${root}/d`;
    },
    exitCode: 4,
    message: /titan\.db is damaged/,
  },
  {
    name: "another program's SQLite database",
    setup: (root) => {
      Deno.mkdirSync(`${root}/d`);
      const db = new DatabaseSync(`${root}/d/titan.db`);
      db.exec("CREATE TABLE users (name TEXT); INSERT INTO users VALUES ('ann');");
      db.close();
      return `${root}/d`;
    },
    exitCode: 4,
    message: /another program's SQLite database \(tables users\), not Titan's/,
  },
  {
    name: "a Titan database of a newer schema",
    setup: (root, store) => {
      Deno.mkdirSync(`${root}/d`);
      Deno.copyFileSync(`${store}/titan.db`, `${root}/d/titan.db`);
      const db = new DatabaseSync(`${root}/d/titan.db`);
      db.exec("PRAGMA user_version = 999");
      db.close();
      return `${root}/d`;
    },
    exitCode: 4,
    message: /schema version 999, newer than this manager knows/,
  },
  {
    name: "the database path is a directory",
    setup: (root) => {
      Deno.mkdirSync(`${root}/d/titan.db`, { recursive: true });
      return `${root}/d`;
    },
    exitCode: 3,
    message: /titan\.db is a directory, not a database: move it away/,
  },
  {
    name: "the data dir path is a file",
    setup: (root) => {
      Deno.writeTextFileSync(`${root}/d`, "not a directory\n");
      return `${root}/d`;
    },
    exitCode: 3,
    message: /the data dir .* is a file, not a directory/,
  },
  {
    name: "the data dir cannot be created",
    setup: (root) => {
      Deno.writeTextFileSync(`${root}/file`, "x");
      return `${root}/file/d`;
    },
    exitCode: 3,
    message: /cannot create the data dir .*: create it, or give a writable --data-dir/,
  },
  {
    name: "a read-only data dir, empty",
    needsRoot: true,
    setup: (root) => {
      Deno.mkdirSync(`${root}/d`);
      mount("--bind", `${root}/d`, `${root}/d`);
      mount("-o", "remount,ro,bind", `${root}/d`);
      return `${root}/d`;
    },
    exitCode: 3,
    message: /the data dir .* is not writable \(.*\): make it writable/,
  },
  {
    name: "a read-only data dir with a store",
    needsRoot: true,
    setup: (root, store) => {
      Deno.mkdirSync(`${root}/d`);
      Deno.copyFileSync(`${store}/titan.db`, `${root}/d/titan.db`);
      mount("--bind", `${root}/d`, `${root}/d`);
      mount("-o", "remount,ro,bind", `${root}/d`);
      return `${root}/d`;
    },
    exitCode: 3,
    message: /the data dir .* is not writable/,
  },
];

Deno.test({
  name: "bad data dir: ten variants, each one line, a documented exit code, nothing changed",
  ...opts,
  fn: async (t) => {
    const base = Deno.makeTempDirSync({ prefix: "titan-bad-data-dir-" });
    try {
      await makeStore(`${base}/store`);
      for (const [i, v] of VARIANTS.entries()) {
        await t.step({
          name: v.name,
          ignore: v.needsRoot && !isRoot,
          fn: async () => {
            const root = `${base}/case-${i}`;
            Deno.mkdirSync(root);
            const dataDir = await v.setup(root, `${base}/store`);
            const before = await snapshot(dataDir);
            try {
              const manager = new Proc("manager", "manager/main.ts", [
                "--port",
                String(freePort()),
                "--http-port",
                String(freePort()),
                "--data-dir",
                dataDir,
              ]);
              const timer = setTimeout(() => manager.kill(), 20_000);
              const status = await manager.exited;
              clearTimeout(timer);
              const errors = manager.output.join("").trim();
              assert.equal(status.code, v.exitCode, `exit code, output:\n${errors}`);
              const lines = errors.split("\n").filter((l) => !l.startsWith("{"));
              assert.equal(lines.length, 1, `one line, got:\n${errors}`);
              assert.match(lines[0], /^titan manager: /);
              assert.match(lines[0], v.message);
              assert.doesNotMatch(errors, /\n\s+at /, "no stack trace");
              assert.deepEqual(await snapshot(dataDir), before, "nothing in the data dir changed");
            } finally {
              if (v.needsRoot) {
                new Deno.Command("umount", { args: [dataDir] }).outputSync();
              }
            }
          },
        });
      }
    } finally {
      await Deno.remove(base, { recursive: true }).catch(() => {});
    }
  },
});

Deno.test({
  name: "data dir: a manager makes it 0700 and its database files 0600, even over an old 0755 dir",
  ...opts,
  fn: async () => {
    const base = Deno.makeTempDirSync({ prefix: "titan-data-dir-mode-" });
    try {
      Deno.mkdirSync(`${base}/old`, { mode: 0o755 });
      Deno.chmodSync(`${base}/old`, 0o755);
      for (const dataDir of [`${base}/new/manager`, `${base}/old`]) {
        const cluster = new Cluster({ workers: 0, managerArgs: ["--data-dir", dataDir] });
        try {
          await cluster.startManager();
          await cluster.call("SubmitJob", { command: "true", env: { SECRET: "s3cret" } });
          assert.equal(Deno.statSync(dataDir).mode! & 0o777, 0o700, `${dataDir} mode`);
          for (const e of Deno.readDirSync(dataDir)) {
            const mode = Deno.statSync(join(dataDir, e.name)).mode! & 0o777;
            assert.equal(mode, 0o600, `${e.name} is ${mode.toString(8)}`);
          }
        } finally {
          await cluster.stop();
        }
      }
    } finally {
      await Deno.remove(base, { recursive: true }).catch(() => {});
    }
  },
});

Deno.test({
  name: "data dir: a worker makes its data dir private, nothing in it readable by others",
  ...opts,
  fn: async () => {
    const cluster = await Cluster.start({ workers: 1 });
    try {
      const job = await cluster.submit("echo private", { env: { SECRET: "s3cret" } });
      await cluster.waitForState(job);
      const dataDir = `${cluster.dir}/worker-1`;
      assert.equal(Deno.statSync(dataDir).mode! & 0o777, 0o700, "the worker's data dir");
      const walk = (dir: string) => {
        for (const e of Deno.readDirSync(dir)) {
          const path = join(dir, e.name);
          const mode = Deno.lstatSync(path).mode! & 0o777;
          if (e.isDirectory) {
            assert.equal(mode & 0o066, 0, `${path} is ${mode.toString(8)}`);
            walk(path);
          } else if (e.isFile) assert.equal(mode & 0o077, 0, `${path} is ${mode.toString(8)}`);
        }
      };
      walk(dataDir);
    } finally {
      await cluster.stop();
    }
  },
});
