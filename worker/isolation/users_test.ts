import assert from "node:assert/strict";
import { parseUidRange, UidPool } from "./users.ts";

Deno.test("pools on one host claim disjoint uids, and give them up on close", () => {
  const dir = Deno.makeTempDirSync();
  const range = { first: 64000, last: 64039 };
  const a = new UidPool(range, dir);
  const b = new UidPool(range, dir);
  try {
    const fromA = [a.acquire().uid, a.acquire().uid];
    const fromB = [b.acquire().uid, b.acquire().uid];
    assert.equal(new Set([...fromA, ...fromB]).size, 4, `four different uids`);
    // Claims are taken a batch at a time; no uid is claimed twice.
    for (const uid of a.claimed) assert.ok(!b.claimed.has(uid), `${uid} claimed twice`);
    const files = [...Deno.readDirSync(dir)].map((e) => Number(e.name));
    assert.equal(files.length, a.claimed.size + b.claimed.size);
    // A third pool gets what is left of the range, then none.
    const c = new UidPool(range, dir);
    let got = 0;
    assert.throws(() => {
      for (;; got++) c.acquire();
    }, /no free uid in 64000-64039/);
    assert.equal(got, 40 - a.claimed.size - b.claimed.size);
    c.close();
  } finally {
    a.close();
    b.close();
  }
  assert.deepEqual([...Deno.readDirSync(dir)], [], "closing gives the claims up");
});

Deno.test("a released uid comes back; gid = uid; reserved uids are never handed out", () => {
  const dir = Deno.makeTempDirSync();
  const pool = new UidPool({ first: 64010, last: 64011 }, dir, [64010]);
  try {
    const user = pool.acquire();
    assert.deepEqual(user, { uid: 64011, gid: 64011 });
    assert.throws(() => pool.acquire(), /no free uid/);
    pool.release(user, true);
    assert.deepEqual(pool.acquire(), user);
  } finally {
    pool.close();
  }
});

Deno.test("a claim whose owner is gone is taken over", () => {
  const dir = Deno.makeTempDirSync();
  Deno.writeTextFileSync(`${dir}/64020`, "999999999 1\n"); // no such process
  const pool = new UidPool({ first: 64020, last: 64020 }, dir);
  try {
    assert.equal(pool.acquire().uid, 64020);
    assert.match(Deno.readTextFileSync(`${dir}/64020`), new RegExp(`^${Deno.pid} `));
  } finally {
    pool.close();
  }
});

Deno.test({
  name: "a uid released unverified is not reused while a process of it runs",
  ignore: Deno.uid() !== 0,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const dir = Deno.makeTempDirSync();
    const pool = new UidPool({ first: 64030, last: 64030 }, dir);
    const user = pool.acquire();
    const left = new Deno.Command("setpriv", {
      args: [`--reuid=${user.uid}`, `--regid=${user.gid}`, "--clear-groups", "sleep", "100"],
      stdout: "null",
      stderr: "null",
    }).spawn();
    try {
      await new Promise((r) => setTimeout(r, 100));
      pool.release(user, false);
      // The check finds the leftover and kills it: the uid waits for the next check.
      assert.throws(() => pool.acquire(), /no free uid/);
      assert.equal((await left.status).signal, "SIGKILL");
      assert.equal(pool.acquire().uid, user.uid);
    } finally {
      try {
        left.kill("SIGKILL");
      } catch { /* gone */ }
      pool.close();
    }
  },
});

Deno.test("parseUidRange() takes FIRST-LAST", () => {
  assert.deepEqual(parseUidRange("61000-61999"), { first: 61000, last: 61999 });
  for (const bad of ["", "61000", "5-1", "0-10", "a-b", "1-99999999999"]) {
    assert.equal(parseUidRange(bad), undefined, bad);
  }
});
