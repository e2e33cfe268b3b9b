/**
 * The e2e's client, run inside a container of the Titan image on the e2e network (so every
 * packet stays between the test's own containers):
 *   deno run --cached-only --config /app/deno.json -A /e2e/client.ts <command> [args]
 * Commands print one JSON document on stdout:
 *   workers                  ListWorkers
 *   submit <prefix> <n> <s>  SubmitJobs: n jobs "echo <prefix>-<i>; sleep <s>", idempotency
 *                            key <prefix>-<i> (a resubmit returns the same jobs)
 *   snapshot <prefix>        every job whose key starts with <prefix>-, with its output
 * Env: TITAN_MANAGER (host:port), TITAN_TOKEN.
 */
import { grpc, managerClient } from "/app/shared/proto.ts";
import { timestampText } from "/app/shared/wire_time.ts";

const address = Deno.env.get("TITAN_MANAGER") ?? "titan-manager:8080";
const token = Deno.env.get("TITAN_TOKEN") ?? "";
const client = managerClient(address);
const md = () => {
  const m = new grpc.Metadata();
  if (token) m.set("authorization", `Bearer ${token}`);
  return m;
};
const deadline = () => ({ deadline: Date.now() + 20_000 });

function call<T>(method: string, req: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    // deno-lint-ignore no-explicit-any
    (client as any)[method](req, md(), deadline(), (err: Error | null, res: T) => {
      if (err) reject(err);
      else resolve(res);
    });
  });
}

// deno-lint-ignore no-explicit-any
type Any = any;

async function main(args: string[]): Promise<unknown> {
  const [cmd, ...rest] = args;
  switch (cmd) {
    case "workers":
      return ((await call<Any>("ListWorkers", {})).workers ?? []).map((w: Any) => ({
        id: w.workerId,
        state: w.state,
        slots: w.slots,
        running: w.running,
        completed: Number(w.completed ?? 0),
      }));
    case "submit": {
      const [prefix, n, sleep] = [rest[0], Number(rest[1]), rest[2] ?? "1"];
      const jobs = [];
      for (let i = 0; i < n; i++) {
        jobs.push({
          command: `echo ${prefix}-${i}; sleep ${sleep}`,
          idempotencyKey: `${prefix}-${i}`,
          maxRetries: 5,
        });
      }
      const ids: string[] = [];
      for (let i = 0; i < jobs.length; i += 100) {
        const res = await call<Any>("SubmitJobs", { jobs: jobs.slice(i, i + 100) });
        for (const j of res.jobs) ids.push(j.jobId);
      }
      return { submitted: ids.length, distinct: new Set(ids).size };
    }
    case "snapshot": {
      const prefix = `${rest[0]}-`;
      const jobs: Any[] = [];
      let pageToken = "";
      do {
        const res = await call<Any>("ListJobs", { pageSize: 1000, pageToken });
        jobs.push(...res.jobs.filter((j: Any) => j.idempotencyKey.startsWith(prefix)));
        pageToken = res.nextPageToken;
      } while (pageToken);
      const out = [];
      for (const j of jobs) {
        const terminal = ["COMPLETED", "FAILED", "CANCELLED"].includes(j.state);
        const full = terminal ? await call<Any>("GetJobStatus", { jobId: j.jobId }) : j;
        out.push({
          id: j.jobId,
          key: j.idempotencyKey,
          state: j.state,
          attempt: j.attempt,
          worker: j.workerId,
          exitCode: full.exitCode ?? null,
          finishedAt: timestampText(j.finishedAt) ?? "",
          stdout: terminal ? full.stdout : "",
          error: j.error,
        });
      }
      return out;
    }
    default:
      throw new Error(`unknown command ${cmd}`);
  }
}

try {
  console.log(JSON.stringify(await main(Deno.args)));
  client.close();
} catch (err) {
  console.error(`e2e-client: ${(err as Error).message}`);
  client.close();
  Deno.exit(1);
}
