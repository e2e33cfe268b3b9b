/**
 * The syntax of label keys and values, queue names and device names, as Kubernetes spells
 * labels: a job's selector is matched against a worker's labels with `nodeSelector`
 * semantics, so both follow one grammar. Each check returns what is wrong, or undefined.
 */

/** A name segment: alphanumerics, '-', '_', '.' inside, alphanumeric at both ends, ≤ 63. */
const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
/** A DNS subdomain (the optional prefix of a key): lowercase labels joined by '.', ≤ 253. */
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * A label key: `name` or `prefix/name` (e.g. `gpu`, `topology.example.com/zone`); also the
 * form of device names, as Kubernetes names extended resources (`example.com/gpu`).
 */
export function qualifiedNameProblem(key: string): string | undefined {
  const slash = key.indexOf("/");
  const prefix = slash === -1 ? "" : key.slice(0, slash);
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (slash !== -1 && (prefix.length > 253 || !SUBDOMAIN.test(prefix))) {
    return "its prefix before '/' must be a lowercase DNS subdomain (at most 253 characters)";
  }
  if (!NAME.test(name)) {
    return "it must be at most 63 letters, digits, '-', '_' or '.', starting and ending " +
      "with a letter or digit (optionally after a DNS prefix and '/')";
  }
  return undefined;
}

/** A label value: empty, or a name segment (at most 63 characters). */
export function labelValueProblem(value: string): string | undefined {
  if (value === "" || NAME.test(value)) return undefined;
  return "it must be empty or at most 63 letters, digits, '-', '_' or '.', starting and " +
    "ending with a letter or digit";
}

/** A queue name: a lowercase DNS label-like word, at most 63 characters. */
const QUEUE = /^[a-z0-9]([-a-z0-9_.]{0,61}[a-z0-9])?$/;

export function queueNameProblem(name: string): string | undefined {
  if (QUEUE.test(name)) return undefined;
  return "it must be at most 63 lowercase letters, digits, '-', '_' or '.', starting and " +
    "ending with a letter or digit";
}
