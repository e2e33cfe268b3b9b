import assert from "node:assert/strict";
import type { Resources } from "../../shared/model.ts";
import type { Room } from "./resources.ts";
import {
  type PlacementInput,
  type PlacementJob,
  type PlacementQueue,
  type PlacementWorker,
  schedule,
} from "./scheduler.ts";

const NOW = 10_000_000;

/** A job: `cpu` in cores, `mem` in MiB, created `waited` ms before NOW. */
function job(
  id: string,
  o: {
    cpu?: number;
    mem?: number;
    devices?: Record<string, number>;
    selector?: Record<string, string>;
    queue?: string;
    waited?: number;
  } = {},
): PlacementJob {
  const resources: Resources = {
    cpuMillis: (o.cpu ?? 0) * 1000,
    memoryMb: o.mem ?? 0,
    devices: o.devices ?? {},
  };
  return {
    id,
    queue: o.queue ?? "default",
    resources,
    selector: o.selector ?? {},
    createdAt: NOW - (o.waited ?? 0),
    notBefore: 0,
  };
}

/** A worker offering `slots`, `cpu` cores, `mem` MiB and devices; `used` taken already. */
function worker(
  id: string,
  o: {
    slots?: number;
    cpu?: number;
    mem?: number;
    devices?: Record<string, number>;
    labels?: Record<string, string>;
    used?: { slots?: number; cpu?: number; mem?: number; devices?: Record<string, number> };
  } = {},
): PlacementWorker {
  const total: Room = {
    slots: o.slots ?? 4,
    cpuMillis: (o.cpu ?? 0) * 1000,
    memoryMb: o.mem ?? 0,
    devices: o.devices ?? {},
  };
  const used = o.used ?? {};
  const devices: Record<string, number> = {};
  for (const [n, c] of Object.entries(total.devices)) devices[n] = c - (used.devices?.[n] ?? 0);
  return {
    id,
    labels: o.labels ?? {},
    total,
    free: {
      slots: total.slots - (used.slots ?? 0),
      cpuMillis: Math.max(0, total.cpuMillis - (used.cpu ?? 0) * 1000),
      memoryMb: total.memoryMb - (used.mem ?? 0),
      devices,
    },
  };
}

function run(
  jobs: PlacementJob[],
  workers: PlacementWorker[],
  over: Partial<PlacementInput> = {},
) {
  return schedule({
    jobs,
    workers,
    queues: new Map(),
    cursor: "",
    mode: "round-robin",
    now: NOW,
    reserveAfterMs: 60_000,
    ...over,
  });
}

/** "jobId→workerId" of a plan, in order. */
const placed = (plan: ReturnType<typeof run>) =>
  plan.assignments.map((a) => `${a.jobId}→${a.workerId}`);

const ids = (n: number) => Array.from({ length: n }, (_, i) => job(`j${i}`));

// ---------------------------------------------------------------------------------------------
// Slots and round-robin (plain placement, unchanged for jobs that request nothing)
// ---------------------------------------------------------------------------------------------

Deno.test("schedule() spreads jobs round-robin over workers with free slots", () => {
  const plan = run(ids(4), [worker("a"), worker("b")]);
  assert.deepEqual(plan.assignments.map((a) => a.workerId), ["a", "b", "a", "b"]);
  assert.equal(plan.cursor, "b");
});

Deno.test("schedule() continues the rotation after the cursor across calls", () => {
  const workers = [worker("a", { slots: 9 }), worker("b", { slots: 9 }), worker("c", { slots: 9 })];
  let cursor = "";
  const order: string[] = [];
  for (let i = 0; i < 5; i++) {
    const plan = run([job(`j${i}`)], workers, { cursor });
    cursor = plan.cursor;
    order.push(plan.assignments[0].workerId);
  }
  assert.deepEqual(order, ["a", "b", "c", "a", "b"]);
});

Deno.test("schedule() skips full workers and leaves what does not fit", () => {
  const plan = run(ids(5), [
    worker("a", { slots: 1, used: { slots: 1 } }),
    worker("b", { slots: 2 }),
    worker("c", { slots: 1 }),
  ]);
  assert.deepEqual(placed(plan), ["j0→b", "j1→c", "j2→b"]);
  assert.equal(plan.slotsLeft, 0);
  assert.equal(plan.examinedAll, false, "it stops once no slot is left");
});

