import assert from "node:assert/strict";
import { Coalescer } from "./coalesce.ts";
import type { StreamName } from "./executor.ts";

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const bytes = (s: string) => new TextEncoder().encode(s);

Deno.test("Coalescer joins small chunks until the delay passes", async () => {
  const out: [StreamName, string][] = [];
  const c = new Coalescer((s, d) => out.push([s, text(d)]), 1024, 20);
  for (const ch of "hello") c.push("stdout", bytes(ch));
  assert.deepEqual(out, []);
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(out, [["stdout", "hello"]]);
});

Deno.test("Coalescer flushes at maxBytes and when the stream switches", () => {
  const out: [StreamName, string][] = [];
  const c = new Coalescer((s, d) => out.push([s, text(d)]), 4, 1000);
  c.push("stdout", bytes("abcdef"));
  c.push("stderr", bytes("x"));
  c.flush();
  assert.deepEqual(out, [["stdout", "abcd"], ["stdout", "ef"], ["stderr", "x"]]);
});
