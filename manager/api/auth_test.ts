import assert from "node:assert/strict";
import { TitanError } from "../../shared/errors.ts";
import { grpc } from "../../shared/proto.ts";
import { checkBearer, withBearerAuth } from "./auth.ts";

const metadata = (authorization?: string) => {
  const md = new grpc.Metadata();
  if (authorization !== undefined) md.set("authorization", authorization);
  return md;
};

Deno.test("checkBearer: the right token passes; a missing or wrong one is UNAUTHENTICATED", () => {
  checkBearer(metadata("Bearer s3cret"), "s3cret", "client");
  checkBearer(metadata(), "", "client"); // no token configured
  for (
    const [header, message] of [
      [undefined, /missing bearer token: this service expects the client token/],
      ["s3cret", /missing bearer token/],
      ["Bearer wrong", /invalid bearer token: this service expects the client token/],
      ["Bearer s3cret2", /invalid bearer token/],
    ] as const
  ) {
    assert.throws(
      () => checkBearer(metadata(header), "s3cret", "client"),
      (e: TitanError) =>
        e.code === grpc.status.UNAUTHENTICATED && message.test(e.message) &&
        !e.message.includes("s3cret"),
    );
  }
  assert.throws(
    () => checkBearer(metadata("Bearer x"), "s3cret", "worker"),
    /expects the worker token \(TITAN_WORKER_TOKEN\)/,
  );
});

Deno.test("withBearerAuth: no handler runs without the token; unary and streaming calls get the status", () => {
  const ran: string[] = [];
  const handlers = withBearerAuth(
    {
      Unary: (_call: unknown, callback: (err: unknown, res?: unknown) => void) => {
        ran.push("Unary");
        callback(null, { ok: true });
      },
      Stream: (_call: unknown) => void ran.push("Stream"),
    },
    "tok",
    "client",
  );

  const answers: unknown[] = [];
  handlers.Unary({ metadata: metadata("Bearer nope") }, (err: unknown) => answers.push(err));
  const emitted: unknown[] = [];
  handlers.Stream({ metadata: metadata(), emit: (_e: string, err: unknown) => emitted.push(err) });
  assert.deepEqual(ran, []);
  assert.equal((answers[0] as grpc.ServiceError).code, grpc.status.UNAUTHENTICATED);
  assert.equal((emitted[0] as grpc.ServiceError).code, grpc.status.UNAUTHENTICATED);

  handlers.Unary(
    { metadata: metadata("Bearer tok") },
    (err: unknown, res: unknown) => answers.push([err, res]),
  );
  handlers.Stream({ metadata: metadata("Bearer tok") });
  assert.deepEqual(ran, ["Unary", "Stream"]);
  assert.deepEqual(answers[1], [null, { ok: true }]);
});
