/**
 * The high-availability overlay (k8s/overlays/ha), offline like the rest of tests/k8s: it
 * builds, every object passes the schema and the policy, and the wiring that makes several
 * managers safe holds: replicas, rolling updates with no manager PVC, anti-affinity and a
 * PDB, the store URL from a Secret file, the advertised pod address, a Service that routes
 * to the ready manager (the leader) only, and workers that go through that Service.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { build, type K8sObject, podSpecOf, REPO_ROOT } from "./kustomize.ts";
import { policyErrors, schemaErrors } from "./validate.ts";
import { MANAGER_OPTIONS } from "../../shared/config.ts";

const HA = join(REPO_ROOT, "k8s/overlays/ha");

const find = (objs: K8sObject[], kind: string, name: string) => {
  const o = objs.find((x) => x.kind === kind && x.metadata?.name === name);
  assert.ok(o, `${kind}/${name} is missing`);
  return o;
};

Deno.test("kustomize overlays/ha: builds, every object passes the schema and the policy", async () => {
  const { objects } = await build(HA);
  const errors = objects.flatMap((o) => [...schemaErrors(o), ...policyErrors(o)]);
  assert.deepEqual(errors, []);
  assert.deepEqual(objects.map((o) => o.kind).sort(), [
    "Deployment",
    "Deployment",
    "Namespace",
    "PodDisruptionBudget",
    "PodDisruptionBudget",
    "Secret",
    "Secret",
    "Secret",
    "Service",
    "Service",
    "StatefulSet",
  ]);
  for (const o of objects) if (o.kind !== "Namespace") assert.equal(o.metadata.namespace, "titan");
});

Deno.test("overlays/ha: two managers, RollingUpdate, no PVC, anti-affinity, PDB, store from a Secret", async () => {
  const { objects } = await build(HA);
  const dep = find(objects, "Deployment", "titan-manager");
  assert.ok(dep.spec.replicas >= 2);
  assert.equal(dep.spec.strategy.type, "RollingUpdate");
  assert.equal(dep.spec.strategy.rollingUpdate.maxUnavailable, 0);
  assert.ok(!objects.some((o) => o.kind === "PersistentVolumeClaim"), "no manager PVC");
  const pod = podSpecOf(dep)!;
  assert.ok(pod.volumes.every((v: K8sObject) => !v.persistentVolumeClaim));
  const anti = pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0];
  assert.equal(anti.podAffinityTerm.topologyKey, "kubernetes.io/hostname");
  assert.deepEqual(anti.podAffinityTerm.labelSelector.matchLabels, dep.spec.selector.matchLabels);
  const pdb = find(objects, "PodDisruptionBudget", "titan-manager");
  assert.equal(pdb.spec.minAvailable, 1);
  assert.deepEqual(pdb.spec.selector.matchLabels, dep.spec.selector.matchLabels);

  const [c] = pod.containers;
  const env = Object.fromEntries(c.env.map((e: K8sObject) => [e.name, e]));
  // TITAN_STORE_FILE is the mounted key of a Secret that holds a postgres:// URL.
  const storeVol = pod.volumes.find((v: K8sObject) => v.name === "store");
  const mount = c.volumeMounts.find((m: K8sObject) => m.name === "store");
  assert.equal(env.TITAN_STORE_FILE.value, `${mount.mountPath}/${storeVol.secret.items[0].path}`);
  assert.equal(env.TITAN_STORE, undefined, "no URL with a password in the environment");
  const secret = find(objects, "Secret", storeVol.secret.secretName);
  assert.match(secret.stringData[storeVol.secret.items[0].key], /^postgres:\/\/[^@]+@[^/]+\/\w+$/);
  // Standbys send clients to the leader's pod address.
  assert.equal(env.POD_IP.valueFrom.fieldRef.fieldPath, "status.podIP");
  assert.equal(env.TITAN_ADVERTISE.value, "$(POD_IP):8080");
  const names = c.env.map((e: K8sObject) => e.name);
  assert.ok(names.indexOf("POD_IP") < names.indexOf("TITAN_ADVERTISE"), "defined before use");
  const known = new Set(Object.values(MANAGER_OPTIONS).map((o) => o.env));
  for (const name of names.filter((n: string) => n.startsWith("TITAN_"))) {
    assert.ok(known.has(name), `the manager does not read ${name}`);
  }
  assert.equal(c.readinessProbe.httpGet.path, "/readyz");
});

Deno.test("overlays/ha: the Service routes to the leader only; workers go through it", async () => {
  const { objects } = await build(HA);
  const svc = find(objects, "Service", "titan-manager");
  assert.equal(svc.spec.publishNotReadyAddresses, false, "a standby is not ready: no traffic");
  const worker = find(objects, "Deployment", "titan-worker");
  const env = Object.fromEntries(
    podSpecOf(worker)!.containers[0].env.map((e: K8sObject) => [e.name, e.value]),
  );
  assert.equal(env.TITAN_MANAGER, `${svc.metadata.name}:8080`);
});

Deno.test("overlays/ha: the demo PostgreSQL is one hardened StatefulSet with its own volume", async () => {
  const { objects } = await build(HA);
  const sts = find(objects, "StatefulSet", "titan-postgres");
  assert.equal(sts.spec.replicas, 1);
  assert.equal(sts.spec.volumeClaimTemplates[0].metadata.name, "data");
  const [c] = podSpecOf(sts)!.containers;
  const env = Object.fromEntries(c.env.map((e: K8sObject) => [e.name, e.value]));
  assert.equal(env.POSTGRES_PASSWORD, undefined, "the password comes from a file");
  const pwVol = podSpecOf(sts)!.volumes.find((v: K8sObject) => v.name === "password");
  // The URL Titan is given names this database and this password.
  const store = find(objects, "Secret", "titan-store");
  const url = new URL(store.stringData.url);
  const pw = find(objects, "Secret", pwVol.secret.secretName);
  assert.equal(decodeURIComponent(url.password), pw.stringData.password);
  assert.equal(url.hostname, find(objects, "Service", "titan-postgres").metadata.name);
  assert.equal(url.pathname, `/${env.POSTGRES_DB}`);
  assert.equal(url.username, env.POSTGRES_USER);
});

Deno.test("built-in renderer: a $patch: delete removes its targets", async () => {
  const { render } = await import("./kustomize.ts");
  const objects = await render(HA);
  assert.ok(!objects.some((o) => o.kind === "PersistentVolumeClaim"));
  assert.ok(objects.some((o) => o.kind === "StatefulSet"));
});
