import assert from "node:assert/strict";
import { sampleJob } from "../store/conformance.ts";
import {
  DependencyGraph,
  dependencyPendingReason,
  evaluateDependencies,
} from "./dependency_graph.ts";
import type { Job, State } from "../../shared/model.ts";

const end = (job: Job, state: State) => Object.assign(job, { state });

Deno.test("a held job is released by its last dependency, not before", () => {
  const graph = new DependencyGraph();
  const [a, b] = [sampleJob(), sampleJob()];
  const join = sampleJob({ dependsOn: [a.id, b.id] });
  graph.hold(join, [a.id, b.id]);
  assert.equal(dependencyPendingReason(join), "waiting for 2 of 2 dependencies");
  assert.deepEqual(graph.onTerminal(end(a, "COMPLETED")), []);
  assert.equal(join.depsWaiting, 1);
  assert.equal(dependencyPendingReason(join), "waiting for 1 of 2 dependencies");
  assert.deepEqual(graph.onTerminal(end(b, "COMPLETED")), [{ kind: "released", job: join }]);
  assert.equal(join.depsWaiting, 0);
  assert.equal(dependencyPendingReason(join), undefined);
  assert.equal(graph.size, 0);
  assert.deepEqual(graph.onTerminal(b), [], "an end counts once");
});

Deno.test("under AFTER_SUCCESS a failure dooms the dependent; under AFTER_COMPLETION it releases", () => {
  const graph = new DependencyGraph();
  const dep = sampleJob();
  const strict = sampleJob({ dependsOn: [dep.id] });
  const lenient = sampleJob({ dependsOn: [dep.id], dependencyPolicy: "AFTER_COMPLETION" });
  graph.hold(strict, [dep.id]);
  graph.hold(lenient, [dep.id]);
  const effects = graph.onTerminal(end(dep, "FAILED"));
  assert.deepEqual(effects, [
    { kind: "doomed", job: strict, error: `dependency ${dep.id} FAILED` },
    { kind: "released", job: lenient },
  ]);
  assert.equal(graph.size, 0);
});

Deno.test("a doomed job leaves the graph: its other dependencies no longer release it", () => {
  const graph = new DependencyGraph();
  const [a, b] = [sampleJob(), sampleJob()];
  const join = sampleJob({ dependsOn: [a.id, b.id] });
  graph.hold(join, [a.id, b.id]);
  assert.equal(graph.onTerminal(end(a, "CANCELLED"))[0].kind, "doomed");
  assert.deepEqual(graph.onTerminal(end(b, "COMPLETED")), []);
});

Deno.test("a held job that is cancelled itself leaves the graph; its dependents hear of it", () => {
  const graph = new DependencyGraph();
  const a = sampleJob();
  const mid = sampleJob({ dependsOn: [a.id] });
  const last = sampleJob({ dependsOn: [mid.id] });
  graph.hold(mid, [a.id]);
  graph.hold(last, [mid.id]);
  const effects = graph.onTerminal(end(mid, "CANCELLED"));
  assert.deepEqual(effects, [{
    kind: "doomed",
    job: last,
    error: `dependency ${mid.id} CANCELLED`,
  }]);
  assert.deepEqual(graph.onTerminal(end(a, "COMPLETED")), [], "mid is no longer waiting");
});

Deno.test("a fan-in of 9,999 releases its join once, each end costing one step", () => {
  const graph = new DependencyGraph();
  const deps = Array.from({ length: 9_999 }, () => sampleJob());
  const join = sampleJob({ dependsOn: deps.map((d) => d.id) });
  graph.hold(join, join.dependsOn);
  let released = 0;
  for (const d of deps) released += graph.onTerminal(end(d, "COMPLETED")).length;
  assert.equal(released, 1);
  assert.equal(join.depsWaiting, 0);
});

Deno.test("evaluateDependencies counts unfinished ones, dooms on a bad end, ignores gone ones", () => {
  const states: Record<string, State> = { a: "COMPLETED", b: "RUNNING", c: "FAILED" };
  const stateOf = (id: string) => states[id];
  assert.deepEqual(evaluateDependencies("AFTER_SUCCESS", ["a", "b", "gone"], stateOf), {
    unfinished: ["b"],
  });
  assert.deepEqual(evaluateDependencies("AFTER_SUCCESS", ["b", "c"], stateOf), {
    unfinished: ["b"],
    doomedBy: "dependency c FAILED",
  });
  assert.deepEqual(evaluateDependencies("AFTER_COMPLETION", ["a", "c"], stateOf), {
    unfinished: [],
  });
});
