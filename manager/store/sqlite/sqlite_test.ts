import assert from "node:assert/strict";
import { storeConformance } from "../conformance.ts";
import type { StoreOptions } from "../store.ts";
import { sampleJob } from "../conformance.ts";
import { SqliteStore } from "./sqlite_store.ts";

const harness = (backgroundSync: boolean) => ({
  fresh: (options: StoreOptions = {}) => {
    const dir = Deno.makeTempDirSync({ prefix: "titan-sqlite-" });
    const open = (o: StoreOptions = {}) =>
      Promise.resolve(new SqliteStore(dir, { ...o, backgroundSync }));
    return Promise.resolve({
      store: new SqliteStore(dir, { ...options, backgroundSync }),
      reopen: open,
    });
  },
});

storeConformance("SqliteStore", harness(false));
storeConformance("SqliteStore with background sync", harness(true));

Deno.test("SqliteStore with background sync: saves over many turns share the syncs in flight", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "titan-store-bg-" });
  const store = new SqliteStore(dir, { backgroundSync: true });
  const jobs = Array.from({ length: 300 }, () => sampleJob());
  // Saves in many turns: commits pile up behind the sync in flight and share the next one.
  const saved = [];
  for (const j of jobs) {
    saved.push(store.save([j]));
    if (saved.length % 10 === 0) await new Promise((r) => setTimeout(r, 0));
  }
  await Promise.all(saved);
  assert.ok(jobs.every((j, i) => i === 0 || j.seq > jobs[i - 1].seq));
  await store.close();
  const reopened = new SqliteStore(dir, { backgroundSync: true });
  assert.equal((await reopened.list({ states: [], limit: 1000 })).jobs.length, 300);
  await reopened.close();
});

Deno.test("SqliteStore: a schema-1 database is brought forward; its jobs get the default queue and no request", async () => {
  const { DatabaseSync } = await import("node:sqlite");
  const { migrate, MIGRATIONS } = await import("./migrations.ts");
  const dir = Deno.makeTempDirSync({ prefix: "titan-store-v1-" });
  const db = new DatabaseSync(`${dir}/titan.db`);
  migrate(db, MIGRATIONS, 1);
  db.exec(`INSERT INTO jobs (id, command, env, cwd, timeout_seconds, max_retries, priority, state,
    attempt, worker_id, signal, error, timed_out, stdout, stderr, stdout_truncated,
    stderr_truncated, stdout_bytes, stderr_bytes, created_at, not_before, failures, lost,
    cancel_requested) VALUES ('0190a000-0000-7000-8000-00000000abcd', 'echo old', '{}', '', 0,
    0, 0, 'PENDING', 0, '', '', '', 0, x'', x'', 0, 0, 0, 0, 1, 0, 0, 0, 0)`);
  db.close();
  const store = new SqliteStore(dir);
  const job = await store.get("0190a000-0000-7000-8000-00000000abcd");
  assert.equal(job?.command, "echo old");
  assert.equal(job?.queue, "default");
  assert.deepEqual(job?.resources, { cpuMillis: 0, memoryMb: 0, devices: {} });
  assert.deepEqual(job?.selector, {});
  assert.deepEqual([...await store.countPendingByQueue()], [["default", 1]]);
  await store.close();
});
