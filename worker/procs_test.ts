import assert from "node:assert/strict";
import { groupMembers, JOURNAL, ProcessRecords, readStat } from "./procs.ts";
import { assertGroupGone } from "./test_util.ts";

function spawnGroup(): Deno.ChildProcess {
  return new Deno.Command("sh", {
    args: ["-c", "sleep 100 & sleep 100"],
    detached: true,
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
}

Deno.test("readStat() reads the group and start time of a process", () => {
  const self = readStat(Deno.pid);
  assert.ok(self);
  assert.ok(self.startTime > 0);
  assert.equal(readStat(2 ** 30), undefined);
});

Deno.test("killLeftovers() kills a recorded group and removes the record", async () => {
  const dir = Deno.makeTempDirSync();
  const child = spawnGroup();
  await new Promise((r) => setTimeout(r, 100));
  new ProcessRecords(dir).add("job-1", 1, child.pid);
  assert.ok(groupMembers(child.pid).length >= 2);

  // A new life of the worker.
  const killed = new ProcessRecords(dir).killLeftovers();
  assert.deepEqual(killed, [{ jobId: "job-1", attempt: 1, pgid: child.pid }]);
  const status = await child.status;
  assert.equal(status.signal, "SIGKILL");
  await assertGroupGone(child.pid);
  assert.deepEqual([...Deno.readDirSync(dir)], []);
});

Deno.test("killLeftovers() spares a group whose leader has another start time", async () => {
  const dir = Deno.makeTempDirSync();
  const child = spawnGroup();
  await new Promise((r) => setTimeout(r, 100));
  const start = readStat(child.pid)!.startTime;
  Deno.writeTextFileSync(
    `${dir}/job-2.1.json`,
    JSON.stringify({ jobId: "job-2", attempt: 1, pgid: child.pid, startTime: start - 1 }),
  );
  assert.deepEqual(new ProcessRecords(dir).killLeftovers(), []);
  assert.ok(groupMembers(child.pid).length >= 2);
  Deno.kill(-child.pid, "SIGKILL");
  await child.status;
  assert.deepEqual([...Deno.readDirSync(dir)], []);
});

Deno.test("remove() forgets an attempt", () => {
  const dir = Deno.makeTempDirSync();
  const records = new ProcessRecords(dir);
  records.add("job-3", 2, Deno.pid);
  assert.ok(Deno.statSync(`${dir}/${JOURNAL}`).size > 0);
  records.remove("job-3", 2);
  records.remove("job-3", 2);
  // Nothing runs any more: the journal is empty, and a new life finds nothing to kill.
  assert.equal(Deno.statSync(`${dir}/${JOURNAL}`).size, 0);
  assert.deepEqual(new ProcessRecords(dir).killLeftovers(), []);
  records.close();
});

Deno.test("the journal keeps only what still runs, across removes and compaction", async () => {
  const dir = Deno.makeTempDirSync();
  const child = spawnGroup();
  await new Promise((r) => setTimeout(r, 100));
  const records = new ProcessRecords(dir);
  records.add("keep", 1, child.pid);
  // Many attempts come and go while `keep` runs: the journal is compacted on the way.
  for (let i = 0; i < 5000; i++) {
    records.add(`gone-${i}`, 1, Deno.pid);
    records.remove(`gone-${i}`, 1);
  }
  assert.ok(Deno.statSync(`${dir}/${JOURNAL}`).size < 4096 * 200);
  // A torn last line (a crash in the middle of an append) is ignored.
  Deno.writeTextFileSync(`${dir}/${JOURNAL}`, '{"op":"+","jobId":"tor', { append: true });
  const killed = new ProcessRecords(dir).killLeftovers();
  assert.deepEqual(killed, [{ jobId: "keep", attempt: 1, pgid: child.pid }]);
  assert.equal((await child.status).signal, "SIGKILL");
  await assertGroupGone(child.pid);
  assert.deepEqual([...Deno.readDirSync(dir)], []);
  records.close();
});
