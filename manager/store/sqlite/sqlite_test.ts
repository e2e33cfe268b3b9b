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
