/**
 * Container end-to-end (`deno task e2e:containers`): the real image, run from the kustomize
 * output of k8s/overlays/kind with `podman kube play`, as a kind cluster would run it:
 *
 *  1. install podman & co, make the local Deno base image, build the Dockerfile (build.sh);
 *  2. render k8s/overlays/kind; play the PVC, the tokens Secret and one pod per replica of
 *     each Deployment's template on a user network, the manager pod aliased `titan-manager`
 *     (the Service's name: kube play ignores Services);
 *  3. submit JOBS jobs; scale workers 2 → 5 → 1 while they run (scale-down = `podman pod
 *     stop` = SIGTERM, then SIGKILL after terminationGracePeriodSeconds, as the kubelet does);
 *     kill the manager (SIGKILL) and play it again on its volume;
 *  4. assert: every job COMPLETED exactly once with its own output, none lost, none duplicated,
 *     jobs that had finished before the manager was killed unchanged after its restart,
 *     and every drained worker exited 0 within its grace period.
 *
 * What podman 4.3's `kube play` needs, done here and nowhere else (the manifests stay as a
 * cluster wants them): secret volumes get `optional: false` (it panics on a nil optional) and
 * the Secret is stored with decoded values (it writes data values verbatim); a root pod's secret
 * volume becomes a host directory holding the items with the volume's defaultMode (kube play
 * writes secret files 0644 whatever the mode, and the worker refuses a token file everyone,
 * its jobs included, can read); containerPorts are
 * dropped (it publishes each on the host) and probes too (they become systemd-timer
 * healthchecks, and there is no systemd; readiness is ignored anyway); emptyDirs are renamed
 * per pod (it makes them named volumes shared by every pod that uses the same name).
 *
 * Flags: --jobs N (300), --sleep S (seconds per job, 1), --no-build, --keep (leave it running).
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { stringify } from "yaml";
import { build as kustomize, type K8sObject } from "../../tests/k8s/kustomize.ts";

const ROOT = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
const DIR = join(ROOT, ".ci/containers");
const IMAGE = Deno.env.get("TITAN_IMAGE") ?? "localhost/titan:dev";
const NET = "titan-e2e";
const CONTAINERS_CONF = join(DIR, "containers.conf");

const { values: opts } = parseArgs({
  args: Deno.args,
  options: {
    jobs: { type: "string", default: "300" },
    sleep: { type: "string", default: "1" },
    "no-build": { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
  },
});
const JOBS = Number(opts.jobs);
const PREFIX = `e2e${Date.now().toString(36)}`;

const t0 = Date.now();
const log = (msg: string) =>
  console.error(`[e2e +${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function sh(
  cmd: string,
  args: string[],
  { check = true, stdin }: { check?: boolean; stdin?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = new Deno.Command(cmd, {
    args,
    env: { CONTAINERS_CONF },
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(stdin));
    await w.close();
  }
  const out = await child.output();
  const res = {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
  if (check && out.code !== 0) {
    throw new Error(`${cmd} ${args.join(" ")} exited ${out.code}:\n${res.stderr}${res.stdout}`);
  }
  return res;
}
const podman = (args: string[], o?: { check?: boolean; stdin?: string }) => sh("podman", args, o);

// ---- the cluster as kustomize renders it ----------------------------------------------

const { objects, via } = await kustomize(join(ROOT, "k8s/overlays/kind"));
const find = (kind: string, name?: string) => {
  const o = objects.find((x) => x.kind === kind && (!name || x.metadata.name === name));
  if (!o) throw new Error(`kustomize output has no ${kind} ${name ?? ""}`);
  return o;
};
const secret = find("Secret");
const pvc = find("PersistentVolumeClaim");
const managerDep = find("Deployment", "titan-manager");
const workerDep = find("Deployment", "titan-worker");
const grace = (d: K8sObject) => d.spec.template.spec.terminationGracePeriodSeconds ?? 30;
const tokenOf = (key: string) => atob(secret.data[key]);

/** Faster heartbeats than in production, so the manager's restart wait is short. */
const TEST_ENV: Record<string, string> = {
  TITAN_HEARTBEAT_INTERVAL: "1",
  TITAN_HEARTBEAT_TIMEOUT: "5",
  TITAN_RETRY_BACKOFF_BASE: "0.2",
  TITAN_LOG_LEVEL: "info",
};

