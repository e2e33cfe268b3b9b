/**
 * The leader lease against a real PostgreSQL: election, renewal on database time, a paused
 * holder losing the lease, fencing of its writes, hand-over on stop, and a database outage.
 */
import assert from "node:assert/strict";
import { PostgresServer } from "../../tests/support/postgres.ts";
import { createLogger } from "../../shared/log.ts";
import { closeNow, connect, type Sql } from "../store/postgres/connection.ts";
import { isFenced, LeaderLease, type LeaderLeaseOptions, LEASE_SCHEMA } from "./leader_lease.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const LEASE = 800;

async function withDatabase(body: (pg: PostgresServer, url: string, sql: Sql) => Promise<void>) {
  const pg = await PostgresServer.start();
  const url = await pg.createDatabase("lease");
  const sql = connect({ url, idleInTransactionMs: 300 });
  try {
    await sql.unsafe(LEASE_SCHEMA);
    await sql`CREATE TABLE writes (v text)`;
    await body(pg, url, sql);
  } finally {
    await closeNow(sql);
    await pg.destroy();
  }
}

interface Events {
  elected: number[];
  deposed: string[];
}

function lease(url: string, name: string, extra: Partial<LeaderLeaseOptions> = {}) {
  const events: Events = { elected: [], deposed: [] };
  const l = new LeaderLease({
    connect: () => connect({ url, max: 1, connectTimeoutMs: 1000 }),
    holder: `${name}-${crypto.randomUUID()}`,
    address: `${name}:8080`,
    leaseMs: LEASE,
    log: createLogger("lease-test", { holder: name }),
    onElected: (t) => events.elected.push(t),
    onDeposed: (_t, reason) => events.deposed.push(reason),
    ...extra,
  });
  return { lease: l, events };
}

/** A write fenced by `term`, as the store makes them. */
function fencedWrite(sql: Sql, term: number, value: string) {
  return sql.begin(async (tx) => {
    await tx`SELECT titan_fence(${term}::bigint)`;
    await tx`INSERT INTO writes VALUES (${value})`;
  });
}

Deno.test({
  name: "leader lease: one leader; renewals keep the term; the standby learns the address",
  ...opts,
  fn: () =>
    withDatabase(async (_pg, url) => {
      const a = lease(url, "a");
      const b = lease(url, "b");
      try {
        const first = await a.lease.step();
        assert.equal(first.term, 1);
        assert.deepEqual(a.events.elected, [1]);
        const other = await b.lease.step();
        assert.equal(other.term, undefined);
        assert.equal(other.leaderAddress, "a:8080");
        assert.ok(other.remainingMs > 0 && other.remainingMs <= LEASE, String(other.remainingMs));
        assert.equal(b.lease.isLeader, false);

        // Renewing more often than the lease lasts keeps the same term, for longer than a lease.
        for (let i = 0; i < 5; i++) {
          await sleep(LEASE / 3);
          assert.equal((await a.lease.step()).term, 1);
          assert.equal((await b.lease.step()).term, undefined);
        }
        assert.deepEqual(a.events.elected, [1], "elected once");
        assert.deepEqual(a.events.deposed, []);
        assert.deepEqual(b.events.elected, []);
      } finally {
        await Promise.all([a.lease.stop(), b.lease.stop()]);
      }
    }),
});

Deno.test({
  name:
    "leader lease: a paused holder loses the lease; the standby gets a new term; old-term writes fail",
  ...opts,
  fn: () =>
    withDatabase(async (_pg, url, sql) => {
      const a = lease(url, "a");
      const b = lease(url, "b");
      try {
        assert.equal((await a.lease.step()).term, 1);
        await fencedWrite(sql, 1, "a-before");
        // a is "paused": it does not renew. Until the lease ends, b cannot take it.
        assert.equal((await b.lease.step()).term, undefined);
        await sleep(LEASE + 100);
        assert.equal(a.lease.term, undefined, "a deposes itself once its lease ran out");
        assert.deepEqual(a.events.deposed, ["the lease ran out before it could be renewed"]);

        assert.equal((await b.lease.step()).term, 2, "the database incremented the term");
        assert.deepEqual(b.events.elected, [2]);
        // a wakes up and writes with the term it had: refused, nothing written.
        await assert.rejects(fencedWrite(sql, 1, "a-after"), (err) => isFenced(err));
        await fencedWrite(sql, 2, "b");
        const rows = await sql`SELECT v FROM writes ORDER BY v`;
        assert.deepEqual(rows.map((r) => r.v), ["a-before", "b"]);
        // a's next round sees b and stays standby.
        const view = await a.lease.step();
        assert.equal(view.term, undefined);
        assert.equal(view.leaderAddress, "b:8080");
      } finally {
        await Promise.all([a.lease.stop(), b.lease.stop()]);
      }
    }),
});

