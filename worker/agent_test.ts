/**
 * The agent against a fake manager: a real grpc-js server on loopback that records what the
 * worker sends and answers as each test scripts it.
 */
import assert from "node:assert/strict";
import { toDuration } from "../shared/wire_time.ts";
import { Agent, type AgentOptions } from "./agent.ts";
import {
  assertGroupGone,
  type Conn,
  type FakeBehaviour,
  FakeManager,
  quietLogger,
  testExecutor,
} from "./test_util.ts";

function agentFor(fake: FakeManager, more: Partial<AgentOptions> = {}): Agent {
  return new Agent({
    workerId: "w1",
    manager: `127.0.0.1:${fake.port}`,
    slots: 2,
    labels: { zone: "a" },
    version: "test",
    heartbeatIntervalMs: 100,
    heartbeatTimeoutMs: 1000,
    drainTimeoutMs: 2000,
    ackWaitMs: 500,
    backoffInitialMs: 20,
    backoffMaxMs: 100,
    executor: testExecutor(Deno.makeTempDirSync({ prefix: "titan-agent-" }), { killGrace: 0.2 }),
    logger: quietLogger,
    ...more,
  });
}

/** Run `body` with a fake manager and an agent, always cleaning both up. */
async function withAgent(
  behaviour: FakeBehaviour,
  more: Partial<AgentOptions>,
  body: (fake: FakeManager, agent: Agent) => Promise<void>,
): Promise<void> {
  const fake = new FakeManager(behaviour);
  await fake.listen();
  const agent = agentFor(fake, more);
  agent.start();
  try {
    await body(fake, agent);
  } finally {
    await agent.stop();
    fake.close();
  }
}

const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b);
const grpcTest = (name: string, fn: () => Promise<void>) =>
  // grpc-js keeps timers and sockets it closes lazily: resource sanitizers cannot apply.
  Deno.test({ name, fn, sanitizeOps: false, sanitizeResources: false });

grpcTest("the agent registers first, then runs an assignment and reports it", async () => {
  await withAgent({}, {
    token: "s3cret",
    capacity: { cpuMillis: 1500, memoryMb: 512, devices: { gpu: 1 } },
  }, async (fake) => {
    const conn = await fake.waitConns(1);
    await conn.next((m) => m.msg === "register");
    const reg = conn.msgs[0];
    assert.equal(reg.msg, "register");
    assert.equal(reg.register!.workerId, "w1");
    assert.equal(reg.register!.slots, 2);
    assert.deepEqual(reg.register!.labels, { zone: "a" });
    assert.equal(reg.register!.isolation, "process-group");
    assert.deepEqual(reg.register!.capacity, {
      cpuMillis: 1500,
      memoryMb: 512,
      devices: { gpu: 1 },
    });
    assert.ok(reg.register!.sessionId);
    assert.deepEqual(conn.call.metadata.get("authorization"), ["Bearer s3cret"]);

    conn.send({
      assign: { jobId: "j1", attempt: 1, command: "echo out; echo err >&2; exit 7", env: {} },
    });
    const started = await conn.next((m) => m.msg === "started");
    assert.equal(started.started!.jobId, "j1");
    assert.ok(started.started!.pid > 0);
    const fin = (await conn.finished("j1")).finished!;
    assert.equal(fin.attempt, 1);
    assert.equal(fin.exitCode, 7);
    assert.equal(text(fin.stdout), "out\n");
    assert.equal(text(fin.stderr), "err\n");
    assert.equal(fin.stdoutBytes, 4);
    assert.equal(fin.handedBack, false);
    assert.equal(fin.cancelled, false);
    const outputs = conn.msgs.filter((m) => m.msg === "output").map((m) => m.output!);
    assert.equal(
      outputs.filter((o) => o.stream === "OUTPUT_STREAM_STDOUT").map((o) => text(o.data)).join(""),
      "out\n",
    );
    assert.ok(outputs.some((o) => o.stream === "OUTPUT_STREAM_STDERR"));
    // Output comes before the finished report.
    assert.ok(
      conn.msgs.findIndex((m) => m.msg === "output") < conn.msgs.indexOf(
        conn.msgs.find((m) => m.msg === "finished")!,
      ),
    );
    await conn.next((m) => m.msg === "heartbeat");
  });
});

