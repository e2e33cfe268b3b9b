/**
 * The CLI end to end against a fake ManagerService (grpc-js in this process): the CLI runs as
 * a subprocess so its output and exit codes are the real ones.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { grpc, type JobEvent, titan, type WorkerInfo } from "../shared/proto.ts";
import { at, job } from "./test_util.ts";

const CLI = new URL("./main.ts", import.meta.url).pathname;
const JOB_ID = "0b7e2c1a-0000-4000-8000-000000000001";

interface Call {
  method: string;
  request: Record<string, unknown>;
  metadata: grpc.Metadata;
}

interface Fake {
  address: string;
  calls: Call[];
  close(): Promise<void>;
}

/** Any handler: typed loosely, the fake answers whatever a test needs. */
// deno-lint-ignore no-explicit-any
type Handler = (call: any, cb: any) => void;

/** Start a ManagerService with `handlers` on 127.0.0.1:<random>, recording every call. */
async function startFake(
  handlers: Record<string, Handler>,
  address = "127.0.0.1:0",
): Promise<Fake> {
  const calls: Call[] = [];
  const recorded: grpc.UntypedServiceImplementation = {};
  for (const [method, handler] of Object.entries(handlers)) {
    recorded[method] = (call: grpc.ServerUnaryCall<unknown, unknown>, cb?: unknown) => {
      calls.push({
        method,
        request: call.request as Record<string, unknown>,
        metadata: call.metadata,
      });
      return (handler as (c: unknown, cb?: unknown) => void)(call, cb);
    };
  }
  const server = new grpc.Server();
  server.addService(titan.ManagerService.service, recorded as grpc.UntypedServiceImplementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(
      address,
      grpc.ServerCredentials.createInsecure(),
      (e, p) => (e ? reject(e) : resolve(p)),
    )
  );
  return {
    address: `127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.forceShutdown();
        resolve();
      }),
  };
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `titan <args>` with a clean TITAN_* environment plus `env`. */
async function titanCli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, ...args],
    env: {
      NO_COLOR: "1",
      TITAN_MANAGER: "",
      TITAN_TOKEN: "",
      TITAN_TOKEN_FILE: "",
      TITAN_TLS_CA: "",
      ...env,
    },
    stdout: "piped",
    stderr: "piped",
    // A hung CLI must fail the test, not hang the suite.
    signal: AbortSignal.timeout(30_000),
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

const opts = { sanitizeOps: false, sanitizeResources: false };

/** A unary handler answering `fn(request)`. */
function answer<T>(fn: (req: Record<string, string>) => T): Handler {
  return (call: { request: Record<string, string> }, cb: grpc.sendUnaryData<T>) =>
    cb(null, fn(call.request));
}

/** A WatchJob handler writing `events` and ending the stream. */
function watch(events: JobEvent[]): Handler {
  return (call: grpc.ServerWritableStream<unknown, JobEvent>) => {
    for (const e of events) call.write(e);
    call.end();
  };
}

const out = (stream: "STDOUT" | "STDERR", text: string, attempt = 1): JobEvent => ({
  output: { stream: `OUTPUT_STREAM_${stream}`, data: Buffer.from(text), attempt },
});

Deno.test("submit prints the job id and sends the command, env and options", opts, async () => {
  const fake = await startFake({
    SubmitJob: answer(() => ({ jobId: JOB_ID, state: "PENDING" })),
  });
  try {
    const run = await titanCli([
      "submit",
      "--manager",
      fake.address,
      "--env",
      "A=1,B=x=y",
      "--cwd",
      "/tmp",
      "--timeout",
      "30",
      "--retries",
      "2",
      "--priority=-5",
      "--idempotency-key",
      "k1",
      "--",
      "sh",
      "-c",
      'echo "$A"',
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `${JOB_ID}\n`);
    const { request } = fake.calls[0];
    assert.equal(request.command, `sh -c 'echo "$A"'`);
    assert.deepEqual(request.env, { A: "1", B: "x=y" });
    assert.equal(request.cwd, "/tmp");
    assert.equal(request.timeoutSeconds, 30);
    assert.equal(request.maxRetries, 2);
    assert.equal(request.priority, -5);
    assert.equal(request.idempotencyKey, "k1");

    const single = await titanCli(["submit", "--manager", fake.address, "--", "ls | wc -l"]);
    assert.equal(single.code, 0, single.stderr);
    assert.equal(fake.calls[1].request.command, "ls | wc -l");
    assert.deepEqual(fake.calls[1].request.env, {});
  } finally {
    await fake.close();
  }
});

Deno.test("submit --wait streams the output live and exits with the job's code", opts, async () => {
  const fake = await startFake({
    SubmitJob: answer(() => ({ jobId: JOB_ID, state: "PENDING" })),
    WatchJob: watch([
      { status: job({ state: "PENDING" }) },
      { status: job({ state: "RUNNING", attempt: 1, workerId: "worker-1" }) },
      out("STDOUT", "hello\n"),
      out("STDERR", "oops\n"),
      out("STDOUT", "world\n"),
      { status: job({ state: "FAILED", attempt: 1, exitCode: 3 }) },
    ]),
  });
  try {
    const run = await titanCli(["submit", "--wait", "--manager", fake.address, "--", "x"]);
    assert.equal(run.code, 3, run.stderr);
    assert.equal(run.stdout, "hello\nworld\n", "stdout is exactly the job's stdout");
    assert.match(run.stderr, new RegExp(`^${JOB_ID}\n`), "the id goes to stderr");
    assert.match(run.stderr, /oops\n/);
    const watchCall = fake.calls.find((c) => c.method === "WatchJob");
    assert.deepEqual(watchCall?.request, { jobId: JOB_ID, fromStart: true });
  } finally {
    await fake.close();
  }
});

Deno.test("submit --wait maps signals, cancel and success to exit codes", opts, async () => {
  const cases: [Parameters<typeof job>[0], number][] = [
    [{ state: "COMPLETED", exitCode: 0 }, 0],
    [{ state: "FAILED", signal: "SIGKILL" }, 137],
    [{ state: "CANCELLED" }, 130],
    [{ state: "FAILED", error: "could not start" }, 1],
  ];
  for (const [final, code] of cases) {
    const fake = await startFake({
      SubmitJob: answer(() => ({ jobId: JOB_ID, state: "PENDING" })),
      WatchJob: watch([
        { status: job({ state: "RUNNING", attempt: 1 }) },
        { status: job({ attempt: 1, ...final }) },
      ]),
    });
    try {
      const run = await titanCli(["submit", "--wait", "--manager", fake.address, "--", "x"]);
      assert.equal(run.code, code, `${JSON.stringify(final)}: ${run.stderr}`);
    } finally {
      await fake.close();
    }
  }
});

Deno.test("submit --wait on a job already ended prints the replayed output", opts, async () => {
  const done = job({
    state: "COMPLETED",
    attempt: 1,
    exitCode: 0,
    stdoutTruncated: true,
    stdoutBytes: 5000,
  });
  const fake = await startFake({
    SubmitJob: answer(() => ({ jobId: JOB_ID, state: "COMPLETED", deduplicated: true })),
    // As the manager does: the status, the stored output, the end.
    WatchJob: watch([{ status: done }, out("STDOUT", "stored out\n"), out("STDERR", "err\n")]),
  });
  try {
    const run = await titanCli(["submit", "--wait", "--manager", fake.address, "--", "x"]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, "stored out\n");
    assert.match(run.stderr, /existing job/);
    assert.match(run.stderr, /err\n/);
    assert.match(run.stderr, /stdout truncated: 5000 bytes/);
  } finally {
    await fake.close();
  }
});

Deno.test("submit --wait notes a retry between attempts", opts, async () => {
  const fake = await startFake({
    SubmitJob: answer(() => ({ jobId: JOB_ID, state: "PENDING" })),
    WatchJob: watch([
      { status: job({ state: "RUNNING", attempt: 1 }) },
      out("STDOUT", "try 1\n", 1),
      { status: job({ state: "PENDING", attempt: 1, error: "exit code 1" }) },
      { status: job({ state: "RUNNING", attempt: 2 }) },
      out("STDOUT", "try 2\n", 2),
      { status: job({ state: "COMPLETED", attempt: 2, exitCode: 0 }) },
    ]),
  });
  try {
    const run = await titanCli(["submit", "--wait", "--manager", fake.address, "--", "x"]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, "try 1\ntry 2\n");
    assert.match(run.stderr, /attempt 1 ended \(exit code 1\); retrying as attempt 2/);
  } finally {
    await fake.close();
  }
});

Deno.test("submit --wait stops waiting if the stream stays open after the end", opts, async () => {
  const fake = await startFake({
    SubmitJob: answer(() => ({ jobId: JOB_ID, state: "PENDING" })),
    WatchJob: (call: { write(e: JobEvent): void }) => {
      call.write({ status: job({ state: "RUNNING", attempt: 1 }) });
      call.write({ status: job({ state: "FAILED", attempt: 1, exitCode: 4 }) });
      // Never ends the stream.
    },
  });
  try {
    const run = await titanCli(["submit", "--wait", "--manager", fake.address, "--", "x"]);
    assert.equal(run.code, 4, run.stderr);
  } finally {
    await fake.close();
  }
});

Deno.test("logs -f follows from the start; a stream cut short asks the status", opts, async () => {
  const fake = await startFake({
    WatchJob: watch([
      { status: job({ state: "RUNNING", attempt: 1 }) },
      out("STDOUT", "part 1\n"),
    ]),
    GetJobStatus: answer(() => job({ state: "FAILED", exitCode: 2, stdout: "unused\n" })),
  });
  try {
    const run = await titanCli(["logs", "-f", JOB_ID, "--manager", fake.address]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, "part 1\n");
    assert.deepEqual(fake.calls.map((c) => c.method), ["WatchJob", "GetJobStatus"]);
    assert.equal(fake.calls[0].request.fromStart, true);
  } finally {
    await fake.close();
  }
});

Deno.test(
  "submit --wait reconnects to a restarted manager, skips replayed output",
  opts,
  async () => {
    const running = job({ state: "RUNNING", attempt: 1 });
    let second: Fake | undefined;
    const first: Fake = await startFake({
      SubmitJob: answer(() => ({ jobId: JOB_ID, state: "PENDING" })),
      WatchJob: (call: grpc.ServerWritableStream<unknown, JobEvent>) => {
        call.write({ status: running });
        call.write(out("STDOUT", "line 1\n"));
        // The manager goes down, and comes back on the same port a little later.
        setTimeout(async () => {
          await first.close();
          second = await startFake({
            WatchJob: watch([
              { status: running },
              out("STDOUT", "line 1\nline 2\n"), // the replay, longer by now
              out("STDOUT", "line 3\n"),
              { status: job({ state: "COMPLETED", attempt: 1, exitCode: 0 }) },
            ]),
          }, first.address);
        }, 100);
      },
    });
    try {
      const run = await titanCli(["submit", "--wait", "--manager", first.address, "--", "x"]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, "line 1\nline 2\nline 3\n");
      assert.match(run.stderr, /lost the watch of job .*; reconnecting/);
      assert.match(run.stderr, /reconnected/);
      assert.equal(second?.calls.length, 1);
    } finally {
      await first.close();
      await second?.close();
    }
  },
);

Deno.test("logs prints the stored stdout and stderr apart and notes truncation", opts, async () => {
  const fake = await startFake({
    GetJobStatus: answer(() =>
      job({
        state: "COMPLETED",
        stdout: "out\n",
        stderr: "err\n",
        stdoutTruncated: true,
        stdoutBytes: 9999,
      })
    ),
  });
  try {
    const run = await titanCli(["logs", JOB_ID, "--manager", fake.address]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, "out\n");
    assert.match(run.stderr, /^err\n/);
    assert.match(run.stderr, /stdout truncated: 9999 bytes/);
  } finally {
    await fake.close();
  }
});

Deno.test("status shows a readable block, or the JobStatus as JSON", opts, async () => {
  const status = job({
    jobId: JOB_ID,
    command: "echo hi",
    state: "COMPLETED",
    workerId: "worker-1",
    attempt: 1,
    exitCode: 0,
    stdout: "hi\n",
    stdoutBytes: 3,
    createdAt: at(Date.now() - 60_000),
    startedAt: at(Date.now() - 59_000),
    finishedAt: at(Date.now() - 58_000),
  });
  const fake = await startFake({ GetJobStatus: answer(() => status) });
  try {
    const text = await titanCli(["status", JOB_ID, "--manager", fake.address]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^State:\s+COMPLETED$/m);
    assert.match(text.stdout, /^Worker:\s+worker-1$/m);
    assert.match(text.stdout, /^Outcome:\s+exit code 0$/m);
    assert.match(text.stdout, /^Duration:\s+1.0s$/m);
    assert.match(text.stdout, /\n--- stdout ---\nhi\n$/);
    assert.equal(fake.calls[0].request.jobId, JOB_ID);

    const json = await titanCli(["status", JOB_ID, "--json", "--manager", fake.address]);
    assert.equal(json.code, 0, json.stderr);
    const parsed = JSON.parse(json.stdout);
    assert.equal(parsed.jobId, JOB_ID);
    assert.equal(parsed.state, "COMPLETED");
    assert.equal(parsed.exitCode, 0);
    assert.equal(parsed.stdout, "hi\n");
    assert.equal("_exitCode" in parsed, false, "no proto-loader oneof markers");
    // Timestamps print as RFC 3339, as proto3 JSON (and grpcurl) spell them; unset ones not at all.
    assert.equal(parsed.createdAt, new Date(Date.parse(parsed.createdAt)).toISOString());
    assert.equal(Date.parse(parsed.finishedAt) - Date.parse(parsed.startedAt), 1000);
    assert.equal("notBefore" in parsed, false);
  } finally {
    await fake.close();
  }
});

Deno.test("list sends filters and prints a table, the next-page hint, or JSON", opts, async () => {
  const jobs = [
    job({ jobId: JOB_ID, state: "RUNNING", workerId: "worker-2", attempt: 1 }),
    job({
      jobId: JOB_ID.replace(/1$/, "2"),
      state: "PENDING",
      command: "sleep 100",
      pendingReason: "no healthy worker has label gpu=true",
    }),
  ];
  const fake = await startFake({
    ListJobs: answer(() => ({ jobs, nextPageToken: "tok-2" })),
  });
  try {
    const run = await titanCli([
      "list",
      "--state",
      "running,PENDING",
      "--limit",
      "2",
      "--manager",
      fake.address,
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(fake.calls[0].request, {
      states: ["RUNNING", "PENDING"],
      pageSize: 2,
      pageToken: "",
      name: "",
      queue: "",
    });
    const lines = run.stdout.trimEnd().split("\n");
    assert.equal(lines.length, 3);
    assert.match(
      lines[0],
      /^ID\s+STATE\s+WORKER\s+ATTEMPT\s+EXIT\s+AGE\s+DURATION\s+COMMAND\s+REASON$/,
    );
    assert.match(lines[1], new RegExp(`^${JOB_ID}\\s+RUNNING\\s+worker-2\\s+1\\s+-`));
    assert.match(lines[2], /PENDING.*sleep 100\s+no healthy worker has label gpu=true$/);
    assert.match(
      run.stderr,
      /More jobs: titan list --state running,PENDING --limit 2 --page-token tok-2/,
    );

    const json = await titanCli([
      "list",
      "--json",
      "--page-token",
      "tok-2",
      "--manager",
      fake.address,
    ]);
    assert.equal(json.code, 0, json.stderr);
    assert.equal(fake.calls[1].request.pageToken, "tok-2");
    const parsed = JSON.parse(json.stdout);
    assert.equal(parsed.jobs.length, 2);
    assert.equal(parsed.nextPageToken, "tok-2");
  } finally {
    await fake.close();
  }
});

Deno.test("workers, cancel and drain call the manager and print the answer", opts, async () => {
  const worker: WorkerInfo = {
    workerId: "worker-1",
    state: "WORKER_STATE_HEALTHY",
    slots: 4,
    running: 2,
    labels: { zone: "a" },
    lastHeartbeat: at(Date.now()),
    capacity: { cpuMillis: 2000 },
    allocated: { cpuMillis: 1000 },
    isolation: "process-group",
  };
  const fake = await startFake({
    ListWorkers: answer(() => ({ workers: [worker] })),
    CancelJob: answer((req) => ({ jobId: req.jobId, state: "RUNNING" })),
    DrainWorker: answer((req) => ({ workerId: req.workerId, state: "WORKER_STATE_DRAINING" })),
  });
  try {
    const workers = await titanCli(["workers", "--manager", fake.address]);
    assert.equal(workers.code, 0, workers.stderr);
    assert.match(workers.stdout, /^ID\s+STATE\s+SLOTS\s+CPU\s+MEMORY MiB\s+DEVICES\s+ISOLATION/);
    assert.match(
      workers.stdout,
      /worker-1\s+HEALTHY\s+2\/4\s+1\/2\s+-\s+-\s+process-group\s+zone=a\s+\ds ago/,
    );

    const cancel = await titanCli(["cancel", JOB_ID, "--manager", fake.address]);
    assert.equal(cancel.code, 0, cancel.stderr);
    assert.match(cancel.stdout, new RegExp(`^${JOB_ID} RUNNING: cancelling`));

    const drain = await titanCli(["drain", "worker-1", "--manager", fake.address]);
    assert.equal(drain.code, 0, drain.stderr);
    assert.equal(drain.stdout, "worker-1 DRAINING\n");
    assert.deepEqual(fake.calls.map((c) => c.method), ["ListWorkers", "CancelJob", "DrainWorker"]);
    assert.equal(fake.calls[2].request.workerId, "worker-1");
  } finally {
    await fake.close();
  }
});

Deno.test("submit sends resources, selector and queue", opts, async () => {
  const fake = await startFake({
    SubmitJob: answer(() => ({ jobId: JOB_ID, state: "PENDING", deduplicated: false })),
  });
  try {
    const run = await titanCli([
      "submit",
      "--cpu",
      "1.5",
      "--memory",
      "2048",
      "--device",
      "gpu=1",
      "--selector",
      "gpu=true",
      "--selector",
      "zone=a",
      "--queue",
      "etl",
      "--manager",
      fake.address,
      "--",
      "./train.sh",
    ]);
    assert.equal(run.code, 0, run.stderr);
    const req = fake.calls[0].request;
    assert.deepEqual(req.resources, { cpuMillis: 1500, memoryMb: 2048, devices: { gpu: 1 } });
    assert.deepEqual(req.selector, { gpu: "true", zone: "a" });
    assert.equal(req.queue, "etl");
    const bad = await titanCli([
      "submit",
      "--device",
      "gpu=x",
      "--manager",
      fake.address,
      "--",
      "t",
    ]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /invalid --device gpu=x: the count must be a whole number/);
  } finally {
    await fake.close();
  }
});

Deno.test("queues lists the queues; queue set/pause/resume update one", opts, async () => {
  const etl = { name: "etl", maxRunning: 4, paused: false, pending: 2, running: 1 };
  const fake = await startFake({
    ListQueues: answer(() => ({ queues: [etl] })),
    UpdateQueue: answer((req) => ({
      ...etl,
      ...(req.maxRunning !== undefined ? { maxRunning: req.maxRunning } : {}),
      ...(req.paused !== undefined ? { paused: req.paused } : {}),
    })),
  });
  try {
    const list = await titanCli(["queues", "--manager", fake.address]);
    assert.equal(list.code, 0, list.stderr);
    assert.match(
      list.stdout,
      /^NAME\s+STATE\s+MAX RUNNING\s+RUNNING\s+PENDING\netl\s+active\s+4\s+1\s+2\n$/,
    );
    const set = await titanCli([
      "queue",
      "set",
      "etl",
      "--max-running",
      "0",
      "--manager",
      fake.address,
    ]);
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /etl\s+active\s+-/);
    const pause = await titanCli(["queue", "pause", "etl", "--manager", fake.address]);
    assert.match(pause.stdout, /etl\s+paused/);
    const resume = await titanCli(["queue", "resume", "etl", "--manager", fake.address]);
    assert.match(resume.stdout, /etl\s+active/);
    const updates = fake.calls.filter((c) => c.method === "UpdateQueue").map((c) => c.request);
    assert.equal(updates[0].maxRunning, 0);
    assert.equal(updates[0].paused, undefined);
    assert.equal(updates[1].paused, true);
    assert.equal(updates[2].paused, false);
    assert.equal(updates[1].maxRunning, undefined);

    const missing = await titanCli(["queue", "set", "etl", "--manager", fake.address]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /queue set needs --max-running N/);
    const unknown = await titanCli(["queue", "drop", "etl", "--manager", fake.address]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown queue action "drop"/);
    assert.equal(fake.calls.filter((c) => c.method === "UpdateQueue").length, 3);
  } finally {
    await fake.close();
  }
});

Deno.test("a token is sent as authorization metadata, from flag, file or env", opts, async () => {
  const fake = await startFake({ ListWorkers: answer(() => ({ workers: [] })) });
  const file = await Deno.makeTempFile();
  try {
    await Deno.writeTextFile(file, "from-file\n");
    await titanCli(["workers", "--manager", fake.address]);
    await titanCli(["workers", "--manager", fake.address, "--token", "s3cret"]);
    await titanCli(["workers", "--manager", fake.address, "--token-file", file]);
    await titanCli(["workers"], { TITAN_MANAGER: fake.address, TITAN_TOKEN: "from-env" });
    assert.deepEqual(fake.calls.map((c) => c.metadata.get("authorization")), [
      [],
      ["Bearer s3cret"],
      ["Bearer from-file"],
      ["Bearer from-env"],
    ]);
  } finally {
    await Deno.remove(file);
    await fake.close();
  }
});

Deno.test("gRPC errors print the status name and exit 1", opts, async () => {
  const fake = await startFake({
    GetJobStatus: (_call, cb: grpc.sendUnaryData<unknown>) =>
      cb({ code: grpc.status.NOT_FOUND, details: `job ${JOB_ID} not found` }),
    ListWorkers: (_call, cb: grpc.sendUnaryData<unknown>) =>
      cb({ code: grpc.status.UNAUTHENTICATED, details: "bad token" }),
  });
  try {
    const run = await titanCli(["status", JOB_ID, "--manager", fake.address]);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, "");
    assert.equal(run.stderr, `error: NOT_FOUND: job ${JOB_ID} not found\n`);

    const auth = await titanCli(["workers", "--manager", fake.address]);
    assert.equal(auth.code, 1);
    assert.match(auth.stderr, /^error: UNAUTHENTICATED: bad token\n.*--token/);
  } finally {
    await fake.close();
  }
});

Deno.test("UNAVAILABLE says the manager is unreachable and how to start one", opts, async () => {
  // A port that was just free: nothing listens on it.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const address = `127.0.0.1:${(listener.addr as Deno.NetAddr).port}`;
  listener.close();
  const run = await titanCli(["list", "--manager", address]);
  assert.equal(run.code, 1);
  assert.match(
    run.stderr,
    new RegExp(`^error: UNAVAILABLE: the manager at ${address} is unreachable`),
  );
  assert.match(run.stderr, /deno task dev/);
});

Deno.test("bad usage exits 2 with a usage line; help exits 0", opts, async () => {
  for (
    const args of [
      [],
      ["frob"],
      ["status"],
      ["submit"],
      ["list", "--wait"],
      ["list", "--state", "DONE"],
      ["list", "--limit", "0"],
      ["submit", "--env", "noequals", "--", "x"],
    ]
  ) {
    const run = await titanCli(args);
    assert.equal(run.code, 2, `${args.join(" ")}: ${run.stderr}`);
    assert.match(run.stderr, /^error: .*\nusage: titan/, args.join(" "));
    assert.equal(run.stdout, "");
  }
  const help = await titanCli(["help", "submit"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /usage: titan submit/);
  const dashH = await titanCli(["list", "-h"]);
  assert.equal(dashH.code, 0);
  assert.match(dashH.stdout, /--page-token/);
});
