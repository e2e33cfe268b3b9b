import assert from "node:assert/strict";
import { banner, Cluster, denoCommand, pumpLines, signalDebouncer } from "./dev.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test("pumpLines() splits lines across chunks and keeps a last partial line", async () => {
  const enc = new TextEncoder();
  const stream = ReadableStream.from(["a\nb", "c\r\n", "\nlast"].map((s) => enc.encode(s)));
  const lines: string[] = [];
  await pumpLines(stream, (l) => lines.push(l));
  assert.deepEqual(lines, ["a", "bc", "", "last"]);
});

Deno.test("banner() shows the CLI and grpcurl/buf curl commands for the address", () => {
  const text = banner(8080, 9090, ["worker-1", "worker-2"]);
  assert.match(text, /^ {2}deno task titan submit --wait -- echo hello$/m);
  assert.match(
    text,
    /grpcurl -plaintext -d '\{"command":"echo Hello from Titan"\}' 127\.0\.0\.1:8080 titan\.ManagerService\/SubmitJob/,
  );
  assert.match(text, /buf curl .*http:\/\/127\.0\.0\.1:8080\/titan\.ManagerService\/SubmitJob/);
  assert.match(text, /workers worker-1, worker-2/);
  assert.match(banner(7000, 0, ["w"]), /TITAN_MANAGER=127\.0\.0\.1:7000 deno task titan submit/);
  assert.match(
    banner(8080, 0, ["w"], "npx -y deno@2.9.6"),
    /^ {2}npx -y deno@2\.9\.6 task titan submit --wait -- echo hello$/m,
  );
});

Deno.test("denoCommand() is the npx line when Deno was started by npx", () => {
  const env = (vars: Record<string, string>) => ({ get: (k: string) => vars[k] });
  assert.equal(denoCommand(env({})), "deno");
  assert.equal(denoCommand(env({ npm_command: "exec" })), `npx -y deno@${Deno.version.deno}`);
});

Deno.test("signalDebouncer() drops the same signal delivered again at once", () => {
  let now = 0;
  const isNew = signalDebouncer(500, () => now);
  assert.equal(isNew("SIGINT"), true);
  now = 5; // the terminal's group signal, then deno task's copy of it
  assert.equal(isNew("SIGINT"), false);
  assert.equal(isNew("SIGTERM"), true);
  now = 2000; // a second Ctrl-C typed on purpose
  assert.equal(isNew("SIGINT"), true);
});

/** A stub child: logs to `log` once it listens for SIGTERM and when it arrives, exits 50ms later. */
async function stub(dir: string, log: string, name: string, opts: { ignoreTerm?: boolean } = {}) {
  const path = `${dir}/${name}.ts`;
  await Deno.writeTextFile(
    path,
    `const log = (m: string) => Deno.writeTextFileSync(${
      JSON.stringify(log)
    }, m + "\\n", { append: true });
// The listener first: the test signals as soon as it reads "up".
Deno.addSignalListener("SIGTERM", () => {
  log("${name} SIGTERM");
  ${opts.ignoreTerm ? "" : "setTimeout(() => Deno.exit(0), 50);"}
});
log("${name} up");
console.log("${name} says hi");
setInterval(() => {}, 1000);
`,
  );
  return path;
}

async function waitForLines(log: string, count: number) {
  for (let i = 0; i < 200; i++) {
    const text = await Deno.readTextFile(log).catch(() => "");
    if (text.split("\n").filter(Boolean).length >= count) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${count} lines in ${log}`);
}

Deno.test("Cluster.stop() stops the workers before the manager, and exits 0", opts, async () => {
  const dir = await Deno.makeTempDir();
  const log = `${dir}/log`;
  try {
    const cluster = new Cluster();
    cluster.spawn("manager", await stub(dir, log, "manager"), []);
    cluster.spawn("worker-1", await stub(dir, log, "worker-1"), []);
    cluster.spawn("worker-2", await stub(dir, log, "worker-2"), []);
    await waitForLines(log, 3);
    cluster.stop(0);
    assert.equal(await cluster.finished, 0);
    const lines = (await Deno.readTextFile(log)).trim().split("\n").slice(3);
    assert.deepEqual(lines.slice(0, 2).sort(), ["worker-1 SIGTERM", "worker-2 SIGTERM"]);
    assert.deepEqual(lines.slice(2), ["manager SIGTERM"]);
    assert.ok(cluster.children.every((c) => c.exited));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Cluster SIGKILLs a child that outlives its grace period", opts, async () => {
  const dir = await Deno.makeTempDir();
  const log = `${dir}/log`;
  try {
    const cluster = new Cluster(0.3);
    cluster.spawn("manager", await stub(dir, log, "manager"), []);
    cluster.spawn("worker-1", await stub(dir, log, "worker-1", { ignoreTerm: true }), []);
    await waitForLines(log, 2);
    cluster.stop(0);
    assert.equal(await cluster.finished, 1, "a SIGKILLed child is not a clean stop");
    const worker = cluster.children.find((c) => c.name === "worker-1")!;
    assert.equal((await worker.status).signal, "SIGKILL");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Cluster stops the rest and exits 1 when a child dies on its own", opts, async () => {
  const dir = await Deno.makeTempDir();
  const log = `${dir}/log`;
  try {
    const crash = `${dir}/crash.ts`;
    await Deno.writeTextFile(crash, "setTimeout(() => Deno.exit(3), 300);");
    const cluster = new Cluster();
    cluster.spawn("manager", await stub(dir, log, "manager"), []);
    cluster.spawn("worker-1", crash, []);
    assert.equal(await cluster.finished, 1);
    assert.match(await Deno.readTextFile(log), /manager SIGTERM/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
