import assert from "node:assert/strict";
import {
  ConfigError,
  MANAGER_OPTIONS,
  parseAddress,
  parseConfig,
  parsePairs,
  WORKER_OPTIONS,
} from "./config.ts";

Deno.test("parseConfig() takes flag over environment over default", () => {
  const env = { TITAN_PORT: "9000", TITAN_DATA_DIR: "/env/dir" };
  const { values } = parseConfig(MANAGER_OPTIONS, ["--port", "7000"], env);
  assert.equal(values.port, 7000);
  assert.equal(values["data-dir"], "/env/dir");
  assert.equal(values.host, "127.0.0.1");
  assert.equal(values["heartbeat-timeout"], 30);
});

Deno.test("parseConfig() rejects bad numbers naming the flag or variable", () => {
  assert.throws(
    () => parseConfig(MANAGER_OPTIONS, ["--port", "http"], {}),
    (e: unknown) =>
      e instanceof ConfigError && /--port: expected a number, got "http"/.test(e.message),
  );
  assert.throws(
    () => parseConfig(MANAGER_OPTIONS, [], { TITAN_PORT: "70000" }),
    /TITAN_PORT: 70000 is out of range/,
  );
  assert.throws(() => parseConfig(WORKER_OPTIONS, ["--slots", "1.5"], {}), /expected an integer/);
  assert.throws(() => parseConfig(WORKER_OPTIONS, ["--nope"], {}), ConfigError);
});

Deno.test("parseConfig() reads booleans from flags and environment", () => {
  assert.equal(parseConfig(MANAGER_OPTIONS, ["--insecure"], {}).values.insecure, true);
  assert.equal(parseConfig(MANAGER_OPTIONS, [], { TITAN_INSECURE: "true" }).values.insecure, true);
  assert.equal(parseConfig(MANAGER_OPTIONS, [], { TITAN_INSECURE: "0" }).values.insecure, false);
});

Deno.test("parseAddress() and parsePairs() check their formats", () => {
  assert.deepEqual(parseAddress("127.0.0.1:8080", "--manager"), { host: "127.0.0.1", port: 8080 });
  assert.deepEqual(parseAddress("[::1]:80", "--manager"), { host: "[::1]", port: 80 });
  assert.throws(
    () => parseAddress("localhost", "--manager"),
    /expected host:port, got "localhost"/,
  );
  assert.deepEqual(parsePairs("a=1,b=x=y", "--label"), { a: "1", b: "x=y" });
  assert.throws(() => parsePairs("novalue", "--label"), /KEY=VALUE/);
});
