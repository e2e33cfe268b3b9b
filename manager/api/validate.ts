/**
 * Request validation, in one place: every field is checked before anything is stored, and a
 * bad one is answered with INVALID_ARGUMENT naming the field and the (shortened) value.
 */
import { invalidArgument, quote } from "../../shared/errors.ts";
import { labelValueProblem, qualifiedNameProblem, queueNameProblem } from "../../shared/labels.ts";
import {
  DEFAULT_QUEUE,
  type DependencyPolicy,
  JOB_ID_PATTERN,
  parseState,
  type Resources,
  type State,
} from "../../shared/model.ts";
import type { JobSpec__Output, Resources__Output } from "../../shared/proto.ts";
import type { ValidSpec } from "../core/new_job.ts";

export interface Limits {
  maxCommandBytes: number;
  maxEnvBytes: number;
  maxTimeoutSeconds: number;
  maxRetries: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxCommandBytes: 64 * 1024,
  maxEnvBytes: 64 * 1024,
  maxTimeoutSeconds: 7 * 24 * 3600,
  maxRetries: 100,
};

export type { ValidSpec };

/**
 * Bounds of resource amounts, for requests and for what workers report. Beyond them a value
 * is a mistake (a unit confused, a negative number wrapped around), not a machine.
 */
export const RESOURCE_BOUNDS = {
  /** 1024 cores. */
  maxCpuMillis: 1024 * 1000,
  /** 16 TiB. */
  maxMemoryMb: 16 * 1024 * 1024,
  /** Of any one device kind. */
  maxDeviceCount: 1024,
  maxDeviceKinds: 32,
  maxSelectorPairs: 32,
};

/**
 * The most dependencies one job may have. 10,000 lets one join wait for a whole SubmitJobs
 * request (at most 10,000 jobs) and keeps a job's status within one message (a dependency
 * costs ~60 bytes there).
 */
export const MAX_DEPENDENCIES = 10_000;
/** The longest job name (and depends_on entry). */
export const MAX_NAME_LENGTH = 256;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const encoder = new TextEncoder();

