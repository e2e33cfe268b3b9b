import assert from "node:assert/strict";
import { launchPlan, plainArgv } from "./launch_plan.ts";

Deno.test("launchPlan() goes through setsid (and setpriv) when they exist, else detached", () => {
  const tools = { setsid: "/usr/bin/setsid", setpriv: "/usr/bin/setpriv" };
  assert.deepEqual(launchPlan("echo hi", undefined, tools), {
    program: "/usr/bin/setsid",
    args: ["sh", "-c", "echo hi"],
    options: {},
  });
  assert.deepEqual(launchPlan("true", { uid: 65534, gid: 65533 }, tools), {
    program: "/usr/bin/setsid",
    args: [
      "/usr/bin/setpriv",
      "--reuid=65534",
      "--regid=65533",
      "--clear-groups",
      "--",
      "sh",
      "-c",
      "true",
    ],
    options: {},
  });
  assert.deepEqual(launchPlan("true", undefined, { setsid: "", setpriv: "" }), {
    program: "sh",
    args: ["-c", "true"],
    options: { detached: true },
  });
  assert.deepEqual(launchPlan("true", { uid: 1, gid: 2 }, { ...tools, setpriv: "" }), {
    program: "sh",
    args: ["-c", "true"],
    options: { detached: true, uid: 1, gid: 2 },
  });
});

Deno.test("plainArgv() runs plain words without the shell, and nothing else", () => {
  assert.deepEqual(plainArgv("sleep 0.1"), ["sleep", "0.1"]);
  assert.deepEqual(plainArgv("/usr/bin/env -i A=1 x"), ["/usr/bin/env", "-i", "A=1", "x"]);
  assert.deepEqual(plainArgv("dd if=/dev/zero of=/dev/null bs=1k count=1"), [
    "dd",
    "if=/dev/zero",
    "of=/dev/null",
    "bs=1k",
    "count=1",
  ]);
  for (
    const shellish of [
      "true", // builtins: the shell's own
      "exit 3",
      "cd /tmp",
      "echo hi",
      "kill 1",
      "A=1 env", // an assignment
      "sleep 1; true", // syntax
      "ls *",
      "echo $HOME",
      "cat <x",
      "a  b", // two spaces: leave word splitting to the shell
      " ls",
      "ls ~",
      "printf 'x'",
      "if true",
      "ls\nx",
      "é",
    ]
  ) assert.equal(plainArgv(shellish), undefined, shellish);
});
