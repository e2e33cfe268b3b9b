import assert from "node:assert/strict";
import {
  closeNow,
  connect,
  isConnectionError,
  onClientFailure,
  redactUrl,
  reportClientFailuresTo,
  withTimeout,
} from "./connection.ts";

Deno.test("an error thrown from the client's connection code is caught; pools are renewed", async () => {
  const sql = connect({ url: "postgres://u:p@127.0.0.1:1/db" }); // installs the guard
  let renewed = 0;
  const reported: unknown[] = [];
  const off = onClientFailure(() => renewed++);
  reportClientFailuresTo((err) => reported.push(err));
  // What Postgres.js 3.4.9 throws from a timer when a socket closed under a transaction.
  const bug = new TypeError("Cannot read properties of null (reading 'write')");
  bug.stack = `${bug.message}\n    at Immediate.nextWrite (file:///cache/npm/registry.npmjs.org/` +
    `postgres/3.4.9/src/connection.js:255:22)`;
  setTimeout(() => {
    throw bug;
  }, 0);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(renewed, 1, "the process went on and the listeners heard of it");
  assert.deepEqual(reported, [bug]);
  off();
  reportClientFailuresTo(() => {});
  await closeNow(sql);
});

Deno.test("connection errors are told apart from refused statements", async () => {
  const sql = connect({ url: "postgres://u:p@127.0.0.1:1/db", connectTimeoutMs: 1000 });
  const err = await sql`SELECT 1`.catch((e) => e);
  assert.ok(isConnectionError(err), String(err?.code));
  await closeNow(sql);
  assert.ok(isConnectionError({ code: "57P01" }), "admin shutdown");
  assert.ok(isConnectionError({ code: "08006" }), "connection failure");
  assert.ok(!isConnectionError({ code: "23505" }), "a unique violation is not");
  assert.ok(!isConnectionError(new Error("x")));
  const slow = withTimeout(new Promise(() => {}), 20, "slow");
  assert.ok(isConnectionError(await slow.catch((e) => e)), "a timeout counts as unreachable");
});

Deno.test("redactUrl hides the password", () => {
  assert.equal(
    redactUrl("postgres://titan:s3cret@db:5432/titan"),
    "postgres://titan:***@db:5432/titan",
  );
  assert.equal(redactUrl("not a url"), "<invalid PostgreSQL URL>");
});
