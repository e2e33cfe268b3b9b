/**
 * The launcher: a small long-lived helper process that forks the worker's job processes
 * and relays their output and exit status.
 *
 * Why: a job must run in a session and process group of its own (so cancel and timeout can
 * kill its whole tree), maybe as another user. `Deno.Command` can do that only by forking
 * the whole worker (`detached`/`uid` need code between fork and exec, so no posix_spawn):
 * 6–16 ms per job with the event loop blocked. Going through `setsid`/`setpriv` from a
 * plain spawn avoids the fork but costs one or two extra program starts per job (~0.75 and
 * ~1.3 ms of CPU on a small VM), and each spawned job still costs the worker two pipes,
 * two streams and a child watcher. Here a helper of a few MB forks; its child calls
 * setsid/setuid itself and execs `sh`; the helper reads the job's stdout and stderr and
 * reaps it, and tells the worker over one pipe. The helper is Perl because every
 * Debian-based image has it (perl-base is essential) and its POSIX module has what is
 * needed; when `perl` is missing or the helper fails, the executor spawns directly
 * (executor.ts, launchPlan).
 *
 * The launcher keeps a few children forked ahead of time, each with its output pipes made
 * and waiting on a pipe for its job, and announces their pids: `launch()` hands a job to
 * one without waiting for a fork, so the worker's event loop does not block. Without one
 * ready, it asks for a fork and waits for the answer.
 *
 * Protocol:
 * - `ctl-in` (a FIFO), worker → launcher: `<length>\n<fields>` where fields are
 *   NUL-separated: `S`, seq, pid of a ready child or 0, cwd, uid, gid ("" = keep), "1"
 *   to run the command's words without the shell (executor.ts, plainArgv) or "", command,
 *   env `K=V`… (no field can hold a NUL: the manager refuses them in commands,
 *   env and cwd). `Q` alone: exit.
 * - `ctl-out` (a FIFO), launcher → worker, only for pid 0: `<seq> <pid>\n` or
 *   `<seq> 0 <error>\n`, read synchronously: `start()` stays synchronous and knows the pid
 *   at once, as with `Deno.Command`.
 * - the launcher's stdout (a pipe), launcher → worker, read asynchronously: `R <pid>` a
 *   child is ready, `D <pid>` a ready child died, `O <seq> <1|2> <n>\n<n bytes>` output
 *   of a job's stdout or stderr, `E <seq> <1|2>` that stream's end (no writer left), `X
 *   <seq> <wait status>` the job's shell ended (its streams may end later).
 * The child makes its pipes its stdout and stderr, stdin /dev/null, calls setsid, switches
 * user (setgroups, setgid, setuid), enters the cwd, takes the job's environment and execs
 * `sh -c <command>` (a command of plain words: the program itself, see plainArgv). A failure
 * on the way is written to the job's stderr, with exit code 126 (cannot switch user / enter
 * the cwd / not executable) or 127 (not found).
 *
 * The launcher runs in a session of its own (a Ctrl-C to the worker's terminal must not
 * take it down while the worker drains) and exits when the worker says `Q` or is gone (its
 * parent pid changes); the jobs it started keep running in their own sessions, as with a
 * direct spawn, until a new worker kills the leftovers (procs.ts).
 *
 * Opt-in: `TITAN_JOB_LAUNCHER=perl` in the worker's environment; by default every job is spawned
 * with Deno.Command (executor.ts, launchPlan), as the product's shape asks.
 */
import { join } from "node:path";
import type { Logger } from "../shared/log.ts";
import { plainArgv } from "./executor.ts";

