/**
 * `titan submit --file workflow.yaml`: a small YAML (or JSON, which is YAML too) file of
 * named jobs, turned into the specs of one SubmitJobs call. Pure: the caller reads the file.
 *
 *   jobs:
 *     - name: extract
 *       command: ./extract.sh
 *     - name: load
 *       command: ./load.sh
 *       depends_on: [extract]          # names of earlier jobs, or job ids
 *       dependency_policy: after_completion
 *
 * Keys follow the wire's field names (snake_case; lowerCamelCase is accepted too). A top-level
 * list of jobs is accepted as well. Jobs must come after the jobs they name, as in the API.
 */
import { parse } from "yaml";
import type { JobSpec } from "../shared/proto.ts";
import { UsageError } from "./args.ts";

/** Fields a job entry may have, by their accepted spellings. */
const FIELDS: Record<string, keyof JobSpec> = {
  name: "name",
  command: "command",
  env: "env",
  cwd: "cwd",
  timeout_seconds: "timeoutSeconds",
  timeoutSeconds: "timeoutSeconds",
  max_retries: "maxRetries",
  maxRetries: "maxRetries",
  priority: "priority",
  idempotency_key: "idempotencyKey",
  idempotencyKey: "idempotencyKey",
  depends_on: "dependsOn",
  dependsOn: "dependsOn",
  dependency_policy: "dependencyPolicy",
  dependencyPolicy: "dependencyPolicy",
  queue: "queue",
  selector: "selector",
};

const POLICIES: Record<string, JobSpec["dependencyPolicy"]> = {
  after_success: "DEPENDENCY_POLICY_AFTER_SUCCESS",
  after_completion: "DEPENDENCY_POLICY_AFTER_COMPLETION",
};

/** Parse a workflow file's text; `source` names it in messages. Throws UsageError. */
export function parseWorkflow(text: string, source: string): JobSpec[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new UsageError(`${source}: not valid YAML or JSON: ${(err as Error).message}`);
  }
  const list = Array.isArray(doc) ? doc : (doc as { jobs?: unknown } | null)?.jobs;
  if (!Array.isArray(list) || list.length === 0) {
    throw new UsageError(`${source}: expected a non-empty list of jobs under "jobs:"`);
  }
  return list.map((entry, i) => toSpec(entry, `${source}: jobs[${i}]`));
}

function toSpec(entry: unknown, where: string): JobSpec {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
    throw new UsageError(`${where}: expected a mapping of job fields`);
  }
  const spec: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) {
    const field = FIELDS[key];
    if (!field) {
      throw new UsageError(
        `${where}: unknown field "${key}" (known: ${
          Object.keys(FIELDS).filter((k) => !/[A-Z]/.test(k)).join(", ")
        })`,
      );
    }
    spec[field] = convert(field, value, `${where}.${key}`);
  }
  if (typeof spec.command !== "string" || spec.command.trim() === "") {
    throw new UsageError(`${where}: "command" is required`);
  }
  return spec as JobSpec;
}

function convert(field: keyof JobSpec, value: unknown, where: string): unknown {
  switch (field) {
    case "name":
    case "command":
    case "cwd":
    case "idempotencyKey":
    case "queue":
      if (typeof value !== "string") throw new UsageError(`${where}: expected a string`);
      return value;
    case "timeoutSeconds":
    case "maxRetries":
    case "priority":
      if (!Number.isInteger(value)) throw new UsageError(`${where}: expected an integer`);
      return value;
    case "env":
    case "selector":
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new UsageError(`${where}: expected a mapping of names to values`);
      }
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
    case "dependsOn": {
      const list = typeof value === "string" ? [value] : value;
      if (!Array.isArray(list) || !list.every((v) => typeof v === "string")) {
        throw new UsageError(`${where}: expected a list of job names or ids`);
      }
      return list;
    }
    case "dependencyPolicy": {
      const policy = POLICIES[String(value).toLowerCase().replace(/^dependency_policy_/, "")];
      if (!policy) {
        throw new UsageError(`${where}: expected after_success or after_completion`);
      }
      return policy;
    }
    default:
      return value;
  }
}
