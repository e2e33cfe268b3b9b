/**
 * Offline proof of the packaging: the kustomize base and the kind overlay build, every object
 * validates against the Kubernetes schemas (unknown fields rejected), a policy forbids what
 * the schema allows but we do not (unpinned images, missing probes/resources/hardening), the
 * Titan-specific wiring holds (ports, tokens, worker id, drain vs grace period), and the
 * Dockerfile follows its rules. Every checker is also fed broken input and must reject it.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  build,
  findKubectl,
  jsonPatch,
  type K8sObject,
  kubectlKustomize,
  podSpecOf,
  render,
  REPO_ROOT,
  retag,
} from "./kustomize.ts";
import { imageIsPinned, policyErrors, schemaErrors } from "./validate.ts";
import { dockerfileErrors, parseDockerfile } from "./dockerfile.ts";
import { MANAGER_OPTIONS, WORKER_OPTIONS } from "../../shared/config.ts";

const BASE = join(REPO_ROOT, "k8s/base");
const KIND = join(REPO_ROOT, "k8s/overlays/kind");
const HA = join(REPO_ROOT, "k8s/overlays/ha");
const KUBECTL = findKubectl();
if (!KUBECTL) {
  console.warn(
    "tests/k8s: kubectl not found on PATH (set KUBECTL=/path to use another): the " +
      "kustomizations are built with the built-in renderer (tests/k8s/kustomize.ts), and the " +
      "kubectl-only tests are skipped. kubectl is not in Debian's or npm's registries at a " +
      "usable version, so a fresh machine may lack it.",
  );
}

const find = (objs: K8sObject[], kind: string, name: string) => {
  const o = objs.find((x) => x.kind === kind && x.metadata?.name === name);
  assert.ok(o, `${kind}/${name} is missing`);
  return o;
};
const envOf = (c: K8sObject) =>
  Object.fromEntries((c.env ?? []).map((e: K8sObject) => [e.name, e.value ?? e.valueFrom]));

// ---- build -----------------------------------------------------------------------------

for (const [name, dir] of [["base", BASE], ["overlays/kind", KIND]]) {
  Deno.test(`kustomize ${name}: builds, every object passes the schema and the policy`, async () => {
    const { objects, via } = await build(dir);
    assert.ok(objects.length >= 7, `only ${objects.length} objects (via ${via})`);
    const errors = objects.flatMap((o) => [...schemaErrors(o), ...policyErrors(o)]);
    assert.deepEqual(errors, []);
    const kinds = objects.map((o) => o.kind).sort();
    assert.deepEqual(kinds, [
      "Deployment",
      "Deployment",
      "Namespace",
      "PersistentVolumeClaim",
      "PodDisruptionBudget",
      "Secret",
      "Service",
    ]);
    for (const o of objects) {
      if (o.kind !== "Namespace") {
        assert.equal(o.metadata.namespace, "titan", `${o.kind} namespace`);
      }
    }
  });
}

Deno.test({
  name: "kubectl kustomize (KUBECONFIG=/dev/null) and the built-in renderer agree",
  ignore: !KUBECTL,
  async fn() {
    // Generated names carry a content hash whose exact encoding is kustomize's own.
    const norm = (objs: K8sObject[]) =>
      JSON.parse(
        JSON.stringify(objs).replaceAll(/(titan-[a-z]+)-[a-z0-9]{10}"/g, '$1-HASH"'),
      )
        .sort((a: K8sObject, b: K8sObject) =>
          `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`)
        );
    for (const dir of [BASE, KIND, HA]) {
      assert.deepEqual(norm(await render(dir)), norm(await kubectlKustomize(KUBECTL!, dir)));
    }
  },
});

Deno.test({
  name: "kubectl kustomize reports a broken kustomization",
  ignore: !KUBECTL,
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      await Deno.writeTextFile(join(dir, "kustomization.yaml"), "resources:\n  - missing.yaml\n");
      await assert.rejects(kubectlKustomize(KUBECTL!, dir), /kubectl kustomize .* failed/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

// ---- what Titan needs ------------------------------------------------------------------

Deno.test("manager: one replica, Recreate, PVC data dir, probes, tokens, Service 8080/9090", async () => {
  const { objects } = await build(KIND);
  const dep = find(objects, "Deployment", "titan-manager");
  assert.equal(dep.spec.replicas, 1);
  assert.equal(dep.spec.strategy.type, "Recreate");
  const pod = podSpecOf(dep)!;
  const [c] = pod.containers;
  assert.deepEqual(c.args, ["manager"]);
  assert.equal(c.image, "titan:dev");
  assert.equal(c.imagePullPolicy, "IfNotPresent");
  const env = envOf(c);
  assert.equal(env.TITAN_HOST, "0.0.0.0");
  assert.equal(env.TITAN_PORT, "8080");
  assert.equal(env.TITAN_HTTP_PORT, "9090");
  // The data dir is the PVC.
  const dataMount = c.volumeMounts.find((m: K8sObject) => m.mountPath === env.TITAN_DATA_DIR);
  assert.ok(dataMount, "TITAN_DATA_DIR is not a mount");
  const dataVol = pod.volumes.find((v: K8sObject) => v.name === dataMount.name);
  const pvc = find(objects, "PersistentVolumeClaim", dataVol.persistentVolumeClaim.claimName);
  assert.deepEqual(pvc.spec.accessModes, ["ReadWriteOnce"]);
  // Tokens come from the generated Secret, as files, never as plain env values.
  const secret = objects.find((o) => o.kind === "Secret")!;
  assert.match(secret.metadata.name, /^titan-tokens-[a-z0-9]{10}$/);
  assert.deepEqual(Object.keys(secret.data).sort(), ["token", "worker-token"]);
  for (const v of ["TITAN_TOKEN", "TITAN_WORKER_TOKEN"]) assert.equal(env[v], undefined);
  const tokVol = pod.volumes.find((v: K8sObject) => v.secret);
  assert.equal(tokVol.secret.secretName, secret.metadata.name);
  const tokMount = c.volumeMounts.find((m: K8sObject) => m.name === tokVol.name);
  const files = tokVol.secret.items.map((i: K8sObject) => `${tokMount.mountPath}/${i.path}`);
  assert.ok(files.includes(env.TITAN_TOKEN_FILE), "TITAN_TOKEN_FILE is not the mounted token");
  assert.ok(files.includes(env.TITAN_WORKER_TOKEN_FILE), "TITAN_WORKER_TOKEN_FILE not mounted");
  // Probes hit the HTTP side port.
  const http = c.ports.find((p: K8sObject) => p.containerPort === 9090);
  assert.equal(c.readinessProbe.httpGet.path, "/readyz");
  assert.equal(c.livenessProbe.httpGet.path, "/healthz");
  assert.equal(c.readinessProbe.httpGet.port, http.name);
  // The Service.
  const svc = find(objects, "Service", "titan-manager");
  assert.deepEqual(
    svc.spec.ports.map((p: K8sObject) => [p.name, p.port]).sort(),
    [["grpc", 8080], ["http", 9090]],
  );
  for (const [k, v] of Object.entries(svc.spec.selector)) {
    assert.equal(dep.spec.template.metadata.labels[k], v, "Service does not select the manager");
  }
  // Workers reach the manager through the Service even while /readyz says not ready.
  assert.equal(svc.spec.publishNotReadyAddresses, true);
});

Deno.test("workers: 3 replicas, id from the pod name, grace > drain, emptyDirs, PDB", async () => {
  const { objects } = await build(KIND);
  const dep = find(objects, "Deployment", "titan-worker");
  assert.equal(dep.spec.replicas, 3);
  const pod = podSpecOf(dep)!;
  const [c] = pod.containers;
  assert.deepEqual(c.args, ["worker"]);
  assert.equal(c.image, "titan:dev");
  assert.equal(c.imagePullPolicy, "IfNotPresent");
  const env = envOf(c);
  assert.deepEqual(env.TITAN_WORKER_ID, { fieldRef: { fieldPath: "metadata.name" } });
  assert.equal(env.TITAN_MANAGER, "titan-manager:8080");
  assert.equal(env.TITAN_WORKER_HOST, "0.0.0.0");
  const drain = Number(env.TITAN_DRAIN_TIMEOUT ?? WORKER_OPTIONS["drain-timeout"].default);
  const killGrace = Number(env.TITAN_KILL_GRACE ?? WORKER_OPTIONS["kill-grace"].default);
  assert.ok(
    pod.terminationGracePeriodSeconds > drain + killGrace,
    `terminationGracePeriodSeconds ${pod.terminationGracePeriodSeconds} <= drain ${drain} + kill grace ${killGrace}`,
  );
  const volOf = (path: string) => {
    const m = c.volumeMounts.find((m: K8sObject) => m.mountPath === path);
    assert.ok(m, `${path} is not mounted`);
    return pod.volumes.find((v: K8sObject) => v.name === m.name);
  };
  for (const path of [env.TITAN_WORK_DIR, "/tmp", env.TITAN_WORKER_DATA_DIR]) {
    assert.ok(volOf(path).emptyDir, `${path} is not an emptyDir`);
  }
  // A worker sees only the worker token.
  const tok = pod.volumes.find((v: K8sObject) => v.secret);
  assert.deepEqual(tok.secret.items.map((i: K8sObject) => i.key), ["worker-token"]);
  // The probe port is the one the worker's HTTP server listens on.
  const port = c.ports.find((p: K8sObject) => p.name === c.livenessProbe.httpGet.port);
  assert.equal(String(port.containerPort), env.TITAN_WORKER_PORT);
  const pdb = find(objects, "PodDisruptionBudget", "titan-worker");
  for (const [k, v] of Object.entries(pdb.spec.selector.matchLabels)) {
    assert.equal(dep.spec.template.metadata.labels[k], v, "PDB does not select the workers");
  }
});

Deno.test("every TITAN_* variable in the manifests is one the entrypoint reads", async () => {
  const known = {
    manager: new Set(Object.values(MANAGER_OPTIONS).map((o) => o.env)),
    worker: new Set(Object.values(WORKER_OPTIONS).map((o) => o.env)),
  };
  const { objects } = await build(BASE);
  let seen = 0;
  for (const o of objects) {
    for (const c of podSpecOf(o)?.containers ?? []) {
      const role = c.args[0] as "manager" | "worker";
      for (const e of c.env ?? []) {
        seen++;
        assert.ok(known[role].has(e.name), `${o.metadata.name}: ${role} does not read ${e.name}`);
      }
    }
  }
  assert.ok(seen > 10);
});

// ---- the checkers reject what they must --------------------------------------------------

async function goodDeployment(): Promise<K8sObject> {
  return structuredClone(find((await build(KIND)).objects, "Deployment", "titan-worker"));
}

const BROKEN: [string, string, (d: K8sObject) => void][] = [
  ["schema", "unknown field in a container", (d) => {
    d.spec.template.spec.containers[0].imagePullPolice = "Always";
  }],
  ["schema", "unknown field in metadata", (d) => {
    d.metadata.lables = { a: "b" };
  }],
  ["schema", "unknown top-level field", (d) => {
    d.sepc = {};
  }],
  ["schema", "wrong type", (d) => {
    d.spec.replicas = "three";
  }],
  ["schema", "missing required field", (d) => {
    delete d.spec.template.spec.containers[0].name;
  }],
  ["schema", "bad enum-like value", (d) => {
    d.apiVersion = "apps/v1beta1";
  }],
  ["policy", "image :latest", (d) => {
    d.spec.template.spec.containers[0].image = "titan:latest";
  }],
  ["policy", "image without a tag", (d) => {
    d.spec.template.spec.containers[0].image = "registry.local:5000/titan";
  }],
  ["policy", "no image", (d) => {
    delete d.spec.template.spec.containers[0].image;
  }],
  ["policy", "no readiness probe", (d) => {
    delete d.spec.template.spec.containers[0].readinessProbe;
  }],
  ["policy", "no liveness probe", (d) => {
    delete d.spec.template.spec.containers[0].livenessProbe;
  }],
  ["policy", "no resources", (d) => {
    delete d.spec.template.spec.containers[0].resources;
  }],
  ["policy", "no memory limit", (d) => {
    delete d.spec.template.spec.containers[0].resources.limits.memory;
  }],
  ["policy", "no securityContext", (d) => {
    delete d.spec.template.spec.containers[0].securityContext;
  }],
  ["policy", "root for another role than the worker", (d) => {
    d.spec.template.spec.containers[0].args = ["manager"];
  }],
  ["policy", "root without saying runAsNonRoot false", (d) => {
    delete d.spec.template.spec.containers[0].securityContext.runAsNonRoot;
  }],
  ["policy", "a root worker with a capability beyond the uid switch", (d) => {
    d.spec.template.spec.containers[0].securityContext.capabilities.add.push("SYS_ADMIN");
  }],
  ["policy", "a root worker keeping NET_RAW", (d) => {
    d.spec.template.spec.containers[0].securityContext.capabilities.add.push("NET_RAW");
  }],
  ["policy", "privilege escalation", (d) => {
    d.spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation = true;
  }],
  ["policy", "writable root filesystem", (d) => {
    delete d.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem;
  }],
  ["policy", "capabilities kept", (d) => {
    d.spec.template.spec.containers[0].securityContext.capabilities = { drop: ["NET_RAW"] };
  }],
  ["policy", "no seccomp profile", (d) => {
    delete d.spec.template.spec.containers[0].securityContext.seccompProfile;
    delete d.spec.template.spec.securityContext.seccompProfile;
  }],
  ["policy", "/tmp not writable", (d) => {
    const c = d.spec.template.spec.containers[0];
    c.volumeMounts = c.volumeMounts.filter((m: K8sObject) => m.mountPath !== "/tmp");
  }],
  ["policy", "service account token mounted", (d) => {
    delete d.spec.template.spec.automountServiceAccountToken;
  }],
  ["policy", "hostPath volume", (d) => {
    d.spec.template.spec.volumes.push({ name: "h", hostPath: { path: "/" } });
  }],
];

Deno.test("the schema check and the policy pass the real worker Deployment", async () => {
  const d = await goodDeployment();
  assert.deepEqual(schemaErrors(d), []);
  assert.deepEqual(policyErrors(d), []);
});

for (const [checker, what, breakIt] of BROKEN) {
  Deno.test(`${checker} rejects a Deployment with ${what}`, async () => {
    const d = await goodDeployment();
    breakIt(d);
    const errors = checker === "schema" ? schemaErrors(d) : policyErrors(d);
    assert.ok(errors.length > 0, `${what} was accepted`);
  });
}

Deno.test("schema: unknown kinds and malformed Services/PDBs are rejected", async () => {
  assert.match(
    schemaErrors({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" } })[0],
    /no schema/,
  );
  const { objects } = await build(BASE);
  const svc = structuredClone(find(objects, "Service", "titan-manager"));
  svc.spec.ports[0].port = 70000;
  svc.spec.ports[0].targetport = 8080;
  const errors = schemaErrors(svc);
  assert.ok(errors.some((e) => e.includes("targetport: unknown field")), errors.join("\n"));
  const pdb = structuredClone(find(objects, "PodDisruptionBudget", "titan-worker"));
  pdb.spec.maxUnavailable = { one: 1 };
  assert.ok(schemaErrors(pdb).length > 0);
});

Deno.test("imageIsPinned", () => {
  for (
    const ok of ["titan:dev", "titan:0.1.0", "reg:5000/a/titan:1", `titan@sha256:${"a".repeat(64)}`]
  ) {
    assert.ok(imageIsPinned(ok), ok);
  }
  for (const bad of ["", "titan", "titan:latest", "reg:5000/titan", "titan:", undefined]) {
    assert.ok(!imageIsPinned(bad), String(bad));
  }
});

Deno.test("built-in renderer: images, JSON patches, and unsupported fields refused", async () => {
  assert.equal(retag("titan", { name: "titan", newTag: "dev" }), "titan:dev");
  assert.equal(retag("titan:0.1.0", { name: "titan", newTag: "dev" }), "titan:dev");
  assert.equal(retag("titan:0.1.0", { name: "titan", newName: "r/t" }), "r/t:0.1.0");
  assert.equal(retag("other:1", { name: "titan", newTag: "dev" }), "other:1");
  const doc = { a: { b: [1, 2] } };
  jsonPatch(doc, { op: "add", path: "/a/b/-", value: 3 });
  jsonPatch(doc, { op: "replace", path: "/a/b/0", value: 0 });
  jsonPatch(doc, { op: "add", path: "/a/c", value: "x" });
  assert.deepEqual(doc, { a: { b: [0, 2, 3], c: "x" } });
  assert.throws(() => jsonPatch(doc, { op: "replace", path: "/a/zz", value: 1 }), /does not exist/);
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      join(dir, "kustomization.yaml"),
      "replicas:\n  - name: x\n    count: 2\n",
    );
    await assert.rejects(render(dir), /not supported by the built-in renderer/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

// ---- Dockerfile ----------------------------------------------------------------------

const DOCKERFILE = await Deno.readTextFile(join(REPO_ROOT, "Dockerfile"));

Deno.test("Dockerfile follows the rules", () => {
  assert.deepEqual(dockerfileErrors(DOCKERFILE), []);
});

Deno.test("Dockerfile parser: directives, comments, continuations, exec form", () => {
  const ins = parseDockerfile(
    "# syntax=docker/dockerfile:1\n# comment\nARG X=1\nFROM ${X}\nRUN a \\\n  # inside\n  b\n" +
      'ENTRYPOINT ["/tini", "--", "x"]\nCMD not [json\n',
  );
  assert.deepEqual(ins.map((i) => i.cmd), ["ARG", "FROM", "RUN", "ENTRYPOINT", "CMD"]);
  assert.equal(ins[2].args, "a    b");
  assert.equal(ins[2].line, 5);
  assert.deepEqual(ins[3].json, ["/tini", "--", "x"]);
  assert.equal(ins[4].json, null);
});

const DOCKERFILE_BREAKS: [string, (s: string) => string, RegExp][] = [
  [
    "base not from an ARG",
    (s) => s.replace("FROM ${DENO_IMAGE}", "FROM denoland/deno:debian-2.9.6"),
    /from an ARG/,
  ],
  [
    "base :latest",
    (s) => s.replace(/ARG DENO_IMAGE=\S+/, "ARG DENO_IMAGE=denoland/deno:latest"),
    /pinned to 2\.9/,
  ],
  [
    "base of another Deno",
    (s) => s.replace(/ARG DENO_IMAGE=\S+/, "ARG DENO_IMAGE=denoland/deno:2.1.4"),
    /pinned to 2\.9/,
  ],
  ["ARG without default", (s) => s.replace(/ARG DENO_IMAGE=\S+/, "ARG DENO_IMAGE"), /no default/],
  ["no USER", (s) => s.replace(/^USER .*$/gm, ""), /no USER/],
  ["USER root last", (s) => s.replace("USER 10001:10001", "USER root"), /runs as root/],
  ["no tini", (s) => s.replace('"/tini", "--", ', ""), /not an init/],
  [
    "shell-form ENTRYPOINT",
    (s) => s.replace(/^ENTRYPOINT .*$/m, "ENTRYPOINT /tini -- x"),
    /exec form/,
  ],
  [
    "no dependency layer",
    (s) => s.replace("RUN deno install --frozen", ""),
    /between the deno\.json COPY/,
  ],
  [
    "sources copied first",
    (s) => s.replace("COPY deno.json deno.lock ./", "COPY . .\nCOPY deno.json deno.lock ./"),
    /copied after the sources/,
  ],
  ["entrypoints not cached", (s) => s.replace(/deno cache --frozen [^;]*;/, "true;"), /not cached/],
  ["no VOLUME", (s) => s.replace(/^VOLUME .*$/m, 'VOLUME ["/data"]'), /no VOLUME \/work/],
  ["no DENO_DIR", (s) => s.replace("ENV DENO_DIR=/deno-dir", "ENV X=/deno-dir"), /DENO_DIR/],
  [
    "misspelt instruction",
    (s) => s.replace("WORKDIR /app", "WORKDIRR /app"),
    /unknown instruction/,
  ],
];

for (const [what, breakIt, expected] of DOCKERFILE_BREAKS) {
  Deno.test(`Dockerfile check rejects: ${what}`, () => {
    const broken = breakIt(DOCKERFILE);
    assert.notEqual(broken, DOCKERFILE, "the mutation did not apply");
    const errors = dockerfileErrors(broken);
    assert.ok(errors.some((e) => expected.test(e)), `got: ${JSON.stringify(errors)}`);
  });
}

// ---- the image's entrypoint script and build context ------------------------------------

const ENTRYPOINT = join(REPO_ROOT, "k8s/image/entrypoint.sh");

async function runEntrypoint(args: string[]) {
  // A fake `deno` that prints its argv, so the script's exec line is checked without Deno.
  const bin = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(bin, "deno"), '#!/bin/sh\nprintf "%s\\n" "$@"\n', {
      mode: 0o755,
    });
    const out = await new Deno.Command("sh", {
      args: [ENTRYPOINT, ...args],
      env: { PATH: `${bin}:/usr/bin:/bin`, TITAN_APP_DIR: "/app" },
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const dec = new TextDecoder();
    return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
  } finally {
    await Deno.remove(bin, { recursive: true });
  }
}

Deno.test("entrypoint: manager/worker/titan run Deno offline with the args passed on", async () => {
  for (const [role, main] of [["manager", "manager"], ["worker", "worker"], ["titan", "cli"]]) {
    const r = await runEntrypoint([role, "--port", "1", "a b"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split("\n"), [
      "run",
      "--cached-only",
      "--frozen",
      "--config",
      "/app/deno.json",
      "-A",
      `/app/${main}/main.ts`,
      "--port",
      "1",
      "a b",
    ]);
  }
  const help = await runEntrypoint([]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /manager \[flags\]/);
  const bad = await runEntrypoint(["--port", "1"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /must be manager, worker or titan/);
  const other = await runEntrypoint(["echo", "hi"]);
  assert.equal(other.stdout, "hi\n");
});

Deno.test(".dockerignore keeps the context small but keeps what the build copies", async () => {
  const lines = (await Deno.readTextFile(join(REPO_ROOT, ".dockerignore"))).split("\n")
    .map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  for (const p of [".git", ".titan", "node_modules", "tests", ".ci"]) {
    assert.ok(lines.includes(p), p);
  }
  for (const p of ["deno.json", "deno.lock", "manager", "worker", "shared", "cli"]) {
    assert.ok(!lines.includes(p), `${p} must be in the build context`);
  }
  // k8s/ is ignored except the entrypoint script the Dockerfile installs.
  assert.ok(lines.indexOf("!k8s/image/") > lines.indexOf("k8s"));
  assert.match(DOCKERFILE, /k8s\/image\/entrypoint\.sh/);
});

Deno.test("workers run as root with only the uid switch's capabilities; the namespace allows it", async () => {
  const { objects } = await build(BASE);
  const dep = find(objects, "Deployment", "titan-worker");
  const pod = podSpecOf(dep)!;
  const [c] = pod.containers;
  const sc = c.securityContext;
  assert.equal(sc.runAsUser, 0, "root, to give each attempt a uid of its own");
  assert.equal(sc.allowPrivilegeEscalation, false);
  assert.deepEqual(sc.capabilities.drop, ["ALL"]);
  assert.deepEqual([...sc.capabilities.add].sort(), [
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "KILL",
    "SETGID",
    "SETUID",
  ]);
  // The token file is the worker's alone (0400), and never an environment variable.
  const tok = pod.volumes.find((v: K8sObject) => v.secret);
  assert.equal(tok.secret.defaultMode, 0o400);
  assert.equal(envOf(c).TITAN_WORKER_TOKEN, undefined);
  assert.ok(envOf(c).TITAN_WORKER_TOKEN_FILE);
  // The uid claims live on a writable volume (the root filesystem is read-only).
  assert.ok(c.volumeMounts.some((m: K8sObject) => m.mountPath === "/run/titan"));
  // The manager stays non-root with nothing added.
  const manager = podSpecOf(find(objects, "Deployment", "titan-manager"))!.containers[0];
  assert.equal(manager.securityContext.capabilities.add, undefined);
  assert.notEqual(manager.securityContext.runAsUser ?? 10001, 0);
  const ns = find(objects, "Namespace", "titan");
  assert.equal(ns.metadata.labels["pod-security.kubernetes.io/enforce"], "baseline");
});