grpcTest("finished reports are resent after every reconnect until acknowledged", async () => {
  await withAgent({ ackFinished: false }, {}, async (fake) => {
    const c1 = await fake.waitConns(1);
    c1.send({ assign: { jobId: "j2", attempt: 3, command: "echo hi" } });
    await c1.finished("j2");
    c1.hangUp();

    const c2 = await fake.waitConns(2);
    const reg = await c2.next((m) => m.msg === "register");
    assert.deepEqual(reg.register!.finished, [{ jobId: "j2", attempt: 3 }]);
    assert.deepEqual(reg.register!.running, []);
    const again = (await c2.finished("j2")).finished!;
    assert.equal(text(again.stdout), "hi\n");
    assert.equal(again.exitCode, 0);
    c2.send({ finishedAck: { jobId: "j2", attempt: 3 } });
    await new Promise((r) => setTimeout(r, 50));
    c2.hangUp();

    const c3 = await fake.waitConns(3);
    const reg3 = await c3.next((m) => m.msg === "register");
    assert.deepEqual(reg3.register!.finished, []);
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(c3.msgs.filter((m) => m.msg === "finished").length, 0);
  });
});

grpcTest("cancel kills the attempt's whole process group", async () => {
  await withAgent({}, {}, async (fake) => {
    const conn = await fake.waitConns(1);
    conn.send({ assign: { jobId: "j3", attempt: 1, command: "sleep 100 & sleep 100" } });
    const pid = (await conn.next((m) => m.msg === "started")).started!.pid;
    conn.send({ cancel: { jobId: "j3", attempt: 1, reason: "user" } });
    const fin = (await conn.finished("j3")).finished!;
    assert.equal(fin.cancelled, true);
    assert.equal(fin.exitCode, undefined);
    assert.equal(fin.signal, "SIGTERM");
    await assertGroupGone(pid);
  });
});

grpcTest("an assign beyond the free slots, or a duplicate, is handled at once", async () => {
  await withAgent({}, { slots: 1 }, async (fake, agent) => {
    const conn = await fake.waitConns(1);
    await conn.next((m) => m.msg === "register");
    conn.send({ assign: { jobId: "j4", attempt: 1, command: "sleep 100" } });
    conn.send({ assign: { jobId: "j4", attempt: 1, command: "sleep 100" } });
    conn.send({ assign: { jobId: "j5", attempt: 1, command: "true" } });
    const fin = (await conn.finished("j5")).finished!;
    assert.equal(fin.handedBack, true);
    assert.match(fin.error, /no free slot/);
    assert.equal(agent.status().running, 1);
    assert.equal(conn.msgs.filter((m) => m.msg === "started").length, 1);
  });
});

grpcTest("drain hands back what does not finish in time, then the agent stops", async () => {
  await withAgent({}, {}, async (fake, agent) => {
    const conn = await fake.waitConns(1);
    conn.send({ assign: { jobId: "j6", attempt: 1, command: "sleep 100" } });
    conn.send({ assign: { jobId: "j7", attempt: 1, command: "sleep 0.1; echo quick" } });
    const pid = (await conn.next((m) => m.msg === "started" && m.started!.jobId === "j6"))
      .started!.pid;
    conn.send({ drain: { timeout: toDuration(400) } });
    await conn.next((m) => m.msg === "heartbeat" && m.heartbeat!.draining);
    conn.send({ assign: { jobId: "j8", attempt: 1, command: "true" } });
    const refused = (await conn.finished("j8")).finished!;
    assert.equal(refused.handedBack, true);
    assert.match(refused.error, /draining/);

    const quick = (await conn.finished("j7")).finished!;
    assert.equal(quick.exitCode, 0);
    assert.equal(quick.handedBack, false);
    const back = (await conn.finished("j6")).finished!;
    assert.equal(back.handedBack, true);
    assert.equal(back.cancelled, false);
    assert.match(back.error, /drain/);
    await agent.closed;
    await assertGroupGone(pid);
    assert.ok(await fake.changed.until(() => conn.ended, 2000), "stream closed");
  });
});

