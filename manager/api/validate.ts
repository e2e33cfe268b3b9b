/**
 * Request validation, in one place: every field is checked before anything is stored, and a
 * bad one is answered with INVALID_ARGUMENT naming the field and the (shortened) value.
 */
import { invalidArgument, quote } from "../../shared/errors.ts";
import { JOB_ID_PATTERN, parseState, type State } from "../../shared/model.ts";
import type { JobSpec__Output } from "../../shared/proto.ts";
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
  return { command, env: { ...env }, cwd, timeoutSeconds, maxRetries, idempotencyKey, priority };
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