Deno.test("schedule() with no workers or no jobs assigns nothing", () => {
  assert.deepEqual(run(ids(3), []).assignments, []);
  assert.deepEqual(run([], [worker("a")], { cursor: "a" }).assignments, []);
});

Deno.test("schedule() reads the jobs lazily and stops once no slot is left", () => {
  let read = 0;
  function* jobs() {
    for (let i = 0; i < 1_000_000; i++) {
      read++;
      yield job(`j${i}`);
    }
  }
  const plan = run([], [worker("a", { slots: 3 })], { jobs: jobs() });
  assert.equal(plan.assignments.length, 3);
  assert.equal(read, 4);
});

// ---------------------------------------------------------------------------------------------
// Fit: cpu, memory, devices; selectors
// ---------------------------------------------------------------------------------------------

const FIT_TABLE: {
  name: string;
  jobs: PlacementJob[];
  workers: PlacementWorker[];
  want: string[];
}[] = [
  {
    name: "cpu: a job goes only where its cores are free",
    jobs: [job("big", { cpu: 3 })],
    workers: [worker("a", { cpu: 2 }), worker("b", { cpu: 4 })],
    want: ["big→b"],
  },
  {
    name: "cpu: what running attempts use is not free",
    jobs: [job("x", { cpu: 2 })],
    workers: [worker("a", { cpu: 4, used: { cpu: 3 } }), worker("b", { cpu: 4, used: { cpu: 2 } })],
    want: ["x→b"],
  },
  {
    name: "memory: jobs placed in one pass count against each other",
    jobs: [job("m1", { mem: 600 }), job("m2", { mem: 600 }), job("m3", { mem: 600 })],
    workers: [worker("a", { mem: 1024 }), worker("b", { mem: 1024 })],
    want: ["m1→a", "m2→b"],
  },
  {
    name: "devices: a gpu job needs a worker with a free gpu",
    jobs: [job("g1", { devices: { gpu: 1 } }), job("g2", { devices: { gpu: 1 } })],
    workers: [
      worker("a"),
      worker("b", { devices: { gpu: 2 }, used: { devices: { gpu: 1 } } }),
    ],
    want: ["g1→b"],
  },
  {
    name: "devices: a count beyond the worker's is not placed",
    jobs: [job("g", { devices: { gpu: 3 } })],
    workers: [worker("a", { devices: { gpu: 2 } })],
    want: [],
  },
  {
    name: "a worker that reports no capacity takes only slot-only jobs",
    jobs: [job("cpu", { cpu: 1 }), job("mem", { mem: 1 }), job("plain")],
    workers: [worker("legacy")],
    want: ["plain→legacy"],
  },
  {
    name: "selector: every pair must equal a label",
    jobs: [
      job("s1", { selector: { gpu: "true" } }),
      job("s2", { selector: { gpu: "true", zone: "b" } }),
      job("s3", { selector: { zone: "c" } }),
    ],
    workers: [
      worker("a", { labels: { gpu: "true", zone: "a" } }),
      worker("b", { labels: { gpu: "false", zone: "b" } }),
    ],
    want: ["s1→a"],
  },
  {
    name: "selector and capacity together",
    jobs: [job("x", { selector: { disk: "ssd" }, mem: 2048 })],
    workers: [
      worker("a", { labels: { disk: "ssd" }, mem: 1024 }),
      worker("b", { labels: { disk: "hdd" }, mem: 8192 }),
      worker("c", { labels: { disk: "ssd" }, mem: 4096 }),
    ],
    want: ["x→c"],
  },
  {
    name: "slot-only jobs ignore cpu and memory entirely",
    jobs: ids(3),
    workers: [worker("a", { slots: 3, cpu: 1, used: { cpu: 1 } })],
    want: ["j0→a", "j1→a", "j2→a"],
  },
];

for (const t of FIT_TABLE) {
  Deno.test(`schedule() fit: ${t.name}`, () => {
    assert.deepEqual(placed(run(t.jobs, t.workers)), t.want);
  });
}

// ---------------------------------------------------------------------------------------------
// Backfill and reservation against starvation
// ---------------------------------------------------------------------------------------------

Deno.test("schedule() backfill: a big job at the head does not block smaller ones behind it", () => {
  const plan = run(
    [job("big", { cpu: 4 }), job("small1", { cpu: 1 }), job("small2", { cpu: 1 })],
    [worker("a", { cpu: 4, used: { cpu: 2 } })],
  );
  assert.deepEqual(placed(plan), ["small1→a", "small2→a"]);
  assert.deepEqual(plan.reservations, [], "it has not waited long enough to reserve");
});

