/**
 * What the `depends_on` entries of one SubmitJobs request refer to. An entry is the name of
 * an earlier job of the same request, or else the id of an existing job. Because a name can
 * only point backwards, a request cannot form a cycle; an id names a job that exists
 * already, which cannot depend on one being submitted. So every dependency graph is acyclic
 * by construction, and nothing has to search for cycles.
 *
 * Pure: whether the ids exist is for the caller to check (the store is async).
 */
import { invalidArgument, notFound, quote } from "../../shared/errors.ts";
import { JOB_ID_PATTERN } from "../../shared/model.ts";
import type { ValidSpec } from "../api/validate.ts";

/**
 * The most dependencies one request may declare in all: a bound on the work of one
 * transaction (a fan-out or fan-in of 10,000 jobs needs 9,999).
 */
export const MAX_REQUEST_DEPENDENCIES = 100_000;

/** One resolved `depends_on` entry. */
export type DependencyRef =
  /** An earlier job of the same request, by its index. */
  | { kind: "request"; index: number }
  /** An existing job, by id; `field` names the entry for error messages. */
  | { kind: "stored"; id: string; field: string };

/**
 * Resolve every entry of every spec. Throws INVALID_ARGUMENT for an entry that is neither an
 * earlier name nor shaped like a job id, for a name several earlier jobs share, and beyond
 * MAX_REQUEST_DEPENDENCIES. `prefix(i)` names spec i in messages ("jobs[3]." or "").
 */
export function resolveDependencies(
  specs: readonly ValidSpec[],
  prefix: (i: number) => string,
): DependencyRef[][] {
  const total = specs.reduce((n, s) => n + s.dependsOn.length, 0);
  if (total > MAX_REQUEST_DEPENDENCIES) {
    throw invalidArgument(
      `the request declares ${total} dependencies, more than the limit of ${MAX_REQUEST_DEPENDENCIES}`,
    );
  }
  /** name → index of the earlier job of that name; -1 once two share it. */
  const byName = new Map<string, number>();
  const refs: DependencyRef[][] = [];
  specs.forEach((spec, i) => {
    const own: DependencyRef[] = [];
    spec.dependsOn.forEach((entry, j) => {
      const field = `${prefix(i)}depends_on[${j}]`;
      const index = byName.get(entry);
      if (index === -1) {
        throw invalidArgument(
          `${field} names ${quote(entry)}, which several earlier jobs of the request share`,
        );
      }
      if (index !== undefined) {
        own.push({ kind: "request", index });
      } else if (JOB_ID_PATTERN.test(entry)) {
        own.push({ kind: "stored", id: entry, field });
      } else {
        throw invalidArgument(
          `${field} is ${
            quote(entry)
          }: neither a job id nor the name of an earlier job in this request`,
        );
      }
    });
    refs.push(own);
    if (spec.name) byName.set(spec.name, byName.has(spec.name) ? -1 : i);
  });
  return refs;
}

/** NOT_FOUND for an id entry whose job does not exist. */
export function unknownDependency(ref: { id: string; field: string }) {
  return notFound(`${ref.field}: job ${ref.id} not found`);
}
