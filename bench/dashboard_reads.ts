/**
 * `deno run -A bench/dashboard_reads.ts [--n 1000000]`: what the dashboard's reads cost over a
 * store of N jobs (the SQLite driver, in process): counts per state, ListJobs pages (the newest,
 * one deep in the listing, a state filter) and command searches (common text, text only the
 * oldest job has, text no job has: the last two walk every row). Prints figures; asserts nothing.
 */
import { parseArgs } from "node:util";
import type { Job, State } from "../shared/model.ts";
import { SqliteStore } from "../manager/store/sqlite/sqlite_store.ts";
import { sampleJob } from "../manager/store/conformance.ts";

const args = parseArgs({ options: { n: { type: "string", default: "1000000" } } });
const n = Number(args.values.n);
const dir = Deno.makeTempDirSync({ prefix: "titan-bench-dashboard-" });
const store = new SqliteStore(dir);

function stateOf(i: number): State {
  const r = i % 100;
  return r < 85 ? "COMPLETED" : r < 92 ? "FAILED" : r < 95 ? "CANCELLED" : "PENDING";
}

const started = performance.now();
const BATCH = 10_000;
for (let i = 0; i < n; i += BATCH) {
  const batch: Job[] = [];
  for (let k = i; k < Math.min(n, i + BATCH); k++) {
    const state = stateOf(k);
    const finished = state !== "PENDING";
    batch.push(sampleJob({
      command: k === 0 ? "echo needle-in-the-haystack" : `echo job ${k} && make step-${k % 7}`,
      state,
      attempt: finished ? 1 : 0,
      exitCode: state === "COMPLETED" ? 0 : state === "FAILED" ? 1 : null,
      finishedAt: finished ? 1_700_000_000_000 + k : null,
    }));
  }
  await store.save(batch);
}
console.log(`stored ${n} jobs in ${((performance.now() - started) / 1000).toFixed(1)} s`);

async function time(label: string, run: () => Promise<unknown>, repeat = 5): Promise<void> {
  const ms: number[] = [];
  let result: unknown;
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    result = await run();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const shown = typeof result === "object" && result && "jobs" in result
    ? `${(result as { jobs: unknown[] }).jobs.length} jobs`
    : JSON.stringify(result);
  console.log(
    `${label.padEnd(44)} median ${ms[ms.length >> 1].toFixed(2).padStart(8)} ms  (${shown})`,
  );
}

const all = await store.list({ states: [], limit: 1 });
const newest = all.jobs[0].seq;
await time("counts per state", () => store.countByState());
await time("ListJobs first page (50)", () => store.list({ states: [], limit: 50 }));
await time(
  "ListJobs page half way down (50)",
  () => store.list({ states: [], limit: 50, beforeSeq: Math.floor(newest / 2) }),
);
await time("ListJobs FAILED first page (50)", () => store.list({ states: ["FAILED"], limit: 50 }));
await time(
  "search a common text (50)",
  () => store.list({ states: [], limit: 50, textContains: "step-3" }),
);
await time(
  "search text only the oldest job has",
  () => store.list({ states: [], limit: 50, textContains: "needle" }),
  3,
);
await time(
  "search text no job has",
  () => store.list({ states: [], limit: 50, textContains: "no-such-text" }),
  3,
);
await store.close();
await Deno.remove(dir, { recursive: true });