Deno.test("schedule() reservation: a job waiting past the bound holds its room against backfill", () => {
  const plan = run(
    [job("big", { cpu: 4, waited: 61_000 }), job("small1", { cpu: 1 }), job("small2", { cpu: 1 })],
    [worker("a", { cpu: 4, used: { cpu: 2 } })],
  );
  assert.deepEqual(placed(plan), [], "the 2 free cores wait for the big job");
  assert.deepEqual(plan.reservations, [{ jobId: "big", workerId: "a" }]);
});

Deno.test("schedule() reservation takes the worker closest to fitting; others still backfill", () => {
  const plan = run(
    [job("big", { cpu: 4, waited: 120_000 }), job("s1", { cpu: 1 }), job("s2", { cpu: 1 })],
    [
      worker("a", { cpu: 4, used: { cpu: 3 } }), // 1 core free: 3 missing
      worker("b", { cpu: 4, used: { cpu: 1 } }), // 3 free: 1 missing -> reserved
      worker("c", { cpu: 2 }), // too small ever: never reserved
    ],
  );
  assert.deepEqual(plan.reservations, [{ jobId: "big", workerId: "b" }]);
  assert.deepEqual(placed(plan), ["s1→a", "s2→c"]);
});

Deno.test("schedule() reservation lets jobs use what lies beyond the reserved request", () => {
  const plan = run(
    [
      job("big", { cpu: 4, mem: 1000, waited: 120_000 }),
      job("memOnly", { mem: 2000 }),
      job(
        "cpu",
        { cpu: 1 },
      ),
    ],
    [worker("a", { slots: 8, cpu: 4, mem: 8000, used: { cpu: 2 } })],
  );
  assert.deepEqual(plan.reservations, [{ jobId: "big", workerId: "a" }]);
  // 2 cores are free but held for `big`; 7000 MiB lie beyond its request and are usable.
  assert.deepEqual(placed(plan), ["memOnly→a"]);
});

Deno.test("schedule() a request larger than every worker reserves nothing and blocks nothing", () => {
  const plan = run(
    [job("huge", { mem: 1_000_000, waited: 999_999 }), job("small", { mem: 10 })],
    [worker("a", { mem: 4096 })],
  );
  assert.deepEqual(plan.reservations, []);
  assert.deepEqual(placed(plan), ["small→a"]);
});

Deno.test("schedule() reservation ends starvation: the big job runs once its worker drains", () => {
  // A stream of small jobs keeps a 4-core worker busy; the big job behind cannot starve.
  let used = 3;
  let bigPlacedAt = -1;
  for (let pass = 0; pass < 10 && bigPlacedAt < 0; pass++) {
    used = Math.max(0, used - 1); // one small job ends per pass
    const jobs = [
      job("big", { cpu: 4, waited: 61_000 }),
      ...Array.from(
        { length: 4 },
        (_, i) => job(`small${pass}-${i}`, { cpu: 1 }),
      ),
    ];
    const plan = run(jobs, [worker("a", { slots: 8, cpu: 4, used: { cpu: used } })]);
    for (const a of plan.assignments) {
      if (a.jobId === "big") bigPlacedAt = pass;
      else used++;
    }
  }
  assert.equal(bigPlacedAt, 2, "three passes: 3 cores in use drain one by one");
});

Deno.test("schedule() without reservation, the same stream starves the big job", () => {
  let used = 3;
  for (let pass = 0; pass < 10; pass++) {
    used = Math.max(0, used - 1);
    const jobs = [job("big", { cpu: 4 }), job(`small${pass}`, { cpu: 1 })];
    const plan = run(jobs, [worker("a", { slots: 8, cpu: 4, used: { cpu: used } })]);
    assert.ok(!plan.assignments.some((a) => a.jobId === "big"));
    used += plan.assignments.length;
  }
});

Deno.test("schedule() two starving jobs reserve two different workers", () => {
  const plan = run(
    [job("b1", { cpu: 2, waited: 70_000 }), job("b2", { cpu: 2, waited: 70_000 })],
    [worker("a", { cpu: 2, used: { cpu: 1 } }), worker("b", { cpu: 2, used: { cpu: 1 } })],
  );
  assert.deepEqual(plan.reservations, [{ jobId: "b1", workerId: "a" }, {
    jobId: "b2",
    workerId: "b",
  }]);
});

