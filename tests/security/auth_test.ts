/**
 * Authentication, end to end against a real manager (subprocess) with both tokens set:
 * every ManagerService RPC and WorkerService.Connect × {no token, wrong tokens, the other
 * service's token, the right token}; the protected default (no non-loopback bind without
 * tokens unless --insecure); tokens read from files; and the matrix through `buf curl -H`.
 */
import assert from "node:assert/strict";
import { ensureBuf, runBuf } from "../support/buf.ts";
import { freePort, Proc } from "../support/cluster.ts";
import {
  bearer,
  Code,
  codeName,
  grpcMetadata,
  newTokens,
  type Outcome,
  SecureCluster,
  type Tokens,
  unary,
  waitFor,
  watchAll,
  watchFirst,
  workerStream,
} from "./helpers.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

const buf = await ensureBuf();
if (!buf.path) console.warn(`SKIP buf curl auth matrix: ${buf.reason}`);

/** One way of presenting (or not) a token, as raw `authorization` header values. */
interface Presented {
  name: string;
  /** The authorization header value; undefined = no header at all. */
  header: (t: Tokens) => string | undefined;
}

/** Everything that must be refused on ManagerService. */
const WRONG_FOR_CLIENT: Presented[] = [
  { name: "no token", header: () => undefined },
  { name: "wrong token", header: (t) => `Bearer ${"x".repeat(t.client.length)}` },
  { name: "worker token on the client service", header: (t) => `Bearer ${t.worker}` },
  { name: "empty bearer", header: () => "Bearer " },
  { name: "client token without the Bearer scheme", header: (t) => t.client },
  { name: "Basic scheme", header: (t) => `Basic ${btoa(`user:${t.client}`)}` },
  { name: "client token plus a suffix", header: (t) => `Bearer ${t.client}x` },
  { name: "a prefix of the client token", header: (t) => `Bearer ${t.client.slice(0, -1)}` },
];

/** Everything that must be refused on WorkerService. */
const WRONG_FOR_WORKER: Presented[] = [
  { name: "no token", header: () => undefined },
  { name: "wrong token", header: (t) => `Bearer ${"y".repeat(t.worker.length)}` },
  { name: "client token on the worker service", header: (t) => `Bearer ${t.client}` },
  { name: "worker token without the Bearer scheme", header: (t) => t.worker },
  { name: "worker token plus a suffix", header: (t) => `Bearer ${t.worker}x` },
];

/** The refusal must name the expected token and must not echo any token. */
function assertRefusal(
  out: { code: number; details: string },
  kind: "client" | "worker",
  tokens: Tokens,
  presented: string | undefined,
  context: string,
): void {
  assert.equal(
    out.code,
    Code.UNAUTHENTICATED,
    `${context}: expected UNAUTHENTICATED, got ${codeName(out.code)} ${out.details}`,
  );
  assert.match(
    out.details,
    kind === "client" ? /client token/ : /worker token/,
    `${context}: the message must say which token is expected: ${out.details}`,
  );
  for (const secret of [tokens.client, tokens.worker, presented ?? ""].filter((s) => s.length)) {
    // The presented value may be e.g. "Bearer " or a Basic credential: check its token part.
    const token = secret.replace(/^(Bearer|Basic) /, "");
    if (token.length < 8) continue;
    assert.ok(
      !out.details.includes(token),
      `${context}: the message leaks a token: ${out.details}`,
    );
  }
}

/**
 * Per RPC: a request for the refused calls (aimed at real targets, so a wrongly accepted
 * call would do harm we can see) and one for the accepted call (harmless).
 */
interface RpcCase {
  method: string;
  refused: (ctx: Ctx) => unknown;
  accepted: (ctx: Ctx) => unknown;
  /** Codes the accepted call may answer (any but UNAUTHENTICATED; listed to be precise). */
  acceptedCodes: number[];
}

interface Ctx {
  pendingJob: string;
  doneJob: string;
}