Deno.test({
  name: "leader lease: a takeover waits for a fenced write in flight; the write after it fails",
  ...opts,
  fn: () =>
    withDatabase(async (_pg, url, sql) => {
      const a = lease(url, "a");
      const b = lease(url, "b");
      try {
        assert.equal((await a.lease.step()).term, 1);
        // A write that passed the fence holds the row's share lock until it commits; the
        // lease ends meanwhile.
        const slow = sql.begin(async (tx) => {
          await tx`SELECT titan_fence(1::bigint)`;
          await tx`SELECT pg_sleep(${(LEASE + 200) / 1000}::float8)`;
          await tx`INSERT INTO writes VALUES ('slow')`;
        });
        await sleep(LEASE + 50);
        const takeover = b.lease.step();
        await slow;
        assert.equal((await takeover).term, 2);
        await assert.rejects(fencedWrite(sql, 1, "late"), (err) => isFenced(err));
        assert.deepEqual((await sql`SELECT v FROM writes`).map((r) => r.v), ["slow"]);
      } finally {
        await Promise.all([a.lease.stop(), b.lease.stop()]);
      }
    }),
});

Deno.test({
  name: "leader lease: a session paused inside a fenced transaction cannot hold off the takeover",
  ...opts,
  fn: () =>
    withDatabase(async (_pg, url, sql) => {
      const a = lease(url, "a");
      const b = lease(url, "b");
      try {
        assert.equal((await a.lease.step()).term, 1);
        // The client stops talking mid-transaction (as a SIGSTOPped process would): the
        // server ends the session after idle_in_transaction_session_timeout (300 ms here).
        const stuck = sql.begin(async (tx) => {
          await tx`SELECT titan_fence(1::bigint)`;
          await sleep(3 * LEASE);
          await tx`INSERT INTO writes VALUES ('stuck')`;
        });
        const stuckResult = stuck.then(() => "committed", (err) => `failed: ${err.code}`);
        await sleep(LEASE + 50);
        const started = Date.now();
        assert.equal((await b.lease.step()).term, 2);
        assert.ok(Date.now() - started < LEASE, `the takeover waited ${Date.now() - started} ms`);
        assert.match(await stuckResult, /^failed/);
        assert.equal((await sql`SELECT count(*)::int AS n FROM writes`)[0].n, 0);
      } finally {
        await Promise.all([a.lease.stop(), b.lease.stop()]);
      }
    }),
});

Deno.test({
  name: "leader lease: a stopping leader hands over at once; the loop elects the standby",
  ...opts,
  fn: () =>
    withDatabase(async (_pg, url) => {
      const a = lease(url, "a", { leaseMs: 60_000, retryEveryMs: 100 });
      const b = lease(url, "b", { leaseMs: 60_000, retryEveryMs: 100 });
      try {
        a.lease.start();
        while (!a.lease.isLeader) await sleep(20);
        b.lease.start();
        await sleep(300);
        assert.equal(b.lease.isLeader, false);
        assert.equal(b.lease.leaderAddress, "a:8080");
        const stoppedAt = Date.now();
        await a.lease.stop();
        while (!b.lease.isLeader) await sleep(20);
        assert.ok(Date.now() - stoppedAt < 5000, "long before the 60 s lease ended");
        assert.deepEqual(b.events.elected, [2]);
        assert.equal(b.lease.leaderAddress, "b:8080");
      } finally {
        await Promise.all([a.lease.stop(), b.lease.stop()]);
      }
    }),
});

Deno.test({
  name:
    "leader lease: without the database the leader deposes itself; afterwards a new term starts",
  ...opts,
  fn: () =>
    withDatabase(async (pg, url) => {
      const a = lease(url, "a");
      try {
        assert.equal((await a.lease.step()).term, 1);
        await pg.stop("immediate");
        const view = await a.lease.step(); // fails, and must not throw
        assert.equal(view.term, undefined);
        await sleep(LEASE);
        assert.equal(a.lease.term, undefined);
        assert.equal(a.events.deposed.length, 1);
        await pg.start();
        let term: number | undefined;
        for (let i = 0; i < 50 && term === undefined; i++) {
          term = (await a.lease.step()).term;
          if (term === undefined) await sleep(100);
        }
        assert.equal(term, 2, "leadership after a gap is a new term");
        assert.deepEqual(a.events.elected, [1, 2]);
      } finally {
        await a.lease.stop();
      }
    }),
});
