/**
 * Which JobSpec fields this manager acts on. The API (the .proto) may declare fields before
 * the manager serves them (a field a manager does not yet understand is accepted and dropped,
 * as protobuf does); the dashboard offers only those the manager's own validation keeps, so
 * its form never collects what would be thrown away.
 */

/** A spec with every optional field set to a plausible value. */
const PROBE_SPEC = {
  command: "true",
  env: { PROBE: "1" },
  cwd: "/",
  timeoutSeconds: 1,
  maxRetries: 1,
  idempotencyKey: "probe",
  priority: 1,
  resources: { cpuMillis: 1000, memoryMb: 1, devices: {} },
  selector: { probe: "1" },
  queue: "probe",
  name: "probe",
  dependsOn: ["probe"],
  dependencyPolicy: "DEPENDENCY_POLICY_AFTER_SUCCESS",
};

/**
 * The JobSpec fields (JSON names) `validate` keeps from a full spec. A field whose value it
 * transforms counts as kept under its own name; a probe it refuses leaves the basic fields.
 */
export function servedSpecFields(
  declared: readonly string[],
  validate: (spec: typeof PROBE_SPEC) => object,
): string[] {
  let kept: object;
  try {
    kept = validate(PROBE_SPEC);
  } catch {
    return declared.filter((f) => BASIC_FIELDS.includes(f));
  }
  // dependencyPolicy travels with dependsOn: kept when the dependencies are.
  const keys = new Set(Object.keys(kept));
  return declared.filter((f) =>
    keys.has(f) || BASIC_FIELDS.includes(f) ||
    (f === "dependencyPolicy" && keys.has("dependsOn"))
  );
}

/** What every manager has kept since the first version. */
const BASIC_FIELDS = [
  "command",
  "env",
  "cwd",
  "timeoutSeconds",
  "maxRetries",
  "idempotencyKey",
  "priority",
];
