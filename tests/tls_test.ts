/**
 * TLS and mutual TLS between the manager, workers and clients, with certificates made here
 * by openssl; and least privilege: a root worker runs each attempt under a uid of its own.
 */
import assert from "node:assert/strict";
import { grpc, managerClient } from "../shared/proto.ts";
import { clientCredentials } from "../shared/tls.ts";
import { rootCertificates } from "node:tls";
import { ensureBuf, runBuf } from "./support/buf.ts";
import { Cluster, waitFor } from "./support/cluster.ts";

const buf = await ensureBuf();
if (!buf.path) console.warn(`SKIP buf curl checks over TLS: ${buf.reason}`);

const ROOT = new URL("../", import.meta.url).pathname;
const opts = { sanitizeOps: false, sanitizeResources: false };

async function openssl(args: string[], cwd: string): Promise<void> {
  const out = await new Deno.Command("openssl", { args, cwd, stdout: "null", stderr: "piped" })
    .output();
  if (!out.success) throw new Error(`openssl ${args[0]}: ${new TextDecoder().decode(out.stderr)}`);
}

async function makeCa(dir: string, name: string): Promise<void> {
  await openssl([
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "2",
    "-subj",
    `/CN=titan-test-${name}`,
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.pem`,
  ], dir);
}

/**
 * In a temp dir: a CA, a server certificate for 127.0.0.1 and a client certificate signed
 * by it; a client certificate ("stranger") signed by another CA; and `roots.pem`, a large
 * bundle of public roots (see ROOTS_ENV).
 */
async function makeCertificates(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "titan-tls-" });
  await makeCa(dir, "ca");
  await makeCa(dir, "other-ca");
  // Extensions make v3 certificates: Deno's TLS (webpki) refuses v1 ones, which is what
  // `openssl x509 -req` makes without them.
  await Deno.writeTextFile(
    `${dir}/server.ext`,
    "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n",
  );
  await Deno.writeTextFile(
    `${dir}/client.ext`,
    "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n",
  );
  for (
    const [name, ca, ext] of [
      ["server", "ca", "server.ext"],
      ["client", "ca", "client.ext"],
      ["stranger", "other-ca", "client.ext"],
    ]
  ) {
    await openssl([
      "req",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-subj",
      `/CN=titan-${name}`,
      "-keyout",
      `${name}.key`,
      "-out",
      `${name}.csr`,
    ], dir);
    await openssl([
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      `${ca}.pem`,
      "-CAkey",
      `${ca}.key`,
      "-CAcreateserial",
      "-days",
      "2",
      "-out",
      `${name}.pem`,
      "-extfile",
      ext,
    ], dir);
  }
  await Deno.writeTextFile(`${dir}/roots.pem`, rootCertificates.join("\n") + "\n");
  return dir;
}

/**
 * grpc-js's createSsl puts the bundle named by this variable into the server's `ca` option,
 * which Deno's node:tls sends with the server chain: a Certificate message too large for
 * any client. The manager must serve TLS with it set (it is set on many systems).
 */
function rootsEnv(certs: string): Record<string, string> {
  return { GRPC_DEFAULT_SSL_ROOTS_FILE_PATH: `${certs}/roots.pem` };
}

/**
 * `buf curl` ListJobs over TLS, trusting our CA, with the given client certificate; the
 * schema comes from reflection (over the same TLS connection) unless `fromFile`, where a
 * refused connection shows as such instead of as "service not found in schema".
 */
function bufListJobs(
  address: string,
  certs: string,
  opts: { clientCert?: string; fromFile?: boolean } = {},
) {
  const { clientCert, fromFile } = opts;
  return runBuf(buf.path!, [
    "curl",
    "--protocol",
    "grpc",
    ...(fromFile ? ["--schema", "proto/titan/titan.proto"] : []),
    "--cacert",
    `${certs}/ca.pem`,
    ...(clientCert
      ? ["--cert", `${certs}/${clientCert}.pem`, "--key", `${certs}/${clientCert}.key`]
      : []),
    "-d",
    "{}",
    `https://${address}/titan.ManagerService/ListJobs`,
  ], { cwd: ROOT, timeoutMs: 20_000 });
}

function listJobs(client: ReturnType<typeof managerClient>): Promise<unknown> {
  return new Promise((resolve, reject) =>
    client.ListJobs(
      {},
      { deadline: Date.now() + 5000 },
      (err, res) => err ? reject(err) : resolve(res),
    )
  );
}

