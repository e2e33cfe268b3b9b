/**
 * Finds or installs the `buf` CLI (https://buf.build) for tests: `buf curl` is a real gRPC
 * reflection client, `buf build` a protoc-compatible compiler.
 *
 * Order of search:
 *  1. `$TITAN_BUF`, if set: the path of a buf binary to use as is (no version check).
 *  2. The cache `$TITAN_CACHE_DIR/buf-<BUF_VERSION>` (default `~/.cache/titan/buf-<version>`),
 *     filled by an earlier run.
 *  3. Otherwise `npm install @bufbuild/buf@<BUF_VERSION>` into that cache. The npm package
 *     ships the native binary in a per-platform optional dependency
 *     (`@bufbuild/buf-linux-x64`, ...), so nothing is downloaded from outside the npm registry.
 *     The install goes to a temporary folder renamed into place, so parallel test files
 *     (`deno test --parallel`) never see half an install.
 *
 * If npm is missing or the registry is unreachable, `ensureBuf()` returns `{ path: null,
 * reason }`; tests then skip with that reason printed. Any other failure throws.
 *
 * Usage:
 *   const buf = await ensureBuf();
 *   Deno.test({ name: "...", ignore: !buf.path, fn: async () => { await runBuf(buf.path!, [...]) } });
 *   if (!buf.path) console.warn(`SKIP buf tests: ${buf.reason}`);
 */

/** The buf release the tests pin. Bump here only. */
export const BUF_VERSION = "1.75.0";

export interface BufLocation {
  /** The buf executable, or null when it could not be had. */
  path: string | null;
  /** How it was found, or why not. */
  reason: string;
}

export interface BufResult {
  code: number;
  stdout: string;
  stderr: string;
}

function cacheRoot(): string {
  const explicit = Deno.env.get("TITAN_CACHE_DIR");
  if (explicit) return explicit;
  const xdg = Deno.env.get("XDG_CACHE_HOME");
  if (xdg) return `${xdg}/titan`;
  const home = Deno.env.get("HOME") ?? "/tmp";
  return `${home}/.cache/titan`;
}

function platformPackage(): string | null {
  const arch = Deno.build.arch === "x86_64" ? "x64" : Deno.build.arch;
  switch (Deno.build.os) {
    case "linux":
      return Deno.build.arch === "aarch64" ? "buf-linux-aarch64" : `buf-linux-${arch}`;
    case "darwin":
      return Deno.build.arch === "aarch64" ? "buf-darwin-arm64" : `buf-darwin-${arch}`;
    case "windows":
      return Deno.build.arch === "aarch64" ? "buf-win32-arm64" : `buf-win32-${arch}`;
    default:
      return null;
  }
}

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** The buf binary inside an npm prefix, if installed there. */
function binaryIn(prefix: string): string | null {
  const exe = Deno.build.os === "windows" ? "buf.exe" : "buf";
  const pkg = platformPackage();
  const candidates = [
    // The native binary itself: no node wrapper process per call.
    ...(pkg ? [`${prefix}/node_modules/@bufbuild/${pkg}/bin/${exe}`] : []),
    `${prefix}/node_modules/.bin/buf`,
  ];
  return candidates.find(isFile) ?? null;
}

