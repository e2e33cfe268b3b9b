/** Helpers shared by the worker's tests. */
import assert from "node:assert/strict";
import { grpc, titan } from "../shared/proto.ts";
import type { ManagerMessage, WorkerMessage__Output } from "../shared/proto.ts";
import { toDuration } from "../shared/wire_time.ts";
import { groupMembers } from "./procs.ts";
import { Waiter } from "./waiter.ts";
import type { Logger } from "../shared/log.ts";
import { Executor, type ExecutorOptions } from "./executor.ts";
import { findLaunchTools } from "./launch_plan.ts";
import { ProcessGroupIsolation } from "./isolation/process_group.ts";
import { FixedUsers, type JobUsers } from "./isolation/users.ts";

/**
 * Assert that no process of group `pgid` is left. A process that got SIGKILL may still
 * show as running in /proc for a moment after its pipes closed (it is dying, the signal
 * cannot be caught), so this allows up to `ms` for it to disappear.
 */
export async function assertGroupGone(pgid: number, ms = 1000): Promise<void> {
  const deadline = Date.now() + ms;
  while (groupMembers(pgid).length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.deepEqual(groupMembers(pgid), [], `process group ${pgid} is gone`);
}

type Duplex = grpc.ServerDuplexStream<WorkerMessage__Output, ManagerMessage>;

/** One Connect stream as the fake manager sees it. */
export class Conn {
  msgs: WorkerMessage__Output[] = [];
  ended = false;
  constructor(readonly call: Duplex, readonly fake: FakeManager) {}
  send(msg: ManagerMessage): void {
    if (!this.ended) this.call.write(msg);
  }
  /** The first message (from `from` on) matching `pred`, waiting up to `ms`. */
  async next(
    pred: (m: WorkerMessage__Output) => boolean,
    ms = 5000,
  ): Promise<WorkerMessage__Output> {
    let found: WorkerMessage__Output | undefined;
    const ok = await this.fake.changed.until(
      () => (found = this.msgs.find(pred)) !== undefined,
      ms,
    );
    assert.ok(ok, "expected message did not arrive");
    return found!;
  }
  finished(jobId: string) {
    return this.next((m) => m.msg === "finished" && m.finished!.jobId === jobId);
  }
  /** End the stream from the manager's side (a manager restart, say). */
  hangUp(): void {
    this.ended = true;
    this.call.end();
  }
}

export interface FakeBehaviour {
  /** Answer register with registered (default true). */
  register?: boolean;
  /** The `stale` list of the registered answer. */
  stale?: (conn: Conn) => { jobId: string; attempt: number }[];
  /** Answer heartbeats (default true). */
  ackHeartbeats?: boolean;
  /** Acknowledge finished reports (default true). */
  ackFinished?: boolean;
}

/** A fake manager: a real grpc-js WorkerService on loopback that records what workers send. */
export class FakeManager {
  server = new grpc.Server();
  conns: Conn[] = [];
  changed = new Waiter();
  port = 0;
  constructor(public behaviour: FakeBehaviour = {}) {}

  async listen(): Promise<void> {
    this.server.addService(titan.WorkerService.service, {
      Connect: (call: Duplex) => {
        const conn = new Conn(call, this);
        this.conns.push(conn);
        call.on("data", (m: WorkerMessage__Output) => {
          conn.msgs.push(m);
          this.#answer(conn, m);
          this.changed.notify();
        });
        call.on("end", () => {
          conn.ended = true;
          call.end();
          this.changed.notify();
        });
        call.on("error", () => {
          conn.ended = true;
          this.changed.notify();
        });
        call.on("cancelled", () => {
          conn.ended = true;
          this.changed.notify();
        });
        this.changed.notify();
      },
    });
    this.port = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync(
        "127.0.0.1:0",
        grpc.ServerCredentials.createInsecure(),
        (err, port) => err ? reject(err) : resolve(port),
      )
    );
  }

  #answer(conn: Conn, m: WorkerMessage__Output): void {
    const b = this.behaviour;
    if (m.msg === "register" && b.register !== false) {
      conn.send({
        registered: {
          heartbeatInterval: toDuration(100),
          heartbeatTimeout: toDuration(1000),
          stale: b.stale?.(conn) ?? [],
        },
      });
    } else if (m.msg === "heartbeat" && b.ackHeartbeats !== false) {
      conn.send({ heartbeatAck: { seq: m.heartbeat!.seq } });
    } else if (m.msg === "finished" && b.ackFinished !== false) {
      conn.send({ finishedAck: { jobId: m.finished!.jobId, attempt: m.finished!.attempt } });
    }
  }

  async waitConns(n: number, ms = 5000): Promise<Conn> {
    assert.ok(await this.changed.until(() => this.conns.length >= n, ms), `no connection #${n}`);
    return this.conns[n - 1];
  }

  close(): void {
    this.server.forceShutdown();
  }
}

/** A logger that writes nothing, to keep test output readable. */
export const quietLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => quietLogger,
};

/** An executor as a worker without cgroups runs it, for tests; `more` overrides. */
export function testExecutor(
  workDir: string,
  more: Partial<ExecutorOptions> = {},
  users: JobUsers = new FixedUsers(undefined),
): Executor {
  return new Executor({
    isolation: new ProcessGroupIsolation(users, undefined, workDir, "test"),
    tools: findLaunchTools(),
    outputCap: 1024 * 1024,
    killGrace: 1,
    ...more,
  });
}
