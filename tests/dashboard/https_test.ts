/**
 * The dashboard over HTTPS (`--http-tls`): the token the page sends never crosses the network
 * in clear. A manager with a self-signed certificate for 127.0.0.1 serves the page, the API and
 * the probes on its HTTP port over TLS, and nothing over plain HTTP.
 */
import assert from "node:assert/strict";
import { freePort, Proc, waitFor } from "../support/cluster.ts";
import { CHROMIUM, CHROMIUM_FLAGS, screenshot, VIEWPORTS } from "./browser.ts";
import { chromium } from "playwright-core";

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test("dashboard: --http-tls serves the page and its API over HTTPS only", opts, async () => {
  const dir = await Deno.makeTempDir({ prefix: "titan-dashboard-https-" });
  const made = await new Deno.Command("openssl", {
    args: [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
      // An end-entity certificate (rustls refuses a CA as the server's own).
      "-addext",
      "basicConstraints=critical,CA:FALSE",
      "-keyout",
      `${dir}/key.pem`,
      "-out",
      `${dir}/cert.pem`,
    ],
    stdout: "null",
    stderr: "piped",
  }).output();
  assert.ok(made.success, new TextDecoder().decode(made.stderr));
  const cert = await Deno.readTextFile(`${dir}/cert.pem`);
  const httpPort = freePort();
  const token = "https-client-token";
  const manager = new Proc("manager", "manager/main.ts", [
    "--port",
    String(freePort()),
    "--http-port",
    String(httpPort),
    "--data-dir",
    `${dir}/manager`,
    "--tls-cert",
    `${dir}/cert.pem`,
    "--tls-key",
    `${dir}/key.pem`,
    "--http-tls",
  ], { TITAN_TOKEN: token, TITAN_WORKER_TOKEN: "https-worker-token" });
  const client = Deno.createHttpClient({ caCerts: [cert] });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    // The certificate is self-signed: this browser is told to accept it, as a user would.
    args: [...CHROMIUM_FLAGS, "--ignore-certificate-errors"],
  });
  try {
    const base = `https://127.0.0.1:${httpPort}/`;
    await waitFor(
      async () => {
        const res = await fetch(`${base}readyz`, { client }).catch(() => undefined);
        await res?.body?.cancel();
        return res?.ok === true;
      },
      30_000,
      () => manager.log,
    );
    // Plain HTTP on the same port gets no page.
    const plain = await fetch(`http://127.0.0.1:${httpPort}/`).then(
      async (r) => (await r.body?.cancel(), r.status),
      () => "refused",
    );
    assert.notEqual(plain, 200);
    const anonymous = await fetch(`${base}api/titan.ManagerService/ListJobs`, {
      client,
      method: "POST",
      body: "{}",
    });
    assert.equal(anonymous.status, 401);
    await anonymous.body?.cancel();

    const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
    await page.goto(base);
    await page.fill("#token", token);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForSelector("nav");
    await page.getByRole("link", { name: "Workers" }).click();
    await page.waitForSelector("text=No workers have connected.");
    await screenshot(page, "https-workers-desktop");
  } finally {
    await browser.close();
    client.close();
    await manager.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
