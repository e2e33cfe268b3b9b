/**
 * Wait for a condition on state that changes by events, without polling: the owner calls
 * `notify()` after every change, waiters re-check their predicate.
 */
export class Waiter {
  #wakers = new Set<() => void>();

  /** Wake every waiter to re-check its condition. */
  notify(): void {
    const wakers = [...this.#wakers];
    this.#wakers.clear();
    for (const wake of wakers) wake();
  }

  /** Resolves true once `predicate()` holds, or false after `timeoutMs`. */
  async until(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      let wake!: () => void;
      const woken = new Promise<void>((resolve) => (wake = resolve));
      this.#wakers.add(wake);
      const timer = setTimeout(wake, left);
      await woken;
      clearTimeout(timer);
      this.#wakers.delete(wake);
    }
    return true;
  }
}
