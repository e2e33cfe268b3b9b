import assert from "node:assert/strict";
import type { Job } from "../../shared/model.ts";
import { StoreFullError } from "./errors.ts";
import { type Batch, FULL_RETRY_MS, GroupCommit } from "./group_commit.ts";

const job = (id: string) => ({ id }) as unknown as Job;

Deno.test("GroupCommit keeps a batch the full disk refused and lands it once space is back", async () => {
  const written: string[][] = [];
  let space = false;
  let reserveBack = false;
  const fullEvents: (string | undefined)[] = [];
  const fatal: unknown[] = [];
  const commits = new GroupCommit(
    (batch: Batch) => {
      if (!space) return Promise.reject(new StoreFullError("database or disk is full"));
      written.push(batch.jobs.map((j) => j.id));
      return Promise.resolve();
    },
    (err) => fatal.push(err),
    { release: () => (reserveBack = false), restore: () => (reserveBack = space) },
    (err) => fullEvents.push(err?.message),
  );
  let firstDone = false;
  const first = commits.save([job("a"), job("b")]).then(() => (firstDone = true));
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(commits.full?.message, "store is full: database or disk is full");
  assert.deepEqual(fullEvents, ["store is full: database or disk is full"]);
  assert.equal(firstDone, false, "not acknowledged while it is not written");
  const second = commits.save([job("b"), job("c")]);
  space = true;
  await Promise.all([first, second]);
  assert.deepEqual(written, [["a", "b", "c"]], "one batch, in order, each job once");
  assert.equal(commits.full, undefined);
  assert.equal(reserveBack, true);
  assert.deepEqual(fullEvents, ["store is full: database or disk is full", undefined]);
  assert.deepEqual(fatal, [], "a full disk is not fatal");
  await commits.close();
  assert.ok(FULL_RETRY_MS >= 100);
});

Deno.test("GroupCommit stays full while the reserve cannot be written back", async () => {
  let room = false;
  const commits = new GroupCommit(
    () => Promise.resolve(),
    () => {},
    { release: () => {}, restore: () => room },
  );
  commits.noRoom("no room for the reserve");
  await commits.save([job("a")]);
  assert.match(commits.full?.message ?? "", /no room for the reserve/);
  room = true;
  await new Promise((r) => setTimeout(r, FULL_RETRY_MS + 200));
  assert.equal(commits.full, undefined, "space noticed by itself");
  await commits.close();
});
