/**
 * The pending queue: jobs waiting for a slot, highest priority first, FIFO within a
 * priority. Jobs waiting out a retry backoff sit in `delayed` until their time comes.
 *
 * Only job ids and the fields ordering needs are kept here; the job itself lives in the
 * manager's active-job table.
 */

interface Bucket {
  priority: number;
  ids: string[];
  head: number;
}

export class PendingQueue {
  /** Buckets sorted by priority, highest first. */
  #buckets: Bucket[] = [];
  #members = new Set<string>();
  /** Backoff: id → not-before epoch ms. */
  #delayed = new Map<string, { priority: number; notBefore: number }>();

  get size(): number {
    return this.#members.size + this.#delayed.size;
  }

  /** Jobs ready to run now (not counting those in backoff). */
  get readyCount(): number {
    return this.#members.size;
  }

  has(id: string): boolean {
    return this.#members.has(id) || this.#delayed.has(id);
  }

  /** Enqueue at the back of its priority (or in `delayed` when notBefore is in the future). */
  push(id: string, priority: number, notBefore = 0, now = Date.now()): void {
    if (this.has(id)) return;
    if (notBefore > now) {
      this.#delayed.set(id, { priority, notBefore });
      return;
    }
    this.#members.add(id);
    this.#bucket(priority).ids.push(id);
  }

  /**
   * Enqueue at the FRONT of its priority: a job whose attempt was lost or handed back had
   * already waited its turn, and must not wait again behind everything submitted since.
   */
  pushFront(id: string, priority: number): void {
    if (this.has(id)) return;
    this.#members.add(id);
    const bucket = this.#bucket(priority);
    if (bucket.head > 0) bucket.ids[--bucket.head] = id; // reuse a consumed slot
    else bucket.ids.unshift(id);
  }

  /** Remove a job (cancelled). Lazy: its id is skipped when reached. */
  remove(id: string): void {
    this.#members.delete(id);
    this.#delayed.delete(id);
  }

  /** Move delayed jobs whose time has come into the queue; returns the next wake-up time. */
  promote(now = Date.now()): number | undefined {
    let next: number | undefined;
    for (const [id, d] of this.#delayed) {
      if (d.notBefore <= now) {
        this.#delayed.delete(id);
        this.push(id, d.priority, 0, now);
      } else if (next === undefined || d.notBefore < next) {
        next = d.notBefore;
      }
    }
    return next;
  }

  /** Up to `n` ready ids in order, without removing them. */
  peek(n: number): string[] {
    const out: string[] = [];
    for (const b of this.#buckets) {
      for (let i = b.head; i < b.ids.length && out.length < n; i++) {
        if (this.#members.has(b.ids[i])) out.push(b.ids[i]);
      }
      if (out.length >= n) break;
    }
    return out;
  }

  /** Every ready id in order, lazily; the queue must not change while this is read. */
  *ready(): Generator<string> {
    for (const b of this.#buckets) {
      for (let i = b.head; i < b.ids.length; i++) {
        if (this.#members.has(b.ids[i])) yield b.ids[i];
      }
    }
  }

  /** The last ready id in queue order (the first to leave a full window), if any. */
  tail(): string | undefined {
    for (let i = this.#buckets.length - 1; i >= 0; i--) {
      const b = this.#buckets[i];
      while (b.ids.length > b.head && !this.#members.has(b.ids[b.ids.length - 1])) b.ids.pop();
      if (b.ids.length > b.head) return b.ids[b.ids.length - 1];
    }
    return undefined;
  }

  /** Remove and return the last ready id (unlike `remove`, leaves no stale entry behind). */
  popTail(): string | undefined {
    const id = this.tail();
    if (id === undefined) return undefined;
    for (let i = this.#buckets.length - 1; i >= 0; i--) {
      const b = this.#buckets[i];
      if (b.ids.length > b.head) {
        b.ids.pop();
        break;
      }
    }
    this.#members.delete(id);
    return id;
  }

  /** Take these ids out of the queue (they were scheduled). */
  take(ids: Iterable<string>): void {
    for (const id of ids) this.#members.delete(id);
    this.#compact();
  }

  #bucket(priority: number): Bucket {
    let i = 0;
    while (i < this.#buckets.length && this.#buckets[i].priority > priority) i++;
    if (this.#buckets[i]?.priority === priority) return this.#buckets[i];
    const bucket = { priority, ids: [], head: 0 };
    this.#buckets.splice(i, 0, bucket);
    return bucket;
  }

  /** Advance bucket heads past ids no longer queued; drop empty buckets. */
  #compact(): void {
    for (const b of this.#buckets) {
      while (b.head < b.ids.length && !this.#members.has(b.ids[b.head])) b.head++;
      // Reclaim the array once the consumed prefix dominates it.
      if (b.head > 1024 && b.head * 2 > b.ids.length) {
        b.ids = b.ids.slice(b.head);
        b.head = 0;
      }
    }
    this.#buckets = this.#buckets.filter((b) => b.head < b.ids.length);
  }
}
