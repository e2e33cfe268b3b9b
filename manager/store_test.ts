import assert from "node:assert/strict";
import type { Job } from "../shared/model.ts";
import { newJob } from "./jobs.ts";
import { decodePageToken, encodePageToken, Store } from "./store.ts";

function job(over: Partial<Job> = {}): Job {
  const spec = {
    command: "echo hi",
    env: { A: "1" },
    cwd: "",
    timeoutSeconds: 0,
    maxRetries: 0,
    idempotencyKey: "",
    priority: 0,
  };
  return { ...newJob(spec, 1000), ...over };
}

const tempStore = () => {
  const dir = Deno.makeTempDirSync({ prefix: "titan-store-" });
  return { dir, store: new Store(dir) };
};

Deno.test("Store.save() resolves once the job is readable after reopening", async () => {
  const { dir, store } = tempStore();
  const j = job({ stdout: new TextEncoder().encode("out"), exitCode: 0, state: "COMPLETED" });
  await store.save(j);
  store.close();
  const reopened = new Store(dir);
  const got = reopened.get(j.id)!;
  assert.equal(got.command, "echo hi");
  assert.deepEqual(got.env, { A: "1" });
  assert.equal(new TextDecoder().decode(got.stdout), "out");
  assert.equal(got.exitCode, 0);
  assert.equal(got.state, "COMPLETED");
  reopened.close();
});

Deno.test("Store group-commits saves made in one turn into one batch", async () => {
  const { store } = tempStore();
  const jobs = Array.from({ length: 500 }, () => job());
  await Promise.all(jobs.map((j) => store.save(j)));
  assert.equal(store.list([], 1000, "").jobs.length, 500);
  // seq follows insertion order
  assert.ok(jobs.every((j, i) => i === 0 || j.seq > jobs[i - 1].seq));
  store.close();
});

Deno.test("Store.save() of the same job twice in a turn writes its latest state", async () => {
  const { store } = tempStore();
  const j = job();
  const first = store.save(j);
  j.state = "SCHEDULED";
  j.attempt = 1;
  await Promise.all([first, store.save(j)]);
  assert.equal(store.get(j.id)!.state, "SCHEDULED");
  store.close();
});

Deno.test("Store.loadActive() returns only unfinished jobs, oldest first", async () => {
  const { store } = tempStore();
  const a = job(), b = job({ state: "COMPLETED", finishedAt: 5 }), c = job({ state: "RUNNING" });
  for (const j of [a, b, c]) await store.save(j);
  assert.deepEqual(store.loadActive().map((j) => j.id), [a.id, c.id]);
  store.close();
});

Deno.test("Store.list() pages newest first with a state filter", async () => {
  const { store } = tempStore();
  const jobs = Array.from({ length: 25 }, (_, i) => job({ state: i % 2 ? "FAILED" : "PENDING" }));
  for (const j of jobs) store.save(j);
  await store.save(job());
  const seen: string[] = [];
  let token = "";
  do {
    const page = store.list(["FAILED"], 5, token);
    assert.ok(page.jobs.every((j) => j.state === "FAILED"));
    seen.push(...page.jobs.map((j) => j.id));
    token = page.nextPageToken;
  } while (token);
  assert.deepEqual(seen, jobs.filter((_, i) => i % 2).map((j) => j.id).reverse());
  assert.equal(store.list([], 1, "").jobs[0].stdout.length, 0); // listings carry no output
  store.close();
});

Deno.test("Store finds a job by idempotency key", async () => {
  const { store } = tempStore();
  const j = job({ idempotencyKey: "k1" });
  await store.save(j);
  assert.equal(store.getByIdempotencyKey("k1")?.id, j.id);
  assert.equal(store.getByIdempotencyKey("k2"), undefined);
  store.close();
});

Deno.test("Store.collectGarbage() removes old and excess finished jobs only", async () => {
  const { store } = tempStore();
  const old = job({ state: "COMPLETED", finishedAt: 1_000 });
  const recent = Array.from(
    { length: 5 },
    (_, i) => job({ state: "FAILED", finishedAt: 100_000 + i }),
  );
  const running = job({ state: "RUNNING" });
  for (const j of [old, ...recent, running]) await store.save(j);
  const removed = store.collectGarbage(101_000, 50_000, 3);
  assert.equal(removed, 3); // `old` by age, the two oldest recent ones by count
  assert.equal(store.get(old.id), undefined);
  assert.deepEqual(
    recent.filter((j) => store.get(j.id)).map((j) => j.id),
    recent.slice(2).map((j) => j.id),
  );
  assert.ok(store.get(running.id));
  store.close();
});

Deno.test("page tokens round-trip and foreign tokens are refused", () => {
  assert.equal(decodePageToken(encodePageToken(12345)), 12345);
  assert.throws(() => decodePageToken("garbage!"), RangeError);
  assert.throws(() => decodePageToken(btoa("seq:-1")), RangeError);
});

Deno.test("Store with backgroundSync: saves resolve once synced, and survive a reopen", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "titan-store-bg-" });
  const store = new Store(dir, () => {}, { backgroundSync: true });
  const jobs = Array.from({ length: 300 }, () => job());
  // Saves in many turns: commits pile up behind the sync in flight and share the next one.
  const saved = [];
  for (const j of jobs) {
    saved.push(store.save(j));
    if (saved.length % 10 === 0) await new Promise((r) => setTimeout(r, 0));
  }
  await Promise.all(saved);
  assert.ok(jobs.every((j, i) => i === 0 || j.seq > jobs[i - 1].seq));
  const last = job({ state: "COMPLETED", exitCode: 0 });
  const pending = store.save(last); // not awaited: close() must make it durable
  store.close();
  await pending;
  const reopened = new Store(dir, () => {}, { backgroundSync: true });
  assert.equal(reopened.list([], 1000, "").jobs.length, 301);
  assert.equal(reopened.get(last.id)!.state, "COMPLETED");
  // New jobs continue the seq after a reopen.
  const next = job();
  await reopened.save(next);
  assert.equal(next.seq, last.seq + 1);
  reopened.close();
});
