/**
 * Build a kustomization offline: with `kubectl kustomize` when kubectl is on the PATH, or
 * else with a small built-in renderer of the subset of kustomize that k8s/ uses.
 *
 * Why a fallback: kubectl is not in Debian's or npm's registries at a usable version (Debian
 * has 1.20, whose kustomize v2 cannot read `patches:`), so a fresh machine may not have it.
 * The renderer refuses any kustomization field it does not implement, and when kubectl is
 * there a test checks that both give the same objects (generated names aside).
 */
import { parse as parseYaml, parseAllDocuments } from "yaml";
import { dirname, join, resolve } from "node:path";

// deno-lint-ignore no-explicit-any
export type K8sObject = Record<string, any>;

export interface Build {
  objects: K8sObject[];
  via: "kubectl" | "builtin";
}

/** The kubectl on the PATH, or null. */
export function findKubectl(): string | null {
  const env = Deno.env.get("KUBECTL");
  if (env) return env;
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    if (!dir) continue;
    const p = join(dir, "kubectl");
    try {
      const st = Deno.statSync(p);
      if (st.isFile && st.mode !== null && (st.mode & 0o111) !== 0) return p;
    } catch { /* not here */ }
  }
  return null;
}

/** Parse a multi-document YAML stream into objects (empty documents dropped). */
export function parseStream(text: string): K8sObject[] {
  const out: K8sObject[] = [];
  // YAML 1.1, as Kubernetes reads it (sigs.k8s.io/yaml): 0440 is octal there, 440 in 1.2.
  for (const doc of parseAllDocuments(text, { version: "1.1" })) {
    if (doc.errors.length > 0) throw new Error(`YAML: ${doc.errors[0].message}`);
    const value = doc.toJS();
    if (value !== null && value !== undefined) out.push(value);
  }
  return out;
}

/** `kubectl kustomize dir` with no kubeconfig (so it never talks to localhost:8080). */
export async function kubectlKustomize(kubectl: string, dir: string): Promise<K8sObject[]> {
  const out = await new Deno.Command(kubectl, {
    args: ["kustomize", dir],
    env: { KUBECONFIG: "/dev/null" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(
      `kubectl kustomize ${dir} failed (exit ${out.code}):\n${
        new TextDecoder().decode(out.stderr)
      }`,
    );
  }
  return parseStream(new TextDecoder().decode(out.stdout));
}

/** Build with kubectl when present, else with the built-in renderer. */
export async function build(dir: string): Promise<Build> {
  const kubectl = findKubectl();
  if (kubectl) return { objects: await kubectlKustomize(kubectl, dir), via: "kubectl" };
  return { objects: await render(dir), via: "builtin" };
}

// ---- the built-in renderer ------------------------------------------------------------

const SUPPORTED = new Set([
  "apiVersion",
  "kind",
  "namespace",
  "labels",
  "resources",
  "secretGenerator",
  "images",
  "patches",
]);

const CLUSTER_SCOPED = new Set([
  "Namespace",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
  "PersistentVolume",
  "PriorityClass",
  "StorageClass",
]);

/** Render the kustomization in `dir` (the subset used by k8s/; anything else throws). */
export async function render(dir: string): Promise<K8sObject[]> {
  const path = join(dir, "kustomization.yaml");
  const k = parseYaml(await Deno.readTextFile(path), { version: "1.1" }) as K8sObject;
  for (const key of Object.keys(k)) {
    if (!SUPPORTED.has(key)) {
      throw new Error(`${path}: "${key}" is not supported by the built-in renderer; use kubectl`);
    }
  }
  let objects: K8sObject[] = [];
  for (const r of k.resources ?? []) {
    const p = resolve(dir, r);
    const st = await Deno.stat(p);
    objects.push(...(st.isDirectory ? await render(p) : parseStream(await Deno.readTextFile(p))));
  }
  const renames = new Map<string, string>();
  for (const g of k.secretGenerator ?? []) {
    const secret = await generateSecret(dir, g);
    renames.set(g.name, secret.metadata.name);
    objects.push(secret);
  }
  for (const p of k.patches ?? []) objects = applyPatch(dir, objects, p);
  for (const o of objects) {
    if (k.namespace && !CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace = k.namespace;
    for (const l of k.labels ?? []) {
      if (l.includeSelectors || l.includeTemplates) {
        throw new Error(`${path}: labels with includeSelectors/includeTemplates: use kubectl`);
      }
      o.metadata.labels = { ...(o.metadata.labels ?? {}), ...l.pairs };
    }
    for (const c of containersOf(o)) {
      for (const img of k.images ?? []) c.image = retag(c.image, img);
    }
    const pod = podSpecOf(o);
    if (pod) renameSecretRefs(pod, renames);
  }
  return objects;
}

async function generateSecret(dir: string, g: K8sObject): Promise<K8sObject> {
  for (const key of Object.keys(g)) {
    if (!["name", "envs", "literals", "type"].includes(key)) {
      throw new Error(`secretGenerator "${key}" is not supported by the built-in renderer`);
    }
  }
  const pairs: string[] = [...(g.literals ?? [])];
  for (const env of g.envs ?? []) {
    for (const line of (await Deno.readTextFile(resolve(dir, env))).split("\n")) {
      if (line.trim() !== "" && !line.trimStart().startsWith("#")) pairs.push(line);
    }
  }
  const data: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new Error(`secretGenerator ${g.name}: bad entry "${pair}"`);
    data[pair.slice(0, eq)] = btoa(pair.slice(eq + 1));
  }
  const type = g.type ?? "Opaque";
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(JSON.stringify({ data, kind: "Secret", name: g.name, type })),
  );
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: `${g.name}-${hex.slice(0, 10)}` },
    type,
    data,
  };
}

