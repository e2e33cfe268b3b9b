/** grpc.health.v1.Health: Check and Watch over a real grpc-js connection. */
import * as grpc from "@grpc/grpc-js";
import { assert, assertEquals, assertMatch } from "../tests/support/assert.ts";
import {
  addHealth,
  type HealthCheckResponse,
  type HealthClient,
  healthClient,
  type HealthHandle,
  type ServingStatus,
} from "./health.ts";

interface Fixture {
  server: grpc.Server;
  health: HealthHandle;
  client: HealthClient;
}

async function start(initial?: Record<string, ServingStatus>): Promise<Fixture> {
  const server = new grpc.Server();
  const health = addHealth(server, initial);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(
      "127.0.0.1:0",
      grpc.ServerCredentials.createInsecure(),
      (err, p) => err ? reject(err) : resolve(p),
    )
  );
  return { server, health, client: healthClient(`127.0.0.1:${port}`) };
}

async function stop({ server, client }: Fixture): Promise<void> {
  client.close();
  await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
}

function check(client: HealthClient, service: string): Promise<HealthCheckResponse> {
  return new Promise((resolve, reject) =>
    client.Check(
      { service },
      { deadline: Date.now() + 5_000 },
      (err, res) => err ? reject(err) : resolve(res!),
    )
  );
}

async function checkError(client: HealthClient, service: string): Promise<grpc.ServiceError> {
  try {
    await check(client, service);
  } catch (err) {
    return err as grpc.ServiceError;
  }
  throw new Error(`Check(${service}) succeeded`);
}

/** Collects what a Watch stream sends; `next()` waits for the next message. */
function watch(client: HealthClient, service: string) {
  const call = client.Watch({ service });
  const queue: string[] = [];
  const waiters: ((status: string) => void)[] = [];
  let ended: Error | undefined;
  call.on("data", (res: HealthCheckResponse) => {
    const waiter = waiters.shift();
    if (waiter) waiter(res.status);
    else queue.push(res.status);
  });
  call.on("error", (err: Error) => ended = err);
  return {
    call,
    get ended() {
      return ended;
    },
    next(timeoutMs = 5_000): Promise<string> {
      if (queue.length) return Promise.resolve(queue.shift()!);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no Watch message in time")), timeoutMs);
        waiters.push((status) => {
          clearTimeout(timer);
          resolve(status);
        });
      });
    },
    /** Nothing more arrives within `ms`. */
    async quiet(ms = 200): Promise<void> {
      await new Promise((r) => setTimeout(r, ms));
      assertEquals(queue, [], "unexpected Watch messages");
    },
  };
}

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test({
  name: "Check: the whole server is SERVING by default, unknown services are NOT_FOUND",
  ...opts,
  fn: async () => {
    const f = await start();
    try {
      assertEquals(await check(f.client, ""), { status: "SERVING" });
      const err = await checkError(f.client, "titan.ManagerService");
      assertEquals(err.code, grpc.status.NOT_FOUND);
      assertMatch(err.details, /titan\.ManagerService/);

      f.health.setStatus("titan.ManagerService", "SERVING");
      assertEquals(await check(f.client, "titan.ManagerService"), { status: "SERVING" });
      f.health.setStatus("titan.ManagerService", "NOT_SERVING");
      assertEquals(await check(f.client, "titan.ManagerService"), { status: "NOT_SERVING" });
      assertEquals(f.health.getStatus("titan.ManagerService"), "NOT_SERVING");

      f.health.clearStatus("titan.ManagerService");
      assertEquals(
        (await checkError(f.client, "titan.ManagerService")).code,
        grpc.status.NOT_FOUND,
      );
      assertEquals(f.health.getStatus("titan.ManagerService"), undefined);
    } finally {
      await stop(f);
    }
  },
});

Deno.test({
  name: "Check: initial statuses replace the default",
  ...opts,
  fn: async () => {
    const f = await start({ "": "NOT_SERVING", "titan.WorkerService": "SERVING" });
    try {
      assertEquals(await check(f.client, ""), { status: "NOT_SERVING" });
      assertEquals(await check(f.client, "titan.WorkerService"), { status: "SERVING" });
    } finally {
      await stop(f);
    }
  },
});

Deno.test({
  name: "Watch: current status at once, then each change, no repeats",
  ...opts,
  fn: async () => {
    const f = await start();
    try {
      const w = watch(f.client, "");
      assertEquals(await w.next(), "SERVING");
      f.health.setStatus("", "SERVING"); // no change: nothing sent
      await w.quiet();
      f.health.setStatus("", "NOT_SERVING");
      assertEquals(await w.next(), "NOT_SERVING");
      f.health.setStatus("", "SERVING");
      assertEquals(await w.next(), "SERVING");
      w.call.cancel();
    } finally {
      await stop(f);
    }
  },
});

Deno.test({
  name: "Watch: an unknown service is SERVICE_UNKNOWN and the stream stays open",
  ...opts,
  fn: async () => {
    const f = await start();
    try {
      const w = watch(f.client, "titan.ManagerService");
      assertEquals(await w.next(), "SERVICE_UNKNOWN");
      await w.quiet();
      assert(!w.ended, `stream ended: ${w.ended}`);
      f.health.setStatus("titan.ManagerService", "SERVING");
      assertEquals(await w.next(), "SERVING");
      f.health.clearStatus("titan.ManagerService");
      assertEquals(await w.next(), "SERVICE_UNKNOWN");
      w.call.cancel();
    } finally {
      await stop(f);
    }
  },
});

Deno.test({
  name: "Watch: several watchers, and a cancelled one is dropped",
  ...opts,
  fn: async () => {
    const f = await start({ "": "SERVING", a: "SERVING" });
    try {
      const w1 = watch(f.client, "a");
      const w2 = watch(f.client, "a");
      assertEquals([await w1.next(), await w2.next()], ["SERVING", "SERVING"]);
      w1.call.cancel();
      await new Promise((r) => setTimeout(r, 100));
      f.health.setStatus("a", "NOT_SERVING");
      assertEquals(await w2.next(), "NOT_SERVING");
      w2.call.cancel();
    } finally {
      await stop(f);
    }
  },
});

Deno.test({
  name: "shutdown: everything NOT_SERVING, later setStatus ignored until resume",
  ...opts,
  fn: async () => {
    const f = await start({ "": "SERVING", "titan.ManagerService": "SERVING" });
    try {
      const w = watch(f.client, "");
      assertEquals(await w.next(), "SERVING");
      f.health.shutdown();
      assertEquals(await w.next(), "NOT_SERVING");
      assertEquals(await check(f.client, "titan.ManagerService"), { status: "NOT_SERVING" });
      f.health.setStatus("", "SERVING");
      assertEquals(await check(f.client, ""), { status: "NOT_SERVING" });
      await w.quiet();
      f.health.resume();
      assertEquals(await w.next(), "SERVING");
      assertEquals(await check(f.client, "titan.ManagerService"), { status: "SERVING" });
      w.call.cancel();
    } finally {
      await stop(f);
    }
  },
});

Deno.test("setStatus refuses statuses a server must not set", () => {
  const health = addHealth(new grpc.Server());
  let error: unknown;
  try {
    health.setStatus("", "SERVICE_UNKNOWN" as ServingStatus);
  } catch (err) {
    error = err;
  }
  assert(error instanceof TypeError);
});
