import assert from "node:assert/strict";
import { ConfigError } from "../../shared/config.ts";
import { chooseStore } from "./choice.ts";

Deno.test("chooseStore: sqlite by default; a PostgreSQL URL from the flag or a file", () => {
  assert.deepEqual(chooseStore("sqlite", ""), { kind: "sqlite" });
  assert.deepEqual(chooseStore("", ""), { kind: "sqlite" });
  const url = "postgres://titan:s3cret@db:5432/titan";
  assert.deepEqual(chooseStore(url, ""), { kind: "postgres", url });
  assert.deepEqual(chooseStore("postgresql://db/titan", ""), {
    kind: "postgres",
    url: "postgresql://db/titan",
  });
  const file = Deno.makeTempFileSync();
  Deno.writeTextFileSync(file, `${url}\n`);
  assert.deepEqual(chooseStore("sqlite", file), { kind: "postgres", url });
  Deno.removeSync(file);
});

Deno.test("chooseStore: precise errors, never showing a password", () => {
  assert.throws(() => chooseStore("mysql://u:pw@db/x", ""), /got a mysql: URL/);
  assert.throws(() => chooseStore("postgres://u:pw@db:5432", ""), /names no database/);
  assert.throws(() => chooseStore("sqllite", ""), /expected sqlite or postgres:.*"sqllite"/);
  assert.throws(() => chooseStore("u:pw@nowhere", ""), (err: Error) => {
    assert.ok(err instanceof ConfigError);
    assert.ok(!err.message.includes("pw"), err.message);
    return true;
  });
  assert.throws(() => chooseStore("sqlite", "/nonexistent/file"), /Cannot read --store-file/);
});
