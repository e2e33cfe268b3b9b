import assert from "node:assert/strict";
import {
  helpFor,
  joinCommand,
  parseInvocation,
  parseStates,
  shellQuote,
  UsageError,
} from "./args.ts";

const parse = (...argv: string[]) => parseInvocation(argv, {});

Deno.test("parseInvocation() finds the command among global flags", () => {
  const inv = parse("--manager", "10.0.0.1:9000", "list", "--state", "RUNNING", "--limit", "5");
  assert.equal(inv.command, "list");
  assert.equal(inv.values.manager, "10.0.0.1:9000");
  assert.equal(inv.values.state, "RUNNING");
  assert.equal(inv.values.limit, 5);
});

Deno.test("parseInvocation() takes the words after -- as the command, flags and all", () => {
  const inv = parse("submit", "--env", "A=1", "--wait", "--", "ls", "-la", "--color");
  assert.equal(inv.command, "submit");
  assert.deepEqual(inv.rest, ["ls", "-la", "--color"]);
  assert.equal(inv.values.wait, true);
  assert.equal(inv.values.env, "A=1");
});

Deno.test("parseInvocation() reads TITAN_MANAGER and TITAN_TOKEN, flags win", () => {
  const env = { TITAN_MANAGER: "h:1", TITAN_TOKEN: "t" };
  assert.equal(parseInvocation(["workers"], env).values.manager, "h:1");
  assert.equal(parseInvocation(["workers"], env).values.token, "t");
  assert.equal(parseInvocation(["workers", "--manager", "x:2"], env).values.manager, "x:2");
});

Deno.test("parseInvocation() turns --help and -h into help for the command", () => {
  assert.deepEqual(parse("logs", "-h").args, ["logs"]);
  assert.equal(parse("logs", "--help").command, "help");
  assert.equal(parse("--help").command, "help");
  assert.deepEqual(parse("help", "submit").args, ["submit"]);
});

Deno.test("parseInvocation() refuses bad usage with a UsageError naming the problem", () => {
  const cases: [string[], RegExp][] = [
    [[], /missing command/],
    [["frob"], /unknown command "frob"/],
    [["status"], /missing <job-id>/],
    [["status", "a", "b"], /unexpected argument "b"/],
    [["list", "--wait"], /--wait is not a flag of list/],
    [["status", "x", "-f"], /-f is not a flag of status/],
    [["submit"], /missing the command/],
    [["submit", "--"], /missing the command/],
    [["list", "--limit", "0"], /--limit/],
    [["list", "--limit", "many"], /expected a number/],
    [["list", "--bogus"], /Unknown option '--bogus'/],
    [["list", "--manager", "nohost"], /expected host:port/],
    [["help", "frob"], /unknown command "frob"/],
  ];
  for (const [argv, message] of cases) {
    assert.throws(() => parse(...argv), (e: unknown) => {
      assert.ok(e instanceof UsageError, `${argv.join(" ")}: ${e}`);
      assert.match(e.message, message, argv.join(" "));
      return true;
    });
  }
});

Deno.test("parseStates() accepts any case, drops duplicates, refuses unknown states", () => {
  assert.deepEqual(parseStates("running, PENDING,running"), ["RUNNING", "PENDING"]);
  assert.deepEqual(parseStates(""), []);
  assert.throws(() => parseStates("RUNNING,DONE"), /invalid --state "DONE"/);
});

Deno.test("joinCommand() keeps one word verbatim and quotes several for sh", () => {
  assert.equal(joinCommand(["echo hi | wc -c"]), "echo hi | wc -c");
  assert.equal(joinCommand(["echo", "hello", "world"]), "echo hello world");
  assert.equal(joinCommand(["sh", "-c", `echo "$HOME"`]), `sh -c 'echo "$HOME"'`);
  assert.equal(joinCommand(["printf", "it's"]), `printf 'it'\\''s'`);
  assert.equal(shellQuote(""), "''");
  assert.equal(shellQuote("a=b,c:d/e.f@g%h+i-j_k"), "a=b,c:d/e.f@g%h+i-j_k");
});

Deno.test("joinCommand() round-trips through sh", async () => {
  const words = ["printf", "%s|", "a b", "it's", "$HOME", "", "*", "\\n"];
  const { stdout } = await new Deno.Command("sh", { args: ["-c", joinCommand(words)] }).output();
  assert.equal(new TextDecoder().decode(stdout), "a b|it's|$HOME||*|\\n|");
});

Deno.test("helpFor() lists the commands, and a command's own flags", () => {
  assert.match(helpFor(), /submit\s+submit a shell command/);
  assert.match(helpFor(), /--manager/);
  const submit = helpFor("submit");
  assert.match(submit, /--idempotency-key/);
  assert.match(submit, /130\s+the job was CANCELLED/);
  assert.doesNotMatch(helpFor("list"), /--idempotency-key/);
  assert.match(helpFor("logs"), /-f, --follow/);
});
