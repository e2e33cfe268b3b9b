/**
 * Offline checks of Kubernetes objects:
 *  - `schemaErrors`: the object against the Kubernetes OpenAPI schema of its kind
 *    (kubernetes-models' compiled validators), plus unknown fields, which those schemas
 *    let through (the API server drops them silently, or rejects them with
 *    `--validate=strict`): a misspelt `imagePullPolice` must not pass.
 *  - `policyErrors`: what the schema allows but we forbid: an image without a pinned tag,
 *    a container without probes, resources or a hardened securityContext, and so on.
 */
import { validate as coreNamespace } from "kubernetes-models/_schemas/IoK8sApiCoreV1Namespace";
import { validate as coreSecret } from "kubernetes-models/_schemas/IoK8sApiCoreV1Secret";
import { validate as coreService } from "kubernetes-models/_schemas/IoK8sApiCoreV1Service";
import { validate as coreConfigMap } from "kubernetes-models/_schemas/IoK8sApiCoreV1ConfigMap";
import { validate as corePvc } from "kubernetes-models/_schemas/IoK8sApiCoreV1PersistentVolumeClaim";
import { validate as appsDeployment } from "kubernetes-models/_schemas/IoK8sApiAppsV1Deployment";
import { validate as appsStatefulSet } from "kubernetes-models/_schemas/IoK8sApiAppsV1StatefulSet";
import { validate as policyPdb } from "kubernetes-models/_schemas/IoK8sApiPolicyV1PodDisruptionBudget";
import { containersOf, type K8sObject, podSpecOf } from "./kustomize.ts";

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}
type Validator = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

/** The kinds k8s/ may contain, by apiVersion/kind. Anything else is an error. */
const VALIDATORS: Record<string, Validator> = {
  "v1/Namespace": coreNamespace as Validator,
  "v1/Secret": coreSecret as Validator,
  "v1/Service": coreService as Validator,
  "v1/ConfigMap": coreConfigMap as Validator,
  "v1/PersistentVolumeClaim": corePvc as Validator,
  "apps/v1/Deployment": appsDeployment as Validator,
  "apps/v1/StatefulSet": appsStatefulSet as Validator,
  "policy/v1/PodDisruptionBudget": policyPdb as Validator,
};

/** "Deployment/titan-worker" */
export function idOf(o: K8sObject): string {
  return `${o?.kind}/${o?.metadata?.name}`;
}

/**
 * Schema errors of one object, as "path: message" strings (empty when valid). Unknown fields
 * are found by watching which properties the compiled validator reads: it reads every
 * property its schema declares (and enumerates free-form maps such as labels), so an own
 * property it never touched is one the schema does not know.
 */
export function schemaErrors(o: K8sObject): string[] {
  const key = `${o?.apiVersion}/${o?.kind}`;
  const validator = VALIDATORS[key];
  if (!validator) return [`${idOf(o)}: no schema known for ${key}`];
  const seen = new Map<object, Set<string>>();
  const paths = new Map<object, string>();
  const wrap = (value: unknown, path: string): unknown => {
    if (value === null || typeof value !== "object") return value;
    const target = value as Record<string, unknown>;
    if (!seen.has(target)) seen.set(target, new Set());
    paths.set(target, path);
    const read = seen.get(target)!;
    return new Proxy(target, {
      get(t, p, r) {
        const v = Reflect.get(t, p, r);
        if (typeof p !== "string") return v;
        read.add(p);
        return Object.hasOwn(t, p) ? wrap(v, `${path}/${p}`) : v;
      },
      ownKeys(t) {
        for (const p of Reflect.ownKeys(t)) if (typeof p === "string") read.add(p);
        return Reflect.ownKeys(t);
      },
      has(t, p) {
        if (typeof p === "string") read.add(p);
        return Reflect.has(t, p);
      },
    });
  };
  const errors: string[] = [];
  if (!validator(wrap(o, ""))) {
    for (const e of validator.errors ?? []) {
      errors.push(`${idOf(o)}: ${e.instancePath || "/"} ${e.keyword} ${JSON.stringify(e.params)}`);
    }
  }
  for (const [obj, read] of seen) {
    if (Array.isArray(obj)) continue;
    for (const p of Object.keys(obj)) {
      if (!read.has(p)) errors.push(`${idOf(o)}: ${paths.get(obj)}/${p}: unknown field`);
    }
  }
  return errors;
}

/** Does this image reference pin a version (a tag other than latest, or a digest)? */
export function imageIsPinned(image: unknown): boolean {
  if (typeof image !== "string" || image.trim() === "") return false;
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return true;
  const slash = image.lastIndexOf("/");
  const colon = image.lastIndexOf(":");
  if (colon <= slash) return false;
  const tag = image.slice(colon + 1);
  return tag !== "" && tag !== "latest";
}

