import assert from "node:assert/strict";
import { findOnPath } from "./program_path.ts";

Deno.test("findOnPath() finds what execvp would run, or says it cannot tell", () => {
  const dir = Deno.makeTempDirSync();
  try {
    Deno.mkdirSync(`${dir}/a`);
    Deno.mkdirSync(`${dir}/b`);
    Deno.writeTextFileSync(`${dir}/a/tool`, "#!/bin/sh\n", { mode: 0o644 }); // not executable
    Deno.writeTextFileSync(`${dir}/b/tool`, "#!/bin/sh\n", { mode: 0o755 });
    Deno.mkdirSync(`${dir}/a/dir`);
    assert.equal(findOnPath("tool", `${dir}/a:${dir}/b`), `${dir}/b/tool`);
    assert.equal(findOnPath("dir", `${dir}/a:${dir}/b`), "");
    assert.equal(findOnPath("tool", `${dir}/missing:${dir}/b/`), `${dir}/b/tool`);
    assert.equal(findOnPath("sh", undefined), "/bin/sh");
    // Relative entries and names with a slash are left to execvp.
    assert.equal(findOnPath("tool", `:${dir}/b`), "");
    assert.equal(findOnPath("b/tool", dir), "");
    assert.equal(findOnPath("nothing-here", `${dir}/a:${dir}/b`), "");
    // Another user needs the x bit for them, and a way in.
    Deno.chmodSync(`${dir}/b/tool`, 0o700);
    assert.equal(findOnPath("tool", `${dir}/b`, { uid: 61999, gid: 61999 }), "");
    Deno.chmodSync(`${dir}/b/tool`, 0o755);
    Deno.chmodSync(dir, 0o700);
    assert.equal(findOnPath("tool", `${dir}/b`, { uid: 61999, gid: 61999 }), "");
    Deno.chmodSync(dir, 0o755);
    assert.equal(findOnPath("tool", `${dir}/b`, { uid: 61999, gid: 61999 }), `${dir}/b/tool`);
    // A program put into an earlier directory is seen at once (its mtime changed).
    Deno.writeTextFileSync(`${dir}/missing-not`, "");
    Deno.mkdirSync(`${dir}/c`);
    assert.equal(findOnPath("tool", `${dir}/c:${dir}/b`), `${dir}/b/tool`);
    Deno.writeTextFileSync(`${dir}/c/tool`, "#!/bin/sh\n", { mode: 0o755 });
    assert.equal(findOnPath("tool", `${dir}/c:${dir}/b`), `${dir}/c/tool`);
    Deno.removeSync(`${dir}/c/tool`);
    assert.equal(findOnPath("tool", `${dir}/c:${dir}/b`), `${dir}/b/tool`);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