const UNARY_CASES: RpcCase[] = [
  {
    method: "SubmitJob",
    refused: () => ({ command: "echo should-never-run" }),
    accepted: () => ({ command: "true" }),
    acceptedCodes: [Code.OK],
  },
  {
    method: "SubmitJobs",
    refused: () => ({ jobs: [{ command: "echo should-never-run" }] }),
    accepted: () => ({ jobs: [{ command: "true" }] }),
    acceptedCodes: [Code.OK],
  },
  {
    method: "GetJobStatus",
    refused: (c) => ({ jobId: c.doneJob }),
    accepted: (c) => ({ jobId: c.doneJob }),
    acceptedCodes: [Code.OK],
  },
  {
    method: "ListJobs",
    refused: () => ({}),
    accepted: () => ({}),
    acceptedCodes: [Code.OK],
  },
  {
    method: "CancelJob",
    refused: (c) => ({ jobId: c.pendingJob }),
    accepted: () => ({ jobId: crypto.randomUUID() }),
    acceptedCodes: [Code.NOT_FOUND],
  },
  {
    method: "ListWorkers",
    refused: () => ({}),
    accepted: () => ({}),
    acceptedCodes: [Code.OK],
  },
  {
    method: "DrainWorker",
    refused: () => ({ workerId: "worker-1" }),
    accepted: () => ({ workerId: "no-such-worker" }),
    acceptedCodes: [Code.NOT_FOUND],
  },
];

/**
 * A cluster for the matrix: one worker with one slot (so the worker token is shown to work
 * end to end), one job that completed, one long job in the slot and one PENDING behind it.
 */
async function matrixCluster(): Promise<{ sc: SecureCluster; ctx: Ctx }> {
  // No queue places: the job behind the long one must wait PENDING, not be queued on the worker.
  const sc = await SecureCluster.start({
    workers: 1,
    slots: 1,
    workerArgs: ["--queue-depth", "0"],
  });
  const done = await sc.ok<{ jobId: string }>("SubmitJob", { command: "echo done" });
  const final = await sc.waitForState(done.jobId);
  assert.equal(final.state, "COMPLETED", "the worker runs jobs with the worker token");
  // Fill the only slot, then queue one job behind it: it stays PENDING for the test.
  await sc.ok("SubmitJob", { command: "sleep 120", priority: 10 });
  const pending = await sc.ok<{ jobId: string }>("SubmitJob", { command: "true", priority: -10 });
  return { sc, ctx: { pendingJob: pending.jobId, doneJob: done.jobId } };
}

async function jobCount(sc: SecureCluster): Promise<number> {
  const { jobs } = await sc.ok<{ jobs: unknown[] }>("ListJobs", { pageSize: 1000 });
  return jobs.length;
}

Deno.test({
  name:
    "auth matrix: every unary ManagerService RPC refuses every wrong token, accepts the client token",
  ...opts,
  fn: async (t) => {
    const { sc, ctx } = await matrixCluster();
    try {
      for (const rpc of UNARY_CASES) {
        await t.step(rpc.method, async () => {
          const before = await jobCount(sc);
          for (const p of WRONG_FOR_CLIENT) {
            const header = p.header(sc.tokens);
            const out = await unary(sc.client, rpc.method, rpc.refused(ctx), grpcMetadata(header));
            assert.ok(!out.ok, `${rpc.method} with ${p.name} was accepted`);
            assertRefusal(out, "client", sc.tokens, header, `${rpc.method} with ${p.name}`);
          }
          // Nothing the refused calls asked for happened.
          assert.equal(await jobCount(sc), before, "refused submits created no job");
          const pending = await sc.ok<{ state: string }>("GetJobStatus", { jobId: ctx.pendingJob });
          assert.equal(pending.state, "PENDING", "a refused CancelJob cancelled nothing");
          const { workers } = await sc.ok<{ workers: { workerId: string; state: string }[] }>(
            "ListWorkers",
            {},
          );
          assert.equal(
            workers.find((w) => w.workerId === "worker-1")?.state,
            "WORKER_STATE_HEALTHY",
            "a refused DrainWorker drained nothing",
          );

          const out = await unary(
            sc.client,
            rpc.method,
            rpc.accepted(ctx),
            bearer(sc.tokens.client),
          );
          assert.ok(
            rpc.acceptedCodes.includes(out.code),
            `${rpc.method} with the client token: ${codeName(out.code)} ${
              out.ok ? "" : out.details
            }`,
          );
        });
      }
      await t.step("WatchJob with the client token streams the job", async () => {
        const out = await watchAll(
          sc.client,
          { jobId: ctx.doneJob, fromStart: true },
          bearer(
            sc.tokens.client,
          ),
        );
        assert.ok(out.ok, `WatchJob with the client token: ${JSON.stringify(out)}`);
        assert.ok(out.res.length >= 1, "at least the status event");
      });
      await t.step("WatchJob with a wrong token gets no event", async () => {
        // The status of the refusal is checked in the next test; here: no data reaches a
        // caller without the client token.
        await Promise.all(WRONG_FOR_CLIENT.map(async (p) => {
          const out = await watchFirst(
            sc.client,
            { jobId: ctx.doneJob, fromStart: true },
            grpcMetadata(p.header(sc.tokens)),
            1500,
          );
          assert.ok(!out.ok, `WatchJob with ${p.name} streamed ${JSON.stringify(out)}`);
        }));
      });
    } finally {
      await sc.stop();
    }
  },
});