/** Check a job spec; `field` prefixes field names (e.g. "jobs[3].") in messages. */
export function validateSpec(spec: JobSpec__Output, limits: Limits, field = ""): ValidSpec {
  const command = spec.command ?? "";
  if (command.trim() === "") throw invalidArgument(`${field}command must not be empty`);
  const commandBytes = encoder.encode(command).length;
  if (commandBytes > limits.maxCommandBytes) {
    throw invalidArgument(
      `${field}command is ${commandBytes} bytes, more than the limit of ${limits.maxCommandBytes}`,
    );
  }
  if (command.includes("\0")) throw invalidArgument(`${field}command must not contain NUL bytes`);
  const env = spec.env ?? {};
  let envBytes = 0;
  for (const [name, value] of Object.entries(env)) {
    if (!ENV_NAME.test(name)) {
      throw invalidArgument(
        `${field}env name ${
          quote(name)
        } is invalid: use letters, digits and _, not starting with a digit`,
      );
    }
    if (value.includes("\0")) {
      throw invalidArgument(`${field}env ${name} must not contain NUL bytes`);
    }
    envBytes += name.length + encoder.encode(value).length + 2;
  }
  if (envBytes > limits.maxEnvBytes) {
    throw invalidArgument(
      `${field}env is ${envBytes} bytes, more than the limit of ${limits.maxEnvBytes}`,
    );
  }
  const cwd = spec.cwd ?? "";
  if (cwd !== "" && (!cwd.startsWith("/") || cwd.includes("\0") || cwd.length > 4096)) {
    throw invalidArgument(`${field}cwd must be an absolute path, got ${quote(cwd)}`);
  }
  const timeoutSeconds = spec.timeoutSeconds ?? 0;
  if (timeoutSeconds > limits.maxTimeoutSeconds) {
    throw invalidArgument(
      `${field}timeout_seconds must be at most ${limits.maxTimeoutSeconds}, got ${timeoutSeconds}`,
    );
  }
  const maxRetries = spec.maxRetries ?? 0;
  if (maxRetries > limits.maxRetries) {
    throw invalidArgument(
      `${field}max_retries must be at most ${limits.maxRetries}, got ${maxRetries}`,
    );
  }
  const idempotencyKey = spec.idempotencyKey ?? "";
  if (idempotencyKey.length > 256 || idempotencyKey.includes("\0")) {
    throw invalidArgument(
      `${field}idempotency_key must be at most 256 characters without NUL, got ${
        quote(idempotencyKey)
      }`,
    );
  }
  const priority = spec.priority ?? 0;
  if (priority < -1000 || priority > 1000) {
    throw invalidArgument(`${field}priority must be in [-1000, 1000], got ${priority}`);
  }
  const resources = validateResources(spec.resources, `${field}resources`);
  const selector = validateSelector(spec.selector, `${field}selector`);
  const queue = validateQueueName(spec.queue || DEFAULT_QUEUE, `${field}queue`);
  const name = spec.name ?? "";
  if (name.length > MAX_NAME_LENGTH || hasControlCharacter(name)) {
    throw invalidArgument(
      `${field}name must be at most ${MAX_NAME_LENGTH} characters without control characters, got ${
        quote(name)
      }`,
    );
  }
  const dependsOn = spec.dependsOn ?? [];
  if (dependsOn.length > MAX_DEPENDENCIES) {
    throw invalidArgument(
      `${field}depends_on has ${dependsOn.length} entries, more than the limit of ${MAX_DEPENDENCIES}`,
    );
  }
  const seen = new Set<string>();
  dependsOn.forEach((entry, i) => {
    if (entry === "" || entry.length > MAX_NAME_LENGTH) {
      throw invalidArgument(
        `${field}depends_on[${i}] must be a job id or the name of an earlier job in the request, got ${
          quote(entry)
        }`,
      );
    }
    if (seen.has(entry)) {
      throw invalidArgument(`${field}depends_on[${i}] repeats ${quote(entry)}`);
    }
    seen.add(entry);
  });
  return {
    command,
    env: { ...env },
    cwd,
    timeoutSeconds,
    maxRetries,
    idempotencyKey,
    priority,
    resources,
    selector,
    queue,
    name,
    dependsOn: [...dependsOn],
    dependencyPolicy: validateDependencyPolicy(spec.dependencyPolicy, field),
  };
}

/** Whether `text` holds a C0 control character or DEL (they would garble lists). */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** The dependency policy; unspecified means AFTER_SUCCESS. */
function validateDependencyPolicy(
  policy: string | number | undefined,
  field: string,
): DependencyPolicy {
  switch (policy) {
    case undefined:
    case 0:
    case "DEPENDENCY_POLICY_UNSPECIFIED":
    case "DEPENDENCY_POLICY_AFTER_SUCCESS":
      return "AFTER_SUCCESS";
    case "DEPENDENCY_POLICY_AFTER_COMPLETION":
      return "AFTER_COMPLETION";
    default:
      throw invalidArgument(`${field}dependency_policy is unknown: ${quote(String(policy))}`);
  }
}

/**
 * Check resource amounts (a job's request or a worker's capacity); `field` names them in
 * messages. Devices with a count of 0 are dropped: they ask for nothing.
 */
