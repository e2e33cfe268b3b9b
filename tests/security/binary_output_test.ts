/**
 * Output that is not UTF-8 stays exact: a job printing random bytes gets them back byte for
 * byte through GetJobStatus (include_raw_output) and `titan logs`, while the string form says
 * it is lossy. Before, the string was all there was: 100,000 random bytes came back as some
 * 180,000 bytes of UTF-8 full of replacement characters, with nothing to say so.
 */
import assert from "node:assert/strict";
import { Cluster } from "../support/cluster.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const CLI = new URL("../../cli/main.ts", import.meta.url).pathname;

function sameBytes(actual: Uint8Array, expected: Uint8Array, what: string) {
  assert.equal(
    actual.length,
    expected.length,
    `${what}: ${actual.length} bytes, not ${expected.length}`,
  );
  const first = actual.findIndex((b, i) => b !== expected[i]);
  assert.equal(first, -1, `${what}: differs at byte ${first}`);
}

Deno.test({
  name: "binary output is byte-exact through GetJobStatus and titan logs, and flagged lossy",
  ...opts,
  fn: async () => {
    const cluster = await Cluster.start({ workers: 1 });
    try {
      const random = new Uint8Array(100_000);
      for (let i = 0; i < random.length; i += 65_536) {
        crypto.getRandomValues(random.subarray(i, i + 65_536));
      }
      const file = `${cluster.dir}/random.bin`;
      Deno.writeFileSync(file, random);

      // Finished: stored output.
      const done = await cluster.submit(`cat ${file}; printf 'caf\\303\\251' >&2`);
      await cluster.waitForState(done, ["COMPLETED"]);
      const plain = await cluster.call("GetJobStatus", { jobId: done });
      assert.equal(plain.stdoutLossy, true, "random bytes are not valid UTF-8");
      assert.equal(plain.stderrLossy, false, "valid UTF-8 is not lossy");
      assert.equal(plain.stderr, "café");
      assert.equal(plain.stdoutRaw.length, 0, "raw bytes only when asked for");
      const raw = await cluster.call("GetJobStatus", { jobId: done, includeRawOutput: true });
      sameBytes(raw.stdoutRaw, random, "stdout_raw");
      sameBytes(raw.stderrRaw, new TextEncoder().encode("café"), "stderr_raw");

      const logs = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", CLI, "--manager", cluster.address, "logs", done],
        env: { NO_COLOR: "1", TITAN_TOKEN: "", TITAN_TOKEN_FILE: "" },
        stdout: "piped",
        stderr: "piped",
        signal: AbortSignal.timeout(30_000),
      }).output();
      assert.equal(logs.code, 0, new TextDecoder().decode(logs.stderr));
      sameBytes(logs.stdout, random, "titan logs stdout");

      // Running: the live copy is exact too.
      const running = await cluster.submit(`cat ${file}; sleep 30`);
      await cluster.waitForState(running, ["RUNNING"]);
      let live = await cluster.call("GetJobStatus", { jobId: running, includeRawOutput: true });
      for (let i = 0; i < 100 && live.stdoutRaw.length < random.length; i++) {
        await new Promise((r) => setTimeout(r, 100));
        live = await cluster.call("GetJobStatus", { jobId: running, includeRawOutput: true });
      }
      assert.equal(live.state, "RUNNING");
      sameBytes(live.stdoutRaw, random, "live stdout_raw");
      assert.equal(live.stdoutLossy, true);
      await cluster.call("CancelJob", { jobId: running });
    } finally {
      await cluster.stop();
    }
  },
});