// ---------------------------------------------------------------------------------------------
// Queues: pause and max_running
// ---------------------------------------------------------------------------------------------

const queues = (q: Record<string, Partial<PlacementQueue>>) =>
  new Map(
    Object.entries(q).map(([n, v]) => [n, { paused: false, maxRunning: 0, running: 0, ...v }]),
  );

const QUEUE_TABLE: {
  name: string;
  queues: Record<string, Partial<PlacementQueue>>;
  want: string[];
}[] = [
  { name: "no settings: no limits", queues: {}, want: ["e1→a", "d1→a", "e2→a", "e3→a"] },
  { name: "a paused queue starts nothing", queues: { etl: { paused: true } }, want: ["d1→a"] },
  {
    name: "max_running counts running jobs and those placed in this pass",
    queues: { etl: { maxRunning: 3, running: 1 } },
    want: ["e1→a", "d1→a", "e2→a"],
  },
  {
    name: "a queue at its max_running starts nothing",
    queues: { etl: { maxRunning: 2, running: 2 } },
    want: ["d1→a"],
  },
  {
    name: "another queue's limit does not touch this one",
    queues: { default: { maxRunning: 0 }, other: { paused: true } },
    want: ["e1→a", "d1→a", "e2→a", "e3→a"],
  },
];

for (const t of QUEUE_TABLE) {
  Deno.test(`schedule() queues: ${t.name}`, () => {
    const jobs = [
      job("e1", { queue: "etl" }),
      job("d1"),
      job("e2", { queue: "etl" }),
      job("e3", { queue: "etl" }),
    ];
    assert.deepEqual(
      placed(run(jobs, [worker("a", { slots: 8 })], { queues: queues(t.queues) })),
      t.want,
    );
  });
}

Deno.test("schedule() a job held by its queue reserves nothing, however long it waited", () => {
  const plan = run(
    [job("e", { queue: "etl", cpu: 4, waited: 999_999 }), job("d", { cpu: 1 })],
    [worker("a", { cpu: 4, used: { cpu: 1 } })],
    { queues: queues({ etl: { paused: true } }) },
  );
  assert.deepEqual(plan.reservations, []);
  assert.deepEqual(placed(plan), ["d→a"]);
});

// ---------------------------------------------------------------------------------------------
// Spreading vs binpack
// ---------------------------------------------------------------------------------------------

Deno.test("schedule() round-robin spreads, binpack fills the fullest worker first", () => {
  const workers = [
    worker("a", { cpu: 8, mem: 8192 }),
    worker("b", { cpu: 8, mem: 8192, used: { slots: 1, cpu: 4, mem: 4096 } }),
    worker("c", { cpu: 8, mem: 8192 }),
  ];
  const jobs = Array.from({ length: 3 }, (_, i) => job(`j${i}`, { cpu: 1, mem: 1024 }));
  assert.deepEqual(run(jobs, workers).assignments.map((a) => a.workerId), ["a", "b", "c"]);
  assert.deepEqual(
    run(jobs, workers, { mode: "binpack" }).assignments.map((a) => a.workerId),
    ["b", "b", "b"],
  );
});

Deno.test("schedule() binpack moves on to the next fullest once a worker is full", () => {
  const workers = [
    worker("a", { slots: 4, cpu: 4, used: { slots: 1, cpu: 1 } }),
    worker("b", { slots: 4, cpu: 4, used: { slots: 2, cpu: 2 } }),
  ];
  const jobs = Array.from({ length: 5 }, (_, i) => job(`j${i}`, { cpu: 1 }));
  assert.deepEqual(
    run(jobs, workers, { mode: "binpack" }).assignments.map((a) => a.workerId),
    ["b", "b", "a", "a", "a"],
  );
});

// ---------------------------------------------------------------------------------------------
// Invariants over random tables
// ---------------------------------------------------------------------------------------------