/** A Pod from a Deployment's template, shaped for podman 4.3's kube play (see the top). */
function podFrom(dep: K8sObject, name: string): K8sObject {
  const spec = structuredClone(dep.spec.template.spec);
  const renamed = new Map<string, string>();
  const asRoot = spec.containers.some((c: K8sObject) => c.securityContext?.runAsUser === 0);
  for (const v of spec.volumes ?? []) {
    if (v.secret) v.secret.optional = false;
    if (v.secret && asRoot) secretAsHostDir(v, name);
    if (v.emptyDir) {
      renamed.set(v.name, `${name}-${v.name}`);
      v.name = `${name}-${v.name}`;
    }
  }
  for (const c of spec.containers) {
    image(c);
    delete c.ports;
    delete c.readinessProbe;
    delete c.livenessProbe;
    delete c.startupProbe;
    for (const m of c.volumeMounts ?? []) m.name = renamed.get(m.name) ?? m.name;
    const env = (c.env ?? []).filter((e: K8sObject) => !(e.name in TEST_ENV));
    for (const [k, v] of Object.entries(TEST_ENV)) {
      if (k === "TITAN_RETRY_BACKOFF_BASE" && c.args[0] !== "manager") continue;
      env.push({ name: k, value: v });
    }
    c.env = env;
  }
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, labels: dep.spec.template.metadata.labels },
    spec,
  };
}
/** Host directories standing in for secret volumes (see the top), removed by cleanup(). */
const SECRET_DIRS = Deno.makeTempDirSync({ prefix: "titan-e2e-secrets-" });

function secretAsHostDir(v: K8sObject, podName: string) {
  const dir = join(SECRET_DIRS, `${podName}-${v.name}`);
  Deno.mkdirSync(dir, { recursive: true, mode: 0o755 });
  const items = v.secret.items ??
    Object.keys(secret.data).map((key) => ({ key, path: key }));
  for (const item of items) {
    const file = join(dir, item.path);
    Deno.writeTextFileSync(file, tokenOf(item.key));
    Deno.chmodSync(file, item.mode ?? v.secret.defaultMode ?? 0o644);
  }
  v.hostPath = { path: dir, type: "Directory" };
  delete v.secret;
}

function image(c: K8sObject) {
  if (c.image === "titan:dev") c.image = IMAGE;
}

// ---- pods ------------------------------------------------------------------------------

// The manager keeps one address across restarts, as behind a Kubernetes Service (a stable
// ClusterIP): podman's DNS would otherwise answer the dead container's address for a while.
// And one MAC address: with a new one, each worker's ARP entry still names the dead
// container's, and its packets went nowhere for 25–90 s (until the entry expired), where a
// Service's virtual address has no such entry to go stale.
const SUBNET = "10.89.77.0/24";
const MANAGER_IP = "10.89.77.10";
const MANAGER_MAC = "02:54:69:74:61:6e";

async function play(pod: K8sObject, alias?: string) {
  const network = alias ? `${NET}:alias=${alias}` : NET;
  const ip = alias ? ["--ip", MANAGER_IP, "--mac-address", MANAGER_MAC] : [];
  await podman(["kube", "play", "--network", network, ...ip, "-"], { stdin: stringify(pod) });
}

async function removePod(name: string) {
  await podman(["pod", "rm", "-f", "-t", "0", name], { check: false });
  const vols = await podman(["volume", "ls", "-q", "--filter", `name=^${name}-`], { check: false });
  for (const v of vols.stdout.split("\n").filter(Boolean)) {
    await podman(["volume", "rm", "-f", v], { check: false });
  }
}

const workers = new Map<string, { stopped?: { code: number; seconds: number } }>();
let nextWorker = 1;

async function scaleWorkers(n: number) {
  const live = [...workers.entries()].filter(([, w]) => !w.stopped).map(([id]) => id);
  if (n > live.length) {
    for (let i = live.length; i < n; i++) {
      const name = `titan-worker-${nextWorker++}`;
      await play(podFrom(workerDep, name));
      workers.set(name, {});
    }
  } else {
    // Newest first, as a ReplicaSet picks; all at once, as a scale-down does.
    const victims = live.slice(n).reverse();
    await Promise.all(victims.map(async (name) => {
      const start = Date.now();
      await podman(["pod", "stop", "-t", String(grace(workerDep)), name]);
      const code = Number(
        (await podman(["inspect", "-f", "{{.State.ExitCode}}", `${name}-worker`])).stdout.trim(),
      );
      workers.get(name)!.stopped = { code, seconds: (Date.now() - start) / 1000 };
      log(`${name} stopped: exit ${code} after ${((Date.now() - start) / 1000).toFixed(1)}s`);
    }));
  }
  log(`workers scaled to ${n}`);
}