const MOUNTABLE_WRITABLE = new Set(["emptyDir", "persistentVolumeClaim", "ephemeral"]);

/** Policy errors of one object, as strings (empty when it complies). */
/**
 * What a root worker may keep: switch to an attempt's uid, kill it, hand it its work dir, and
 * enter and remove that dir (it belongs to the attempt's uid).
 */
export const UID_SWITCH_CAPABILITIES = new Set([
  "SETUID",
  "SETGID",
  "KILL",
  "CHOWN",
  "FOWNER",
  "DAC_OVERRIDE",
]);

export function policyErrors(o: K8sObject): string[] {
  const errors: string[] = [];
  const err = (msg: string) => errors.push(`${idOf(o)}: ${msg}`);
  if (!o?.metadata?.name) err("no metadata.name");
  const pod = podSpecOf(o);
  if (!pod) return errors;

  const psc = pod.securityContext ?? {};
  if (pod.hostNetwork || pod.hostPID || pod.hostIPC) err("uses a host namespace");
  if (pod.automountServiceAccountToken !== false) {
    err("automountServiceAccountToken must be false (Titan does not call the API)");
  }
  const volumes = new Map<string, K8sObject>();
  for (const v of pod.volumes ?? []) {
    volumes.set(v.name, v);
    if (v.hostPath) err(`volume ${v.name} is a hostPath`);
  }
  // A StatefulSet's claim templates are volumes of its pods too.
  for (const t of o.spec?.volumeClaimTemplates ?? []) {
    volumes.set(t.metadata?.name, { name: t.metadata?.name, persistentVolumeClaim: {} });
  }
  if (!pod.containers?.length) err("no containers");

  for (const c of containersOf(o)) {
    const where = `container ${c.name}`;
    if (!c.image) err(`${where}: no image`);
    else if (!imageIsPinned(c.image)) {
      err(`${where}: image "${c.image}" is not pinned (no tag, or :latest)`);
    }
    const isInit = (pod.initContainers ?? []).includes(c);
    if (!isInit) {
      if (!c.readinessProbe) err(`${where}: no readinessProbe`);
      if (!c.livenessProbe) err(`${where}: no livenessProbe`);
    }
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (req.cpu === undefined) err(`${where}: no resources.requests.cpu`);
    if (req.memory === undefined) err(`${where}: no resources.requests.memory`);
    if (lim.memory === undefined) err(`${where}: no resources.limits.memory`);

    const sc = c.securityContext;
    if (!sc) {
      err(`${where}: no securityContext`);
      continue;
    }
    const runAsNonRoot = sc.runAsNonRoot ?? psc.runAsNonRoot;
    const uid = sc.runAsUser ?? psc.runAsUser;
    // Root is for the worker alone, which needs it only to give each attempt a uid of its own
    // (and to kill them and hand them their work dirs): exactly those capabilities, all else
    // dropped. Anything else runs as a non-root user with no capability at all.
    const rootWorker = uid === 0 && runAsNonRoot === false && c.args?.[0] === "worker";
    if (!rootWorker) {
      if (runAsNonRoot !== true) err(`${where}: runAsNonRoot is not true`);
      if (uid === 0) err(`${where}: runAsUser is 0`);
    }
    if (sc.privileged === true) err(`${where}: privileged`);
    if (sc.allowPrivilegeEscalation !== false) {
      err(`${where}: allowPrivilegeEscalation is not false`);
    }
    if (sc.readOnlyRootFilesystem !== true) err(`${where}: readOnlyRootFilesystem is not true`);
    const drop: string[] = sc.capabilities?.drop ?? [];
    if (!drop.includes("ALL")) err(`${where}: capabilities.drop does not include ALL`);
    const added: string[] = sc.capabilities?.add ?? [];
    if (!rootWorker && added.length > 0) err(`${where}: adds capabilities`);
    for (const cap of rootWorker ? added : []) {
      if (!UID_SWITCH_CAPABILITIES.has(cap)) err(`${where}: adds ${cap}, beyond the uid switch`);
    }
    const seccomp = sc.seccompProfile?.type ?? psc.seccompProfile?.type;
    if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") {
      err(`${where}: seccompProfile is not RuntimeDefault`);
    }
    // A read-only root needs a writable /tmp.
    const tmp = (c.volumeMounts ?? []).find((m: K8sObject) => m.mountPath === "/tmp");
    const tmpVolume = tmp && volumes.get(tmp.name);
    if (!tmpVolume || !Object.keys(tmpVolume).some((k) => MOUNTABLE_WRITABLE.has(k))) {
      err(`${where}: /tmp is not a writable volume (the root filesystem is read-only)`);
    }
    for (const m of c.volumeMounts ?? []) {
      if (!volumes.has(m.name)) err(`${where}: mounts unknown volume ${m.name}`);
    }
  }
  return errors;
}
