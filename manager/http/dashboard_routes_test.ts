import assert from "node:assert/strict";
import { createLogger, setLogLevel } from "../../shared/log.ts";
import { PROTO_PATH, titan } from "../../shared/proto.ts";
import { strictService } from "../../shared/strict_decode.ts";
import { checkBearer } from "../api/auth.ts";
import { managerHandlers } from "../api/manager_service.ts";
import { DEFAULT_LIMITS } from "../api/validate.ts";
import { ManagerCore } from "../core/core.ts";
import { SqliteStore } from "../store/sqlite/sqlite_store.ts";
import {
  cachedFor,
  DASHBOARD_DIR,
  type DashboardBackend,
  dashboardRoute,
} from "./dashboard_routes.ts";
import { jobSearch } from "./job_search.ts";
import { JsonGateway } from "./json_gateway.ts";
import { MetricsHistory } from "./metrics_history.ts";
import { ManagerMetrics } from "./metrics.ts";

setLogLevel("error");
const TOKEN = "t0ken";

/** A manager without workers: the real controller, store and handlers behind the routes. */
async function setup(over: Partial<DashboardBackend> = {}) {
  const dir = Deno.makeTempDirSync({ prefix: "titan-dashboard-" });
  const store = new SqliteStore(dir);
  const log = createLogger("test");
  const metrics: ManagerMetrics = new ManagerMetrics({
    leading: () => true,
    activeJobs: () => core.jobs.activeCount,
    queueLength: () => core.jobs.queueLength,
    watchers: () => core.jobs.watcherCount,
    workers: () => core.jobs.workers(),
    queues: () => core.jobs.listQueues(),
  });
  const core: ManagerCore = new ManagerCore(
    store,
    {
      heartbeatTimeoutMs: 1000,
      heartbeatIntervalMs: 100,
      retryBackoffBaseMs: 0,
      retryBackoffMaxMs: 0,
      maxLostAttempts: 2,
      maxActiveJobs: 100,
      drainTimeoutMs: 0,
    },
    log,
    metrics,
  );
  const ctl = core.jobs;
  await ctl.recover();
  const service = strictService(titan.ManagerService.service, "titan.ManagerService");
  const handlers = managerHandlers(ctl, {
    clientToken: TOKEN,
    limits: DEFAULT_LIMITS,
    maxWatchers: 10,
    maxBatch: 10,
  }, log);
  const history = new MetricsHistory(() => metrics.reading());
  const backend: DashboardBackend = {
    gateway: new JsonGateway(PROTO_PATH, "titan.ManagerService", service, handlers as never),
    authorize: (metadata) => checkBearer(metadata, TOKEN, "client"),
    countByState: () => store.countByState(),
    searchJobs: jobSearch(ctl),
    history,
    role: () => ({ role: "single", leader: "" }),
    specFields: ["command"],
    ...over,
    log,
    assetsDir: DASHBOARD_DIR,
  };
  const request = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    dashboardRoute(
      backend,
      new Request(`http://dash${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}`, ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
    ).then((r) => r!);
  const api = async (method: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await request(`/api/titan.ManagerService/${method}`, body, headers);
    return { status: res.status, body: await res.json() };
  };
  return {
    ctl,
    history,
    request,
    api,
    close: async () => {
      core.stop();
      await store.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** Read a whole event stream into [event, data] pairs. */
async function events(res: Response): Promise<[string, unknown][]> {
  const text = await res.text();
  return text.split("\n\n").filter((b) => b.startsWith("event:")).map((block) => {
    const [event, data] = block.split("\n");
    return [event.slice("event: ".length), JSON.parse(data.slice("data: ".length))];
  });
}

Deno.test("the JSON API calls the gRPC handlers: submit, status, list, cancel", async () => {
  const t = await setup();
  try {
    const submitted = await t.api("SubmitJob", {
      command: "echo hi",
      env: { A: "1" },
      timeout_seconds: 5, // the .proto's spelling works as well as lowerCamelCase
      priority: -3,
    });
    assert.equal(submitted.status, 200);
    assert.equal(submitted.body.state, "PENDING");
    const jobId = submitted.body.jobId;
    const status = await t.api("GetJobStatus", { jobId });
    assert.equal(status.body.command, "echo hi");
    assert.equal(status.body.timeoutSeconds, 5);
    assert.equal(status.body.priority, -3);
    assert.deepEqual(status.body.env, { A: "1" });
    const list = await t.api("ListJobs", { states: ["PENDING"], pageSize: 10 });
    assert.deepEqual(list.body.jobs.map((j: { jobId: string }) => j.jobId), [jobId]);
    const cancelled = await t.api("CancelJob", { jobId });
    assert.deepEqual(cancelled.body, { jobId, state: "CANCELLED" });
  } finally {
    await t.close();
  }
});

Deno.test("bad input gets the gRPC handlers' messages, an HTTP status and the code's name", async () => {
  const t = await setup();
  try {
    const cases: [string, unknown, number, string, string][] = [
      ["SubmitJob", { command: "" }, 400, "INVALID_ARGUMENT", "command must not be empty"],
      [
        "SubmitJob",
        { command: "x", cwd: "rel" },
        400,
        "INVALID_ARGUMENT",
        'cwd must be an absolute path, got "rel"',
      ],
      [
        "SubmitJob",
        { command: "x", bogus: 1 },
        400,
        "INVALID_ARGUMENT",
        'unknown field "bogus" in titan.JobSpec',
      ],
      [
        "SubmitJob",
        { command: "x", timeoutSeconds: -1 },
        400,
        "INVALID_ARGUMENT",
        "timeoutSeconds: expected a uint32, got -1",
      ],
      [
        "SubmitJob",
        { command: 7 },
        400,
        "INVALID_ARGUMENT",
        "command: expected a string",
      ],
      [
        "SubmitJob",
        { command: "x", env: { A: 1 } },
        400,
        "INVALID_ARGUMENT",
        "env.A: expected a string",
      ],
      [
        "ListJobs",
        { states: ["DONE"] },
        400,
        "INVALID_ARGUMENT",
        'states[0]: "DONE" is not a value of titan.JobState',
      ],
      [
        "ListJobs",
        { pageSize: 5000 },
        400,
        "INVALID_ARGUMENT",
        "page_size must be in [1, 1000], got 5000",
      ],
      [
        "GetJobStatus",
        { jobId: "nope" },
        400,
        "INVALID_ARGUMENT",
        'job_id must be a job id (a UUID), got "nope"',
      ],
      [
        "GetJobStatus",
        { jobId: "01a23150-2bc0-76e9-a01e-1520925eaed0" },
        404,
        "NOT_FOUND",
        "job 01a23150-2bc0-76e9-a01e-1520925eaed0 not found",
      ],
      [
        "UpdateQueue",
        { name: "Bad Name" },
        400,
        "INVALID_ARGUMENT",
        'name "Bad Name" is not a queue name: it must be at most 63 lowercase letters, digits, ' +
        "'-', '_' or '.', starting and ending with a letter or digit",
      ],
      [
        "GetSchedule",
        { name: "bad name" },
        400,
        "INVALID_ARGUMENT",
        "name must be letters, digits, '.', '_' or '-' (at most 128, starting with a letter or " +
        'digit), got "bad name"',
      ],
      [
        "NoSuchMethod",
        {},
        501,
        "UNIMPLEMENTED",
        "no method titan.ManagerService/NoSuchMethod",
      ],
    ];
    for (const [method, body, status, code, message] of cases) {
      const res = await t.api(method, body);
      assert.deepEqual(
        res,
        { status, body: { code, message } },
        `${method} ${JSON.stringify(body)}`,
      );
    }
    const notJson = await t.api("SubmitJob", "{command:");
    assert.equal(notJson.status, 400);
    assert.match(notJson.body.message, /^request body is not JSON: /);
    const anonymous = await t.api("ListJobs", {}, { authorization: "" });
    assert.deepEqual(anonymous, {
      status: 401,
      body: {
        code: "UNAUTHENTICATED",
        message: "missing bearer token: this service expects the client token (TITAN_TOKEN)",
      },
    });
    for (
      const path of [
        "/api/dashboard/Overview",
        "/api/dashboard/History",
        "/api/dashboard/SearchJobs",
        "/api/dashboard/Schema",
        "/api/dashboard/WatchJobs",
      ]
    ) {
      const res = await t.request(path, {}, { authorization: "Bearer wrong" });
      assert.equal(res.status, 401, path);
      assert.equal((await res.json()).code, "UNAUTHENTICATED");
    }
  } finally {
    await t.close();
  }
});

Deno.test("WatchJob is an event stream fed by the watch hub; errors before it starts are plain", async () => {
  const t = await setup();
  try {
    const missing = await t.request(
      "/api/titan.ManagerService/WatchJob",
      { jobId: "01a23150-2bc0-76e9-a01e-1520925eaed0" },
      { accept: "text/event-stream" },
    );
    assert.equal(missing.status, 404);
    assert.equal((await missing.json()).code, "NOT_FOUND");

    const { body } = await t.api("SubmitJob", { command: "sleep 1" });
    const res = await t.request("/api/titan.ManagerService/WatchJob", { jobId: body.jobId }, {
      accept: "text/event-stream",
    });
    assert.equal(res.headers.get("content-type"), "text/event-stream");
    const all = events(res);
    // The job ends (no worker ran it) while the stream is open: the stream tells and closes.
    await t.api("CancelJob", { jobId: body.jobId });
    const got = await all;
    assert.deepEqual(
      got.map(([e, d]) => [e, (d as { status?: { state: string } }).status?.state]),
      [
        ["message", "PENDING"],
        ["message", "CANCELLED"],
        ["end", undefined],
      ],
    );
  } finally {
    await t.close();
  }
});

Deno.test("WatchJobs carries many jobs' state changes on one stream", async () => {
  const t = await setup();
  try {
    const a = (await t.api("SubmitJob", { command: "sleep 1" })).body.jobId;
    const b = (await t.api("SubmitJob", { command: "sleep 2" })).body.jobId;
    const res = await t.request("/api/dashboard/WatchJobs", { jobIds: [a, b, "bad"] }, {
      accept: "text/event-stream",
    });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    const until = async (pattern: RegExp) => {
      while (!pattern.test(text)) text += decoder.decode((await reader.read()).value);
    };
    await until(/"message":"job_id must be a job id/);
    await t.api("CancelJob", { jobId: a });
    await t.api("CancelJob", { jobId: b });
    await until(new RegExp(`${b}[^\\n]*"state":"CANCELLED"`));
    assert.match(
      text,
      new RegExp(`event: status\\ndata: \\{[^\\n]*"jobId":"${a}"[^\\n]*CANCELLED`),
    );
    await reader.cancel();
  } finally {
    await t.close();
  }
});

Deno.test("Overview counts jobs per state from the store; SearchJobs pages by command text", async () => {
  const t = await setup();
  try {
    for (const command of ["make a", "echo b", "make c"]) await t.api("SubmitJob", { command });
    const done = (await t.api("SubmitJob", { command: "make d" })).body.jobId;
    await t.api("CancelJob", { jobId: done });
    t.history.sample();
    const overview = await (await t.request("/api/dashboard/Overview", {})).json();
    assert.deepEqual(overview.counts, { PENDING: 3, CANCELLED: 1 });
    const history = await (await t.request("/api/dashboard/History", {})).json();
    assert.equal(history.intervalMs, 5000);
    const last = history.samples[history.samples.length - 1];
    assert.equal(last.submitted, 4);
    assert.equal(last.cancelled, 1);

    const search = async (body: unknown) =>
      await (await t.request("/api/dashboard/SearchJobs", body)).json();
    const page1 = await search({ text: "make", pageSize: 2 });
    assert.deepEqual(page1.jobs.map((j: { command: string }) => j.command), ["make d", "make c"]);
    const page2 = await search({ text: "make", pageSize: 2, pageToken: page1.nextPageToken });
    assert.deepEqual(page2.jobs.map((j: { command: string }) => j.command), ["make a"]);
    assert.equal(page2.nextPageToken, "");
    const pending = await search({ text: "make", states: ["PENDING"] });
    assert.equal(pending.jobs.length, 2);
    assert.deepEqual(await search({ text: "x".repeat(300) }), {
      code: "INVALID_ARGUMENT",
      message: "text must be at most 256 characters, got 300",
    });
    assert.deepEqual(await search({ text: "make", pageToken: "zz" }), {
      code: "INVALID_ARGUMENT",
      message: (await t.api("ListJobs", { pageToken: "zz" })).body.message,
    });
  } finally {
    await t.close();
  }
});

Deno.test("the page is served from the manager, with a policy that loads nothing from elsewhere", async () => {
  const t = await setup();
  try {
    const backendless = async (path: string) =>
      await dashboardRoute(
        { assetsDir: DASHBOARD_DIR } as DashboardBackend,
        new Request(`http://dash${path}`),
      );
    const page = (await backendless("/"))!;
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type")!, /^text\/html/);
    assert.match(page.headers.get("content-security-policy")!, /default-src 'self'/);
    const html = await page.text();
    assert.match(html, /<script type="module" src="app.js">/);
    assert.doesNotMatch(html, /https?:\/\//);
    const script = (await backendless("/app.js"))!;
    assert.match(script.headers.get("content-type")!, /^text\/javascript/);
    await script.body?.cancel();
    assert.equal(await backendless("/metrics"), undefined);
    const get = await backendless("/api/titan.ManagerService/ListJobs");
    assert.equal(get!.status, 501);
  } finally {
    await t.close();
  }
});

Deno.test("counts are reused for a second, or longer when counting took long", async () => {
  let clock = 0;
  let reads = 0;
  let cost = 10;
  const cached = cachedFor(1000, 20, () => {
    reads++;
    clock += cost;
    return Promise.resolve(reads);
  }, () => clock);
  assert.equal(await cached(), 1);
  const [a, b] = await Promise.all([cached(), cached()]);
  assert.deepEqual([a, b, reads], [1, 1, 1]);
  clock += 1000;
  assert.equal(await cached(), 2); // a 10 ms read is reused for the minimum of a second
  cost = 200;
  clock += 1000;
  assert.equal(await cached(), 3); // this one took 200 ms: reused for 4 s
  clock += 3000;
  assert.equal(await cached(), 3);
  clock += 1000;
  assert.equal(await cached(), 4);
  let failing = true;
  const flaky = cachedFor(
    1000,
    20,
    () => failing ? Promise.reject(new Error("down")) : Promise.resolve("up"),
    () => clock,
  );
  await assert.rejects(flaky(), /down/);
  failing = false;
  assert.equal(await flaky(), "up"); // a failure is not kept
});

Deno.test("pages of other sites cannot call the API; without tokens only a loopback Host is served", async () => {
  const t = await setup();
  try {
    const foreign = await t.api("ListJobs", {}, { origin: "https://evil.example" });
    assert.deepEqual(foreign, {
      status: 403,
      body: {
        code: "PERMISSION_DENIED",
        message: "calls from pages of another origin (https://evil.example) are refused",
      },
    });
    const same = await t.api("ListJobs", {}, { origin: "http://dash" });
    assert.equal(same.status, 200);
    const opaque = await t.api("SubmitJob", { command: "true" }, { origin: "null" });
    assert.equal(opaque.status, 403);
  } finally {
    await t.close();
  }
  const open = await setup({ loopbackOnly: true });
  try {
    const rebound = await open.request("/api/titan.ManagerService/ListJobs", {}, {
      host: "rebind.example:9090",
    });
    assert.equal(rebound.status, 403);
    assert.match((await rebound.json()).message, /only on a loopback address/);
    for (const host of ["127.0.0.1:9090", "localhost:9090", "[::1]:9090"]) {
      const res = await open.request("/api/titan.ManagerService/ListJobs", {}, { host });
      assert.equal(res.status, 200, host);
      await res.body?.cancel();
    }
  } finally {
    await open.close();
  }
});
