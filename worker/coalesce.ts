/**
 * Output coalescing: a job writing one byte at a time must not become one gRPC message per
 * byte. Bytes of one attempt are gathered per stream and flushed when `maxBytes` are
 * waiting, when `maxDelayMs` passed since the first waiting byte, or when the stream
 * switches (so stdout and stderr keep their relative order).
 */
import type { StreamName } from "./executor.ts";

/** Gathers the output of one attempt and hands it on in larger pieces. */
export class Coalescer {
  #stream: StreamName | undefined;
  #chunks: Uint8Array[] = [];
  #size = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly flushTo: (stream: StreamName, data: Uint8Array) => void,
    readonly maxBytes = 64 * 1024,
    readonly maxDelayMs = 20,
  ) {}

  /** Add bytes; they are copied, so the caller may reuse its buffer. */
  push(stream: StreamName, data: Uint8Array): void {
    if (this.#stream !== undefined && this.#stream !== stream) this.flush();
    this.#stream = stream;
    let rest = data;
    while (rest.length > 0) {
      const take = rest.subarray(0, this.maxBytes - this.#size);
      this.#chunks.push(take.slice());
      this.#size += take.length;
      rest = rest.subarray(take.length);
      if (this.#size >= this.maxBytes) this.flush();
    }
    if (this.#size > 0 && this.#timer === undefined) {
      this.#timer = setTimeout(() => this.flush(), this.maxDelayMs);
    }
  }

  /** Hand on whatever waits, now. */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#size === 0 || this.#stream === undefined) return;
    const data = new Uint8Array(this.#size);
    let at = 0;
    for (const c of this.#chunks) {
      data.set(c, at);
      at += c.length;
    }
    this.#chunks = [];
    this.#size = 0;
    this.flushTo(this.#stream, data);
  }
}