const SCRIPT = String.raw`
use strict;
use warnings;
use POSIX ();
my ($dir, $want_idle, $max_jobs) = @ARGV;
# A session of its own: a Ctrl-C to the worker's terminal (the worker then drains) must not
# take the launcher down. It notices the worker is gone by its parent.
my $ppid = getppid();
POSIX::setsid();
$SIG{PIPE} = 'DEFAULT';
# SIGCHLD wakes the select() below through a pipe: a child that ends while the launcher is
# busy elsewhere is reaped at once, not at the next poll.
pipe(my $sigr, my $sigw) or die "titan launcher: pipe: $!\n";
for my $fh ($sigr, $sigw) {
  my $fl = fcntl($fh, POSIX::F_GETFL(), 0);
  fcntl($fh, POSIX::F_SETFL(), $fl | POSIX::O_NONBLOCK());
}
$SIG{CHLD} = sub { syswrite($sigw, "x"); };
# Read-write opens of a FIFO never block: if the worker dies before it opens its ends, the
# launcher is not stuck in open() forever.
sysopen(my $in, "$dir/ctl-in", POSIX::O_RDWR()) or die "titan launcher: ctl-in: $!\n";
sysopen(my $out, "$dir/ctl-out", POSIX::O_RDWR()) or die "titan launcher: ctl-out: $!\n";
binmode $in; binmode $out; binmode STDOUT;
{ my $old = select($out); $| = 1; select($old); }
# Events go out through a buffer and a non-blocking stdout: the launcher never blocks on a
# busy worker (which may itself be waiting for us). Job output is read only while the
# buffer is small, so a job printing faster than the worker reads is slowed down, not kept.
my $flags = fcntl(STDOUT, POSIX::F_GETFL(), 0) or die "titan launcher: fcntl: $!\n";
fcntl(STDOUT, POSIX::F_SETFL(), $flags | POSIX::O_NONBLOCK()) or die "titan launcher: fcntl: $!\n";
my $outbuf = '';
my $OUTBUF_MAX = 4 * 1024 * 1024;
my %seq_of;     # pid of a job's shell -> seq
my %streams;    # fileno of a job's output pipe -> [handle, seq, 1 | 2]
my %idle;       # pid of an idle child -> [job pipe, stdout pipe, stderr pipe]
my %born;       # pid of an idle child -> when it was forked
my $empty = POSIX::SigSet->new();
my $respawn_ok = 1;

sub emit { $outbuf .= shift; }
sub flush_events {
  while (length $outbuf) {
    my $n = syswrite(STDOUT, $outbuf, 1 << 20);
    if (!defined $n) {
      next if $!{EINTR};
      return if $!{EAGAIN};
      POSIX::_exit(1);   # the worker is gone
    }
    substr($outbuf, 0, $n) = '';
  }
}
sub fail { my ($msg, $code) = @_; POSIX::write(2, "$msg\n", length("$msg\n")); POSIX::_exit($code); }

# In a forked child: everything but the job's own pipes is closed; become the job.
sub run_job {
  my ($ow, $ew, $cwd, $uid, $gid, $plain, $cmd, @env) = @_;
  POSIX::sigprocmask(POSIX::SIG_SETMASK(), $empty);
  $SIG{CHLD} = 'DEFAULT';
  POSIX::setsid();
  POSIX::dup2(fileno($ow), 1);
  POSIX::dup2(fileno($ew), 2);
  my $nfd = POSIX::open('/dev/null', POSIX::O_RDONLY()) // fail("cannot start: stdin: $!", 127);
  POSIX::dup2($nfd, 0);
  POSIX::close($nfd) if $nfd > 2;
  if ($uid ne '') {
    $) = "$gid $gid";
    POSIX::setgid($gid) or fail("cannot start: setgid $gid: $!", 126);
    POSIX::setuid($uid) or fail("cannot start: setuid $uid: $!", 126);
    fail("cannot start: still uid $<", 126) if $< != $uid || $> != $uid;
  }
  chdir($cwd) or fail("cannot start: cwd $cwd: $!", 126);
  %ENV = ();
  for my $kv (@env) { my $i = index($kv, '='); $ENV{substr($kv, 0, $i)} = substr($kv, $i + 1); }
  # A command of plain words (the worker decided: executor.ts, plainArgv) runs without the
  # shell, the way the shell itself would run it; anything else goes to sh -c.
  if ($plain) {
    my @argv = split(/ /, $cmd);
    { no warnings 'exec'; exec { $argv[0] } @argv; }
    fail("$argv[0]: $!", $!{ENOENT} ? 127 : 126);
  }
  { no warnings 'exec'; exec { 'sh' } 'sh', '-c', $cmd; }
  fail("cannot start: sh: $!", 127);
}

# In a forked child: close what belongs to the launcher and to the other jobs.
sub close_inherited {
  close $in; close $out; close $sigr; close $sigw;
  for my $c (values %idle) { close $_ for @$c; }
  close $_->[0] for values %streams;
}

sub read_frame {
  my ($fh) = @_;
  my $buf = '';
  while (1) {
    my $nl = index($buf, "\n");
    if ($nl >= 0) {
      my $len = substr($buf, 0, $nl);
      return substr($buf, $nl + 1, $len) if length($buf) >= $nl + 1 + $len;
    }
    my $n = sysread($fh, $buf, 65536, length $buf);
    next if !defined $n && $!{EINTR};
    return undef if !$n;
  }
}

# A child forked ahead of time, its output pipes made, waiting on a pipe for its job: when
# a job comes, the worker does not wait for a fork.
sub spawn_idle {
  pipe(my $jr, my $jw) or return;
  pipe(my $or, my $ow) or return;
  pipe(my $er, my $ew) or return;
  my $pid = fork();
  if (!defined $pid) { close $_ for ($jr, $jw, $or, $ow, $er, $ew); return; }
  if ($pid == 0) {
    close_inherited();
    close $_ for ($jw, $or, $er);
    my $job = read_frame($jr);
    POSIX::_exit(0) if !defined $job;   # the launcher is gone
    close $jr;
    run_job($ow, $ew, split(/\0/, $job, -1));
  }
  close $_ for ($jr, $ow, $ew);
  $idle{$pid} = [$jw, $or, $er];
  $born{$pid} = time;
  emit("R $pid\n");
}

sub watch {
  my ($seq, $pid, $or, $er) = @_;
  $seq_of{$pid} = $seq;
  $streams{fileno($or)} = [$or, $seq, 1];
  $streams{fileno($er)} = [$er, $seq, 2];
}

sub reap {
  while ((my $pid = waitpid(-1, POSIX::WNOHANG())) > 0) {
    my $status = $?;
    if (my $c = delete $idle{$pid}) {
      # An idle child died before it got a job (someone killed it).
      close $_ for @$c;
      emit("D $pid\n");
      $respawn_ok = 0 if time - (delete $born{$pid}) < 1;
      next;
    }
    my $seq = delete $seq_of{$pid};
    emit("X $seq $status\n") if defined $seq;
  }
  spawn_idle() while $respawn_ok && keys(%idle) < $want_idle && keys(%seq_of) < $max_jobs;
}

# "S", seq, pid of an idle child or 0 (fork now and answer), then the job's fields.
sub launch {
  my ($op, $seq, $pid, @job) = @_;
  if ($pid) {
    my $c = delete $idle{$pid};
    delete $born{$pid};
    if (!defined $c) { emit("X $seq 32512\n"); return; }   # it died meanwhile: as exit 127
    my $payload = join("\0", @job);
    my $ok = syswrite($c->[0], length($payload) . "\n" . $payload);
    close $c->[0];
    if (!defined $ok) { close $c->[1]; close $c->[2]; emit("X $seq 32512\n"); return; }
    watch($seq, $pid, $c->[1], $c->[2]);
    return;
  }
  my ($or, $ow, $er, $ew);
  if (!pipe($or, $ow) || !pipe($er, $ew)) { print $out "$seq 0 pipe: $!\n"; return; }
  $pid = fork();
  if (!defined $pid) { print $out "$seq 0 fork: $!\n"; close $_ for ($or, $ow, $er, $ew); return; }
  if ($pid == 0) { close_inherited(); close $or; close $er; run_job($ow, $ew, @job); }
  close $ow; close $ew;
  watch($seq, $pid, $or, $er);
  print $out "$seq $pid\n";
}

my $buf = '';
my $quit = 0;
reap();
while (!$quit) {
  flush_events();
  my $rin = '';
  vec($rin, fileno($in), 1) = 1;
  vec($rin, fileno($sigr), 1) = 1;
  if (length($outbuf) < $OUTBUF_MAX) { vec($rin, $_, 1) = 1 for keys %streams; }
  my $win = '';
  vec($win, 1, 1) = 1 if length $outbuf;
  # Poll anyway, slowly, in case a wake-up was lost.
  my $n = select(my $rout = $rin, my $wout = $win, undef, %seq_of ? 0.25 : 1);
  sysread($sigr, my $drop, 4096) if defined $n && $n > 0 && vec($rout, fileno($sigr), 1);
  if (defined $n && $n > 0) {
    for my $fd (keys %streams) {
      next unless vec($rout, $fd, 1);
      my ($fh, $seq, $which) = @{$streams{$fd}};
      my $r = sysread($fh, my $data, 65536);
      next if !defined $r && $!{EINTR};
      if ($r) {
        emit("O $seq $which $r\n" . $data);
      } else {
        emit("E $seq $which\n");
        close $fh;
        delete $streams{$fd};
      }
    }
  }
  reap();
  last if getppid() != $ppid;
  next unless defined $n && $n > 0 && vec($rout, fileno($in), 1);
  my $r = sysread($in, $buf, 65536, length $buf);
  if (!defined $r) { next if $!{EINTR} || $!{EAGAIN}; die "titan launcher: read: $!\n"; }
  last if $r == 0;
  while (1) {
    my $nl = index($buf, "\n");
    last if $nl < 0;
    my $len = substr($buf, 0, $nl);
    last if length($buf) < $nl + 1 + $len;
    my $payload = substr($buf, $nl + 1, $len);
    substr($buf, 0, $nl + 1 + $len) = '';
    if ($payload eq 'Q') { $quit = 1; last; }
    launch(split(/\0/, $payload, -1));
  }
  reap();
}
fcntl(STDOUT, POSIX::F_SETFL(), $flags);
flush_events();
`;

