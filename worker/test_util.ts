/** Helpers shared by the worker's tests. */
import assert from "node:assert/strict";
import { groupMembers } from "./procs.ts";

/**
 * Assert that no process of group `pgid` is left. A process that got SIGKILL may still
 * show as running in /proc for a moment after its pipes closed (it is dying, the signal
 * cannot be caught), so this allows up to `ms` for it to disappear.
 */
export async function assertGroupGone(pgid: number, ms = 1000): Promise<void> {
  const deadline = Date.now() + ms;
  while (groupMembers(pgid).length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.deepEqual(groupMembers(pgid), [], `process group ${pgid} is gone`);
}
