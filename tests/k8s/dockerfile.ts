/**
 * A Dockerfile parser (enough of the reference syntax for our rules: parser directives,
 * comments, `\` line continuations, exec (JSON) and shell forms) and the rules the Titan
 * image must follow.
 */

export interface Instruction {
  /** Upper-cased keyword: FROM, RUN, COPY … */
  cmd: string;
  /** Everything after the keyword, continuations joined, comments inside removed. */
  args: string;
  /** Exec-form arguments when `args` is a JSON array of strings, else null. */
  json: string[] | null;
  /** 1-based line where the instruction starts. */
  line: number;
}

export function parseDockerfile(text: string): Instruction[] {
  const lines = text.split(/\r?\n/);
  const out: Instruction[] = [];
  let escape = "\\";
  let directivesDone = false;
  let i = 0;
  while (i < lines.length) {
    const raw = lines[i];
    const trimmed = raw.trim();
    if (!directivesDone) {
      const d = /^#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(trimmed);
      if (d) {
        if (d[1].toLowerCase() === "escape") escape = d[2];
        i++;
        continue;
      }
      directivesDone = true;
    }
    if (trimmed === "" || trimmed.startsWith("#")) {
      i++;
      continue;
    }
    const start = i + 1;
    let body = "";
    let current = raw;
    while (true) {
      const t = current.replace(/\s+$/, "");
      if (t.endsWith(escape)) {
        body += t.slice(0, -escape.length) + " ";
        i++;
        // Comment and empty lines inside a continuation are skipped.
        while (i < lines.length && /^\s*(#.*)?$/.test(lines[i])) i++;
        if (i >= lines.length) break;
        current = lines[i];
      } else {
        body += t;
        i++;
        break;
      }
    }
    const m = /^\s*([A-Za-z]+)(?:\s+([\s\S]*))?$/.exec(body);
    if (!m) throw new Error(`Dockerfile line ${start}: cannot parse "${body.slice(0, 40)}"`);
    const args = (m[2] ?? "").trim();
    let json: string[] | null = null;
    if (args.startsWith("[")) {
      try {
        const v = JSON.parse(args);
        if (Array.isArray(v) && v.every((x) => typeof x === "string")) json = v;
      } catch { /* shell form that starts with [ */ }
    }
    out.push({ cmd: m[1].toUpperCase(), args, json, line: start });
  }
  return out;
}

const KNOWN = new Set([
  "FROM",
  "RUN",
  "CMD",
  "LABEL",
  "EXPOSE",
  "ENV",
  "ADD",
  "COPY",
  "ENTRYPOINT",
  "VOLUME",
  "USER",
  "WORKDIR",
  "ARG",
  "ONBUILD",
  "STOPSIGNAL",
  "HEALTHCHECK",
  "SHELL",
  "MAINTAINER",
]);

/** The default of `ARG name=default` instructions before the first FROM. */
function globalArgs(ins: Instruction[]): Map<string, string | undefined> {
  const args = new Map<string, string | undefined>();
  for (const i of ins) {
    if (i.cmd === "FROM") break;
    if (i.cmd !== "ARG") continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/.exec(i.args);
    if (m) args.set(m[1], m[2]?.replace(/^"(.*)"$/, "$1"));
  }
  return args;
}

/** Names of files copied by a COPY instruction (sources only, flags dropped). */
function copySources(i: Instruction): string[] {
  const parts = i.json ?? i.args.split(/\s+/);
  const nonFlags = parts.filter((p) => !p.startsWith("--"));
  return nonFlags.slice(0, -1);
}

/** Broken rules of the Titan image, as messages (empty when it complies). */
export function dockerfileErrors(text: string): string[] {
  const errors: string[] = [];
  let ins: Instruction[];
  try {
    ins = parseDockerfile(text);
  } catch (e) {
    return [(e as Error).message];
  }
  for (const i of ins) {
    if (!KNOWN.has(i.cmd)) errors.push(`line ${i.line}: unknown instruction ${i.cmd}`);
  }
  const froms = ins.filter((i) => i.cmd === "FROM");
  if (froms.length === 0) return [...errors, "no FROM"];
  const first = ins.findIndex((i) => i.cmd !== "ARG");
  if (ins[first]?.cmd !== "FROM") errors.push("the first instruction after ARGs is not FROM");

  // The base: the last stage's FROM is ${ARG} whose default is denoland/deno pinned to 2.9.x.
  const args = globalArgs(ins);
  const final = froms[froms.length - 1];
  const ref = /^(?:--platform=\S+\s+)?(\S+)/.exec(final.args)?.[1] ?? "";
  const argRef = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(ref);
  if (!argRef) {
    errors.push(`FROM ${ref}: the base image must come from an ARG (FROM \${DENO_IMAGE})`);
  } else {
    const def = args.get(argRef[1]);
    if (def === undefined) errors.push(`FROM uses ARG ${argRef[1]}, which has no default`);
    else if (!/^denoland\/deno:(?:debian-|bin-)?2\.9\.\d+$/.test(def)) {
      errors.push(`base image default "${def}" is not denoland/deno pinned to 2.9.x`);
    }
  }

  const stage = ins.slice(ins.indexOf(final));
  const idx = (pred: (i: Instruction) => boolean) => stage.findIndex(pred);

  // Non-root: the last USER of the final stage names neither root nor uid 0.
  const users = stage.filter((i) => i.cmd === "USER");
  const user = users[users.length - 1]?.args.split(":")[0];
  if (!user) errors.push("no USER: the image would run as root");
  else if (user === "root" || user === "0") errors.push(`USER ${user}: runs as root`);

  // PID 1: an exec-form ENTRYPOINT that starts with tini (or docker-init) and `--`.
  const eps = stage.filter((i) => i.cmd === "ENTRYPOINT");
  const ep = eps[eps.length - 1];
  if (!ep) errors.push("no ENTRYPOINT");
  else if (!ep.json) errors.push("ENTRYPOINT is not in exec form (a shell would be PID 1)");
  else if (!/(^|\/)(tini|docker-init|catatonit|dumb-init)$/.test(ep.json[0] ?? "")) {
    errors.push(`ENTRYPOINT starts with ${ep.json[0]}, not an init (tini) as PID 1`);
  }

  // Dependency layer: deno.json and deno.lock copied alone, then `deno install`/`deno cache`,
  // all before the sources are copied; after them the entrypoints are cached.
  const depsCopy = idx((i) =>
    i.cmd === "COPY" && copySources(i).includes("deno.json") &&
    copySources(i).includes("deno.lock") &&
    !copySources(i).includes(".")
  );
  const srcCopy = idx((i) => (i.cmd === "COPY" || i.cmd === "ADD") && copySources(i).includes("."));
  const depsRun = stage.some((i, n) =>
    n > depsCopy && (srcCopy < 0 || n < srcCopy) && i.cmd === "RUN" &&
    /\bdeno\s+(install|cache)\b/.test(i.args)
  );
  if (depsCopy < 0) errors.push("no COPY of deno.json and deno.lock alone (dependency layer)");
  if (srcCopy < 0) errors.push("no COPY of the sources");
  if (depsCopy >= 0 && !depsRun) {
    errors.push("no RUN deno install/cache between the deno.json COPY and the source COPY");
  }
  if (depsCopy >= 0 && srcCopy >= 0 && depsCopy > srcCopy) {
    errors.push("deno.json is copied after the sources: the dependency layer is never reused");
  }
  const cacheEntrypoints = stage.some((i, n) =>
    n > srcCopy && i.cmd === "RUN" && /\bdeno\s+(cache|install\s+--entrypoint)\b/.test(i.args) &&
    i.args.includes("manager/main.ts") && i.args.includes("worker/main.ts")
  );
  if (!cacheEntrypoints) {
    errors.push("the manager and worker entrypoints are not cached after COPY");
  }
  if (!stage.some((i) => i.cmd === "ENV" && /\bDENO_DIR=/.test(i.args))) {
    errors.push("DENO_DIR is not set: the cache location must be known (and baked in)");
  }

  // Volumes for the data dir and the work dir.
  const volumes = stage.filter((i) => i.cmd === "VOLUME").flatMap((i) =>
    i.json ?? i.args.split(/\s+/)
  );
  for (const v of ["/data", "/work"]) {
    if (!volumes.includes(v)) errors.push(`no VOLUME ${v}`);
  }
  return errors;
}