async function run(cmd: string, args: string[], cwd?: string): Promise<BufResult> {
  const out = await new Deno.Command(cmd, { args, cwd, stdout: "piped", stderr: "piped" })
    .output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

async function versionOf(path: string): Promise<string | null> {
  try {
    const r = await run(path, ["--version"]);
    return r.code === 0 ? (r.stdout || r.stderr).trim() : null;
  } catch {
    return null;
  }
}

// Error texts npm prints when the registry cannot be reached (offline, DNS, proxy).
const UNREACHABLE =
  /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|network|socket hang up|request to .* failed/i;

let pending: Promise<BufLocation> | undefined;

/** Find buf, installing the pinned version with npm if needed (once per process). */
export function ensureBuf(): Promise<BufLocation> {
  return pending ??= locate();
}

async function locate(): Promise<BufLocation> {
  const explicit = Deno.env.get("TITAN_BUF");
  if (explicit) {
    if (!(await versionOf(explicit))) throw new Error(`TITAN_BUF=${explicit} does not run`);
    return { path: explicit, reason: "from $TITAN_BUF" };
  }

  const prefix = `${cacheRoot()}/buf-${BUF_VERSION}`;
  const cached = binaryIn(prefix);
  if (cached && (await versionOf(cached)) === BUF_VERSION) {
    return { path: cached, reason: `cached in ${prefix}` };
  }

  let npm: string;
  try {
    npm = (await run("npm", ["--version"])).code === 0 ? "npm" : "";
  } catch {
    npm = "";
  }
  if (!npm) return { path: null, reason: "buf is not installed and npm is not available" };

  await Deno.mkdir(cacheRoot(), { recursive: true });
  const tmp = await Deno.makeTempDir({ dir: cacheRoot(), prefix: `.buf-${BUF_VERSION}-` });
  try {
    const r = await run(npm, [
      "install",
      "--prefix",
      tmp,
      "--no-save",
      "--no-package-lock",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      `@bufbuild/buf@${BUF_VERSION}`,
    ]);
    if (r.code !== 0) {
      const text = r.stderr + r.stdout;
      if (UNREACHABLE.test(text)) {
        return { path: null, reason: `npm registry unreachable: ${text.trim().split("\n")[0]}` };
      }
      throw new Error(`npm install @bufbuild/buf@${BUF_VERSION} failed:\n${text}`);
    }
    const fresh = binaryIn(tmp);
    if (!fresh) throw new Error(`npm installed @bufbuild/buf@${BUF_VERSION} but no buf binary`);
    try {
      await Deno.rename(tmp, prefix);
    } catch {
      // The cache folder exists: a parallel run just filled it (use that), or it is broken
      // (replace it).
      const other = binaryIn(prefix);
      if (other && (await versionOf(other)) === BUF_VERSION) {
        return { path: other, reason: `installed in ${prefix} by a parallel run` };
      }
      await Deno.remove(prefix, { recursive: true });
      await Deno.rename(tmp, prefix);
    }
    const installed = binaryIn(prefix)!;
    const version = await versionOf(installed);
    if (version !== BUF_VERSION) {
      throw new Error(`installed buf reports version ${version}, expected ${BUF_VERSION}`);
    }
    return { path: installed, reason: `installed with npm into ${prefix}` };
  } finally {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
}

/**
 * Run buf with `args`, with colors and update checks off and a private cache dir.
 * `timeoutMs` kills a hung call (default 60 s).
 */
export async function runBuf(
  buf: string,
  args: string[],
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<BufResult> {
  const env: Record<string, string> = {
    NO_COLOR: "1",
    BUF_LOG_FORMAT: "text",
    BUF_CACHE_DIR: `${cacheRoot()}/buf-cache`,
  };
  const child = new Deno.Command(buf, {
    args,
    cwd: options.cwd,
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => {
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
  }, options.timeoutMs ?? 60_000);
  try {
    const out = await child.output();
    const dec = new TextDecoder();
    return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
  } finally {
    clearTimeout(timer);
  }
}

/** `deno task buf ARGS…`: the pinned buf, for CI and by hand (e.g. `deno task buf lint`). */
if (import.meta.main) {
  const buf = await ensureBuf();
  if (!buf.path) {
    console.error(`buf is not available: ${buf.reason}`);
    Deno.exit(1);
  }
  const { code } = await new Deno.Command(buf.path, {
    args: Deno.args,
    env: { BUF_CACHE_DIR: `${cacheRoot()}/buf-cache` },
    stdin: "inherit",
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  Deno.exit(code);
}
