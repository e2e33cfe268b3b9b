import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { sampleJob } from "../conformance.ts";
import { EXIT_DATABASE_REFUSED, StoreOpenError } from "../errors.ts";
import { LATEST_VERSION, migrate, schemaVersion } from "./migrations.ts";
import { SqliteStore } from "./sqlite_store.ts";

const FIXTURE = new URL("./testdata/unversioned-0a7c3dd.db", import.meta.url);

/** A data dir holding a copy of the fixture (the test must not change the committed file). */
function dataDirFromFixture(): string {
  const dir = Deno.makeTempDirSync({ prefix: "titan-upgrade-" });
  Deno.copyFileSync(FIXTURE, `${dir}/titan.db`);
  return dir;
}

function versionOf(dir: string): number {
  const db = new DatabaseSync(`${dir}/titan.db`);
  try {
    return schemaVersion(db);
  } finally {
    db.close();
  }
}

Deno.test("a data dir written before schema versions opens, migrates, and keeps its jobs", async () => {
  const dir = dataDirFromFixture();
  assert.equal(versionOf(dir), 0);
  const store = new SqliteStore(dir);
  const page = await store.list({ states: [], limit: 100 });
  assert.deepEqual(
    page.jobs.map((j) => [j.seq, j.state, j.command]).reverse(),
    [
      [1, "COMPLETED", "echo completed-out; echo completed-err >&2"],
      [2, "FAILED", "exit 3"],
      [3, "PENDING", "echo retrying; exit 4"],
      [4, "RUNNING", "echo $GREETING; sleep 20"],
      [5, "RUNNING", "sleep 21"],
      [6, "PENDING", "echo pending-1"],
      [7, "PENDING", "echo pending-2"],
      [8, "CANCELLED", "echo to-cancel"],
    ],
  );
  const [cancelled, pending2, pending1, sleeper, keyed, retrying, failed, completed] = page.jobs;

  const done = (await store.get(completed.id))!;
  assert.equal(done.exitCode, 0);
  assert.equal(done.attempt, 1);
  assert.equal(done.workerId, "fixture-worker");
  assert.equal(new TextDecoder().decode(done.stdout), "completed-out\n");
  assert.equal(new TextDecoder().decode(done.stderr), "completed-err\n");
  assert.ok(done.finishedAt! >= done.startedAt! && done.startedAt! >= done.createdAt);

  const bad = (await store.get(failed.id))!;
  assert.equal(bad.exitCode, 3);
  assert.equal(bad.failures, 1);
  assert.equal(bad.error, "exited with code 3");

  const retry = (await store.get(retrying.id))!;
  assert.equal(retry.maxRetries, 2);
  assert.equal(retry.failures, 1);
  assert.match(retry.error, /retry 1 of 2/);
  assert.ok(retry.notBefore > retry.createdAt + 3_000_000, "an hour's backoff");
  assert.deepEqual(
    (await store.loadDelayed(retry.createdAt)).map((j) => j.id),
    [retry.id],
  );

  const k = (await store.getByIdempotencyKey("fixture-key"))!;
  assert.equal(k.id, keyed.id);
  assert.deepEqual(k.env, { GREETING: "hi", OTHER: "2" });
  assert.equal(k.cwd, "/tmp");
  assert.equal(k.timeoutSeconds, 600);
  assert.equal(k.priority, 5);
  assert.deepEqual((await store.loadHeld()).map((j) => j.id), [keyed.id, sleeper.id]);

  assert.equal(await store.countPending(), 3);
  assert.deepEqual(
    (await store.pendingAfter(undefined, 10)).map((j) => j.id),
    [retrying.id, pending2.id, pending1.id], // priority 0 by seq, then -3
  );
  assert.equal((await store.get(cancelled.id))!.error, "cancelled by user");

  // New jobs continue the old seq, and survive a reopen.
  const next = sampleJob();
  await store.save([next]);
  assert.equal(next.seq, 9);
  await store.close();
  assert.equal(versionOf(dir), LATEST_VERSION);
  const again = new SqliteStore(dir);
  assert.equal((await again.list({ states: [], limit: 100 })).jobs.length, 9);
  await again.close();
});

Deno.test("a data dir at a newer schema than this manager knows is refused, untouched", () => {
  const dir = dataDirFromFixture();
  const db = new DatabaseSync(`${dir}/titan.db`);
  db.exec(`PRAGMA user_version = ${LATEST_VERSION + 1}`);
  db.close();
  assert.throws(
    () => new SqliteStore(dir),
    (e: Error) =>
      e instanceof StoreOpenError && e.exitCode === EXIT_DATABASE_REFUSED &&
      /schema version \d+, newer than this manager knows/.test(e.message),
  );
  assert.equal(versionOf(dir), LATEST_VERSION + 1);
});

Deno.test("migrations run in order in one transaction; a failing step leaves the old version", () => {
  const db = new DatabaseSync(":memory:");
  const steps = [
    { version: 1, description: "a", sql: "CREATE TABLE a (x INTEGER)" },
    { version: 2, description: "b", sql: "ALTER TABLE a ADD COLUMN y TEXT" },
  ];
  assert.deepEqual(migrate(db, steps, 1), { from: 0, to: 1 });
  assert.deepEqual(migrate(db, steps), { from: 1, to: 2 });
  db.exec("INSERT INTO a (x, y) VALUES (1, 'ok')");
  assert.deepEqual(migrate(db, steps), { from: 2, to: 2 });
  const broken = [...steps, { version: 3, description: "c", sql: "CREATE TABLE c (z); BOGUS" }];
  assert.throws(() => migrate(db, broken));
  assert.equal(schemaVersion(db), 2);
  assert.equal(
    db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'c'").get()!.n,
    0,
    "the failed step's first statement was rolled back too",
  );
  db.close();
});
