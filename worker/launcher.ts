/**
 * The launcher: a small long-lived helper process that forks the worker's job processes.
 *
 * Why: a job must run in a session and process group of its own (so cancel and timeout can
 * kill its whole tree), maybe as another user. `Deno.Command` can do that only by forking
 * the whole worker (`detached`/`uid` need code between fork and exec, so no posix_spawn):
 * 6–16 ms per job with the event loop blocked. Going through `setsid`/`setpriv` from a
 * plain spawn avoids the fork but costs one or two extra program starts per job (~0.75 and
 * ~1.3 ms of CPU on a small VM): more than the job itself when the job is `true`. A helper
 * of a few MB forks cheaply, and its child calls setsid/setuid itself before it execs
 * `sh`. The helper is Perl because every Debian-based image has it (perl-base is
 * essential) and its POSIX module has what is needed; when `perl` is missing or the helper
 * fails, the executor spawns directly (executor.ts, launchPlan).
 *
 * The launcher keeps a few children forked ahead of time, each waiting on a pipe for its
 * job, and announces their pids: `launch()` hands a job to one of them without waiting for
 * a fork, so the worker's event loop does not block. Without one ready, it asks for a fork
 * and waits for the answer (also when a new pair of output FIFOs must be made first).
 *
 * Protocol, over two FIFOs in a private directory (0700):
 * - `ctl-in`, worker → launcher: `<length>\n<fields>` where fields are NUL-separated:
 *   `S`, seq, pid of a ready child or 0, stdout FIFO, stderr FIFO, cwd, uid, gid ("" =
 *   keep), command, env `K=V`… (no field can hold a NUL: the manager refuses them in
 *   commands, env and cwd). `Q` alone: exit.
 * - `ctl-out`, launcher → worker, only for pid 0: `<seq> <pid>\n` or `<seq> 0 <error>\n`,
 *   read synchronously: `start()` stays synchronous and knows the pid at once, as with
 *   `Deno.Command`.
 * - the launcher's stdout (a pipe), launcher → worker, read asynchronously: `R <pid>` a
 *   child is ready, `D <pid>` a ready child died, `X <seq> <wait status>` a job ended.
 * The child makes the job's two output FIFOs its stdout and stderr (opening them waits for
 * the worker's reads, so no output is lost), stdin /dev/null, calls setsid, switches user
 * (setgroups, setgid, setuid), enters the cwd, takes the job's environment and execs
 * `sh -c <command>`. A failure on the way is written to the job's stderr, with exit code
 * 126 (cannot switch user / enter the cwd) or 127 (cannot exec sh). FIFO pairs are reused.
 *
 * The launcher runs in a session of its own (a Ctrl-C to the worker's terminal must not
 * take it down while the worker drains) and exits when the worker says `Q` or is gone (its
 * parent pid changes); the jobs it started keep running in their own sessions, as with a
 * direct spawn, until a new worker kills the leftovers (procs.ts).
 *
 * `TITAN_JOB_LAUNCHER=off` in the worker's environment spawns every job directly.
 */
import { join } from "node:path";
import type { Logger } from "../shared/log.ts";

