import assert from "node:assert/strict";
import { ConfigError } from "./config.ts";
import {
  callLeader,
  leaderHint,
  leaderMetadata,
  ManagerList,
  notCarriedOut,
  parseManagerList,
} from "./leader_discovery.ts";
import { grpc, managerClient, titan } from "./proto.ts";

const unavailable = (details: string, leader?: string) =>
  Object.assign(new Error(details), {
    code: grpc.status.UNAVAILABLE,
    details,
    metadata: leaderMetadata(leader),
  });

Deno.test("parseManagerList: comma-separated host:port, trimmed, deduplicated, validated", () => {
  assert.deepEqual(parseManagerList("a:8080, b:8080,,a:8080", "--manager"), ["a:8080", "b:8080"]);
  assert.deepEqual(parseManagerList("[::1]:1", "--manager"), ["[::1]:1"]);
  assert.throws(() => parseManagerList("", "--manager"), ConfigError);
  assert.throws(() => parseManagerList("a:8080,b", "--manager"), /expected host:port, got "b"/);
});

Deno.test("leaderHint: only an UNAVAILABLE answer with a valid titan-leader address", () => {
  assert.equal(leaderHint(unavailable("standby", "b:9")), "b:9");
  assert.equal(leaderHint(unavailable("standby")), undefined);
  assert.equal(leaderHint(unavailable("standby", "garbage")), undefined);
  const other = { code: grpc.status.INTERNAL, metadata: leaderMetadata("b:9") };
  assert.equal(leaderHint(other), undefined);
});

Deno.test("ManagerList: follows hints, else moves along the list and wraps", () => {
  const list = new ManagerList("a:1,b:2,c:3");
  assert.equal(list.current, "a:1");
  assert.equal(list.failed("a:1", unavailable("down")), false);
  assert.equal(list.current, "b:2");
  assert.equal(list.failed("b:2", unavailable("standby", "leader:9")), true);
  assert.equal(list.current, "leader:9", "a hint outside the list is followed too");
  list.failed("leader:9", unavailable("gone"));
  assert.equal(list.current, "a:1");
  list.failed("c:3", unavailable("stale failure of another address"));
  assert.equal(list.current, "a:1", "a failure of an address we left changes nothing");
  list.failed("a:1", unavailable("down"));
  list.failed("b:2", unavailable("down"));
  list.failed("c:3", unavailable("down"));
  assert.equal(list.current, "a:1");
  list.succeeded("b:2");
  assert.equal(list.current, "b:2");
});

Deno.test("callLeader: one pass over the list; hints followed; writes not repeated blindly", async () => {
  const calls: string[] = [];
  const fleet = (behaviour: Record<string, () => string>) => (address: string) => {
    calls.push(address);
    return Promise.resolve().then(() => behaviour[address]());
  };
  // a is down, b is a standby naming c, c leads.
  const list = new ManagerList("a:1,b:2,c:3");
  const result = await callLeader(
    list,
    fleet({
      "a:1": () => {
        throw unavailable("No connection established. Last error: connect ECONNREFUSED");
      },
      "b:2": () => {
        throw unavailable("this manager is a standby", "c:3");
      },
      "c:3": () => "ok",
    }),
    false,
  );
  assert.equal(result, "ok");
  assert.deepEqual(calls, ["a:1", "b:2", "c:3"]);
  assert.equal(list.current, "c:3", "the next call goes straight to the leader");

  // Nobody leads: every address once, then the last error.
  calls.length = 0;
  const none = new ManagerList("a:1,b:2");
  await assert.rejects(
    callLeader(
      none,
      fleet({
        "a:1": () => {
          throw unavailable("no leader yet: election in progress");
        },
        "b:2": () => {
          throw unavailable("no leader yet: election in progress");
        },
      }),
      true,
    ),
    /election in progress/,
  );
  assert.deepEqual(calls, ["a:1", "b:2"]);

  // A submit whose connection dropped mid-call may have been carried out: not repeated.
  calls.length = 0;
  await assert.rejects(
    callLeader(
      new ManagerList("a:1,b:2"),
      fleet({
        "a:1": () => {
          throw unavailable("Connection dropped");
        },
        "b:2": () => "duplicate!",
      }),
      false,
    ),
    /Connection dropped/,
  );
  assert.deepEqual(calls, ["a:1"]);
  assert.equal(notCarriedOut(unavailable("Connection dropped")), false);

  // Other errors are the answer.
  await assert.rejects(
    callLeader(
      new ManagerList("a:1,b:2"),
      () => Promise.reject({ code: grpc.status.NOT_FOUND, details: "no such job" }),
      true,
    ),
    (e: { code: number }) => e.code === grpc.status.NOT_FOUND,
  );
});

Deno.test("leader discovery over real gRPC: a standby's trailing metadata reaches the client", async () => {
  const serve = async (handler: grpc.handleUnaryCall<unknown, unknown>) => {
    const server = new grpc.Server();
    const unimplemented = () => {};
    const impl: Record<string, unknown> = {};
    for (const name of Object.keys(titan.ManagerService.service)) impl[name] = unimplemented;
    impl.ListJobs = handler;
    server.addService(titan.ManagerService.service, impl as grpc.UntypedServiceImplementation);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(
        "127.0.0.1:0",
        grpc.ServerCredentials.createInsecure(),
        (e, p) => e ? reject(e) : resolve(p),
      )
    );
    return { server, address: `127.0.0.1:${port}` };
  };
  const leader = await serve((_call, cb) => cb(null, { jobs: [], nextPageToken: "from-leader" }));
  const standby = await serve((_call, cb) =>
    cb({
      code: grpc.status.UNAVAILABLE,
      details: "this manager is a standby; the leader is at " + leader.address,
      metadata: leaderMetadata(leader.address),
    })
  );
  const clients = new Map<string, ReturnType<typeof managerClient>>();
  try {
    const list = new ManagerList([standby.address]);
    const res = await callLeader(list, (address) => {
      const client = clients.get(address) ?? managerClient(address);
      clients.set(address, client);
      return new Promise<{ nextPageToken: string }>((resolve, reject) =>
        client.ListJobs({}, (e, r) => e ? reject(e) : resolve(r as { nextPageToken: string }))
      );
    }, true);
    assert.equal(res.nextPageToken, "from-leader");
    assert.equal(list.current, leader.address);
  } finally {
    for (const c of clients.values()) c.close();
    leader.server.forceShutdown();
    standby.server.forceShutdown();
  }
});
