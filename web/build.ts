/**
 * Build the dashboard: bundle web/app/main.ts (Preact + htm and the views) into one minified
 * browser script with `deno bundle`, and copy the page and stylesheet beside it, into the
 * folder the manager serves. The output is committed; bundle_test.ts rebuilds it and fails
 * when it is stale or over its size budget.
 *
 *   deno task dashboard:build           # write the committed copy
 *   deno run -A web/build.ts <outDir>   # write elsewhere (the freshness test does)
 */
export const SOURCE_DIR = new URL("./app/", import.meta.url).pathname;
export const OUT_DIR = new URL("../manager/http/dashboard/", import.meta.url).pathname;

/** The served files, all produced by `build`. */
export const OUTPUT_FILES = ["index.html", "app.css", "app.js"] as const;

export async function build(outDir: string): Promise<void> {
  await Deno.mkdir(outDir, { recursive: true });
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--quiet",
      "--platform",
      "browser",
      "--minify",
      "--output",
      `${outDir}/app.js`,
      `${SOURCE_DIR}main.ts`,
    ],
    env: { NO_COLOR: "1" },
    stdout: "null",
    stderr: "piped",
  }).output();
  if (code !== 0) throw new Error(`deno bundle failed:\n${new TextDecoder().decode(stderr)}`);
  for (const file of ["index.html", "app.css"]) {
    await Deno.copyFile(`${SOURCE_DIR}${file}`, `${outDir}/${file}`);
  }
}

if (import.meta.main) {
  const outDir = Deno.args[0] ?? OUT_DIR;
  await build(outDir);
  const size = (await Deno.stat(`${outDir}/app.js`)).size;
  console.log(`dashboard built in ${outDir}: app.js ${size} bytes`);
}
