import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { grpc } from "../../shared/proto.ts";
import { LEADER_METADATA_KEY } from "../../shared/leader_discovery.ts";
import { LeaderGate, type ServingTerm } from "./leader_gate.ts";

type Answer = { err: grpc.ServiceError | null; res?: unknown };
// deno-lint-ignore no-explicit-any
type AnyHandlers = Record<string, (...args: any[]) => unknown>;

function metadata(token?: string): grpc.Metadata {
  const md = new grpc.Metadata();
  if (token) md.set("authorization", `Bearer ${token}`);
  return md;
}

function unary(handlers: AnyHandlers, method: string, md = metadata("c")): Promise<Answer> {
  return new Promise((resolve) =>
    handlers[method](
      { metadata: md, request: {} },
      (err: grpc.ServiceError | null, res: unknown) => resolve({ err, res }),
    )
  );
}

function stream(md = metadata("w")) {
  const call = Object.assign(new EventEmitter(), { metadata: md });
  const errors: grpc.ServiceError[] = [];
  call.on("error", (e) => errors.push(e));
  return { call, errors };
}

function term(over: Partial<ServingTerm> = {}): ServingTerm & { connected: number } {
  const t = {
    connected: 0,
    manager: {
      SubmitJob: (_c: unknown, cb: grpc.sendUnaryData<unknown>) => cb(null, { jobId: "j1" }),
      ListJobs: (_c: unknown, cb: grpc.sendUnaryData<unknown>) => cb(null, { jobs: [] }),
    },
    worker: { Connect: () => t.connected++ },
    ...over,
  };
  return t as unknown as ServingTerm & { connected: number };
}

Deno.test("leader gate: closed, it refuses with UNAVAILABLE and titan-leader, after the token check", async () => {
  let leader: string | undefined = "10.0.0.2:8080";
  const gate = new LeaderGate({ clientToken: "c", workerToken: "w", leaderAddress: () => leader });
  const manager = gate.managerHandlers() as unknown as AnyHandlers;
  const { err } = await unary(manager, "SubmitJob");
  assert.equal(err?.code, grpc.status.UNAVAILABLE);
  assert.match(err!.details, /not the leader; the leader is at 10\.0\.0\.2:8080/);
  assert.deepEqual(err!.metadata.get(LEADER_METADATA_KEY), ["10.0.0.2:8080"]);
  const stranger = await unary(manager, "SubmitJob", metadata("wrong"));
  assert.equal(stranger.err?.code, grpc.status.UNAUTHENTICATED, "no address for strangers");
  assert.deepEqual(stranger.err?.metadata?.get(LEADER_METADATA_KEY) ?? [], []);
  leader = undefined;
  const none = await unary(manager, "ListJobs");
  assert.match(none.err!.details, /no leader is known yet/);
  assert.deepEqual(none.err!.metadata.get(LEADER_METADATA_KEY), []);
  const w = stream();
  (gate.workerHandlers() as unknown as AnyHandlers).Connect(w.call);
  assert.equal(w.errors[0].code, grpc.status.UNAVAILABLE);
});

Deno.test("leader gate: open, calls reach the term; closing ends its streams; writes refused while it cannot write", async () => {
  const gate = new LeaderGate({ clientToken: "", workerToken: "", leaderAddress: () => "me:1" });
  const manager = gate.managerHandlers() as unknown as AnyHandlers;
  const worker = gate.workerHandlers() as unknown as AnyHandlers;
  let refused: string | undefined;
  let current = true;
  const t = term({ writesRefused: () => refused, isCurrent: () => current });
  gate.open(t);
  assert.deepEqual((await unary(manager, "SubmitJob")).res, { jobId: "j1" });
  const w = stream();
  worker.Connect(w.call);
  assert.equal(t.connected, 1);

  refused = "the database is unreachable";
  const write = await unary(manager, "SubmitJob");
  assert.equal(write.err?.code, grpc.status.UNAVAILABLE);
  assert.match(write.err!.details, /database is unreachable/);
  assert.deepEqual((await unary(manager, "ListJobs")).res, { jobs: [] }, "reads go on");
  refused = undefined;

  // A term whose lease ran out refuses at once, before anyone closed the gate.
  current = false;
  assert.equal((await unary(manager, "ListJobs")).err?.code, grpc.status.UNAVAILABLE);
  current = true;

  gate.close("lost the lease");
  assert.equal(w.errors.length, 1, "the open stream was ended");
  assert.equal(w.errors[0].code, grpc.status.UNAVAILABLE);
  assert.equal((await unary(manager, "SubmitJob")).err?.code, grpc.status.UNAVAILABLE);
  assert.equal(gate.isOpen, false);
});