Deno.test("schedule() never over-commits any worker in any dimension (random tables)", () => {
  let seed = 42;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  for (let round = 0; round < 300; round++) {
    const workers = Array.from({ length: 1 + rand(6) }, (_, i) =>
      worker(`w${i}`, {
        slots: 1 + rand(5),
        cpu: rand(5),
        mem: rand(3) * 1024,
        devices: rand(2) ? { gpu: rand(3) } : {},
        labels: { zone: `z${rand(2)}` },
        used: { cpu: rand(2) },
      }));
    const jobs = Array.from({ length: rand(40) }, (_, i) =>
      job(`j${i}`, {
        cpu: rand(3) * 0.5,
        mem: rand(3) * 512,
        devices: rand(4) === 0 ? { gpu: 1 } : {},
        selector: rand(3) === 0 ? { zone: `z${rand(2)}` } : {},
        queue: rand(2) ? "default" : "etl",
        waited: rand(2) * 100_000,
      }));
    const mode = rand(2) ? "binpack" : "round-robin";
    const plan = run(jobs, workers, {
      mode,
      queues: queues({ etl: { maxRunning: rand(4), running: rand(2) } }),
    });
    const byId = new Map(jobs.map((j) => [j.id, j]));
    for (const w of workers) {
      const mine = plan.assignments.filter((a) => a.workerId === w.id).map((a) =>
        byId.get(a.jobId)!
      );
      assert.ok(mine.length <= w.free.slots);
      assert.ok(mine.reduce((n, j) => n + j.resources.cpuMillis, 0) <= w.free.cpuMillis);
      assert.ok(mine.reduce((n, j) => n + j.resources.memoryMb, 0) <= w.free.memoryMb);
      assert.ok(
        mine.reduce((n, j) => n + (j.resources.devices.gpu ?? 0), 0) <= (w.free.devices.gpu ?? 0),
      );
      for (const j of mine) {
        for (const [k, v] of Object.entries(j.selector)) assert.equal(w.labels[k], v);
      }
    }
    assert.equal(new Set(plan.assignments.map((a) => a.jobId)).size, plan.assignments.length);
  }
});

// ---------------------------------------------------------------------------------------------
// Queue places (pipelining): used only once no free slot fits
// ---------------------------------------------------------------------------------------------

const withQueue = (w: PlacementWorker, queue: number): PlacementWorker => ({ ...w, queue });

Deno.test("free slots anywhere are used before any queue place", () => {
  const a = withQueue(worker("a", { slots: 2, used: { slots: 2 } }), 2);
  const b = withQueue(worker("b", { slots: 2, used: { slots: 1 } }), 2);
  const plan = run(ids(5), [a, b]);
  // b's one free slot first, then the queues, round-robin after b.
  assert.deepEqual(placed(plan), ["j0→b", "j1→a", "j2→b", "j3→a", "j4→b"]);
  assert.deepEqual(plan.assignments.map((x) => x.queued ?? false), [
    false,
    true,
    true,
    true,
    true,
  ]);
  assert.equal(plan.slotsLeft, 0);
  // One job more than slots and queue places: it waits.
  assert.equal(run(ids(6), [a, b]).assignments.length, 5);
});

Deno.test("a free slot later in the ring beats a queue place earlier in it", () => {
  const a = withQueue(worker("a", { slots: 1, used: { slots: 1 } }), 4);
  const b = withQueue(worker("b", { slots: 1, used: { slots: 1 } }), 4);
  const c = withQueue(worker("c", { slots: 3 }), 4);
  const plan = run(ids(4), [a, b, c]);
  assert.deepEqual(placed(plan), ["j0→c", "j1→c", "j2→c", "j3→a"]);
  assert.equal(plan.assignments[3].queued, true);
});

Deno.test("a queued attempt reserves its resources; binpack queues too once slots are full", () => {
  const a = withQueue(worker("a", { slots: 1, cpu: 2, used: { slots: 1, cpu: 1 } }), 3);
  const plan = run([job("x", { cpu: 1 }), job("y", { cpu: 1 }), job("z")], [a], {
    mode: "binpack",
  });
  // x takes the last cpu from a queue place; y finds none left; z asks for no cpu.
  assert.deepEqual(placed(plan), ["x→a", "z→a"]);
  assert.ok(plan.assignments.every((p) => p.queued));
});

Deno.test("nothing queues on a worker whose room is reserved for a starving job", () => {
  const a = withQueue(worker("a", { slots: 1, cpu: 4, used: { slots: 1, cpu: 2 } }), 2);
  const plan = run([job("big", { cpu: 4, waited: 120_000 }), job("small")], [a]);
  assert.deepEqual(placed(plan), []);
  assert.deepEqual(plan.reservations, [{ jobId: "big", workerId: "a" }]);
});
