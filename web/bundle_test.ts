/**
 * The committed dashboard (manager/http/dashboard/) is what web/build.ts makes from the
 * committed sources, and the script stays within its size budget.
 */
import assert from "node:assert/strict";
import { build, OUT_DIR, OUTPUT_FILES } from "./build.ts";

/**
 * The most the minified app.js may weigh. Preact + htm + the parser of event streams are
 * about 15 KB of it; the views the rest. Raising it is a decision, not a side effect.
 */
export const BUNDLE_BUDGET_BYTES = 64 * 1024;

Deno.test("the committed dashboard bundle is fresh (run `deno task dashboard:build`)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "titan-dashboard-build-" });
  try {
    await build(dir);
    for (const file of OUTPUT_FILES) {
      const built = await Deno.readTextFile(`${dir}/${file}`);
      const committed = await Deno.readTextFile(`${OUT_DIR}${file}`).catch(() => "<missing>");
      assert.ok(
        built === committed,
        `manager/http/dashboard/${file} is stale: run 'deno task dashboard:build' and commit it`,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test(`the dashboard script stays within its budget of ${BUNDLE_BUDGET_BYTES} bytes`, async () => {
  const size = (await Deno.stat(`${OUT_DIR}app.js`)).size;
  console.log(`app.js: ${size} bytes of ${BUNDLE_BUDGET_BYTES}`);
  assert.ok(size <= BUNDLE_BUDGET_BYTES, `app.js is ${size} bytes, over ${BUNDLE_BUDGET_BYTES}`);
});
