import assert from "node:assert/strict";
import { DEFAULT_LIMITS, validateSpec } from "../api/validate.ts";
import { servedSpecFields } from "./served_fields.ts";

const DECLARED = [
  "command",
  "env",
  "cwd",
  "timeoutSeconds",
  "maxRetries",
  "idempotencyKey",
  "priority",
  "resources",
  "selector",
  "queue",
  "name",
  "dependsOn",
  "dependencyPolicy",
];

Deno.test("the served fields are those the manager's validation keeps", () => {
  const kept = servedSpecFields(DECLARED, (s) => validateSpec(s as never, DEFAULT_LIMITS));
  const validated = Object.keys(validateSpec({ command: "x" } as never, DEFAULT_LIMITS));
  assert.deepEqual(
    kept,
    DECLARED.filter((f) =>
      validated.includes(f) || (f === "dependencyPolicy" && validated.includes("dependsOn"))
    ),
  );
  assert.ok(kept.includes("command"));
});

Deno.test("a manager that drops a field is not offered it; one that refuses the probe offers the basics", () => {
  const withoutWorkflows = servedSpecFields(DECLARED, (spec) => {
    const { name: _n, dependsOn: _d, dependencyPolicy: _p, ...rest } = spec;
    return rest;
  });
  assert.ok(!withoutWorkflows.includes("name"));
  assert.ok(!withoutWorkflows.includes("dependencyPolicy"));
  assert.ok(withoutWorkflows.includes("queue"));
  const refusing = servedSpecFields(DECLARED, () => {
    throw new Error("no");
  });
  assert.deepEqual(refusing, DECLARED.slice(0, 7));
});
