import assert from "node:assert/strict";
import { HttpBindError, startHealthServer } from "./http.ts";
import type { AgentStatus } from "./agent.ts";

const status: AgentStatus = {
  workerId: "w",
  connected: true,
  draining: false,
  running: 1,
  slots: 4,
  queued: 0,
  queueDepth: 4,
  isolation: "cgroup",
};

Deno.test("/healthz answers with the agent's status", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const server = startHealthServer("127.0.0.1", port, () => status, () => {})!;
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), status);
    const missing = await fetch(`http://127.0.0.1:${port}/nope`);
    assert.equal(missing.status, 404);
    await missing.body?.cancel();
  } finally {
    await server.shutdown();
  }
});

Deno.test("startHealthServer() turns a port in use into an HttpBindError", () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const port = (listener.addr as Deno.NetAddr).port;
    assert.throws(() => startHealthServer("127.0.0.1", port, () => status), HttpBindError);
  } finally {
    listener.close();
  }
});

Deno.test("startHealthServer() with port 0 serves nothing", () => {
  assert.equal(startHealthServer("127.0.0.1", 0, () => status), undefined);
});