Deno.test({
  name: "with --tls-cert the manager refuses plaintext and serves clients and workers over TLS",
  ...opts,
  fn: async () => {
    const certs = await makeCertificates();
    const cluster = new Cluster({
      managerArgs: ["--tls-cert", `${certs}/server.pem`, "--tls-key", `${certs}/server.key`],
      workerArgs: ["--tls-ca", `${certs}/ca.pem`],
      env: rootsEnv(certs),
      credentials: clientCredentials({ ca: `${certs}/ca.pem`, cert: "", key: "" }, "127.0.0.1:1"),
    });
    try {
      await cluster.startManager();
      const plaintext = managerClient(cluster.address);
      await assert.rejects(
        () => listJobs(plaintext),
        (e: grpc.ServiceError) => e.code === grpc.status.UNAVAILABLE,
      );
      plaintext.close();
      cluster.startWorker("worker-1");
      await cluster.waitForWorkers(1);
      const jobId = await cluster.submit("echo over tls");
      const done = await cluster.waitForState(jobId);
      assert.equal(done.stdout, "over tls\n");
      if (buf.path) {
        const res = await bufListJobs(cluster.address, certs);
        assert.equal(res.code, 0, `buf curl over TLS failed: ${res.stderr}`);
        assert.ok(JSON.parse(res.stdout).jobs.some((j: { jobId: string }) => j.jobId === jobId));
      }
    } finally {
      await cluster.stop();
      await Deno.remove(certs, { recursive: true });
    }
  },
});

Deno.test({
  name: "with --tls-client-ca the manager accepts only callers with a client certificate",
  ...opts,
  fn: async () => {
    const certs = await makeCertificates();
    const clientCert = ["--tls-cert", `${certs}/client.pem`, "--tls-key", `${certs}/client.key`];
    const cluster = new Cluster({
      managerArgs: [
        "--tls-cert",
        `${certs}/server.pem`,
        "--tls-key",
        `${certs}/server.key`,
        "--tls-client-ca",
        `${certs}/ca.pem`,
      ],
      env: rootsEnv(certs),
      credentials: clientCredentials(
        { ca: `${certs}/ca.pem`, cert: `${certs}/client.pem`, key: `${certs}/client.key` },
        "127.0.0.1:1",
      ),
    });
    try {
      await cluster.startManager();
      const noCert = managerClient(
        cluster.address,
        clientCredentials({ ca: `${certs}/ca.pem`, cert: "", key: "" }, cluster.address),
      );
      await assert.rejects(
        () => listJobs(noCert),
        (e: grpc.ServiceError) => e.code === grpc.status.UNAVAILABLE,
      );
      noCert.close();
      const stranger = managerClient(
        cluster.address,
        clientCredentials(
          { ca: `${certs}/ca.pem`, cert: `${certs}/stranger.pem`, key: `${certs}/stranger.key` },
          cluster.address,
        ),
      );
      await assert.rejects(
        () => listJobs(stranger),
        (e: grpc.ServiceError) => e.code === grpc.status.UNAVAILABLE,
      );
      stranger.close();
      await listJobs(cluster.client); // and with the CA's client certificate it passes
      if (buf.path) {
        for (const clientCert of [undefined, "stranger"]) {
          const res = await bufListJobs(cluster.address, certs, { clientCert, fromFile: true });
          assert.notEqual(res.code, 0, `buf curl with client cert ${clientCert} got through`);
          assert.equal(res.stdout, "");
        }
        const res = await bufListJobs(cluster.address, certs, { clientCert: "client" });
        assert.equal(res.code, 0, `buf curl with the client certificate failed: ${res.stderr}`);
        assert.deepEqual(JSON.parse(res.stdout), {});
      }
      // A worker without a client certificate never registers; one with it does.
      const anonymous = cluster.startWorker("anonymous", ["--tls-ca", `${certs}/ca.pem`]);
      cluster.startWorker("worker-1", ["--tls-ca", `${certs}/ca.pem`, ...clientCert]);
      await cluster.waitForWorkers(1);
      await new Promise((r) => setTimeout(r, 500));
      const { workers } = await cluster.call("ListWorkers", {});
      assert.deepEqual(workers.map((w: { workerId: string }) => w.workerId), ["worker-1"]);
      await anonymous.stop();
      const jobId = await cluster.submit("echo mutual");
      assert.equal((await cluster.waitForState(jobId)).stdout, "mutual\n");
    } finally {
      await cluster.stop();
      await Deno.remove(certs, { recursive: true });
    }
  },
});

Deno.test({
  name: "a worker running as root runs each attempt under a uid of its own, in its own work dir",
  ignore: Deno.uid() !== 0,
  ...opts,
  fn: async () => {
    const cluster = new Cluster({ runAs: "" });
    try {
      await Deno.chmod(cluster.dir, 0o755); // the work dirs must be reachable for the job's uid
      await cluster.startManager();
      cluster.startWorker("worker-1");
      await cluster.waitForWorkers(1);
      const jobId = await cluster.submit(
        "id -u; id -g; pwd; touch ./written-by-job && echo wrote",
      );
      const done = await cluster.waitForState(jobId);
      assert.equal(done.state, "COMPLETED", done.stderr);
      const [uid, gid, dir, wrote] = done.stdout.trim().split("\n");
      assert.ok(Number(uid) >= 61000 && Number(uid) <= 61999, `uid ${uid} from the range`);
      assert.equal(gid, uid);
      assert.equal(wrote, "wrote");
      // The attempt's own work dir is removed once it is over.
      await waitFor(() => {
        try {
          Deno.statSync(dir);
          return false;
        } catch {
          return true;
        }
      }, 5000);
    } finally {
      await cluster.stop();
    }
  },
});
