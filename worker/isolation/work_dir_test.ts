import assert from "node:assert/strict";
import { attemptHome, closedToOthers } from "./work_dir.ts";
import { FixedUsers, UidPool } from "./users.ts";

Deno.test("closedToOthers() names the first directory others cannot pass", () => {
  const dir = Deno.makeTempDirSync();
  Deno.chmodSync(dir, 0o711);
  Deno.mkdirSync(`${dir}/closed/inner`, { recursive: true });
  Deno.chmodSync(`${dir}/closed`, 0o700);
  Deno.chmodSync(`${dir}/closed/inner`, 0o755);
  assert.equal(closedToOthers(`${dir}/closed/inner`), `${dir}/closed`);
  assert.equal(closedToOthers("/"), "");
});

Deno.test({
  name: "an attempt with a uid of its own gets a private work dir, removed afterwards",
  ignore: Deno.uid() !== 0,
  sanitizeOps: false,
  fn: async () => {
    const work = Deno.makeTempDirSync();
    const pool = new UidPool({ first: 64100, last: 64109 }, Deno.makeTempDirSync());
    try {
      const home = attemptHome(work, { jobId: "j/1", attempt: 2, cwd: "" }, pool);
      assert.equal(home.cwd, `${work}/j_1.2`);
      assert.equal(home.env.HOME, home.cwd);
      const info = Deno.statSync(home.cwd);
      assert.equal(info.uid, home.user!.uid);
      assert.equal((info.mode ?? 0) & 0o777, 0o700);
      home.release(true);
      const exists = () => {
        try {
          return Deno.statSync(home.cwd).isDirectory;
        } catch {
          return false;
        }
      };
      for (let i = 0; i < 100 && exists(); i++) await new Promise((r) => setTimeout(r, 10));
      assert.throws(() => Deno.statSync(home.cwd), Deno.errors.NotFound);
      // A job that names its cwd keeps it; a shared user keeps the shared work dir.
      const named = attemptHome(work, { jobId: "j", attempt: 1, cwd: "/tmp" }, pool);
      assert.equal(named.cwd, "/tmp");
      assert.deepEqual(named.env, {});
      const shared = attemptHome(
        work,
        { jobId: "j", attempt: 1, cwd: "" },
        new FixedUsers(undefined),
      );
      assert.equal(shared.cwd, work);
    } finally {
      pool.close();
    }
  },
});