const SCRIPT = String.raw`
use strict;
use warnings;
use POSIX ();
my ($dir, $want_idle) = @ARGV;
# A session of its own: a Ctrl-C to the worker's terminal (the worker then drains) must not
# take the launcher down. It notices the worker is gone by its parent.
my $ppid = getppid();
POSIX::setsid();
$SIG{PIPE} = 'DEFAULT';
$SIG{CHLD} = sub { };
# Read-write opens of a FIFO never block: if the worker dies before it opens its ends, the
# launcher is not stuck in open() forever.
sysopen(my $in, "$dir/ctl-in", POSIX::O_RDWR()) or die "titan launcher: ctl-in: $!\n";
sysopen(my $out, "$dir/ctl-out", POSIX::O_RDWR()) or die "titan launcher: ctl-out: $!\n";
binmode $in; binmode $out; binmode STDOUT;
{ my $old = select($out); $| = 1; select(STDOUT); $| = 1; select($old); }
my %seq_of;     # pid of a job's process -> seq
my %idle;       # pid of an idle child -> write end of its job pipe
my %born;       # pid of an idle child -> when it was forked
my $empty = POSIX::SigSet->new();
my $respawn_ok = 1;

sub fail { my ($msg, $code) = @_; POSIX::write(2, "$msg\n", length("$msg\n")); POSIX::_exit($code); }

# Become the job: called in a forked child with the job's fields.
sub run_job {
  my ($ofifo, $efifo, $cwd, $uid, $gid, $cmd, @env) = @_;
  POSIX::sigprocmask(POSIX::SIG_SETMASK(), $empty);
  $SIG{CHLD} = 'DEFAULT';
  POSIX::setsid();
  # Write-only opens wait for the worker's reads: what the job writes cannot be lost in a
  # FIFO nobody holds open yet. The worker reads until the last writer is gone.
  my $ofd = POSIX::open($ofifo, POSIX::O_WRONLY()) // fail("cannot start: stdout: $!", 127);
  my $efd = POSIX::open($efifo, POSIX::O_WRONLY()) // fail("cannot start: stderr: $!", 127);
  my $nfd = POSIX::open('/dev/null', POSIX::O_RDONLY()) // fail("cannot start: stdin: $!", 127);
  POSIX::dup2($ofd, 1); POSIX::dup2($efd, 2); POSIX::dup2($nfd, 0);
  POSIX::close($_) for grep { $_ > 2 } ($ofd, $efd, $nfd);
  if ($uid ne '') {
    $) = "$gid $gid";
    POSIX::setgid($gid) or fail("cannot start: setgid $gid: $!", 126);
    POSIX::setuid($uid) or fail("cannot start: setuid $uid: $!", 126);
    fail("cannot start: still uid $<", 126) if $< != $uid || $> != $uid;
  }
  chdir($cwd) or fail("cannot start: cwd $cwd: $!", 126);
  %ENV = ();
  for my $kv (@env) { my $i = index($kv, '='); $ENV{substr($kv, 0, $i)} = substr($kv, $i + 1); }
  { no warnings 'exec'; exec { 'sh' } 'sh', '-c', $cmd; }
  fail("cannot start: sh: $!", 127);
}

# Read one framed message from a handle; undef at EOF.
sub read_frame {
  my ($fh, $bufref) = @_;
  while (1) {
    my $nl = index($$bufref, "\n");
    if ($nl >= 0) {
      my $len = substr($$bufref, 0, $nl);
      if (length($$bufref) >= $nl + 1 + $len) {
        my $payload = substr($$bufref, $nl + 1, $len);
        substr($$bufref, 0, $nl + 1 + $len) = '';
        return $payload;
      }
    }
    my $n = sysread($fh, $$bufref, 65536, length $$bufref);
    next if !defined $n && $!{EINTR};
    return undef if !$n;
  }
}

# A child forked ahead of time, waiting for its job on a pipe: when a job comes, the worker
# does not wait for a fork.
sub spawn_idle {
  pipe(my $r, my $w) or return;
  my $pid = fork();
  if (!defined $pid) { close $r; close $w; return; }
  if ($pid == 0) {
    close $w; close $in; close $out;
    close $_ for values %idle;
    my $buf = '';
    my $job = read_frame($r, \$buf);
    POSIX::_exit(0) if !defined $job;   # the launcher is gone
    run_job(split(/\0/, $job, -1));
  }
  close $r;
  $idle{$pid} = $w;
  $born{$pid} = time;
  print STDOUT "R $pid\n";
}

sub reap {
  while ((my $pid = waitpid(-1, POSIX::WNOHANG())) > 0) {
    my $status = $?;
    if (exists $idle{$pid}) {
      # An idle child died before it got a job (someone killed it).
      close(delete $idle{$pid});
      print STDOUT "D $pid\n";
      $respawn_ok = 0 if time - (delete $born{$pid}) < 1;
      next;
    }
    my $seq = delete $seq_of{$pid};
    print STDOUT "X $seq $status\n" if defined $seq;
  }
  spawn_idle() while $respawn_ok && keys(%idle) < $want_idle;
}

# "S", seq, pid of an idle child or 0 (fork now and answer), then the job's fields.
sub launch {
  my ($op, $seq, $pid, $ofifo, $efifo, @job) = @_;
  for my $f ($ofifo, $efifo) {
    if (!-p $f && !POSIX::mkfifo($f, 0600)) {
      if ($pid) { print STDOUT "X $seq 32512\n"; } else { print $out "$seq 0 mkfifo: $!\n"; }
      print STDERR "titan launcher: mkfifo $f: $!\n";
      return;
    }
  }
  my $payload = join("\0", $ofifo, $efifo, @job);
  if ($pid) {
    my $w = delete $idle{$pid};
    delete $born{$pid};
    if (!defined $w || !defined syswrite($w, length($payload) . "\n" . $payload)) {
      print STDOUT "X $seq 32512\n";   # it died meanwhile: as if exec failed (127)
      close $w if defined $w;
      return;
    }
    close $w;
    $seq_of{$pid} = $seq;
    return;
  }
  $pid = fork();
  if (!defined $pid) { print $out "$seq 0 fork: $!\n"; return; }
  if ($pid == 0) { close $in; close $out; close $_ for values %idle; run_job($ofifo, $efifo, @job); }
  $seq_of{$pid} = $seq;
  print $out "$seq $pid\n";
}

my $buf = '';
my $quit = 0;
reap();
while (!$quit) {
  my $rin = '';
  vec($rin, fileno($in), 1) = 1;
  # A SIGCHLD just before select() would wait: poll while children live.
  my $n = select(my $rout = $rin, undef, undef, %seq_of ? 0.02 : 1);
  reap();
  last if getppid() != $ppid;
  next unless defined $n && $n > 0;
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

interface Pending {
  pid: number;
  resolve: (s: LaunchStatus) => void;
  /** Unblocks the output FIFOs if the child never opened them. */
  unblock: () => void;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Most jobs the launcher runs at once (each holds two blocking reads in Deno's pool). */
export const MAX_LAUNCHED = 128;

export class Launcher {
  #seq = 0;
  #broken = false;
  /** FIFO pairs free for reuse (creating two FIFOs per job costs ~0.2 ms). */
  readonly #freeFifos: number[] = [];
  #fifoPairs = 0;
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
   * Start a launcher with its FIFOs in a new private directory under `parent`. Resolves to
   * undefined when it cannot run here (no perl, no mkfifo, no answer within `timeoutMs`).
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
        args: ["-e", SCRIPT, dir, String(idle)],
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

  /** False once the launcher died or failed: then spawn directly. */
  get usable(): boolean {
    return !this.#broken && this.#pending.size < MAX_LAUNCHED;
  }

  /** Pids of the children forked ahead of time, waiting for a job. */
  get idle(): readonly number[] {
    return this.#ready;
  }

  /** Jobs started and not yet reaped. */
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
    const reused = this.#freeFifos.pop();
    const pair = reused ?? ++this.#fifoPairs;
    const outPath = join(this.dir, `o${pair}`), errPath = join(this.dir, `e${pair}`);
    // A child forked ahead of time takes the job without a round trip; else (or when the
    // FIFOs of a new pair must be made first) the launcher forks now and answers.
    const ready = reused === undefined ? 0 : this.#ready.shift() ?? 0;
    const fields = [
      "S",
      String(seq),
      String(ready),
      outPath,
      errPath,
      req.cwd,
      req.user ? String(req.user.uid) : "",
      req.user ? String(req.user.gid) : "",
      req.command,
      ...Object.entries(req.env).map(([k, v]) => `${k}=${v}`),
    ];
    const payload = encoder.encode(fields.join("\0"));
    const head = encoder.encode(`${payload.length}\n`);
    const msg = new Uint8Array(head.length + payload.length);
    msg.set(head);
    msg.set(payload, head.length);
    let pid: number;
    try {
      let off = 0;
      while (off < msg.length) off += this.ctlIn.writeSync(msg.subarray(off));
      if (ready) {
        pid = ready;
      } else {
        const reply = this.#readReply();
        const [gotSeq, gotPid, ...error] = reply.split(" ");
        if (Number(gotSeq) !== seq) throw new Error(`launcher answered ${reply} to ${seq}`);
        pid = Number(gotPid);
        if (!(pid > 0)) throw new LaunchRefused(`launcher: ${error.join(" ") || reply}`);
      }
    } catch (err) {
      if (err instanceof LaunchRefused) this.#freeFifos.push(pair);
      else this.#fail(String(err));
      throw err;
    }
    const status = Promise.withResolvers<LaunchStatus>();
    const out = Deno.open(outPath, { read: true });
    const err = Deno.open(errPath, { read: true });
    let outOpened = false, errOpened = false, reusable = true;
    out.then(() => outOpened = true, () => {});
    err.then(() => errOpened = true, () => {});
    this.#pending.set(seq, {
      pid,
      resolve: status.resolve,
      unblock: () => {
        if (outOpened && errOpened) return; // the usual case: nothing waits
        // The child died before it opened its output: open (and close) the FIFOs ourselves
        // so the reads waiting in open() see EOF. Such a pair is not used again: a late
        // open of ours must never meet the next job's.
        reusable = false;
        if (!outOpened) unblockFifo(outPath);
        if (!errOpened) unblockFifo(errPath);
      },
    });
    // The pair is free again once both reads saw EOF (no writer left) and the child was
    // reaped. A pair whose reads never end (a process that left the group holds it) is
    // never reused.
    const outDone = Promise.withResolvers<void>(), errDone = Promise.withResolvers<void>();
    Promise.all([outDone.promise, errDone.promise, status.promise]).then(() => {
      if (reusable && !this.#broken) this.#freeFifos.push(pair);
    });
    return {
      pid,
      stdout: readAll(out, outDone.resolve),
      stderr: readAll(err, errDone.resolve),
      status: status.promise,
    };
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

  async #readEvents(): Promise<void> {
    let text = "";
    try {
      for await (const chunk of this.child.stdout) {
        text += decoder.decode(chunk, { stream: true });
        let nl;
        while ((nl = text.indexOf("\n")) >= 0) {
          const [kind, seq, status] = text.slice(0, nl).split(" ");
          text = text.slice(nl + 1);
          if (kind === "R") this.#ready.push(Number(seq));
          if (kind === "D") {
            const i = this.#ready.indexOf(Number(seq));
            if (i >= 0) this.#ready.splice(i, 1);
          }
          if (kind !== "X") continue;
          const p = this.#pending.get(Number(seq));
          if (!p) continue;
          this.#pending.delete(Number(seq));
          p.unblock();
          p.resolve(decodeWaitStatus(Number(status)));
        }
      }
    } catch { /* closed */ }
    this.#fail("the job launcher closed its events");
  }

  /** The launcher is gone: what it still ran ends as killed, we can no longer wait for it. */
  #fail(why: string): void {
    if (!this.#broken) this.log?.error("job launcher failed; spawning jobs directly", { why });
    this.#broken = true;
    for (const [seq, p] of this.#pending) {
      this.#pending.delete(seq);
      // Nobody can tell us how it ends any more: end it.
      try {
        Deno.kill(-p.pid, "SIGKILL");
      } catch { /* gone */ }
      p.unblock();
      p.resolve({ code: 128 + 9, signal: "SIGKILL" });
    }
    try {
      this.child.kill("SIGKILL");
    } catch { /* gone */ }
  }
}

class LaunchRefused extends Error {}

/**
 * Open a FIFO read-write and close it at once: an open() waiting for the other side
 * completes (and a reader then sees EOF). On Linux a read-write open of a FIFO never
 * blocks, so this is safe whether anyone waits or not.
 */
function unblockFifo(path: string): void {
  Deno.open(path, { read: true, write: true }).then((f) => f.close(), () => {});
}

async function* readAll(
  open: Promise<Deno.FsFile>,
  onEof: () => void,
): AsyncIterable<Uint8Array> {
  const file = await open;
  // `readable` closes the file at its end.
  for await (const chunk of file.readable) yield chunk;
  onEof();
}
