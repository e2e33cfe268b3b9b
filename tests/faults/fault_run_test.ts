/**
 * The fault-injection run: a real manager and real workers, a workload of 500 jobs that each
 * append a line to their own marker file, and while it runs: SIGKILLed workers (restarted),
 * two SIGKILLed managers (restarted on the same data dir), a SIGTERM drain, and a worker cut
 * off from the manager by a black hole (network namespace + iptables DROP).
 *
 * Afterwards the invariants are checked and printed:
 * - every acknowledged job reached exactly one terminal state (the manager logs a job's
 *   terminal state once it is durable; a second line for a job, in any manager life, is a
 *   duplicate; a sample of jobs is also watched with WatchJob and the first terminal state
 *   seen must be the final one);
 * - none is lost (each is in the store, terminal), and exactly JOBS jobs exist (idempotent
 *   submits across manager restarts created no extra one);
 * - no job is COMPLETED without its marker;
 * - fencing, from outside: the stored outcome is the one the job's command gives, produced by
 *   its last attempt (each job prints its attempt number);
 * - executions per job: one attempt never runs twice; a job runs more than once only when an
 *   earlier attempt was lost (no job has retries, so only a lost or handed-back attempt makes
 *   a new one; its attempt number says so), and those are reported;
 * - no orphaned job process survives (a scan of /proc for the run's env variable);
 * - the partitioned worker's stale reports were refused (manager metrics, worker logs).
 */
import assert from "node:assert/strict";
import type { JobStatus__Output } from "../../shared/proto.ts";
import { Cluster, type Proc, waitFor } from "../support/cluster.ts";
import { Netns } from "./netns.ts";
import {
  logLines,
  markerCommand,
  processesWithEnv,
  readMarker,
  retrying,
  sleep,
  terminalLogs,
} from "./support.ts";

const JOBS = 500;
const HEARTBEAT_TIMEOUT = 2;
const TERMINAL = ["COMPLETED", "FAILED", "CANCELLED"];

