import assert from "node:assert/strict";
import type { AttemptRef } from "../fleet/fleet.ts";
import { type CurrentAttempt, reconcile, type Reconciliation } from "./reconcile.ts";

const ref = (jobId: string, attempt: number): AttemptRef => ({ jobId, attempt });

/** Jobs as the manager has them: j1 attempt 2 on w, j2 attempt 1 on other, j3 attempt 1 on w. */
const CURRENT: Record<string, CurrentAttempt> = {
  j1: { attempt: 2, workerId: "w" },
  j2: { attempt: 1, workerId: "other" },
  j3: { attempt: 1, workerId: "w" },
};

const cases: {
  name: string;
  running: AttemptRef[];
  finished: AttemptRef[];
  believed: [string, number][];
  want: Reconciliation;
}[] = [
  {
    name: "everything believed is reported running: all claimed",
    running: [ref("j1", 2), ref("j3", 1)],
    finished: [],
    believed: [["j1", 2], ["j3", 1]],
    want: { claimed: [ref("j1", 2), ref("j3", 1)], stale: [], missing: [] },
  },
  {
    name: "a finished report claims its attempt too (the report is still to come)",
    running: [],
    finished: [ref("j1", 2)],
    believed: [["j1", 2]],
    want: { claimed: [ref("j1", 2)], stale: [], missing: [] },
  },
  {
    name: "an old attempt of a job running elsewhere now is stale",
    running: [ref("j1", 1)],
    finished: [],
    believed: [["j1", 2]],
    want: { claimed: [], stale: [ref("j1", 1)], missing: [ref("j1", 2)] },
  },
  {
    name: "the current attempt, but on another worker: stale",
    running: [ref("j2", 1)],
    finished: [],
    believed: [],
    want: { claimed: [], stale: [ref("j2", 1)], missing: [] },
  },
  {
    name: "a job the manager no longer runs (ended, unknown): stale when running",
    running: [ref("gone", 4)],
    finished: [ref("gone2", 1)],
    believed: [],
    want: { claimed: [], stale: [ref("gone", 4)], missing: [] },
  },
  {
    name: "an assignment that never arrived is missing",
    running: [ref("j1", 2)],
    finished: [],
    believed: [["j1", 2], ["j3", 1]],
    want: { claimed: [ref("j1", 2)], stale: [], missing: [ref("j3", 1)] },
  },
  {
    name: "after a manager restart the worker claims what the store says it holds",
    running: [ref("j3", 1)],
    finished: [],
    believed: [],
    want: { claimed: [ref("j3", 1)], stale: [], missing: [] },
  },
  {
    name: "an attempt reported twice is claimed once",
    running: [ref("j1", 2)],
    finished: [ref("j1", 2)],
    believed: [["j1", 2]],
    want: { claimed: [ref("j1", 2)], stale: [], missing: [] },
  },
];

for (const c of cases) {
  Deno.test(`reconcile: ${c.name}`, () => {
    const got = reconcile(
      "w",
      { running: c.running, finished: c.finished },
      new Map(c.believed),
      (id) => CURRENT[id],
    );
    assert.deepEqual(got, c.want);
  });
}