grpcTest("stale attempts named by registered are killed and their reports dropped", async () => {
  const fake: FakeManager = new FakeManager({
    stale: (conn: Conn) => fake.conns.indexOf(conn) === 1 ? [{ jobId: "j9", attempt: 2 }] : [],
  });
  await fake.listen();
  const agent = agentFor(fake);
  agent.start();
  try {
    const c1 = await fake.waitConns(1);
    c1.send({ assign: { jobId: "j9", attempt: 2, command: "sleep 100 & sleep 100" } });
    const pid = (await c1.next((m) => m.msg === "started")).started!.pid;
    c1.hangUp();
    const c2 = await fake.waitConns(2);
    const reg = await c2.next((m) => m.msg === "register");
    assert.deepEqual(reg.register!.running, [{ jobId: "j9", attempt: 2 }]);
    assert.ok(await fake.changed.until(() => agent.status().running === 0, 3000));
    await assertGroupGone(pid);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(c2.msgs.filter((m) => m.msg === "finished").length, 0);
  } finally {
    await agent.stop();
    fake.close();
  }
});

grpcTest("a silent manager makes the worker reconnect and kill its attempts", async () => {
  await withAgent({}, {}, async (fake, agent) => {
    const c1 = await fake.waitConns(1);
    c1.send({ assign: { jobId: "j10", attempt: 1, command: "sleep 100" } });
    const pid = (await c1.next((m) => m.msg === "started")).started!.pid;
    // Go silent: TCP stays open, nothing is answered any more.
    fake.behaviour = { register: false, ackHeartbeats: false, ackFinished: false };
    const t0 = Date.now();
    const c2 = await fake.waitConns(2, 3000);
    const waited = Date.now() - t0;
    // It dials again after half the timeout (another manager may lead now), before the
    // timeout would kill its attempts.
    assert.ok(waited >= 200 && waited < 2500, `reconnected after ${waited} ms`);
    assert.equal(agent.status().running, 1, "the attempt still runs when it dials again");
    assert.ok(c1.ended || await fake.changed.until(() => c1.ended, 1000), "old call cancelled");
    // Partitioned for the heartbeat timeout: the attempt is killed, its report kept.
    assert.ok(await fake.changed.until(() => agent.status().running === 0, 3000));
    await assertGroupGone(pid);
    // The manager speaks again: the report arrives on a later stream.
    fake.behaviour = {};
    const fin = await (async () => {
      for (let i = 2;; i++) {
        const c = await fake.waitConns(i, 5000);
        const found = await fake.changed.until(
          () => c.msgs.some((m) => m.msg === "finished" && m.finished!.jobId === "j10"),
          1500,
        );
        if (found) return (await c.finished("j10")).finished!;
      }
    })();
    assert.match(fin.error, /no contact/);
    assert.equal(fin.cancelled, false);
    assert.equal(fin.handedBack, true, "a partition is not the job's failure");
    void c2;
  });
});

grpcTest("a job learns its id and attempt from TITAN_JOB_ID and TITAN_ATTEMPT", async () => {
  await withAgent({}, {}, async (fake) => {
    const conn = await fake.waitConns(1);
    conn.send({
      assign: {
        jobId: "j-env",
        attempt: 3,
        command: "echo $TITAN_JOB_ID $TITAN_ATTEMPT",
        env: { TITAN_ATTEMPT: "forged" },
      },
    });
    const fin = (await conn.finished("j-env")).finished!;
    assert.equal(text(fin.stdout), "j-env 3\n");
  });
});

grpcTest("keepRunningWhenPartitioned leaves attempts running", async () => {
  await withAgent({}, { keepRunningWhenPartitioned: true }, async (fake, agent) => {
    const c1 = await fake.waitConns(1);
    c1.send({ assign: { jobId: "j11", attempt: 1, command: "sleep 100" } });
    await c1.next((m) => m.msg === "started");
    fake.behaviour = { register: false, ackHeartbeats: false };
    await fake.waitConns(2, 3000);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(agent.status().running, 1);
  });
});

grpcTest("a job printing MiBs streams its capped output and reports it truncated", async () => {
  await withAgent({}, {}, async (fake) => {
    const conn = await fake.waitConns(1);
    conn.send({ assign: { jobId: "j12", attempt: 1, command: "head -c 5000000 /dev/zero" } });
    const fin = (await conn.finished("j12")).finished!;
    assert.equal(fin.exitCode, 0);
    assert.equal(fin.stdout.length, 1024 * 1024);
    assert.equal(fin.stdoutBytes, 5_000_000);
    assert.equal(fin.stdoutTruncated, true);
    const chunks = conn.msgs.filter((m) => m.msg === "output").map((m) => m.output!.data.length);
    assert.equal(chunks.reduce((a, b) => a + b, 0), 1024 * 1024);
    assert.ok(chunks.every((n) => n <= 64 * 1024));
    assert.ok(chunks.length >= 16 && chunks.length < 200, `${chunks.length} chunks`);
  });
});

