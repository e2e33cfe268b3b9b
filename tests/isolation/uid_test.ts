/**
 * Under a root worker each running attempt has a uid of its own: two concurrent jobs get
 * different uids, and one can neither signal the other's processes nor read its
 * /proc/<pid>/environ (where its secrets are). Real manager and worker processes.
 */
import assert from "node:assert/strict";
import { Cluster, waitFor } from "../support/cluster.ts";
import { skipReason } from "./support.ts";

Deno.test({
  name: "isolation: concurrent attempts run under different uids and cannot reach each other",
  ignore: skipReason !== "",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const c = new Cluster({ runAs: "" }); // the default: a uid per attempt
    try {
      Deno.chmodSync(c.dir, 0o755);
      const shared = `${c.dir}/shared`;
      Deno.mkdirSync(shared, { mode: 0o777 });
      Deno.chmodSync(shared, 0o1777);
      await c.startManager();
      c.startWorker("worker-1");
      await c.waitForWorkers(1);

      const victim = await c.submit(
        `id -u > ${shared}/victim.uid.tmp; mv ${shared}/victim.uid.tmp ${shared}/victim.uid; ` +
          `echo $$ > ${shared}/victim.pid.tmp; mv ${shared}/victim.pid.tmp ${shared}/victim.pid; ` +
          `sleep 30`,
        { env: { SECRET: "victim-secret" } },
      );
      await waitFor(
        () => {
          try {
            return Deno.readTextFileSync(`${shared}/victim.pid`).trim() !== "";
          } catch {
            return false;
          }
        },
        15_000,
        () => c.logs(),
      );
      const pid = Deno.readTextFileSync(`${shared}/victim.pid`).trim();
      const attacker = await c.submit(
        `id -u; kill -9 ${pid} 2>/dev/null && echo signalled || echo cannot-signal; ` +
          `cat /proc/${pid}/environ 2>/dev/null | tr '\\0' '\\n' | grep SECRET || echo cannot-read`,
      );
      const done = await c.waitForState(attacker, undefined, 15_000);
      assert.equal(done.state, "COMPLETED", done.stderr);
      const [uid, signalled, read] = done.stdout.trim().split("\n");
      const victimUid = Deno.readTextFileSync(`${shared}/victim.uid`).trim();
      for (const u of [uid, victimUid]) {
        assert.ok(Number(u) >= 61000 && Number(u) <= 61999, `uid ${u} from the range`);
      }
      assert.notEqual(uid, victimUid, "each running attempt has a uid of its own");
      assert.equal(signalled, "cannot-signal");
      assert.equal(read, "cannot-read");
      assert.equal((await c.status(victim)).state, "RUNNING", "the victim runs on");
      await c.call("CancelJob", { jobId: victim });
      await c.waitForState(victim, ["CANCELLED"], 15_000);
    } finally {
      await c.stop();
    }
  },
});
