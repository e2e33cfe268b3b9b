import assert from "node:assert/strict";
import { ConfigError } from "../shared/config.ts";
import { jobUsers, lookupUser, passwdUids, resolveRunAs } from "./identity.ts";
import { FixedUsers, UidPool } from "./isolation/users.ts";

const PASSWD = [
  "root:x:0:0:root:/root:/bin/bash",
  "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin",
  "builder:x:1000:1001::/home/builder:/bin/sh",
].join("\n");

Deno.test("a root worker gives each attempt a uid of its own by default", () => {
  const users = jobUsers("", "61000-61009", 0, PASSWD, Deno.makeTempDirSync());
  assert.ok(users instanceof UidPool);
  assert.deepEqual(users.range, { first: 61000, last: 61009 });
  users.close();
  assert.throws(() => jobUsers("", "9-1", 0, PASSWD), /--run-as-range/);
  const fixed = jobUsers("nobody", "61000-61009", 0, PASSWD);
  assert.ok(fixed instanceof FixedUsers);
  assert.deepEqual(fixed.user, { name: "nobody", uid: 65534, gid: 65534 });
  assert.equal((jobUsers("", "61000-61009", 1000, PASSWD) as FixedUsers).user, undefined);
});

Deno.test("passwdUids() lists the uids /etc/passwd gives out", () => {
  assert.deepEqual(passwdUids(PASSWD), [0, 65534, 1000]);
});

Deno.test("a root worker runs jobs as root only when told so", () => {
  assert.equal(resolveRunAs("root", 0, PASSWD), undefined);
  assert.equal(resolveRunAs("0", 0, PASSWD), undefined);
});

Deno.test("--run-as takes a user name or uid[:gid]", () => {
  assert.deepEqual(resolveRunAs("builder", 0, PASSWD), { name: "builder", uid: 1000, gid: 1001 });
  assert.deepEqual(resolveRunAs("2000:3000", 0, PASSWD), {
    name: "2000:3000",
    uid: 2000,
    gid: 3000,
  });
  assert.throws(() => resolveRunAs("ghost", 0, PASSWD), /no user "ghost"/);
});

Deno.test("a non-root worker runs jobs as itself and refuses another user", () => {
  assert.equal(resolveRunAs("", 1000, PASSWD), undefined);
  assert.equal(resolveRunAs("builder", 1000, PASSWD), undefined);
  assert.throws(() => resolveRunAs("nobody", 1000, PASSWD), ConfigError);
});

Deno.test("lookupUser() matches names and uids", () => {
  assert.equal(lookupUser("65534", PASSWD)?.name, "nobody");
  assert.equal(lookupUser("nope", PASSWD), undefined);
});
