/**
 * The dashboard on two managers over one PostgreSQL: the leader's page says it leads, the
 * standby's names the leader instead of a login form or an error; when the leader is killed,
 * the standby takes over and its page comes to life on its own, with the jobs of before.
 */
import assert from "node:assert/strict";
import { waitFor } from "../support/cluster.ts";
import { HaCluster } from "../ha/support.ts";
import { launch, pageErrors, screenshot, VIEWPORTS } from "./browser.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test("dashboard: the leader says so, a standby names it, and takes over", opts, async () => {
  const cluster = await HaCluster.start({ managers: 2, workers: 1 });
  const browser = await launch();
  try {
    const leader = await cluster.waitForLeader();
    const standby = 1 - leader;
    const url = (i: number) => `http://127.0.0.1:${cluster.managers[i].httpPort}/`;
    const jobId = (await cluster.call(leader, "SubmitJob", { command: "echo before" })).jobId;

    const leaderPage = await browser.newPage({ viewport: VIEWPORTS.desktop });
    const errors = pageErrors(leaderPage);
    await leaderPage.goto(url(leader));
    await leaderPage.waitForSelector(`tr[data-job="${jobId}"]`);
    await leaderPage.waitForSelector(".badge.role");
    assert.match(await leaderPage.textContent(".badge.role") ?? "", /^leader · term \d+$/);

    // The standby may still be starting: the cluster waited for a leader only.
    await waitFor(
      async () => {
        const res = await fetch(`${url(standby)}healthz`).catch(() => undefined);
        await res?.body?.cancel();
        return res?.ok === true;
      },
      30_000,
      () => cluster.logs(),
    );
    const standbyPage = await browser.newPage({ viewport: VIEWPORTS.desktop });
    errors.push(...pageErrors(standbyPage));
    await standbyPage.goto(url(standby));
    await standbyPage.waitForSelector('[role="status"]');
    assert.match(
      await standbyPage.textContent('[role="status"]') ?? "",
      new RegExp(
        `not the leader; the leader is at ${cluster.address(leader).replace(/\./g, "\\.")}`,
      ),
    );
    assert.equal(await standbyPage.locator("#token").count(), 0, "a standby is not a login");
    await screenshot(standbyPage, "standby-desktop");

    cluster.managers[leader].proc!.kill("SIGKILL");
    // The standby's page asks again by itself: once the lease passed, it leads.
    await standbyPage.waitForSelector(`tr[data-job="${jobId}"]`, { timeout: 30_000 });
    await waitFor(
      async () => /^leader · term \d+$/.test(await standbyPage.textContent(".badge.role") ?? ""),
      10_000,
    );
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await cluster.stop();
  }
});