Deno.test({
  name: "auth matrix: WatchJob refuses every wrong token with UNAUTHENTICATED",
  // Regression guard: before e224ebb the refusal was `call.destroy(err)`, which sends no status.
  ...opts,
  fn: async () => {
    const { sc, ctx } = await matrixCluster();
    try {
      for (const p of WRONG_FOR_CLIENT) {
        const header = p.header(sc.tokens);
        const out = await watchFirst(
          sc.client,
          { jobId: ctx.doneJob },
          grpcMetadata(header),
          5000,
        );
        assert.ok(!out.ok, `WatchJob with ${p.name} streamed`);
        assertRefusal(out, "client", sc.tokens, header, `WatchJob with ${p.name}`);
      }
    } finally {
      await sc.stop();
    }
  },
});

/** A register message of a probe worker that never runs anything (it drains at once). */
function probeRegister(id: string) {
  return [
    {
      register: {
        workerId: id,
        slots: 1,
        sessionId: crypto.randomUUID(),
        version: "auth-probe",
      },
    },
    { heartbeat: { seq: 1, running: 0, draining: true } },
  ];
}

Deno.test({
  name: "auth matrix: WorkerService.Connect accepts only the worker token",
  ...opts,
  fn: async (t) => {
    const sc = await SecureCluster.start({ workers: 1 });
    try {
      await t.step("wrong tokens: no Registered, the worker never appears", async () => {
        await Promise.all(WRONG_FOR_WORKER.map(async (p) => {
          const id = `probe-${crypto.randomUUID().slice(0, 8)}`;
          const res = await workerStream(
            sc.address,
            grpcMetadata(p.header(sc.tokens)),
            probeRegister(id),
          );
          assert.deepEqual(res.received, [], `Connect with ${p.name} got answers`);
          if (res.status) assert.notEqual(res.status.code, Code.OK);
          const { workers } = await sc.ok<{ workers: { workerId: string }[] }>("ListWorkers", {});
          assert.ok(
            !workers.some((w) => w.workerId === id),
            `Connect with ${p.name} registered a worker`,
          );
        }));
      });
      await t.step("the worker token: Registered", async () => {
        const id = `probe-${crypto.randomUUID().slice(0, 8)}`;
        const res = await workerStream(
          sc.address,
          bearer(sc.tokens.worker),
          probeRegister(id),
        );
        assert.ok(
          res.received.some((m) => (m as { msg?: string }).msg === "registered"),
          `Connect with the worker token: ${JSON.stringify(res)}`,
        );
      });
    } finally {
      await sc.stop();
    }
  },
});

Deno.test({
  name: "auth matrix: WorkerService.Connect refuses every wrong token with UNAUTHENTICATED",
  // Regression guard: before e224ebb a refused stream stayed silent (no status).
  ...opts,
  fn: async () => {
    const sc = await SecureCluster.start({ workers: 0 });
    try {
      for (const p of WRONG_FOR_WORKER) {
        const header = p.header(sc.tokens);
        const res = await workerStream(
          sc.address,
          grpcMetadata(header),
          probeRegister(`probe-${crypto.randomUUID().slice(0, 8)}`),
          5000,
        );
        assert.ok(res.status, `Connect with ${p.name}: no status within 5 s`);
        assert.deepEqual(res.received, [], `Connect with ${p.name} got answers`);
        assertRefusal(res.status, "worker", sc.tokens, header, `Connect with ${p.name}`);
      }
    } finally {
      await sc.stop();
    }
  },
});

