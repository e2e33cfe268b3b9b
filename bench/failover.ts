/**
 * The failover scenario of `deno task bench --store postgres`: two managers on one
 * PostgreSQL with the product's default lease, one worker given both, a steady trickle of
 * SubmitJob calls at the leader (found as clients find it), then SIGKILL of the leader.
 * Measured: leader kill → first job acknowledged by the new leader, and → the new leader
 * ready (/readyz 200).
 */
import { callLeader, ManagerList } from "../shared/leader_discovery.ts";
import { grpc, managerClient, type ManagerServiceClient } from "../shared/proto.ts";
import { Manager, sleep, startWorker, waitFor } from "./harness.ts";

export interface FailoverResult {
  leaseSeconds: number;
  killToFirstAckMs: number;
  killToReadyMs: number;
  ackedBefore: number;
  ackedAfter: number;
  failedCalls: number;
}

export async function measureFailover(opts: {
  dir: string;
  storeUrl: string;
  leaseSeconds: number;
  logLevel: string;
}): Promise<FailoverResult> {
  const args = ["--store", opts.storeUrl, "--lease-duration", String(opts.leaseSeconds)];
  const a = new Manager({ dir: opts.dir, name: "manager-a", args, logLevel: opts.logLevel });
  await a.start();
  const b = new Manager({
    dir: `${opts.dir}/b`,
    name: "manager-b",
    args,
    logLevel: opts.logLevel,
    standby: true,
  });
  Deno.mkdirSync(`${opts.dir}/b`, { recursive: true });
  await b.start();
  const list = `${a.address},${b.address}`;
  const worker = startWorker(a, "worker-1", 8, opts.dir, {
    logLevel: opts.logLevel,
    args: ["--manager", list],
  });
  const clients = new Map<string, ManagerServiceClient>();
  const managers = new ManagerList(list);
  const submit = () =>
    callLeader(managers, (address) => {
      let c = clients.get(address);
      if (!c) clients.set(address, c = managerClient(address));
      return new Promise<string>((resolve, reject) =>
        c!.SubmitJob(
          { command: "true" },
          new grpc.Metadata(),
          { deadline: Date.now() + 5000 },
          (err) => err ? reject(err) : resolve(address),
        )
      );
    }, false);
  let killedAt = 0;
  let firstAck = 0;
  let ackedBefore = 0;
  let ackedAfter = 0;
  let failedCalls = 0;
  let running = true;
  // About 50 submits a second, each answered before the next.
  const load = (async () => {
    while (running) {
      try {
        const by = await submit();
        if (killedAt && by === b.address) {
          ackedAfter++;
          firstAck ||= performance.now();
        } else if (!killedAt) ackedBefore++;
      } catch {
        failedCalls++;
      }
      await sleep(20);
    }
  })();
  try {
    await sleep(2000);
    killedAt = performance.now();
    a.proc.kill("SIGKILL");
    let readyAt = 0;
    await waitFor(
      async () => {
        const res = await fetch(`http://127.0.0.1:${b.httpPort}/readyz`).catch(() => undefined);
        await res?.body?.cancel();
        if (res?.ok) readyAt ||= performance.now();
        return firstAck > 0 && readyAt > 0;
      },
      (opts.leaseSeconds + 30) * 1000,
      "the standby to take over",
      10,
    );
    await sleep(1000);
    return {
      leaseSeconds: opts.leaseSeconds,
      killToFirstAckMs: firstAck - killedAt,
      killToReadyMs: readyAt - killedAt,
      ackedBefore,
      ackedAfter,
      failedCalls,
    };
  } finally {
    running = false;
    await load;
    for (const c of clients.values()) c.close();
    await worker.stop(10_000);
    await b.stop();
    await a.stop().catch(() => {});
  }
}
