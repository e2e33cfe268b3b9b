/**
 * File descriptors: idle connections cannot use them up, a cap on connections is enforced,
 * and a manager that ran out of them recovers by itself once they are free, saying it is not
 * ready meanwhile. Before, about 330 idle connections used up 1024 descriptors (three each
 * through the relay), and the manager answered nobody even after they had closed, while
 * /readyz said ready.
 */
import assert from "node:assert/strict";
import net from "node:net";
import { freePort, Proc, waitFor } from "../support/cluster.ts";
import { managerClient } from "../../shared/proto.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

interface Manager {
  proc: Proc;
  port: number;
  httpPort: number;
  dir: string;
}

async function startManager(args: string[], nofile?: number): Promise<Manager> {
  const dir = Deno.makeTempDirSync({ prefix: "titan-fds-" });
  const port = freePort();
  const httpPort = freePort();
  const proc = new Proc(
    "manager",
    "manager/main.ts",
    ["--port", String(port), "--http-port", String(httpPort), "--data-dir", dir, ...args],
    {},
    nofile ? ["prlimit", `--nofile=${nofile}:${nofile}`] : [],
  );
  await waitFor(async () => (await readyz(httpPort)) === 200, 30_000, () => proc.log);
  return { proc, port, httpPort, dir };
}

async function stop(m: Manager) {
  await m.proc.stop(3000);
  await Deno.remove(m.dir, { recursive: true }).catch(() => {});
}

let lastReady = -1;
async function readyz(httpPort: number): Promise<number> {
  lastReady = await readyzOnce(httpPort);
  return lastReady;
}

async function readyzOnce(httpPort: number): Promise<number> {
  try {
    const res = await fetch(`http://127.0.0.1:${httpPort}/readyz`, {
      signal: AbortSignal.timeout(2000),
    });
    await res.body?.cancel();
    return res.status;
  } catch {
    return 0;
  }
}

/** `n` raw connections; `preface` makes each one look like an HTTP/2 client that went quiet. */
async function openConnections(port: number, n: number, preface: boolean) {
  const sockets: net.Socket[] = [];
  const closedByServer = new Set<net.Socket>();
  for (let i = 0; i < n; i++) {
    const s = net.connect(port, "127.0.0.1");
    s.on("error", () => {});
    // Read what the server sends (its SETTINGS), else its close goes unnoticed.
    s.on("data", () => {});
    s.on("close", () => closedByServer.add(s));
    if (preface) s.on("connect", () => s.write(PREFACE));
    sockets.push(s);
  }
  await waitFor(() => sockets.every((s) => !s.connecting), 10_000);
  return { sockets, closedByServer };
}

function listJobs(port: number): Promise<boolean> {
  const client = managerClient(`127.0.0.1:${port}`);
  return new Promise<boolean>((resolve) => {
    client.ListJobs({}, { deadline: Date.now() + 2000 }, (err) => resolve(!err));
  }).finally(() => client.close());
}

Deno.test({
  name: "descriptors: connections that never send a request are closed after the idle timeout",
  ...opts,
  fn: async () => {
    const m = await startManager(["--idle-connection-timeout", "1"]);
    try {
      const silent = await openConnections(m.port, 30, false);
      const quiet = await openConnections(m.port, 30, true);
      await waitFor(
        () => silent.closedByServer.size === 30 && quiet.closedByServer.size === 30,
        10_000,
        () => `closed: ${silent.closedByServer.size} silent, ${quiet.closedByServer.size} quiet`,
      );
      // A real client with calls keeps its connection past the timeout.
      const client = managerClient(`127.0.0.1:${m.port}`);
      const call = () =>
        new Promise<void>((resolve, reject) =>
          client.ListJobs(
            {},
            { deadline: Date.now() + 5000 },
            (err) => err ? reject(err) : resolve(),
          )
        );
      await call();
      await new Promise((r) => setTimeout(r, 1500));
      await call();
      client.close();
    } finally {
      await stop(m);
    }
  },
});

Deno.test({
  name: "descriptors: past --max-connections new connections are closed at once",
  ...opts,
  fn: async () => {
    const m = await startManager(["--max-connections", "20", "--idle-connection-timeout", "60"]);
    try {
      const held = await openConnections(m.port, 20, true);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(held.closedByServer.size, 0);
      const extra = await openConnections(m.port, 5, true);
      await waitFor(
        () => extra.closedByServer.size === 5,
        5000,
        () => `${extra.closedByServer.size}`,
      );
      assert.match(m.proc.log, /too many connections: closing new ones/);
      for (const s of held.sockets) s.destroy();
      await waitFor(() => listJobs(m.port), 10_000, () => m.proc.log.slice(-2000));
    } finally {
      await stop(m);
    }
  },
});

Deno.test({
  name: "descriptors: out of them, the manager is not ready, then recovers by itself",
  ignore: Deno.uid() !== 0,
  ...opts,
  fn: async () => {
    // 256 descriptors; the cap set above what they allow, so they run out.
    const m = await startManager(
      ["--max-connections", "100000", "--idle-connection-timeout", "120"],
      256,
    );
    try {
      // Silent connections, one descriptor each: nothing closes them for 120 s, so 300 of
      // them use up all 256 descriptors whatever the manager's own share. Connections that
      // send the preface would not do it reliably: when the relay's loopback connection
      // cannot be opened, the manager closes that client, which frees its descriptors, and
      // such a flood often settles a few descriptors short of the limit, still serving.
      const flood = await openConnections(m.port, 300, false);
      await waitFor(
        async () => (await readyz(m.httpPort)) !== 200,
        45_000,
        () => m.proc.log.slice(-2000),
      );
      assert.equal(await listJobs(m.port), false, "served while out of descriptors?");
      for (const s of flood.sockets) s.destroy();
      await waitFor(() => listJobs(m.port), 45_000, () => m.proc.log.slice(-3000));
      await waitFor(
        async () => (await readyz(m.httpPort)) === 200,
        45_000,
        () => `readyz ${lastReady}\n${m.proc.log.slice(-2000)}`,
      );
      // And again: recovering is not a one-off.
      const again = await openConnections(m.port, 300, false);
      await waitFor(async () => (await readyz(m.httpPort)) !== 200, 45_000);
      for (const s of again.sockets) s.destroy();
      await waitFor(() => listJobs(m.port), 45_000, () => m.proc.log.slice(-3000));
      // Relayed connections run out of descriptors inside the relay (its loopback half, the
      // private listener's accept): whatever state that leaves, once they are gone the
      // manager serves again and says it is ready.
      const relayed = await openConnections(m.port, 200, true);
      await new Promise((r) => setTimeout(r, 2000));
      for (const s of relayed.sockets) s.destroy();
      await waitFor(() => listJobs(m.port), 45_000, () => m.proc.log.slice(-3000));
      await waitFor(
        async () => (await readyz(m.httpPort)) === 200,
        45_000,
        () => `readyz ${lastReady}\n${m.proc.log.slice(-2000)}`,
      );
      const limits = Deno.readTextFileSync(`/proc/${m.proc.pid}/limits`);
      assert.match(limits, /Max open files\s+256\s+256/);
    } finally {
      await stop(m);
    }
  },
});