/** Linux signal numbers → the names Deno uses. */
const SIGNALS: Record<number, string> = {
  1: "SIGHUP",
  2: "SIGINT",
  3: "SIGQUIT",
  4: "SIGILL",
  5: "SIGTRAP",
  6: "SIGABRT",
  7: "SIGBUS",
  8: "SIGFPE",
  9: "SIGKILL",
  10: "SIGUSR1",
  11: "SIGSEGV",
  12: "SIGUSR2",
  13: "SIGPIPE",
  14: "SIGALRM",
  15: "SIGTERM",
  16: "SIGSTKFLT",
  17: "SIGCHLD",
  18: "SIGCONT",
  19: "SIGSTOP",
  20: "SIGTSTP",
  21: "SIGTTIN",
  22: "SIGTTOU",
  23: "SIGURG",
  24: "SIGXCPU",
  25: "SIGXFSZ",
  26: "SIGVTALRM",
  27: "SIGPROF",
  28: "SIGWINCH",
  29: "SIGIO",
  30: "SIGPWR",
  31: "SIGSYS",
};

/** How a launched process ended, as Deno.CommandStatus says it. */
export interface LaunchStatus {
  code: number;
  signal: string | null;
}

/** A wait(2) status → exit code or signal. */
export function decodeWaitStatus(status: number): LaunchStatus {
  const sig = status & 0x7f;
  if (sig === 0) return { code: (status >> 8) & 0xff, signal: null };
  return { code: 128 + sig, signal: SIGNALS[sig] ?? `SIG${sig}` };
}