grpcTest(
  "queued assignments start in order as slots free, and are listed at register",
  async () => {
    await withAgent({}, { slots: 1, queueDepth: 2 }, async (fake, agent) => {
      const c1 = await fake.waitConns(1);
      const reg = await c1.next((m) => m.msg === "register");
      assert.equal(reg.register!.queueDepth, 2);
      c1.send({ assign: { jobId: "q1", attempt: 1, command: "sleep 0.3" } });
      c1.send({ assign: { jobId: "q2", attempt: 1, command: "echo second" } });
      c1.send({ assign: { jobId: "q3", attempt: 2, command: "echo third" } });
      c1.send({ assign: { jobId: "q3", attempt: 2, command: "echo third" } }); // duplicate
      c1.send({ assign: { jobId: "q4", attempt: 1, command: "true" } });
      const refused = (await c1.finished("q4")).finished!;
      assert.equal(refused.handedBack, true);
      assert.match(refused.error, /no free slot .*2\/2 queued/);
      assert.equal(agent.status().running, 1);
      assert.equal(agent.status().queued, 2);
      assert.deepEqual(agent.queued(), [{ jobId: "q2", attempt: 1 }, { jobId: "q3", attempt: 2 }]);
      // A reconnect names the queued attempts with the running one, so the manager keeps them.
      c1.hangUp();
      const c2 = await fake.waitConns(2);
      const reg2 = await c2.next((m) => m.msg === "register");
      assert.deepEqual(reg2.register!.running, [
        { jobId: "q1", attempt: 1 },
        { jobId: "q2", attempt: 1 },
        { jobId: "q3", attempt: 2 },
      ]);
      const third = (await c2.finished("q3")).finished!;
      assert.equal(text(third.stdout), "third\n");
      const started = c2.msgs.filter((m) => m.msg === "started").map((m) => m.started!.jobId);
      assert.deepEqual(started, ["q2", "q3"], "queued ones start one by one, oldest first");
      const finishedOrder = [...c1.msgs, ...c2.msgs].filter((m) =>
        m.msg === "finished" && m.finished!.jobId !== "q4"
      ).map((m) => m.finished!.jobId);
      assert.deepEqual([...new Set(finishedOrder)], ["q1", "q2", "q3"]);
      assert.equal(agent.status().queued, 0);
    });
  },
);

grpcTest("cancel of a queued attempt reports it cancelled without running it", async () => {
  await withAgent({}, { slots: 1, queueDepth: 1 }, async (fake, agent) => {
    const conn = await fake.waitConns(1);
    conn.send({ assign: { jobId: "h1", attempt: 1, command: "sleep 100" } });
    conn.send({ assign: { jobId: "h2", attempt: 1, command: "echo ran > /dev/stderr" } });
    await conn.next((m) => m.msg === "started" && m.started!.jobId === "h1");
    conn.send({ cancel: { jobId: "h2", attempt: 1, reason: "user" } });
    const fin = (await conn.finished("h2")).finished!;
    assert.equal(fin.cancelled, true);
    assert.equal(fin.handedBack, false);
    assert.equal(fin.stderr.length, 0);
    assert.equal(agent.status().queued, 0);
    assert.ok(!conn.msgs.some((m) => m.msg === "started" && m.started!.jobId === "h2"));
    assert.equal(agent.status().running, 1);
  });
});

grpcTest("a revoked queued attempt is handed back; a started one runs on", async () => {
  await withAgent({}, { slots: 1, queueDepth: 1 }, async (fake, agent) => {
    const conn = await fake.waitConns(1);
    conn.send({ assign: { jobId: "r1", attempt: 1, command: "sleep 0.3; echo done" } });
    conn.send({ assign: { jobId: "r2", attempt: 4, command: "true" } });
    await conn.next((m) => m.msg === "started" && m.started!.jobId === "r1");
    conn.send({ cancel: { jobId: "r2", attempt: 4, reason: "revoked", handBack: true } });
    conn.send({ cancel: { jobId: "r1", attempt: 1, reason: "revoked", handBack: true } });
    const back = (await conn.finished("r2")).finished!;
    assert.equal(back.handedBack, true);
    assert.equal(back.cancelled, false);
    assert.match(back.error, /revoked/);
    const ran = (await conn.finished("r1")).finished!;
    assert.equal(ran.handedBack, false, "a started attempt is not taken back");
    assert.equal(text(ran.stdout), "done\n");
    assert.ok(!conn.msgs.some((m) => m.msg === "started" && m.started!.jobId === "r2"));
    assert.equal(agent.status().queued, 0);
  });
});

