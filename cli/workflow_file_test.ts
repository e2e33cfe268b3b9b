import assert from "node:assert/strict";
import { UsageError } from "./args.ts";
import { parseWorkflow } from "./workflow_file.ts";

Deno.test("a YAML workflow becomes the specs of one SubmitJobs call, in order", () => {
  const specs = parseWorkflow(
    `jobs:
  - name: extract
    command: ./extract.sh
    env: { REGION: eu, N: 3 }
  - name: load
    command: ./load.sh
    depends_on: [extract]
    dependency_policy: after_completion
    max_retries: 2
    timeout_seconds: 60
`,
    "wf.yaml",
  );
  assert.deepEqual(specs, [
    { name: "extract", command: "./extract.sh", env: { REGION: "eu", N: "3" } },
    {
      name: "load",
      command: "./load.sh",
      dependsOn: ["extract"],
      dependencyPolicy: "DEPENDENCY_POLICY_AFTER_COMPLETION",
      maxRetries: 2,
      timeoutSeconds: 60,
    },
  ]);
});

Deno.test("JSON and a top-level list are accepted; one dependency may be a plain string", () => {
  const specs = parseWorkflow(
    `[{"name":"a","command":"true"},{"command":"true","dependsOn":"a"}]`,
    "wf.json",
  );
  assert.deepEqual(specs[1], { command: "true", dependsOn: ["a"] });
});

Deno.test("mistakes in a workflow file are usage errors naming the place", () => {
  const bad = (text: string, message: RegExp) =>
    assert.throws(() => parseWorkflow(text, "wf.yaml"), (e: unknown) => {
      assert.ok(e instanceof UsageError);
      assert.match(e.message, message);
      return true;
    });
  bad("jobs: []", /wf.yaml: expected a non-empty list of jobs/);
  bad("jobs:\n  - name: a\n", /wf.yaml: jobs\[0\]: "command" is required/);
  bad("jobs:\n  - command: x\n    after: [a]\n", /jobs\[0\]: unknown field "after"/);
  bad("jobs:\n  - command: x\n    depends_on: [1]\n", /jobs\[0\].depends_on: expected a list/);
  bad("jobs:\n  - command: x\n    dependency_policy: later\n", /expected after_success or/);
  bad("jobs: [", /not valid YAML or JSON/);
});