/** One launched process. */
export interface Launched {
  pid: number;
  stdout: AsyncIterable<Uint8Array>;
  stderr: AsyncIterable<Uint8Array>;
  status: Promise<LaunchStatus>;
}

export interface LaunchRequest {
  command: string;
  cwd: string;
  env: Record<string, string>;
  user?: { uid: number; gid: number };
}

/** A job's output stream as an async iterable fed by the launcher's events. */
class OutputQueue implements AsyncIterable<Uint8Array> {
  #chunks: Uint8Array[] = [];
  #ended = false;
  #wake: (() => void) | undefined;

  push(chunk: Uint8Array): void {
    this.#chunks.push(chunk);
    this.#wake?.();
  }

  end(): void {
    this.#ended = true;
    this.#wake?.();
  }

  get done(): boolean {
    return this.#ended;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    while (true) {
      if (this.#chunks.length > 0) {
        yield this.#chunks.shift()!;
        continue;
      }
      if (this.#ended) return;
      await new Promise<void>((resolve) => this.#wake = resolve);
      this.#wake = undefined;
    }
  }
}

interface Pending {
  pid: number;
  exited: boolean;
  resolve: (s: LaunchStatus) => void;
  out: OutputQueue;
  err: OutputQueue;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Most jobs the launcher runs at once (its select() watches two pipes per job). */
export const MAX_LAUNCHED = 400;

export class Launcher {
  #seq = 0;
  #broken = false;
  readonly #pending = new Map<number, Pending>();
  /** Children the launcher forked ahead of time, waiting for a job (oldest first). */
  readonly #ready: number[] = [];
  readonly #replyBuf = new Uint8Array(4096);
  #replyText = "";

