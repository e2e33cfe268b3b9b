/**
 * The PostgreSQL driver against a real PostgreSQL: the Store conformance suite (each case on
 * a database of its own, written by a store holding the leader lease), then what only this
 * driver does: migrations kept in the database, term fencing of every write, a database
 * restart in the middle of commits.
 */
import assert from "node:assert/strict";
import { PostgresServer } from "../../../tests/support/postgres.ts";
import { createLogger } from "../../../shared/log.ts";
import { sampleJob, storeConformance } from "../conformance.ts";
import type { StoreOptions } from "../store.ts";
import { closeNow, connect } from "./connection.ts";
import { LATEST_VERSION, migrate, SchemaTooNewError, schemaVersion } from "./migrations.ts";
import { PostgresStore } from "./postgres_store.ts";
import { isFenced, LeaderLease } from "../../maintenance/leader_lease.ts";

const pg = await PostgresServer.start();
globalThis.addEventListener("unload", () => {
  // Best effort: the folder is in /tmp either way; the server must not outlive the suite.
  new Deno.Command("runuser", {
    args: ["-u", "postgres", "--", `${pg.bin}/pg_ctl`, "-D", pg.dataDir, "-m", "immediate", "stop"],
    stdout: "null",
    stderr: "null",
  }).outputSync();
  try {
    Deno.removeSync(pg.dir, { recursive: true });
  } catch { /* gone */ }
});

const quiet = createLogger("store-test");

/** Hold the leader lease on `url` (60 s), as a leader would; returns its term. */
async function leaseOn(url: string, holder: string = crypto.randomUUID()) {
  const lease = new LeaderLease({
    connect: () => connect({ url, max: 1 }),
    holder,
    address: "test:1",
    leaseMs: 60_000,
    log: quiet,
  });
  const { term } = await lease.step();
  assert.ok(term, "the lease was free");
  return { lease, term };
}

/** A migrated database and a store on it with the lease's term. */
async function openOn(url: string, options: StoreOptions = {}) {
  const admin = connect({ url, max: 1 });
  await migrate(admin);
  await closeNow(admin);
  const { lease, term } = await leaseOn(url);
  const store = new PostgresStore({ connection: { url }, term, onFatal: options.onFatal });
  const close = store.close.bind(store);
  // Closing the store releases the lease, as a stopping manager would.
  store.close = async () => {
    try {
      await close();
    } finally {
      await lease.stop();
    }
  };
  return store;
}

storeConformance("PostgresStore", {
  fresh: async (options: StoreOptions = {}) => {
    const url = await pg.createDatabase("conformance");
    return { store: await openOn(url, options), reopen: (o?: StoreOptions) => openOn(url, o) };
  },
});

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test({
  name: "PostgresStore: migrations record their version; a newer database is refused",
  ...opts,
  fn: async () => {
    const url = await pg.createDatabase("migrations");
    const sql = connect({ url, max: 1 });
    try {
      assert.equal(await schemaVersion(sql), 0);
      assert.deepEqual(await migrate(sql), { from: 0, to: LATEST_VERSION });
      assert.deepEqual(await migrate(sql), { from: LATEST_VERSION, to: LATEST_VERSION });
      assert.equal(await schemaVersion(sql), LATEST_VERSION);
      // Two managers starting at once: the advisory lock makes them take turns.
      const [a, b] = await Promise.all([migrate(sql), migrate(connect({ url, max: 1 }))]);
      assert.equal(a.to, LATEST_VERSION);
      assert.equal(b.to, LATEST_VERSION);
      await sql`UPDATE titan_schema SET version = ${LATEST_VERSION + 1}`;
      await assert.rejects(migrate(sql), SchemaTooNewError);
    } finally {
      await closeNow(sql);
    }
  },
});

Deno.test({
  name: "PostgresStore: a store whose term was taken over writes nothing; its saves reject",
  ...opts,
  fn: async () => {
    const url = await pg.createDatabase("fencing");
    const sql = connect({ url, max: 1 });
    try {
      await migrate(sql);
      const { lease: first, term } = await leaseOn(url, "first");
      const fatal: unknown[] = [];
      const old = new PostgresStore({
        connection: { url },
        term,
        onFatal: (e) => fatal.push(e),
      });
      const before = sampleJob();
      await old.save([before]);
      // Someone else takes the lease (ours ended: here we end it by hand).
      await sql`UPDATE titan_leader SET expires_at = now()`;
      const { term: next } = await leaseOn(url, "second");
      assert.equal(next, term + 1);

      const late = sampleJob();
      await assert.rejects(old.save([late]), (err) => isFenced(err));
      before.state = "CANCELLED";
      await assert.rejects(old.save([before]), (err) => isFenced(err));
      await assert.rejects(
        old.collectGarbage(Date.now(), { maxAgeMs: 0, maxJobs: 0 }),
        /no longer the leader/,
      );
      assert.equal(fatal.length, 2, "each refused batch is fatal for the deposed store");
      const rows = await sql`SELECT id, state FROM jobs`;
      assert.deepEqual(rows.map((r) => [r.id, r.state]), [[before.id, "PENDING"]]);

      // The new leader writes with its term.
      const current = new PostgresStore({ connection: { url }, term: next });
      await current.save([sampleJob()]);
      assert.equal((await current.list({ states: [], limit: 10 })).jobs.length, 2);
      await Promise.all([old.close().catch(() => {}), current.close(), first.stop()]);
    } finally {
      await closeNow(sql);
    }
  },
});

Deno.test({
  name:
    "PostgresStore: commits during a database restart wait and go through; nothing lost or doubled",
  ...opts,
  fn: async () => {
    const server = await PostgresServer.start();
    try {
      const url = await server.createDatabase("restart");
      const sql = connect({ url, max: 1 });
      await migrate(sql);
      await closeNow(sql);
      const { lease, term } = await leaseOn(url);
      const changes: boolean[] = [];
      const store = new PostgresStore({
        connection: { url, connectTimeoutMs: 1000 },
        term,
        onUnreachable: (down) => changes.push(down),
      });
      const jobs = Array.from({ length: 400 }, () => sampleJob());
      const saves: Promise<void>[] = [];
      let restarted: Promise<void> | undefined;
      for (let i = 0; i < jobs.length; i++) {
        saves.push(store.save([jobs[i]]));
        if (i === 100) restarted = server.restart("immediate");
        await new Promise((r) => setTimeout(r, 2));
      }
      await restarted;
      await Promise.all(saves);
      const page = await store.list({ states: [], limit: 1000 });
      assert.equal(page.jobs.length, 400);
      assert.equal(new Set(page.jobs.map((j) => j.id)).size, 400);
      assert.ok(jobs.every((j) => j.seq > 0));
      assert.equal(store.unreachable, false);
      assert.deepEqual(changes.slice(-1), [false], "reachable again at the end");
      await store.close();
      await lease.stop();
    } finally {
      await server.destroy();
    }
  },
});