Deno.test({
  name: "faults: 500 jobs through worker and manager kills, a drain and a partition",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const netns = await Netns.create();
    const partition = netns instanceof Netns ? netns : undefined;
    if (!partition) {
      console.warn(`SKIP partition case: ${(netns as { skip: string }).skip}`);
    }
    const run = crypto.randomUUID();
    const token = `t-${crypto.randomUUID()}`;
    const cluster = new Cluster({
      host: partition?.hostAddr ?? "127.0.0.1",
      token,
      workerToken: `w-${crypto.randomUUID()}`,
      heartbeatInterval: 0.25,
      heartbeatTimeout: HEARTBEAT_TIMEOUT,
      slots: 12,
      workerArgs: ["--drain-timeout", "4"],
      // A job may be on every worker that dies: never let the bound turn a re-run into a
      // failure here (the lost counts are reported through the re-runs).
      managerArgs: ["--max-lost-attempts", "20"],
    });
    const workerLives: Proc[] = [];
    const start = (id: string) => {
      const proc = cluster.startWorker(id, [], id === "wp" ? partition!.prefix : []);
      workerLives.push(proc);
      return proc;
    };
    const markers = `${cluster.dir}/markers`;
    Deno.mkdirSync(markers, { mode: 0o777 });
    Deno.chmodSync(markers, 0o777);
    const t0 = Date.now();
    const say = (msg: string) =>
      console.log(`faults: +${((Date.now() - t0) / 1000).toFixed(1)}s ${msg}`);

    // Stale refusals are counted per manager life: keep the last value each life showed.
    const staleByLife: number[] = [];
    const scrape = async () => {
      const life = cluster.managerLives.length - 1;
      const m = await cluster.metrics().catch(() => undefined);
      const v = m?.get("titan_stale_reports_refused_total");
      if (v !== undefined) staleByLife[life] = Math.max(staleByLife[life] ?? 0, v);
    };
    let scraping = true;
    const scraper = (async () => {
      while (scraping) {
        await scrape();
        await sleep(250);
      }
    })();

    try {
      await cluster.startManager();
      for (const id of ["w1", "w2", "w3"]) start(id);
      if (partition) start("wp");
      await cluster.waitForWorkers(partition ? 4 : 3);
      say(`cluster up at ${cluster.address}`);

      // ---- the workload -------------------------------------------------------------------
      const acked = new Map<string, number>(); // job id → index
      const idOf: string[] = [];
      const deadline = () => Date.now() + 60_000;
      const submit = async (i: number) => {
        const r = ((i * 7919) % 23) / 10; // 0 .. 2.2 s, spread deterministically
        let rest = `sleep ${(0.3 + r).toFixed(1)}`;
        if (i % 10 === 3) rest = `sleep 30 & sleep ${(0.3 + r).toFixed(1)}`; // a child left behind
        if (i % 8 === 5) rest = "sleep 6"; // long enough to be running when a fault hits
        if (i % 25 === 7) rest = `sleep 0.2; exit 3`; // fails for good (no retries)
        const res = await retrying(
          () =>
            cluster.call("SubmitJob", {
              // The output names the attempt: the recorded outcome must be the last attempt's.
              command: markerCommand(`${markers}/${i}`, `echo attempt=$TITAN_ATTEMPT; ${rest}`),
              env: { FAULTS_RUN: run },
              idempotencyKey: `faults-${run}-${i}`,
            }),
          deadline(),
        );
        acked.set(res.jobId, i);
        idOf[i] = res.jobId;
      };
      const submitting = (async () => {
        // ~25 jobs a second, 5 at a time, for about 20 s: faults land on a busy cluster.
        for (let i = 0; i < JOBS; i += 5) {
          await Promise.all([0, 1, 2, 3, 4].map((k) => i + k < JOBS ? submit(i + k) : 0));
          await sleep(200);
        }
      })();

      // A sample watched with WatchJob: the first terminal state seen must be the final one.
      const firstSeen = new Map<string, { state: string; attempt: number }>();
      const watching: Promise<void>[] = [];
      const watch = async (jobId: string) => {
        while (!firstSeen.has(jobId) && scraping) {
          await new Promise<void>((resolve) => {
            let call;
            try {
              call = cluster.client.WatchJob({ jobId }, cluster.metadata());
            } catch {
              return resolve();
            }
            call.on("data", (e: { status?: JobStatus__Output }) => {
              const s = e.status;
              if (s && TERMINAL.includes(s.state as string) && !firstSeen.has(jobId)) {
                firstSeen.set(jobId, { state: s.state as string, attempt: s.attempt });
              }
            });
            call.on("error", () => resolve());
            call.on("end", () => resolve());
          });
          if (!firstSeen.has(jobId)) await sleep(300);
        }
      };

      // ---- the faults ---------------------------------------------------------------------
      const faults: string[] = [];
      const killWorker = async (id: string, downMs: number) => {
        cluster.workers.get(id)!.kill("SIGKILL");
        await cluster.workers.get(id)!.exited;
        faults.push(`SIGKILL worker ${id}`);
        say(`SIGKILL ${id}; restart in ${downMs} ms`);
        await sleep(downMs);
        start(id);
      };
      const killManager = async () => {
        await scrape();
        cluster.manager.kill("SIGKILL");
        await cluster.manager.exited;
        faults.push("SIGKILL manager");
        say("SIGKILL manager; restarting on the same data dir");
        await cluster.startManager();
        say("manager back");
      };
      let partitionKills = 0;
      const injecting = (async () => {
        await sleep(2500);
        for (let i = 0; i < 25; i += 5) {
          if (idOf[i]) watching.push(watch(idOf[i]));
        }
        await killWorker("w1", 300);
        await sleep(1500);
        await killManager();
        for (let i = 100; i < JOBS; i += 12) {
          if (idOf[i]) watching.push(watch(idOf[i]));
        }
        await sleep(1500);
        await killWorker("w2", 1000);
        await sleep(1000);
        if (partition) {
          await partition.blackhole();
          faults.push("partition wp");
          say("black hole between wp and the manager");
          // Long enough for both sides to give up on each other; short enough that the
          // attempts the manager handed to other workers still run when the old reports
          // arrive (so a fencing bug would show).
          await sleep(HEARTBEAT_TIMEOUT * 1000 + 2500);
          await partition.heal();
          say("partition healed");
        }
        await sleep(1000);
        const w3 = cluster.workers.get("w3")!;
        w3.kill("SIGTERM");
        faults.push("SIGTERM drain w3");
        say("SIGTERM w3 (drain)");
        const drained = await w3.exited;
        say(`w3 exited with ${drained.code}`);
        assert.equal(drained.code, 0, `a drained worker exits 0:\n${w3.log.slice(-3000)}`);
        start("w3");
        await killWorker("w1", 500);
        await sleep(2000);
        await killManager();
        await sleep(1000);
        await killWorker("w2", 200);
        await sleep(1000);
        await killWorker("w1", 0);
      })();

      await Promise.all([submitting, injecting]);
      for (let i = 0; i < JOBS; i += 50) watching.push(watch(idOf[i]));
      say(`all ${acked.size} jobs acknowledged; ${faults.length} faults injected`);

      // ---- wait for the end ---------------------------------------------------------------
      let final = new Map<string, JobStatus__Output>();
      const listAll = async () => {
        const out = new Map<string, JobStatus__Output>();
        let pageToken = "";
        do {
          const page = await cluster.call("ListJobs", { pageSize: 1000, pageToken });
          for (const j of page.jobs as JobStatus__Output[]) out.set(j.jobId, j);
          pageToken = page.nextPageToken;
        } while (pageToken);
        return out;
      };
      // Until every job is terminal, or nothing has moved for 20 s (a lost job never will).
      let unfinished = -1, movedAt = Date.now();
      await waitFor(
        async () => {
          final = await listAll();
          const left = [...acked.keys()].filter((id) =>
            !TERMINAL.includes(final.get(id)?.state as string)
          ).length;
          if (left !== unfinished) [unfinished, movedAt] = [left, Date.now()];
          return left === 0 || Date.now() - movedAt > 20_000;
        },
        120_000,
        () => "jobs still not terminal",
      ).catch((err) => say(String(err)));
      await Promise.race([Promise.all(watching), sleep(unfinished ? 0 : 30_000)]);
      say(unfinished ? `${unfinished} jobs not terminal` : "every job terminal");

      // ---- invariants ---------------------------------------------------------------------
      const problems: string[] = [];
      // None lost: every acknowledged job exists and is terminal; no job was created twice.
      const lost = [...acked.keys()].filter((id) =>
        !TERMINAL.includes(final.get(id)?.state as string)
      );
      for (const id of lost.slice(0, 5)) {
        problems.push(`lost: ${id} is ${final.get(id)?.state ?? "missing"}`);
      }
      if (final.size !== JOBS) problems.push(`${final.size} jobs in the store, expected ${JOBS}`);

      // Exactly one terminal state, once.
      const terminals = terminalLogs(cluster.managerLives);
      const duplicates = [...terminals].filter(([, list]) => list.length > 1);
      for (const [id, list] of duplicates.slice(0, 5)) {
        problems.push(`duplicate terminal states for ${id}: ${JSON.stringify(list)}`);
      }
      let watchMismatch = 0;
      for (const [id, seen] of firstSeen) {
        const f = final.get(id)!;
        if (seen.state !== f.state || seen.attempt !== f.attempt) {
          watchMismatch++;
          problems.push(
            `WatchJob saw ${id} end ${seen.state} (attempt ${seen.attempt}), but it is ${f.state} (attempt ${f.attempt})`,
          );
        }
      }
      const unlogged = [...acked.keys()].filter((id) => !terminals.has(id)).length;
      for (const [id, list] of terminals) {
        const f = final.get(id);
        if (f && list[0].state !== f.state) {
          problems.push(`${id} logged ${list[0].state} but is ${f.state}`);
        }
      }

      // Executions, counted outside Titan.
      let extraExecutions = 0, completedWithoutMarker = 0, attemptTwice = 0;
      const reRun: string[] = [];
      for (const [id, i] of acked) {
        const f = final.get(id);
        const runs = readMarker(`${markers}/${i}`);
        if (f?.state === "COMPLETED" && runs.length === 0) {
          completedWithoutMarker++;
          problems.push(`${id} COMPLETED without its marker`);
        }
        const attempts = runs.map((r) => r.attempt);
        if (new Set(attempts).size !== attempts.length) {
          attemptTwice++;
          problems.push(`${id}: one attempt ran twice: attempts ${attempts}`);
        }
        if (runs.length > 1) {
          extraExecutions += runs.length - 1;
          reRun.push(`${id.slice(-12)}:[${attempts}]→${f?.state}@${f?.attempt}`);
        }
        if (f && attempts.some((a) => a > f.attempt || a < 1)) {
          problems.push(`${id}: ran attempts ${attempts}, but its last attempt is ${f.attempt}`);
        }
        if (f?.state === "COMPLETED" && !attempts.includes(f.attempt)) {
          problems.push(`${id}: COMPLETED by attempt ${f.attempt}, which never ran`);
        }
      }

      // Fencing, seen from outside: the outcome stored is the one of the job's last attempt
      // (its output names it), and it is the outcome that job's command produces.
      let foreignOutcome = 0;
      const ids = [...acked.keys()];
      for (let k = 0; k < ids.length; k += 25) {
        await Promise.all(
          ids.slice(k, k + 25).map(async (id) => {
            if (!TERMINAL.includes(final.get(id)?.state as string)) return; // lost: counted
            const s = await cluster.status(id);
            const failing = acked.get(id)! % 25 === 7;
            const expected = failing ? ["FAILED", 3] : ["COMPLETED", 0];
            const stdout = s.stdout.split("\n")[0];
            if (
              stdout !== `attempt=${s.attempt}` || s.state !== expected[0] ||
              s.exitCode !== expected[1]
            ) {
              foreignOutcome++;
              problems.push(
                `${id}: ended ${s.state} (exit ${s.exitCode}, ${
                  JSON.stringify(s.error)
                }) at attempt ${s.attempt} with output ${JSON.stringify(stdout)}; expected ${
                  expected[0]
                } from attempt ${s.attempt}`,
              );
            }
          }),
        );
      }

      // No orphaned job process: every job is over, so no process of the run may live.
      let orphans: number[] = [];
      await waitFor(() => (orphans = processesWithEnv("FAULTS_RUN", run)).length === 0, 5000)
        .catch(() => {});
      for (const pid of orphans.slice(0, 5)) {
        const cmd = (() => {
          try {
            return Deno.readTextFileSync(`/proc/${pid}/cmdline`).replaceAll("\0", " ");
          } catch {
            return "?";
          }
        })();
        problems.push(`orphaned job process ${pid}: ${cmd}`);
      }

      // Stale reports refused: the manager's counter (summed over its lives) and the
      // workers' own account of the attempts they killed.
      await scrape();
      const staleRefused = staleByLife.reduce((a, b) => a + (b ?? 0), 0);
      const workerLogs = logLines(workerLives);
      partitionKills = workerLogs.filter((l) => l.msg === "partitioned: killing attempt").length;
      const staleKilled = workerLogs.filter((l) => l.msg === "stale attempt: killing").length;
      const wpKills = logLines(workerLives.filter((p) =>
        p.name === "wp"
      )).filter((l) => l.msg === "partitioned: killing attempt").length;
      if (partition && wpKills > 0 && staleRefused === 0) {
        problems.push(
          `the partitioned worker killed ${wpKills} attempts, but no stale report was refused`,
        );
      }

      console.log(
        `faults: injected ${faults.length}: ${faults.join(", ")}` +
          (partition ? "" : " (partition skipped)"),
      );
      console.log(
        `faults: partitioned-worker kills=${wpKills} partition kills (all workers)=${partitionKills} ` +
          `stale kills=${staleKilled} foreign outcomes=${foreignOutcome} terminal states not logged (manager killed between commit and log)=${unlogged} ` +
          `watched=${firstSeen.size} watch mismatches=${watchMismatch}`,
      );
      if (reRun.length) {
        console.log(`faults: jobs run more than once (an attempt was lost): ${reRun.join(" ")}`);
      }
      console.log(
        `faults: jobs=${acked.size} faults=${faults.length} lost=${lost.length} ` +
          `duplicate_terminal=${
            duplicates.length + watchMismatch
          } extra_executions=${extraExecutions} ` +
          `orphans=${orphans.length} stale_refused=${staleRefused}`,
      );
      assert.deepEqual(problems, [], `invariants broken:\n${problems.join("\n")}`);
      assert.equal(acked.size, JOBS);
      assert.equal(completedWithoutMarker + attemptTwice, 0);
    } catch (err) {
      console.error(cluster.logs());
      throw err;
    } finally {
      const keep = Deno.env.get("TITAN_FAULTS_LOGS"); // a directory to keep every log in
      if (keep) {
        Deno.mkdirSync(keep, { recursive: true });
        cluster.managerLives.forEach((p, i) =>
          Deno.writeTextFileSync(`${keep}/manager-${i}.log`, p.log)
        );
        workerLives.forEach((p, i) => Deno.writeTextFileSync(`${keep}/${p.name}-${i}.log`, p.log));
      }
      scraping = false;
      await scraper;
      await cluster.stop();
      for (const p of workerLives) p.kill("SIGKILL");
      await partition?.destroy();
      // Whatever a failed run left behind must not outlive it.
      for (const pid of processesWithEnv("FAULTS_RUN", run)) {
        try {
          Deno.kill(pid, "SIGKILL");
        } catch { /* gone */ }
      }
    }
  },
});