Deno.test({
  name: "auth matrix through buf curl -H: only the client token passes",
  ignore: !buf.path,
  ...opts,
  fn: async () => {
    const sc = await SecureCluster.start({ workers: 0 });
    try {
      const curl = (header: string | undefined) =>
        runBuf(buf.path!, [
          "curl",
          "--protocol",
          "grpc",
          "--http2-prior-knowledge",
          ...(header === undefined ? [] : ["-H", `authorization: ${header}`]),
          "-d",
          "{}",
          `http://${sc.address}/titan.ManagerService/ListJobs`,
        ]);
      for (const p of WRONG_FOR_CLIENT) {
        const header = p.header(sc.tokens);
        const res = await curl(header);
        // buf curl exits with 8 × the gRPC code and prints the status as JSON on stderr.
        assert.equal(res.code, 8 * Code.UNAUTHENTICATED, `buf curl with ${p.name}: ${res.stderr}`);
        const status = JSON.parse(res.stderr);
        assert.equal(status.code, "unauthenticated");
        assertRefusal(
          { code: Code.UNAUTHENTICATED, details: status.message },
          "client",
          sc.tokens,
          header,
          `buf curl with ${p.name}`,
        );
      }
      const ok = await curl(`Bearer ${sc.tokens.client}`);
      assert.equal(ok.code, 0, `buf curl with the client token: ${ok.stderr}`);
      assert.deepEqual(JSON.parse(ok.stdout), {});
    } finally {
      await sc.stop();
    }
  },
});

// ---------------------------------------------------------------------------------------------
// Protected default
// ---------------------------------------------------------------------------------------------

