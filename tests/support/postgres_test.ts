/**
 * The PostgreSQL test harness itself: a fresh cluster per suite, one database per caller,
 * data that survives a clean restart and a crash, and a server that really stopped when
 * told to.
 */
import assert from "node:assert/strict";
import { PostgresServer } from "./postgres.ts";

Deno.test("postgres harness: databases are separate; data survives a restart and a crash", async () => {
  const pg = await PostgresServer.start();
  try {
    const a = new URL(await pg.createDatabase("harness")).pathname.slice(1);
    const b = new URL(await pg.createDatabase("harness")).pathname.slice(1);
    assert.notEqual(a, b);
    await pg.psql("CREATE TABLE t (v int); INSERT INTO t VALUES (1)", a);
    await assert.rejects(pg.psql("SELECT v FROM t", b), /does not exist/);

    await pg.restart("fast");
    await pg.psql("INSERT INTO t VALUES (2)", a);
    // A crash: committed rows come back through WAL replay.
    await pg.restart("immediate");
    assert.equal(await pg.psql("SELECT string_agg(v::text, ',' ORDER BY v) FROM t", a), "1,2");

    await pg.stop("immediate");
    assert.equal(pg.running(), false);
    await assert.rejects(pg.psql("SELECT 1", a), /Connection refused|could not connect/);
    await pg.start();
    assert.equal(pg.running(), true);
    if (Deno.uid() === 0) {
      assert.equal(await pg.psql("SELECT current_setting('data_directory')", a), pg.dataDir);
      const owner = Deno.statSync(pg.dataDir).uid;
      assert.notEqual(owner, 0, "the server runs as the postgres OS user, not root");
    }
  } finally {
    await pg.destroy();
  }
  assert.equal(pg.running(), false);
  assert.throws(() => Deno.statSync(pg.dir), Deno.errors.NotFound);
});
