import assert from "node:assert/strict";
import { TitanError } from "../../shared/errors.ts";
import { grpc } from "../../shared/proto.ts";
import { decodePageToken, encodePageToken, validatePageToken } from "./page_token.ts";

Deno.test("page tokens round-trip and foreign tokens are refused", () => {
  assert.equal(decodePageToken(encodePageToken(12345)), 12345);
  assert.throws(() => decodePageToken("garbage!"), RangeError);
  assert.throws(() => decodePageToken(btoa("seq:-1")), RangeError);
});

Deno.test("validatePageToken: empty is the first page, a foreign one INVALID_ARGUMENT", () => {
  assert.equal(validatePageToken(""), undefined);
  assert.equal(validatePageToken(encodePageToken(7)), 7);
  assert.throws(
    () => validatePageToken("nope"),
    (e: TitanError) =>
      e.code === grpc.status.INVALID_ARGUMENT && /Invalid page_token/.test(e.message),
  );
});