/** Start a manager with `args` and `env` (tokens cleared unless given). */
function startManager(args: string[], env: Record<string, string> = {}) {
  const dir = Deno.makeTempDirSync({ prefix: "titan-sec-" });
  const port = freePort();
  const httpPort = freePort();
  const proc = new Proc("manager", "manager/main.ts", [
    "--port",
    String(port),
    "--http-port",
    String(httpPort),
    "--data-dir",
    `${dir}/manager`,
    ...args,
  ], {
    TITAN_TOKEN: "",
    TITAN_WORKER_TOKEN: "",
    TITAN_TOKEN_FILE: "",
    TITAN_WORKER_TOKEN_FILE: "",
    TITAN_INSECURE: "",
    TITAN_HOST: "",
    ...env,
  });
  return {
    proc,
    dir,
    port,
    httpPort,
    async ready(): Promise<void> {
      // Ready means: this process logged that it listens on our port (the port came from
      // freePort(), so another test's manager could hold it) and its /readyz answers.
      await waitFor(
        async () => {
          if (!proc.log.includes(`"manager listening"`)) return false;
          const res = await fetch(`http://127.0.0.1:${httpPort}/readyz`).catch(() => undefined);
          await res?.body?.cancel();
          return res?.ok === true;
        },
        30_000,
        () => `manager not ready:\n${proc.log}`,
      );
      assert.match(proc.log, new RegExp(`"grpc":"[^"]*:${port}"`), "listening on our port");
    },
    async stop(): Promise<void> {
      await proc.stop(3000);
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}

/** Waits for the process to exit by itself (bounded) and returns its code. */
async function exitCode(proc: Proc, timeoutMs = 30_000): Promise<number> {
  const timer = setTimeout(() => proc.kill("SIGKILL"), timeoutMs);
  const status = await proc.exited;
  clearTimeout(timer);
  return status.code;
}

Deno.test({
  name: "protected default: a non-loopback --host without both tokens refuses to start",
  ...opts,
  fn: async () => {
    const cases: { name: string; args: string[]; env?: Record<string, string> }[] = [
      { name: "no tokens, 0.0.0.0", args: ["--host", "0.0.0.0"] },
      { name: "no tokens, ::", args: ["--host", "::"] },
      {
        name: "client token only",
        args: ["--host", "0.0.0.0"],
        env: { TITAN_TOKEN: "only-the-client-token" },
      },
      {
        name: "worker token only",
        args: ["--host", "0.0.0.0", "--worker-token", "only-the-worker-token"],
      },
    ];
    for (const c of cases) {
      const m = startManager(c.args, c.env);
      try {
        const code = await exitCode(m.proc);
        assert.equal(code, 2, `${c.name}: exit code ${code}\n${m.proc.log}`);
        assert.match(m.proc.log, /--insecure/, `${c.name}: the message names --insecure`);
        assert.match(m.proc.log, /TITAN_TOKEN/, `${c.name}: the message names the tokens`);
        assert.ok(!m.proc.log.includes("only-the-"), `${c.name}: a token is printed`);
      } finally {
        await m.stop();
      }
    }
  },
});

Deno.test({
  name: "protected default: --insecure starts on 0.0.0.0 (and warns); so do both tokens",
  ...opts,
  fn: async () => {
    const insecure = startManager(["--host", "0.0.0.0", "--insecure"]);
    try {
      await insecure.ready();
      assert.match(insecure.proc.log, /authentication is off/);
      const health = await fetch(`http://127.0.0.1:${insecure.httpPort}/healthz`);
      await health.body?.cancel();
      assert.ok(health.ok);
    } finally {
      await insecure.stop();
    }
    const tokens = newTokens();
    const secured = startManager(["--host", "0.0.0.0"], {
      TITAN_TOKEN: tokens.client,
      TITAN_WORKER_TOKEN: tokens.worker,
    });
    try {
      await secured.ready();
      assert.ok(!secured.proc.log.includes("authentication is off"), secured.proc.log);
      for (const token of [tokens.client, tokens.worker]) {
        assert.ok(!secured.proc.log.includes(token), "a token is in the log");
      }
    } finally {
      await secured.stop();
    }
  },
});

Deno.test({
  name: "protected default: without tokens the manager listens on loopback only and says so",
  ...opts,
  fn: async () => {
    const m = startManager([]);
    try {
      await m.ready();
      assert.match(m.proc.log, /authentication is off/);
      // Another local address of this machine (not loopback) must not reach the port.
      const other = Deno.networkInterfaces().find((i) =>
        i.family === "IPv4" && !i.address.startsWith("127.")
      );
      if (other) {
        const conn = await Deno.connect({ hostname: other.address, port: m.port }).catch(
          (err) => err as Error,
        );
        if (!(conn instanceof Error)) conn.close();
        assert.ok(conn instanceof Error, `the port is reachable on ${other.address}`);
      }
    } finally {
      await m.stop();
    }
  },
});

Deno.test({
  name: "tokens from --token-file / --worker-token-file (trailing newline ignored)",
  ...opts,
  fn: async () => {
    const tokens = newTokens();
    const dir = Deno.makeTempDirSync({ prefix: "titan-sec-tokens-" });
    Deno.writeTextFileSync(`${dir}/client`, `${tokens.client}\n`);
    Deno.writeTextFileSync(`${dir}/worker`, `${tokens.worker}\n`);
    const m = startManager([
      "--host",
      "0.0.0.0",
      "--token-file",
      `${dir}/client`,
      "--worker-token-file",
      `${dir}/worker`,
    ]);
    const { managerClient } = await import("../../shared/proto.ts");
    const client = managerClient(`127.0.0.1:${m.port}`);
    try {
      await m.ready();
      const right = await unary(client, "ListJobs", {}, bearer(tokens.client));
      assert.equal(right.code, Code.OK, JSON.stringify(right));
      const wrong: Outcome = await unary(client, "ListJobs", {}, bearer(tokens.worker));
      assert.equal(wrong.code, Code.UNAUTHENTICATED, JSON.stringify(wrong));
      const worker = await workerStream(
        `127.0.0.1:${m.port}`,
        bearer(tokens.worker),
        probeRegister("file-token-probe"),
      );
      assert.ok(
        worker.received.some((msg) => (msg as { msg?: string }).msg === "registered"),
        `Connect with the worker token from the file: ${JSON.stringify(worker)}`,
      );
    } finally {
      client.close();
      await m.stop();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  },
});

Deno.test({
  name: "a missing --token-file keeps the manager from starting",
  ...opts,
  fn: async () => {
    const m = startManager(["--token-file", "/nonexistent/titan-token"]);
    try {
      const code = await exitCode(m.proc);
      assert.notEqual(code, 0, `exit code ${code}\n${m.proc.log}`);
      assert.match(m.proc.log, /--token-file/);
    } finally {
      await m.stop();
    }
  },
});

Deno.test({
  name: "a missing --token-file is a clear startup error (exit 2, no stack trace)",
  // Regression guard: before e224ebb this crashed with an uncaught ConfigError, exit code 1.
  ...opts,
  fn: async () => {
    for (const flag of ["--token-file", "--worker-token-file"]) {
      const m = startManager([flag, "/nonexistent/titan-token"]);
      try {
        const code = await exitCode(m.proc);
        assert.equal(code, 2, `${flag}: exit code ${code}\n${m.proc.log}`);
        assert.match(m.proc.log, new RegExp(`titan manager: .*${flag}`));
        assert.doesNotMatch(m.proc.log, /Uncaught|\n\s+at /, `${flag}: a stack trace`);
      } finally {
        await m.stop();
      }
    }
  },
});
