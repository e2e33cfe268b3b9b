import assert from "node:assert/strict";
import {
  ALL_STATES,
  canTransition,
  holdsSlot,
  isTerminal,
  parseState,
  type State,
  TRANSITIONS,
} from "./model.ts";

// The full table, spelled out pair by pair: any change to TRANSITIONS must change this too.
const LEGAL = new Set([
  "PENDING→SCHEDULED",
  "PENDING→CANCELLED",
  "SCHEDULED→RUNNING",
  "SCHEDULED→PENDING",
  "SCHEDULED→COMPLETED",
  "SCHEDULED→FAILED",
  "SCHEDULED→CANCELLED",
  "RUNNING→COMPLETED",
  "RUNNING→FAILED",
  "RUNNING→CANCELLED",
  "RUNNING→PENDING",
]);

Deno.test("canTransition() allows exactly the listed transitions, for every pair of states", () => {
  let checked = 0;
  for (const from of ALL_STATES) {
    for (const to of ALL_STATES) {
      assert.equal(canTransition(from, to), LEGAL.has(`${from}→${to}`), `${from} → ${to}`);
      checked++;
    }
  }
  assert.equal(checked, 36);
});

Deno.test("terminal states have no way out and hold no slot", () => {
  const terminal = ALL_STATES.filter(isTerminal);
  assert.deepEqual(terminal, ["COMPLETED", "FAILED", "CANCELLED"]);
  for (const s of terminal) assert.equal(holdsSlot(s), false);
  assert.deepEqual(ALL_STATES.filter(holdsSlot), ["SCHEDULED", "RUNNING"]);
});

Deno.test("no state transitions to itself", () => {
  for (const s of ALL_STATES) assert.equal(TRANSITIONS[s].includes(s as State), false, s);
});

Deno.test("parseState() accepts wire names only", () => {
  assert.equal(parseState("RUNNING"), "RUNNING");
  assert.equal(parseState("running"), undefined);
  assert.equal(parseState("JOB_STATE_UNSPECIFIED"), undefined);
  assert.equal(parseState(undefined), undefined);
});
