/**
 * The dashboard in a real browser (chromium via playwright-core) against a real cluster: a
 * manager and two workers as processes. What a user does: submit from the form, follow a
 * job's output live, cancel it with the button, look at the workers and drain one, read the
 * charts (which must agree with /metrics), and sign in when tokens are set.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { Cluster, waitFor } from "../support/cluster.ts";
import { launch, pageErrors, screenshot, VIEWPORTS } from "./browser.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
/** Set to refresh the screenshot the README shows (docs/dashboard.png). */
const UPDATE_DOCS = Deno.env.get("TITAN_UPDATE_DOCS_SCREENSHOT") === "1";

const opts = { sanitizeOps: false, sanitizeResources: false };

/** The number of lines in the job page's stdout pane. */
async function stdoutLines(page: Page): Promise<number> {
  const text = await page.textContent('pre[data-stream="stdout"]') ?? "";
  return text.split("\n").filter((l) => l.startsWith("line ")).length;
}

Deno.test("dashboard: submit, follow, cancel, workers, drain, charts", opts, async (t) => {
  // A small output cap, so a job can overflow it quickly.
  const cluster = await Cluster.start({
    workers: 2,
    slots: 3,
    workerArgs: ["--output-cap", "4096"],
  });
  const browser = await launch();
  const base = `http://127.0.0.1:${cluster.httpPort}/`;
  try {
    const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
    const errors = pageErrors(page);
    let jobId = "";

    await t.step("submit a job from the form and see it appear", async () => {
      await page.goto(base);
      await page.getByRole("link", { name: "Submit" }).click();
      await page.fill("#f-command", "for i in $(seq 1 40); do echo line $i; sleep 0.25; done");
      await page.fill("#f-env", "GREETING=hello");
      await page.getByRole("button", { name: "Submit", exact: true }).click();
      await page.waitForURL(/#\/jobs\/[0-9a-f-]{36}$/);
      jobId = page.url().split("/").pop()!;
      const status = await cluster.status(jobId);
      assert.equal(status.env.GREETING, "hello");
      await page.getByRole("link", { name: "Jobs" }).click();
      await page.waitForSelector(`tr[data-job="${jobId}"]`);
    });

    await t.step("open it and watch its output grow while it runs", async () => {
      await page.click(`tr[data-job="${jobId}"] a`);
      await page.waitForSelector(".badge.s-running");
      await waitFor(async () => await stdoutLines(page) >= 2, 15_000, () => "no output yet");
      const first = await stdoutLines(page);
      await waitFor(
        async () => await stdoutLines(page) >= first + 3,
        15_000,
        () => `output stayed at ${first} lines`,
      );
      assert.match(await page.textContent("main") ?? "", /following live/);
      await screenshot(page, "job-running-desktop");
    });

    await t.step("cancel the running job with the button and see it end CANCELLED", async () => {
      await page.getByRole("button", { name: "Cancel job" }).click();
      await page.waitForSelector("h1 .badge.s-cancelled", { timeout: 15_000 });
      assert.equal((await cluster.status(jobId)).state, "CANCELLED");
      // The output stops growing and the cancel button is gone.
      assert.equal(await page.getByRole("button", { name: "Cancel job" }).count(), 0);
    });

    await t.step("submit it again with the button: a new job with the same spec", async () => {
      await page.getByRole("button", { name: "Submit again" }).click();
      await page.waitForURL((url) =>
        /#\/jobs\/[0-9a-f-]{36}$/.test(url.href) && !url.href.endsWith(jobId)
      );
      const again = page.url().split("/").pop()!;
      const [first, second] = [await cluster.status(jobId), await cluster.status(again)];
      assert.equal(second.command, first.command);
      assert.deepEqual(second.env, first.env);
      await cluster.call("CancelJob", { jobId: again });
      await page.waitForSelector("h1 .badge.s-cancelled", { timeout: 15_000 });
    });

    await t.step("output over the cap shows the truncation note", async () => {
      const chatty = await cluster.submit("yes 0123456789 | head -c 20000");
      await cluster.waitForState(chatty);
      await page.goto(`${base}#/jobs/${chatty}`);
      await page.waitForSelector("h1 .badge.s-completed");
      const pane = page.locator('section[aria-label="Stdout"]');
      await waitFor(async () => /Output capped/.test(await pane.textContent() ?? ""), 10_000);
      assert.match(await pane.textContent() ?? "", /19\.5 KiB/);
      const kept = await page.textContent('pre[data-stream="stdout"]') ?? "";
      assert.equal(kept.length, 4096);
    });

    await t.step("the table follows state changes live", async () => {
      await page.goto(`${base}#/jobs`);
      const slow = await cluster.submit("sleep 4");
      const row = page.locator(`tr[data-job="${slow}"]`);
      await row.locator(".badge.s-running").waitFor({ timeout: 15_000 });
      await row.locator(".badge.s-completed").waitFor({ timeout: 15_000 });
    });

    await t.step("queues: pause one, see why its job waits, set a limit, resume", async () => {
      // Submitted from the form into a new queue: the form offers the queue field because this
      // manager serves queues.
      await page.goto(`${base}#/submit`);
      await page.fill("#f-command", "echo in etl");
      await page.fill("#f-queue", "etl");
      // The workers report what they offer, so the form offers resources too.
      await page.fill("#f-cpu", "0.5");
      await page.getByRole("button", { name: "Submit", exact: true }).click();
      await page.waitForURL(/#\/jobs\/[0-9a-f-]{36}$/);
      const first = page.url().split("/").pop()!;
      const done = await cluster.waitForState(first);
      assert.equal(done.queue, "etl");
      assert.equal(done.resources?.cpuMillis, 500);
      await page.waitForSelector("text=0.5 cores");
      await cluster.call("UpdateQueue", { name: "etl", maxRunning: 0 });

      await page.getByRole("link", { name: "Queues & schedules" }).click();
      const row = page.locator('tr[data-queue="etl"]');
      await row.waitFor();
      await row.getByRole("button", { name: "Pause etl" }).click();
      await row.getByRole("button", { name: "Resume etl" }).waitFor();
      assert.match(await row.textContent() ?? "", /paused/);
      const waiting = await cluster.submit("echo after the pause", { queue: "etl" });
      await page.goto(`${base}#/jobs/${waiting}`);
      await page.waitForSelector("text=queue etl is paused");
      await screenshot(page, "job-pending-desktop");

      await page.getByRole("link", { name: "Queues & schedules" }).click();
      await row.locator('input[type="number"]').fill("3");
      await row.getByRole("button", { name: "Set" }).click();
      await waitFor(async () => {
        const { queues } = await cluster.call("ListQueues", {});
        return queues.find((q: { name: string }) => q.name === "etl")?.maxRunning === 3;
      }, 10_000);
      await row.getByRole("button", { name: "Resume etl" }).click();
      assert.equal((await cluster.waitForState(waiting)).state, "COMPLETED");
      await screenshot(page, "queues-desktop");
    });

    await t.step("schedules: next fire time, pause, resume, trigger now", async () => {
      await cluster.call("CreateSchedule", {
        name: "yearly-report",
        cron: "0 0 1 1 *",
        job: { command: "echo scheduled run" },
      });
      await page.goto(`${base}#/queues`);
      const row = page.locator('tr[data-schedule="yearly-report"]');
      await row.waitFor();
      const { nextFireTime } = await cluster.call("GetSchedule", { name: "yearly-report" });
      assert.match(await row.textContent() ?? "", /0 0 1 1 \*/);
      assert.match(
        await row.locator("td[title]").nth(1).getAttribute("title") ?? "",
        // The page's title is the API's RFC 3339 text of the gRPC Timestamp.
        new RegExp(new Date(Number(nextFireTime.seconds) * 1000).toISOString().slice(0, 19)),
      );
      await row.getByRole("button", { name: "Pause" }).click();
      await row.getByRole("button", { name: "Resume" }).waitFor();
      assert.equal((await cluster.call("GetSchedule", { name: "yearly-report" })).paused, true);
      await row.getByRole("button", { name: "Resume" }).click();
      await row.getByRole("button", { name: "Pause" }).waitFor();
      await row.getByRole("button", { name: "Trigger now" }).click();
      const notice = page.locator('[role="status"]');
      await waitFor(
        async () => /yearly-report triggered: job/.test(await notice.textContent() ?? ""),
        10_000,
      );
      const jobId = /job ([0-9a-f-]{36})/.exec(await notice.textContent() ?? "")![1];
      assert.equal((await cluster.waitForState(jobId)).stdout, "scheduled run\n");
      // The schedule's last run links to the job.
      await row.locator(`a[href="#/jobs/${jobId}"]`).waitFor({ timeout: 10_000 });
      await screenshot(page, "schedules-desktop");
    });

    await t.step("a refused spec shows the manager's own message", async () => {
      await page.goto(`${base}#/submit`);
      await page.fill("#f-command", "true");
      await page.fill("#f-cwd", "relative/dir");
      await page.getByRole("button", { name: "Submit", exact: true }).click();
      const alert = page.locator("#submit-error");
      await waitFor(async () => (await alert.textContent() ?? "") !== "", 10_000);
      assert.equal(
        await alert.textContent(),
        'cwd must be an absolute path, got "relative/dir"',
      );
    });

    await t.step("search jobs by their command", async () => {
      const marked = await cluster.submit("echo needle-in-the-haystack");
      await cluster.waitForState(marked);
      await page.goto(`${base}#/jobs`);
      await page.fill("#q", "needle-in");
      await page.getByRole("button", { name: "Search" }).click();
      await waitFor(async () => await page.locator("tr[data-job]").count() === 1, 10_000);
      assert.equal(await page.getAttribute("tr[data-job]", "data-job"), marked);
      await page.getByRole("button", { name: "Clear" }).click();
      await waitFor(async () => await page.locator("tr[data-job]").count() > 1, 10_000);
    });

    await t.step("a job's dependencies as a small graph; search by name", async () => {
      const { jobs } = await cluster.call("SubmitJobs", {
        jobs: [
          { command: "sleep 2", name: "extract-step" },
          { command: "echo loaded", name: "load-step", dependsOn: ["extract-step"] },
        ],
      });
      const [extract, load] = jobs.map((j: { jobId: string }) => j.jobId);
      await page.goto(`${base}#/jobs/${load}`);
      await page.waitForSelector("h1 >> text=load-step");
      const graph = page.locator('section[aria-label="Dependencies"]');
      await graph.waitFor();
      assert.match(await graph.textContent() ?? "", /extract-step · (PENDING|SCHEDULED|RUNNING)/);
      // While it waits, the page says why.
      await page.waitForSelector("text=Waiting because");
      await page.waitForSelector("h1 .badge.s-completed", { timeout: 20_000 });
      assert.match(await page.textContent('pre[data-stream="stdout"]') ?? "", /loaded/);
      await screenshot(page, "job-dependencies-desktop");
      // The graph links to the dependency.
      await graph.locator("a").first().click();
      await page.waitForURL(new RegExp(`#/jobs/${extract}$`));

      // From the form: a named job that waits for another.
      await page.goto(`${base}#/submit`);
      await page.fill("#f-name", "report-step");
      await page.fill("#f-command", "echo report");
      await page.fill("#f-deps", load);
      await page.getByRole("button", { name: "Submit", exact: true }).click();
      await page.waitForURL(/#\/jobs\/[0-9a-f-]{36}$/);
      const report = await cluster.waitForState(page.url().split("/").pop()!);
      assert.equal(report.name, "report-step");
      assert.deepEqual(report.dependencies.map((d: { jobId: string }) => d.jobId), [load]);

      await page.goto(`${base}#/jobs`);
      await page.fill("#q", "-step");
      await page.getByRole("button", { name: "Search" }).click();
      await waitFor(async () => await page.locator("tr[data-job]").count() === 3, 10_000);
      await page.getByRole("button", { name: "Clear" }).click();
    });

    await t.step("see both workers with their slots", async () => {
      const busy = await cluster.submit("sleep 30");
      await cluster.waitForState(busy, ["RUNNING"]);
      await page.getByRole("link", { name: "Workers" }).click();
      await page.waitForSelector('[data-worker="worker-2"]');
      const { workers } = await cluster.call("ListWorkers", {});
      for (const id of ["worker-1", "worker-2"]) {
        const text = await page.locator(`[data-worker="${id}"]`).textContent() ?? "";
        assert.match(text, /HEALTHY/);
        assert.match(text, /of 3 slots/);
        // What the worker reports of itself is shown: isolation, CPU and memory offered.
        const info = workers.find((w: { workerId: string }) => w.workerId === id);
        if (info.isolation) assert.match(text, new RegExp(`Isolation${info.isolation}`));
        if (info.capacity?.cpuMillis) {
          assert.match(text, new RegExp(`of ${info.capacity.cpuMillis / 1000} cores`));
        }
        if (info.capacity?.memoryMb) {
          assert.match(text, new RegExp(`of ${info.capacity.memoryMb} MiB`));
        }
      }
      const holder = (await cluster.status(busy)).workerId;
      await waitFor(
        async () =>
          /1 of 3 slots/.test(await page.locator(`[data-worker="${holder}"]`).textContent() ?? ""),
        10_000,
      );
      await screenshot(page, "workers-desktop");
      await cluster.call("CancelJob", { jobId: busy });
    });

    await t.step("drain one worker with its button", async () => {
      const card = page.locator('[data-worker="worker-2"]');
      await card.getByRole("button", { name: "Drain worker-2" }).click();
      await waitFor(
        async () => !/HEALTHY/.test(await card.locator(".badge").textContent() ?? ""),
        15_000,
        () => "worker-2 still HEALTHY on the page",
      );
      const { workers } = await cluster.call("ListWorkers", {});
      const w2 = workers.find((w: { workerId: string }) => w.workerId === "worker-2");
      assert.ok(
        ["WORKER_STATE_DRAINING", "WORKER_STATE_DISCONNECTED"].includes(w2.state),
        w2.state,
      );
      assert.match(await page.locator('[data-worker="worker-1"]').textContent() ?? "", /HEALTHY/);
    });

    await t.step("the charts agree with /metrics", async () => {
      await cluster.waitForState(await cluster.submit("true"));
      await cluster.waitForState(await cluster.submit("exit 3"));
      await page.getByRole("link", { name: "Charts" }).click();
      // The charts sample every few seconds; once a sample follows the last change, the
      // totals on the page are exactly the counters /metrics reports.
      let last = "";
      await waitFor(
        async () => {
          await page.reload();
          await page.waitForSelector("[data-total=completed]");
          const m = await cluster.metrics();
          const want = {
            submitted: m.get("titan_jobs_submitted_total"),
            completed: m.get('titan_jobs_finished_total{state="COMPLETED"}'),
            failed: m.get('titan_jobs_finished_total{state="FAILED"}'),
            cancelled: m.get('titan_jobs_finished_total{state="CANCELLED"}'),
          };
          const got: Record<string, number> = {};
          for (const k of Object.keys(want)) {
            got[k] = Number(await page.textContent(`[data-total=${k}]`));
          }
          last = JSON.stringify({ got, want });
          return JSON.stringify(got) === JSON.stringify(want) && want.failed! >= 1 &&
            want.cancelled! >= 2;
        },
        20_000,
        () => last,
      );
      // The gauges too: running attempts and slots as /metrics has them.
      const m = await cluster.metrics();
      assert.equal(Number(await page.textContent('[data-series="slots"]')), m.get("titan_slots"));
      assert.equal(
        Number(await page.textContent('[data-series="running"]')),
        m.get("titan_attempts_running"),
      );
      await screenshot(page, "charts-desktop");
    });

    await t.step("readable on a phone", async () => {
      const phone = await browser.newPage({ viewport: VIEWPORTS.phone });
      errors.push(...pageErrors(phone));
      for (const view of ["jobs", "workers", "charts", `jobs/${jobId}`]) {
        await phone.goto(`${base}#/${view}`);
        await phone.waitForSelector("main h1");
        // Nothing wider than the screen: no sideways scrolling of the page itself.
        const width = await phone.evaluate<number>("document.documentElement.scrollWidth");
        assert.ok(width <= VIEWPORTS.phone.width, `${view} is ${width}px wide on a phone`);
        await screenshot(phone, `${view.replace("/", "-")}-phone`);
      }
      await phone.close();
    });

    await t.step("light and dark follow the system", async () => {
      const background = () =>
        page.evaluate<string>("getComputedStyle(document.body).backgroundColor");
      await page.emulateMedia({ colorScheme: "light" });
      await page.goto(`${base}#/jobs`);
      await page.waitForSelector("tr[data-job]");
      const light = await background();
      await page.emulateMedia({ colorScheme: "dark" });
      const dark = await background();
      assert.notEqual(light, dark);
      assert.equal(light, "rgb(247, 247, 249)");
      assert.equal(dark, "rgb(20, 22, 26)");
      await screenshot(page, "jobs-dark-desktop");
      await page.emulateMedia({ colorScheme: "light" });
    });

    await t.step("the pages ride out a manager killed and restarted", async () => {
      const job = await cluster.submit("sleep 4; echo survived");
      await cluster.waitForState(job, ["RUNNING"]);
      await page.goto(`${base}#/jobs/${job}`);
      await page.waitForSelector("h1 .badge.s-running");
      cluster.manager.kill("SIGKILL");
      await cluster.manager.exited;
      await cluster.startManager();
      // The page opens its stream again by itself and sees the job end.
      await page.waitForSelector("h1 .badge.s-completed", { timeout: 30_000 });
      await waitFor(
        async () => /survived/.test(await page.textContent('pre[data-stream="stdout"]') ?? ""),
        10_000,
      );
      await page.getByRole("link", { name: "Jobs" }).click();
      await page.waitForSelector(`tr[data-job="${job}"] .badge.s-completed`);
    });

    await t.step("usable with the keyboard", async () => {
      await page.goto("about:blank"); // a fresh load: focus starts at the top
      await page.goto(`${base}#/jobs`);
      await page.waitForSelector("tr[data-job]");
      // Tab from the top reaches the skip link, then the sections, in order.
      await page.keyboard.press("Tab");
      assert.equal(
        await page.evaluate<string>("document.activeElement?.textContent"),
        "Skip to content",
      );
      await page.keyboard.press("Tab");
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate<string>("document.activeElement?.textContent"), "Jobs");
      await page.keyboard.press("Tab");
      await page.keyboard.press("Enter");
      await page.waitForSelector("#f-command");
      await page.focus("#f-command");
      await page.keyboard.type("echo typed");
      await page.keyboard.press("Tab"); // env
      await page.keyboard.press("Tab"); // cwd
      await page.keyboard.press("Enter"); // submits the form
      await page.waitForURL(/#\/jobs\/[0-9a-f-]{36}$/);
      const typed = page.url().split("/").pop()!;
      assert.equal((await cluster.waitForState(typed)).stdout, "typed\n");
    });

    await t.step("the counts per state match the jobs there are", async () => {
      await page.goto(`${base}#/jobs`);
      await page.waitForSelector("tr[data-job]");
      const { jobs } = await cluster.call("ListJobs", { pageSize: 1000 });
      const want: Record<string, number> = {};
      for (const j of jobs) want[j.state] = (want[j.state] ?? 0) + 1;
      let got: Record<string, number> = {};
      await waitFor(
        async () => {
          got = {};
          for (const [state, n] of Object.entries(want)) {
            got[state] = Number(await page.textContent(`[data-state="${state}"]`));
            if (got[state] !== n) return false;
          }
          return (await page.textContent(".total")) === `${jobs.length} in all`;
        },
        10_000,
        () => JSON.stringify({ got, want }),
      );
    });
    const docShot = await screenshot(page, "jobs-desktop");
    if (UPDATE_DOCS) await Deno.copyFile(docShot, `${ROOT}docs/dashboard.png`);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await cluster.stop();
  }
});

Deno.test("dashboard: with tokens, only a login form until the right token", opts, async (t) => {
  const token = "dashboard-client-token";
  const cluster = await Cluster.start({ workers: 1, token, workerToken: "dashboard-worker-token" });
  const browser = await launch();
  const base = `http://127.0.0.1:${cluster.httpPort}/`;
  try {
    const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
    const errors = pageErrors(page);

    await t.step("the API refuses calls without the token", async () => {
      for (const path of ["/api/titan.ManagerService/ListJobs", "/api/dashboard/Overview"]) {
        const res = await fetch(`${base.slice(0, -1)}${path}`, { method: "POST", body: "{}" });
        assert.equal(res.status, 401);
        assert.equal((await res.json()).code, "UNAUTHENTICATED");
      }
      const submit = await fetch(`${base}api/titan.ManagerService/SubmitJob`, {
        method: "POST",
        headers: { authorization: "Bearer wrong" },
        body: JSON.stringify({ command: "true" }),
      });
      assert.equal(submit.status, 401);
      assert.equal(
        (await submit.json()).message,
        "invalid bearer token: this service expects the client token (TITAN_TOKEN)",
      );
    });

    await t.step("see the login form and nothing else", async () => {
      await page.goto(base);
      await page.waitForSelector("#token");
      assert.equal(await page.locator("nav").count(), 0);
      assert.equal(await page.locator("table").count(), 0);
      await screenshot(page, "login-desktop");
    });

    await t.step("a wrong token is refused", async () => {
      await page.fill("#token", "not-the-token");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForSelector('[role="alert"]');
      assert.match(await page.textContent('[role="alert"]') ?? "", /refused this token/);
      assert.equal(await page.locator("nav").count(), 0);
      assert.equal(
        await page.evaluate<string | null>('sessionStorage.getItem("titan.token")'),
        null,
      );
    });

    await t.step("the right token gets in, kept in sessionStorage, never in the URL", async () => {
      const seen: string[] = [];
      page.on("request", (req) => seen.push(req.url()));
      const authorized: string[] = [];
      page.on("request", async (req) => {
        const auth = await req.headerValue("authorization");
        if (auth) authorized.push(auth);
      });
      await page.fill("#token", token);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForSelector("nav");
      const id = await cluster.submit("echo signed-in");
      await cluster.waitForState(id);
      await page.waitForSelector(`tr[data-job="${id}"]`);
      assert.equal(
        await page.evaluate<string | null>('sessionStorage.getItem("titan.token")'),
        token,
      );
      assert.ok(seen.length > 0 && seen.every((u) => !u.includes(token)), "token in a URL");
      assert.ok(authorized.includes(`Bearer ${token}`));
      // A reload keeps the session (same tab), a new tab has to sign in again.
      await page.reload();
      await page.waitForSelector("nav");
      const other = await browser.newContext().then((c) => c.newPage());
      await other.goto(base);
      await other.waitForSelector("#token");
      await other.close();
      await screenshot(page, "signed-in-desktop");
    });

    await t.step("signing out leaves only the login form", async () => {
      await page.getByRole("button", { name: "Sign out" }).click();
      await page.waitForSelector("#token");
      assert.equal(
        await page.evaluate<string | null>('sessionStorage.getItem("titan.token")'),
        null,
      );
    });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await cluster.stop();
  }
});