// ---- the client, in a container on the network -------------------------------------------

async function client(...args: string[]): Promise<K8sObject> {
  const res = await podman([
    "run",
    "--rm",
    "--pull=never",
    "--network",
    NET,
    "--read-only",
    "--user",
    "10001:10001",
    "--cap-drop=ALL",
    "-e",
    "TITAN_MANAGER=titan-manager:8080",
    "-e",
    `TITAN_TOKEN=${tokenOf("token")}`,
    "-v",
    `${join(DIR, "e2e-client.ts")}:/e2e/client.ts:ro`,
    IMAGE,
    "deno",
    "run",
    "--cached-only",
    "--config",
    "/app/deno.json",
    "-A",
    "/e2e/client.ts",
    ...args,
  ], { check: false });
  if (res.code !== 0) throw new Error(`client ${args[0]}: ${res.stderr.trim()}`);
  return JSON.parse(res.stdout);
}

async function until<T>(what: string, seconds: number, f: () => Promise<T | undefined>) {
  const end = Date.now() + seconds * 1000;
  let last = "";
  while (Date.now() < end) {
    try {
      const v = await f();
      if (v !== undefined) return v;
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(1000);
  }
  throw new Error(`timed out after ${seconds}s waiting for ${what}${last ? `: ${last}` : ""}`);
}

const healthyWorkers = async () =>
  ((await client("workers")) as K8sObject[]).filter((w) => w.state === "WORKER_STATE_HEALTHY").map((
    w,
  ) => w.id);

/**
 * A killed pod sends no RST: its workers notice the silence after half the heartbeat timeout,
 * then dial with backoff (a few seconds here once the manager keeps its MAC address, see
 * `play`); the bound is generous for a loaded machine.
 */
async function waitWorkers(n: number) {
  await until(`${n} healthy workers`, 120, async () => {
    const ids = await healthyWorkers();
    const live = [...workers.entries()].filter(([, w]) => !w.stopped).map(([id]) => id);
    return live.every((id) => ids.includes(id)) && ids.length === n ? ids : undefined;
  });
}

// ---- run -------------------------------------------------------------------------------

async function cleanup() {
  for (const name of [...workers.keys(), "titan-manager-0"]) await removePod(name);
  await podman(["secret", "rm", secret.metadata.name], { check: false });
  await podman(["volume", "rm", "-f", pvc.metadata.name], { check: false });
  await podman(["network", "rm", "-f", NET], { check: false });
  await Deno.remove(SECRET_DIRS, { recursive: true }).catch(() => {});
  Deno.mkdirSync(SECRET_DIRS, { recursive: true });
}

async function main() {
  if (!opts["no-build"]) {
    log("setup, base image, image build");
    await sh("bash", [join(DIR, "setup.sh")]);
    await sh("bash", [join(DIR, "build.sh")]);
  }
  log(`kustomize k8s/overlays/kind via ${via}: ${objects.length} objects`);
  await cleanup();
  await podman(["network", "create", "--subnet", SUBNET, NET]);
  const stored = structuredClone(secret);
  for (const k of Object.keys(stored.data)) stored.data[k] = atob(stored.data[k]);
  await podman(["secret", "create", secret.metadata.name, "-"], { stdin: stringify(stored) });
  await podman(["kube", "play", "-"], { stdin: stringify(pvc) });

  const managerPod = podFrom(managerDep, "titan-manager-0");
  await play(managerPod, "titan-manager");
  await until("the manager", 60, async () => (await client("workers")) ? true : undefined);
  log("manager up");

  await scaleWorkers(2);
  await waitWorkers(2);

  const sub = await client("submit", PREFIX, String(JOBS), String(opts.sleep));
  if (sub.submitted !== JOBS || sub.distinct !== JOBS) {
    throw new Error(`submit: ${JSON.stringify(sub)}`);
  }
  log(`submitted ${JOBS} jobs (${PREFIX}-*)`);

  const progress = async () => {
    const jobs = (await client("snapshot", PREFIX)) as K8sObject[];
    const by: Record<string, number> = {};
    for (const j of jobs) by[j.state] = (by[j.state] ?? 0) + 1;
    log(`jobs: ${JSON.stringify(by)}`);
    return jobs;
  };

  await sleep(4000);
  await scaleWorkers(5);
  await waitWorkers(5);
  await progress();
  await sleep(6000);
  await scaleWorkers(1);
  await waitWorkers(1);

  // Kill the manager mid-run; keep what had finished to compare after the restart.
  const before = await progress();
  const finishedBefore = before.filter((j) => j.state === "COMPLETED");
  log(`killing the manager (SIGKILL) with ${finishedBefore.length} jobs finished`);
  await podman(["pod", "kill", "-s", "KILL", "titan-manager-0"]);
  await removePod("titan-manager-0");
  await sleep(2000);
  await play(managerPod, "titan-manager");
  await until(
    "the manager after restart",
    90,
    async () => (await client("workers")) ? true : undefined,
  );
  log("manager restarted on its volume");
  await waitWorkers(1);

  const final = await until(
    `all ${JOBS} jobs to finish`,
    60 + JOBS * Number(opts.sleep),
    async () => {
      const jobs = await progress();
      return jobs.length === JOBS &&
          jobs.every((j) => ["COMPLETED", "FAILED", "CANCELLED"].includes(j.state))
        ? jobs
        : undefined;
    },
  );

  // ---- assertions ----
  const problems: string[] = [];
  const keys = new Set(final.map((j: K8sObject) => j.key));
  const ids = new Set(final.map((j: K8sObject) => j.id));
  if (final.length !== JOBS || keys.size !== JOBS || ids.size !== JOBS) {
    problems.push(
      `expected ${JOBS} distinct jobs, got ${final.length} (${keys.size} keys, ${ids.size} ids)`,
    );
  }
  for (let i = 0; i < JOBS; i++) {
    if (!keys.has(`${PREFIX}-${i}`)) problems.push(`lost: ${PREFIX}-${i}`);
  }
  for (const j of final) {
    if (j.state !== "COMPLETED" || j.exitCode !== 0) {
      problems.push(`${j.key}: ${j.state} exit ${j.exitCode} ${j.error ?? ""}`);
    } else if (j.stdout !== `${j.key}\n`) {
      problems.push(
        `${j.key}: stdout ${JSON.stringify(j.stdout)} (ran more than once, or not its own)`,
      );
    }
  }
  const after = new Map(final.map((j: K8sObject) => [j.id, j]));
  for (const j of finishedBefore) {
    const a = after.get(j.id);
    if (!a || a.state !== j.state || a.finishedAt !== j.finishedAt || a.attempt !== j.attempt) {
      problems.push(
        `${j.key}: finished before the restart, changed after it: ${JSON.stringify(a)}`,
      );
    }
  }
  for (const [name, w] of workers) {
    if (w.stopped && (w.stopped.code !== 0 || w.stopped.seconds >= grace(workerDep))) {
      problems.push(`${name}: drain ended with exit ${w.stopped.code} after ${w.stopped.seconds}s`);
    }
  }
  const perWorker: Record<string, number> = {};
  for (const j of final) perWorker[j.worker] = (perWorker[j.worker] ?? 0) + 1;
  const retried = final.filter((j: K8sObject) => j.attempt > 1).length;
  log(`jobs per worker: ${JSON.stringify(perWorker)}; jobs with more than one attempt: ${retried}`);
  if (Object.keys(perWorker).length < 2) problems.push("jobs did not spread over the workers");
  if (problems.length) {
    throw new Error(`${problems.length} problem(s):\n  ${problems.slice(0, 40).join("\n  ")}`);
  }
  log(
    `OK: ${JOBS} jobs completed exactly once, 0 lost, 0 duplicated; workers 2→5→1 drained ` +
      `cleanly; manager killed and restarted with ${finishedBefore.length} finished jobs intact`,
  );
}

let failed = false;
try {
  await main();
} catch (err) {
  failed = true;
  console.error(`[e2e] FAILED: ${(err as Error).message}`);
  for (const name of ["titan-manager-0", ...workers.keys()]) {
    const main = name.startsWith("titan-manager") ? "manager" : "worker";
    const logs = await podman(["logs", "--tail", "15", `${name}-${main}`], { check: false });
    console.error(`--- ${name} (last lines) ---\n${logs.stdout}${logs.stderr}`);
  }
} finally {
  if (!opts.keep) await cleanup();
}
console.log(failed ? "0 passed, 1 failed" : "1 passed, 0 failed");
Deno.exit(failed ? 1 : 0);