  private constructor(
    readonly dir: string,
    readonly child: Deno.ChildProcess,
    readonly ctlIn: Deno.FsFile,
    readonly ctlOut: Deno.FsFile,
    readonly log?: Logger,
  ) {
    this.#readEvents();
    child.status.then(() => this.#fail("the launcher exited"));
  }

  /**
   * Start a launcher with its FIFOs in a new private directory under `parent`, keeping
   * `idle` children forked ahead of time. Resolves to undefined when it cannot run here
   * (no perl, no mkfifo, no answer within `timeoutMs`).
   */
  static async start(
    parent: string,
    log?: Logger,
    timeoutMs = 10_000,
    idle = 4,
  ): Promise<Launcher | undefined> {
    let dir = "";
    let child: Deno.ChildProcess | undefined;
    try {
      Deno.mkdirSync(parent, { recursive: true });
      // FIFOs left by the launcher of a previous life of this worker.
      for (const e of Deno.readDirSync(parent)) {
        if (e.isDirectory && e.name.startsWith("launcher-")) {
          Deno.removeSync(join(parent, e.name), { recursive: true });
        }
      }
      dir = Deno.makeTempDirSync({ dir: parent, prefix: "launcher-" }); // 0700
      const mk = await new Deno.Command("mkfifo", {
        args: ["-m", "600", join(dir, "ctl-in"), join(dir, "ctl-out")],
        stdin: "null",
        stdout: "null",
        stderr: "piped",
      }).output();
      if (!mk.success) throw new Error(`mkfifo: ${decoder.decode(mk.stderr).trim()}`);
      child = new Deno.Command("perl", {
        args: ["-e", SCRIPT, dir, String(idle), String(MAX_LAUNCHED)],
        stdin: "null",
        stdout: "piped",
        stderr: "inherit",
      }).spawn();
      // Opening a FIFO blocks until the other side opens it: in Deno's thread pool, with a
      // deadline in case perl never gets there.
      const opened = Promise.all([
        Deno.open(join(dir, "ctl-in"), { write: true }),
        Deno.open(join(dir, "ctl-out"), { read: true }),
      ]);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const deadline = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), timeoutMs);
      });
      const exited = child.status.then(() => "exited" as const);
      const first = await Promise.race([opened, deadline, exited]);
      clearTimeout(timer);
      if (first === "timeout" || first === "exited") {
        // Release the opens still waiting, so no pool thread stays blocked.
        unblockFifo(join(dir, "ctl-in"));
        unblockFifo(join(dir, "ctl-out"));
        opened.then(([a, b]) => {
          a.close();
          b.close();
        }, () => {});
        throw new Error(first === "timeout" ? "no answer from perl" : "perl exited");
      }
      const [ctlIn, ctlOut] = first;
      return new Launcher(dir, child, ctlIn, ctlOut, log);
    } catch (err) {
      log?.warn("job launcher unavailable: spawning jobs directly", { error: String(err) });
      try {
        child?.kill("SIGKILL");
      } catch { /* gone */ }
      await child?.stdout.cancel().catch(() => {});
      if (dir) Deno.removeSync(dir, { recursive: true });
      return undefined;
    }
  }

  /** False once the launcher died or failed (or runs its maximum): then spawn directly. */
  get usable(): boolean {
    return !this.#broken && this.#pending.size < MAX_LAUNCHED;
  }

  /** Pids of the children forked ahead of time, waiting for a job. */
  get idle(): readonly number[] {
    return this.#ready;
  }

  /** Jobs started whose shell has not ended yet. */
  get running(): number {
    return this.#pending.size;
  }

  /**
   * Start `sh -c command` as described at the top of this file. Synchronous: returns the
   * pid, or throws when the launcher cannot start it (the caller may spawn directly).
   */
  launch(req: LaunchRequest): Launched {
    if (this.#broken) throw new Error("the job launcher is gone");
    const seq = ++this.#seq;
    // A child forked ahead of time takes the job without a round trip; else the launcher
    // forks now and answers.
    const ready = this.#ready.shift() ?? 0;
    const fields = [
      "S",
      String(seq),
      String(ready),
      req.cwd,
      req.user ? String(req.user.uid) : "",
      req.user ? String(req.user.gid) : "",
      plainArgv(req.command) ? "1" : "",
      req.command,
      ...Object.entries(req.env).map(([k, v]) => `${k}=${v}`),
    ];
    const payload = encoder.encode(fields.join("\0"));
    const head = encoder.encode(`${payload.length}\n`);
    const msg = new Uint8Array(head.length + payload.length);
    msg.set(head);
    msg.set(payload, head.length);
    // Registered before the request goes out: its events cannot come before.
    const status = Promise.withResolvers<LaunchStatus>();
    const pending: Pending = {
      pid: ready,
      exited: false,
      resolve: status.resolve,
      out: new OutputQueue(),
      err: new OutputQueue(),
    };
    this.#pending.set(seq, pending);
    try {
      let off = 0;
      while (off < msg.length) off += this.ctlIn.writeSync(msg.subarray(off));
      if (!ready) {
        const reply = this.#readReply();
        const [gotSeq, gotPid, ...error] = reply.split(" ");
        if (Number(gotSeq) !== seq) throw new Error(`launcher answered ${reply} to ${seq}`);
        pending.pid = Number(gotPid);
        if (!(pending.pid > 0)) throw new LaunchRefused(`launcher: ${error.join(" ") || reply}`);
      }
    } catch (err) {
      this.#pending.delete(seq);
      if (!(err instanceof LaunchRefused)) this.#fail(String(err));
      throw err;
    }
    return { pid: pending.pid, stdout: pending.out, stderr: pending.err, status: status.promise };
  }

  /** Stop the launcher (the worker is leaving). Running jobs are the caller's business. */
  close(): void {
    if (!this.#broken) {
      try {
        this.ctlIn.writeSync(encoder.encode("1\nQ"));
      } catch { /* gone already */ }
    }
    this.#broken = true;
    try {
      this.ctlIn.close();
    } catch { /* closed */ }
    try {
      this.ctlOut.close();
    } catch { /* closed */ }
  }

  #readReply(): string {
    while (true) {
      const nl = this.#replyText.indexOf("\n");
      if (nl >= 0) {
        const line = this.#replyText.slice(0, nl);
        this.#replyText = this.#replyText.slice(nl + 1);
        return line;
      }
      const n = this.ctlOut.readSync(this.#replyBuf);
      if (n === null || n === 0) throw new Error("the job launcher closed its answers");
      this.#replyText += decoder.decode(this.#replyBuf.subarray(0, n));
    }
  }

  /** Events: `R`/`D` (ready children), `O` (output), `E` (end of output), `X` (exit). */
  async #readEvents(): Promise<void> {
    let buf: Uint8Array = new Uint8Array(0);
    try {
      for await (const chunk of this.child.stdout) {
        buf = buf.length ? concatBytes(buf, chunk) : chunk;
        let at = 0;
        while (true) {
          const nl = buf.indexOf(10, at);
          if (nl < 0) break;
          const line = decoder.decode(buf.subarray(at, nl));
          const [kind, a, b, c] = line.split(" ");
          if (kind === "O") {
            const n = Number(c);
            if (buf.length < nl + 1 + n) break; // the data is not all here yet
            const p = this.#pending.get(Number(a));
            // A copy: the chunk's buffer is reused by the stream.
            const data = buf.slice(nl + 1, nl + 1 + n);
            (b === "2" ? p?.err : p?.out)?.push(data);
            at = nl + 1 + n;
            continue;
          }
          at = nl + 1;
          if (kind === "R") this.#ready.push(Number(a));
          else if (kind === "D") {
            const i = this.#ready.indexOf(Number(a));
            if (i >= 0) this.#ready.splice(i, 1);
          } else if (kind === "E") {
            const p = this.#pending.get(Number(a));
            (b === "2" ? p?.err : p?.out)?.end();
            this.#forgetIfDone(Number(a));
          } else if (kind === "X") {
            const p = this.#pending.get(Number(a));
            if (p && !p.exited) {
              p.exited = true;
              p.resolve(decodeWaitStatus(Number(b)));
              this.#forgetIfDone(Number(a));
            }
          }
        }
        buf = buf.subarray(at);
      }
    } catch { /* closed */ }
    this.#fail("the job launcher closed its events");
  }

  /** Keep a job until its exit and both ends of output are known. */
  #forgetIfDone(seq: number): void {
    const p = this.#pending.get(seq);
    if (p && p.exited && p.out.done && p.err.done) this.#pending.delete(seq);
  }

  /** The launcher is gone: what it still ran ends as killed, we can no longer wait for it. */
  #fail(why: string): void {
    if (!this.#broken) this.log?.error("job launcher failed; spawning jobs directly", { why });
    this.#broken = true;
    for (const [seq, p] of this.#pending) {
      this.#pending.delete(seq);
      // Nobody can tell us how it ends any more: end it.
      if (p.pid > 0) {
        try {
          Deno.kill(-p.pid, "SIGKILL");
        } catch { /* gone */ }
      }
      p.out.end();
      p.err.end();
      p.resolve({ code: 128 + 9, signal: "SIGKILL" });
    }
    try {
      this.child.kill("SIGKILL");
    } catch { /* gone */ }
  }
}

class LaunchRefused extends Error {}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * Open a FIFO read-write and close it at once: an open() waiting for the other side
 * completes. On Linux a read-write open of a FIFO never blocks, so this is safe whether
 * anyone waits or not.
 */
function unblockFifo(path: string): void {
  Deno.open(path, { read: true, write: true }).then((f) => f.close(), () => {});
}
