/**
 * Simulated workers for the fleet scenario: each is one WorkerService/Connect stream that
 * registers and heartbeats at the interval the manager asks for. No processes: an assign is
 * handed straight back. Many streams share a few channels (HTTP/2 connections), as many
 * real workers behind one NAT would not, but the manager's per-stream work is the same.
 */
import { grpc, type ManagerMessage__Output, workerClient } from "../shared/proto.ts";
import type { WorkerMessage } from "../shared/proto.ts";
import { fromDuration, toTimestamp } from "../shared/wire_time.ts";

export interface FakeFleet {
  /** Streams that got `registered`. */
  registered(): number;
  heartbeatsSent(): number;
  close(): void;
}

export function startFakeWorkers(
  address: string,
  count: number,
  opts: { channels?: number; slots?: number; prefix?: string } = {},
): FakeFleet {
  const channels = Array.from(
    { length: Math.max(1, Math.min(count, opts.channels ?? 8)) },
    () => workerClient(address),
  );
  let registered = 0;
  let heartbeats = 0;
  const closers: (() => void)[] = [];
  for (let i = 0; i < count; i++) {
    const client = channels[i % channels.length];
    const call = client.Connect(new grpc.Metadata());
    let timer: ReturnType<typeof setInterval> | undefined;
    let seq = 0;
    const write = (m: WorkerMessage) => {
      try {
        call.write(m);
      } catch { /* closed */ }
    };
    call.on("data", (msg: ManagerMessage__Output) => {
      if (msg.msg === "registered") {
        registered++;
        const every = fromDuration(msg.registered!.heartbeatInterval) || 10_000;
        clearInterval(timer);
        timer = setInterval(() => {
          heartbeats++;
          write({ heartbeat: { seq: ++seq, draining: false } });
        }, every);
      } else if (msg.msg === "assign") {
        const a = msg.assign!;
        write({
          finished: {
            jobId: a.jobId,
            attempt: a.attempt,
            handedBack: true,
            error: "simulated worker",
            finishedAt: toTimestamp(Date.now()),
          },
        });
      }
    });
    call.on("error", () => clearInterval(timer));
    call.on("end", () => clearInterval(timer));
    write({
      register: {
        workerId: `${opts.prefix ?? "sim"}-${String(i).padStart(4, "0")}`,
        slots: opts.slots ?? 16,
        labels: {},
        running: [],
        finished: [],
        version: "bench",
        sessionId: crypto.randomUUID(),
      },
    });
    closers.push(() => {
      clearInterval(timer);
      try {
        call.end();
      } catch { /* closed */ }
      call.cancel();
    });
  }
  return {
    registered: () => registered,
    heartbeatsSent: () => heartbeats,
    close: () => {
      for (const c of closers) c();
      for (const ch of channels) ch.close();
    },
  };
}
