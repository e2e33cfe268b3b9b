import assert from "node:assert/strict";
import { findLaunchTools, GATE_PROLOGUE, launchPlan, openGate, plainArgv } from "./launch_plan.ts";

Deno.test("launchPlan() goes through setsid (and setpriv) when they exist, else shares the group", () => {
  const tools = { setsid: "/usr/bin/setsid", setpriv: "/usr/bin/setpriv" };
  assert.deepEqual(launchPlan("echo hi", undefined, tools), {
    program: "/usr/bin/setsid",
    args: ["/bin/sh", "-c", "echo hi"],
    options: {},
    gate: false,
  });
  assert.deepEqual(launchPlan("true", { uid: 65534, gid: 65533 }, tools), {
    program: "/usr/bin/setsid",
    args: [
      "/usr/bin/setpriv",
      "--reuid=65534",
      "--regid=65533",
      "--clear-groups",
      "--",
      "/bin/sh",
      "-c",
      "true",
    ],
    options: {},
    gate: false,
  });
  assert.deepEqual(launchPlan("true", undefined, { setsid: "", setpriv: "" }), {
    program: "/bin/sh",
    args: ["-c", "true"],
    options: {},
    gate: false,
  });
  assert.deepEqual(launchPlan("true", { uid: 1, gid: 2 }, { ...tools, setpriv: "" }), {
    program: "/usr/bin/setsid",
    args: ["/bin/sh", "-c", "true"],
    options: { uid: 1, gid: 2 },
    gate: false,
  });
});

Deno.test("launchPlan() takes the cheapest tools, busybox's only before an absolute path", () => {
  const all = {
    setsid: "/usr/bin/setsid",
    setpriv: "/usr/bin/setpriv",
    unshare: "/usr/bin/unshare",
    busybox: "/bin/busybox",
  };
  const user = { uid: 61001, gid: 61002 };
  assert.deepEqual(launchPlan("echo hi", undefined, all), {
    program: "/bin/busybox",
    args: ["setsid", "/bin/sh", "-c", "echo hi"],
    options: {},
    gate: false,
  });
  assert.deepEqual(launchPlan("echo hi", user, all).args, [
    "setsid",
    "/bin/busybox",
    "nsenter",
    "-S",
    "61001",
    "-G",
    "61002",
    "--",
    "/bin/sh",
    "-c",
    "echo hi",
  ]);
  // A bare name would be busybox's own applet: util-linux looks it up on the job's PATH.
  assert.deepEqual(launchPlan("sleep 1", undefined, all), {
    program: "/usr/bin/setsid",
    args: ["sleep", "1"],
    options: {},
    gate: false,
  });
  assert.deepEqual(launchPlan("sleep 1", user, all), {
    program: "/bin/busybox",
    args: ["setsid", "/usr/bin/unshare", "-S", "61001", "-G", "61002", "--", "sleep", "1"],
    options: {},
    gate: false,
  });
  assert.deepEqual(launchPlan("sleep 1", user, { ...all, unshare: "" }).args, [
    "setsid",
    "/usr/bin/setpriv",
    "--reuid=61001",
    "--regid=61002",
    "--clear-groups",
    "--",
    "sleep",
    "1",
  ]);
});

Deno.test("launchPlan() names a located plain program by its path, so busybox may run it", () => {
  const tools = { setsid: "/usr/bin/setsid", setpriv: "", busybox: "/bin/busybox" };
  const locate = (p: string) => (p === "sleep" ? "/usr/bin/sleep" : "");
  assert.deepEqual(launchPlan("sleep 1", undefined, tools, { locate }).args, [
    "setsid",
    "/usr/bin/sleep",
    "1",
  ]);
  assert.deepEqual(launchPlan("nothere 1", undefined, tools, { locate }), {
    program: "/usr/bin/setsid",
    args: ["nothere", "1"],
    options: {},
    gate: false,
  });
});

Deno.test("the tools found here switch users for real", { ignore: Deno.uid() !== 0 }, async () => {
  const tools = findLaunchTools();
  for (const t of [tools, { ...tools, busybox: "" }, { ...tools, busybox: "", unshare: "" }]) {
    const plan = launchPlan(
      "grep -E '^(Uid|Gid|Groups)' /proc/self/status; ps -o pid=,pgid=,sid= -p $$",
      {
        uid: 65534,
        gid: 65534,
      },
      t,
    );
    const child = new Deno.Command(plan.program, {
      args: plan.args,
      stdout: "piped",
      ...plan.options,
    })
      .spawn();
    const out = new TextDecoder().decode((await child.output()).stdout);
    assert.match(out, /^Uid:\s+65534\s+65534\s+65534\s+65534$/m, plan.program);
    assert.match(out, /^Gid:\s+65534\s+65534\s+65534\s+65534$/m);
    assert.match(out, /^Groups:\s*$/m);
    // Its own session and group, led by the pid the worker knows.
    if (t.setsid || t.busybox) {
      assert.match(out, new RegExp(`^\\s*${child.pid}\\s+${child.pid}\\s+${child.pid}$`, "m"));
    }
  }
});

Deno.test("launchPlan() gates shell commands only, on the command's first line", () => {
  const tools = { setsid: "/usr/bin/setsid", setpriv: "" };
  const plan = launchPlan("echo hi\necho ho", undefined, tools, { gate: true });
  assert.equal(plan.gate, true);
  assert.deepEqual(plan.args, ["/bin/sh", "-c", `${GATE_PROLOGUE}echo hi\necho ho`]);
  assert.equal(GATE_PROLOGUE.includes("\n"), false);
  assert.equal(launchPlan("sleep 1", undefined, tools, { gate: true }).gate, false);
});

Deno.test("a gated shell runs nothing before its gate opens, then runs with /dev/null as stdin", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const plan = launchPlan(
      `echo ran > ${dir}/mark; cat; echo "$0 \${TITAN_GO-unset}"`,
      undefined,
      {
        setsid: "",
        setpriv: "",
      },
      { gate: true },
    );
    const child = new Deno.Command(plan.program, {
      args: plan.args,
      stdin: "piped",
      stdout: "piped",
    })
      .spawn();
    await new Promise((r) => setTimeout(r, 150));
    assert.throws(() => Deno.statSync(`${dir}/mark`), Deno.errors.NotFound);
    openGate(child.stdin);
    const out = await child.output();
    assert.equal(out.code, 0);
    assert.equal(new TextDecoder().decode(out.stdout), "/bin/sh unset\n");
    assert.equal(Deno.readTextFileSync(`${dir}/mark`), "ran\n");
    // Closed without the line (the worker went away): the command never runs.
    const closed = new Deno.Command(plan.program, { args: plan.args, stdin: "piped" }).spawn();
    await closed.stdin.close();
    assert.equal((await closed.status).code, 125);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
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
