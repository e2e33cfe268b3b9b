import assert from "node:assert/strict";
import { GoawayFilter } from "./listener.ts";

const PREFACE = new TextEncoder().encode("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
const frame = (type: number, payload: number[], stream = 0) =>
  Uint8Array.from([
    payload.length >> 16,
    (payload.length >> 8) & 0xff,
    payload.length & 0xff,
    type,
    0,
    (stream >> 24) & 0x7f,
    (stream >> 16) & 0xff,
    (stream >> 8) & 0xff,
    stream & 0xff,
    ...payload,
  ]);
const join = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

const settings = frame(0x4, [0, 3, 0, 0, 0, 100]);
const headers = frame(0x1, [1, 2, 3, 4], 1);
const goaway = frame(0x7, [0, 0, 0, 1, 0, 0, 0, 0]);
const data = frame(0x0, [9, 9], 1);

Deno.test("GoawayFilter passes the preface and every frame but GOAWAY", () => {
  const f = new GoawayFilter();
  const out = f.filter(join(PREFACE, settings, headers, goaway, data));
  assert.deepEqual(Uint8Array.from(out), join(PREFACE, settings, headers, data));
  assert.equal(f.dropped, 1);
});

Deno.test("GoawayFilter handles frames split at every byte boundary", () => {
  const input = join(PREFACE, settings, goaway, headers, goaway, data);
  const expected = join(PREFACE, settings, headers, data);
  for (const size of [1, 2, 5, 9, 10, 17, 33]) {
    const f = new GoawayFilter();
    const parts: number[] = [];
    for (let i = 0; i < input.length; i += size) {
      parts.push(...f.filter(input.subarray(i, i + size)));
    }
    assert.deepEqual(Uint8Array.from(parts), expected, `chunks of ${size}`);
    assert.equal(f.dropped, 2);
  }
});

Deno.test("GoawayFilter for the server-to-client direction expects no preface", () => {
  const f = new GoawayFilter(false);
  assert.deepEqual(Uint8Array.from(f.filter(join(settings, goaway, data))), join(settings, data));
  assert.equal(f.dropped, 1);
});