export function validateResources(
  res: Resources__Output | null | undefined,
  field: string,
): Resources {
  const cpuMillis = res?.cpuMillis ?? 0;
  if (cpuMillis > RESOURCE_BOUNDS.maxCpuMillis) {
    throw invalidArgument(
      `${field}.cpu_millis must be at most ${RESOURCE_BOUNDS.maxCpuMillis} (1024 cores), got ${cpuMillis}`,
    );
  }
  const memoryMb = res?.memoryMb ?? 0;
  if (memoryMb > RESOURCE_BOUNDS.maxMemoryMb) {
    throw invalidArgument(
      `${field}.memory_mb must be at most ${RESOURCE_BOUNDS.maxMemoryMb} (16 TiB), got ${memoryMb}`,
    );
  }
  const entries: [string, number][] = Object.entries(res?.devices ?? {});
  if (entries.length > RESOURCE_BOUNDS.maxDeviceKinds) {
    throw invalidArgument(
      `${field}.devices has ${entries.length} kinds, more than ${RESOURCE_BOUNDS.maxDeviceKinds}`,
    );
  }
  const devices: Record<string, number> = {};
  for (const [name, count] of entries) {
    const problem = qualifiedNameProblem(name);
    if (problem) {
      throw invalidArgument(
        `${field}.devices name ${quote(name)} is not a device name: ${problem}`,
      );
    }
    if (count > RESOURCE_BOUNDS.maxDeviceCount) {
      throw invalidArgument(
        `${field}.devices[${name}] must be at most ${RESOURCE_BOUNDS.maxDeviceCount}, got ${count}`,
      );
    }
    if (count > 0) devices[name] = count;
  }
  return { cpuMillis, memoryMb, devices };
}

/** Check a label selector (or a worker's labels: `field` says which). */
export function validateSelector(
  pairs: Record<string, string> | undefined,
  field: string,
): Record<string, string> {
  const entries = Object.entries(pairs ?? {});
  if (entries.length > RESOURCE_BOUNDS.maxSelectorPairs) {
    throw invalidArgument(
      `${field} has ${entries.length} pairs, more than ${RESOURCE_BOUNDS.maxSelectorPairs}`,
    );
  }
  for (const [key, value] of entries) {
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) {
      throw invalidArgument(`${field} key ${quote(key)} is not a label key: ${keyProblem}`);
    }
    const valueProblem = labelValueProblem(value);
    if (valueProblem) {
      throw invalidArgument(
        `${field}[${key}] value ${quote(value)} is not a label value: ${valueProblem}`,
      );
    }
  }
  return Object.fromEntries(entries);
}

/** Check a queue name. */
export function validateQueueName(name: string | undefined, field = "name"): string {
  if (!name) throw invalidArgument(`${field} is required`);
  const problem = queueNameProblem(name);
  if (problem) throw invalidArgument(`${field} ${quote(name)} is not a queue name: ${problem}`);
  return name;
}

/** Check a job id's shape (a lowercase UUID). */
export function validateJobId(jobId: string | undefined): string {
  if (!jobId) throw invalidArgument("job_id is required");
  if (!JOB_ID_PATTERN.test(jobId)) {
    throw invalidArgument(`job_id must be a job id (a UUID), got ${quote(jobId)}`);
  }
  return jobId;
}

/** Check a ListJobs page size: 1..1000, 0 means the default of 100. */
export function validatePageSize(pageSize: number | undefined): number {
  const size = pageSize ?? 0;
  if (size === 0) return 100;
  if (size > 1000) throw invalidArgument(`page_size must be in [1, 1000], got ${size}`);
  return size;
}

/** Check a state filter. */
export function validateStates(states: (string | number)[] | undefined): State[] {
  return (states ?? []).map((s) => {
    const state = parseState(typeof s === "string" ? s : undefined);
    if (!state) throw invalidArgument(`states contains an unknown state ${quote(s)}`);
    return state;
  });
}

/** Check ListJobs's name filter ("" = any name). */
export function validateNameFilter(name: string | undefined): string {
  const value = name ?? "";
  if (value.length > MAX_NAME_LENGTH) {
    throw invalidArgument(`name must be at most ${MAX_NAME_LENGTH} characters`);
  }
  return value;
}

/** Check a worker id. */
export function validateWorkerId(workerId: string | undefined): string {
  if (!workerId) throw invalidArgument("worker_id is required");
  if (workerId.length > 253 || !/^[A-Za-z0-9][A-Za-z0-9._:-]*$/.test(workerId)) {
    throw invalidArgument(
      `worker_id must be letters, digits, '.', '_', ':' or '-' (at most 253), got ${
        quote(workerId)
      }`,
    );
  }
  return workerId;
}