function matches(o: K8sObject, target: K8sObject): boolean {
  for (const key of Object.keys(target)) {
    if (!["kind", "name", "labelSelector"].includes(key)) {
      throw new Error(`patch target "${key}" is not supported by the built-in renderer`);
    }
  }
  if (target.kind && o.kind !== target.kind) return false;
  if (target.name && o.metadata?.name !== target.name) return false;
  if (target.labelSelector) {
    for (const term of String(target.labelSelector).split(",")) {
      const [key, value] = term.split("=");
      if (o.metadata?.labels?.[key.trim()] !== value?.trim()) return false;
    }
  }
  return true;
}

function applyPatch(dir: string, objects: K8sObject[], p: K8sObject): K8sObject[] {
  if (!p.target || typeof p.patch !== "string") {
    throw new Error("built-in renderer: only inline JSON 6902 patches with a target");
  }
  const ops = parseYaml(p.patch, { version: "1.1" });
  // A strategic-merge patch that only deletes: the targets leave the output.
  if (!Array.isArray(ops) && ops?.$patch === "delete") {
    return objects.filter((o) => !matches(o, p.target));
  }
  if (!Array.isArray(ops)) {
    throw new Error(`${dir}: only JSON 6902 patches (a list of ops) are supported built in`);
  }
  return objects.map((o) => {
    if (!matches(o, p.target)) return o;
    const copy = structuredClone(o);
    for (const op of ops) jsonPatch(copy, op);
    return copy;
  });
}

/** Apply one RFC 6902 operation (add, replace, remove, test) in place. */
export function jsonPatch(doc: K8sObject, op: K8sObject): void {
  const parts = String(op.path).split("/").slice(1).map((s) =>
    s.replaceAll("~1", "/").replaceAll("~0", "~")
  );
  const last = parts.pop();
  if (last === undefined) throw new Error(`JSON patch: bad path ${op.path}`);
  let parent = doc;
  for (const part of parts) {
    parent = parent?.[Array.isArray(parent) ? Number(part) : part];
    if (parent === undefined || parent === null || typeof parent !== "object") {
      throw new Error(`JSON patch: ${op.path} does not exist`);
    }
  }
  const isArray = Array.isArray(parent);
  const index = isArray ? (last === "-" ? parent.length : Number(last)) : -1;
  switch (op.op) {
    case "add":
      if (isArray) parent.splice(index, 0, structuredClone(op.value));
      else parent[last] = structuredClone(op.value);
      return;
    case "replace":
    case "remove":
      if (isArray ? index >= parent.length : !(last in parent)) {
        throw new Error(`JSON patch ${op.op}: ${op.path} does not exist`);
      }
      if (op.op === "remove") {
        if (isArray) parent.splice(index, 1);
        else delete parent[last];
      } else {
        parent[isArray ? index : last] = structuredClone(op.value);
      }
      return;
    case "test":
      if (JSON.stringify(parent[isArray ? index : last]) !== JSON.stringify(op.value)) {
        throw new Error(`JSON patch test failed at ${op.path}`);
      }
      return;
    default:
      throw new Error(`JSON patch op "${op.op}" is not supported by the built-in renderer`);
  }
}

/** Apply a kustomize `images:` entry to an image reference. */
export function retag(image: string, entry: K8sObject): string {
  const at = image.indexOf("@");
  const base = at >= 0 ? image.slice(0, at) : image;
  const colon = base.lastIndexOf(":");
  const hasTag = colon > base.lastIndexOf("/");
  const name = hasTag ? base.slice(0, colon) : base;
  if (name !== entry.name) return image;
  const tag = hasTag ? base.slice(colon) : "";
  const newName = entry.newName ?? name;
  if (entry.digest) return `${newName}@${entry.digest}`;
  if (entry.newTag !== undefined) return `${newName}:${entry.newTag}`;
  return newName + tag + (at >= 0 ? image.slice(at) : "");
}

/** The pod spec inside a workload object, if any. */
export function podSpecOf(o: K8sObject): K8sObject | undefined {
  if (o.kind === "Pod") return o.spec;
  if (o.kind === "CronJob") return o.spec?.jobTemplate?.spec?.template?.spec;
  return o.spec?.template?.spec;
}

/** Every container (init, regular, ephemeral) of a workload object. */
export function containersOf(o: K8sObject): K8sObject[] {
  const pod = podSpecOf(o);
  if (!pod) return [];
  return [
    ...(pod.initContainers ?? []),
    ...(pod.containers ?? []),
    ...(pod.ephemeralContainers ?? []),
  ];
}

function renameSecretRefs(pod: K8sObject, renames: Map<string, string>): void {
  const rename = (name: string) => renames.get(name) ?? name;
  for (const v of pod.volumes ?? []) {
    if (v.secret?.secretName) v.secret.secretName = rename(v.secret.secretName);
    for (const s of v.projected?.sources ?? []) {
      if (s.secret?.name) s.secret.name = rename(s.secret.name);
    }
  }
  for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
    for (const e of c.env ?? []) {
      if (e.valueFrom?.secretKeyRef?.name) {
        e.valueFrom.secretKeyRef.name = rename(e.valueFrom.secretKeyRef.name);
      }
    }
    for (const e of c.envFrom ?? []) {
      if (e.secretRef?.name) e.secretRef.name = rename(e.secretRef.name);
    }
  }
  for (const s of pod.imagePullSecrets ?? []) s.name = rename(s.name);
}

/** Where this file's repository root is. */
export const REPO_ROOT = resolve(dirname(new URL(import.meta.url).pathname), "../..");