grpcTest("drain hands back queued attempts at once, unrun", async () => {
  await withAgent({}, { slots: 1, queueDepth: 2 }, async (fake, agent) => {
    const conn = await fake.waitConns(1);
    conn.send({ assign: { jobId: "d1", attempt: 1, command: "sleep 0.5" } });
    conn.send({ assign: { jobId: "d2", attempt: 1, command: "true" } });
    conn.send({ assign: { jobId: "d3", attempt: 1, command: "true" } });
    await conn.next((m) => m.msg === "started");
    conn.send({ drain: { timeout: toDuration(5000) } });
    for (const id of ["d2", "d3"]) {
      const fin = (await conn.finished(id)).finished!;
      assert.equal(fin.handedBack, true);
      assert.match(fin.error, /draining/);
    }
    // The running one still finishes within the drain timeout.
    const first = (await conn.finished("d1")).finished!;
    assert.equal(first.exitCode, 0);
    assert.equal(first.handedBack, false);
    await agent.closed;
    assert.deepEqual(
      conn.msgs.filter((m) => m.msg === "started").map((m) => m.started!.jobId),
      ["d1"],
    );
  });
});

grpcTest(
  "stop hands back queued attempts; stale ones named by registered are dropped",
  async () => {
    const fake: FakeManager = new FakeManager({
      stale: (conn: Conn) => fake.conns.indexOf(conn) === 1 ? [{ jobId: "s2", attempt: 1 }] : [],
    });
    await fake.listen();
    const agent = agentFor(fake, { slots: 1, queueDepth: 2 });
    agent.start();
    try {
      const c1 = await fake.waitConns(1);
      c1.send({ assign: { jobId: "s1", attempt: 1, command: "sleep 100" } });
      c1.send({ assign: { jobId: "s2", attempt: 1, command: "true" } });
      c1.send({ assign: { jobId: "s3", attempt: 1, command: "true" } });
      await c1.next((m) => m.msg === "started");
      c1.hangUp();
      const c2 = await fake.waitConns(2);
      await c2.next((m) => m.msg === "register");
      assert.ok(await fake.changed.until(() => agent.status().queued === 1, 2000));
      assert.deepEqual(agent.queued(), [{ jobId: "s3", attempt: 1 }]);
      await agent.stop();
      const fin = c2.msgs.find((m) => m.msg === "finished" && m.finished!.jobId === "s3");
      assert.equal(fin?.finished?.handedBack, true);
      assert.ok(!c2.msgs.some((m) => m.msg === "finished" && m.finished!.jobId === "s2"));
    } finally {
      await agent.stop();
      fake.close();
    }
  },
);

grpcTest("partitioned for the timeout, queued attempts are handed back unrun", async () => {
  await withAgent(
    {},
    { slots: 1, queueDepth: 1, keepRunningWhenPartitioned: true },
    async (fake, agent) => {
      const c1 = await fake.waitConns(1);
      c1.send({ assign: { jobId: "p1", attempt: 1, command: "sleep 0.8" } });
      c1.send({ assign: { jobId: "p2", attempt: 1, command: "true" } });
      await c1.next((m) => m.msg === "started");
      fake.behaviour = { register: false, ackHeartbeats: false, ackFinished: false };
      // The running one ends in the silence: the queued one must not start after it.
      assert.ok(await fake.changed.until(() => agent.status().running === 0, 3000));
      assert.ok(await fake.changed.until(() => agent.status().queued === 0, 3000));
      fake.behaviour = {};
      const fin = await (async () => {
        for (let i = 2;; i++) {
          const c = await fake.waitConns(i, 5000);
          const found = await fake.changed.until(
            () => c.msgs.some((m) => m.msg === "finished" && m.finished!.jobId === "p2"),
            1500,
          );
          if (found) return (await c.finished("p2")).finished!;
        }
      })();
      assert.equal(fin.handedBack, true);
      assert.match(fin.error, /no contact/);
      const all = fake.conns.flatMap((c) => c.msgs);
      assert.ok(!all.some((m) => m.msg === "started" && m.started!.jobId === "p2"));
    },
  );
});
