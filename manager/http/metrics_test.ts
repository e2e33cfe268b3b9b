import assert from "node:assert/strict";
import { noResources } from "../../shared/model.ts";
import { newJob } from "../core/new_job.ts";
import type { WorkerSession } from "../fleet/fleet.ts";
import { ManagerMetrics } from "./metrics.ts";

const spec = {
  command: "true",
  env: {},
  cwd: "",
  timeoutSeconds: 0,
  maxRetries: 0,
  idempotencyKey: "",
  priority: 0,
  resources: noResources(),
  selector: {},
  queue: "default",
  name: "",
  dependsOn: [],
  dependencyPolicy: "AFTER_SUCCESS" as const,
};

/** name{labels} → value, from the text exposition. */
function parse(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    const m = /^([a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (m) out.set(m[1], Number(m[2]));
  }
  return out;
}

const worker = (id: string, state: WorkerSession["state"], slots: number, running: number) =>
  ({
    id,
    state,
    slots,
    attempts: new Map(Array.from({ length: running }, (_, i) => [`job-${i}`, 1])),
  }) as unknown as WorkerSession;

Deno.test("metrics: counters, histograms of queue wait, run time and submit ack, gauges", async () => {
  let workers = [worker("w1", "HEALTHY", 4, 3), worker("w2", "DISCONNECTED", 2, 0)];
  const metrics = new ManagerMetrics({
    leading: () => true,
    activeJobs: () => 7,
    queueLength: () => 5,
    watchers: () => 2,
    workers: () => workers,
    queues: () => [{
      name: "default",
      maxRunning: 0,
      paused: true,
      pending: 4,
      running: 1,
      configured: true,
    }],
  });
  metrics.jobsSubmitted(3, 1);
  const job = newJob(spec, 10_000);
  job.attempt = 1;
  job.startedAt = 12_500; // 2.5 s in the queue
  metrics.attemptStarted(job);
  job.state = "COMPLETED";
  job.finishedAt = 12_500 + 40; // ran 40 ms
  metrics.jobFinished(job);
  metrics.submitAcknowledged(0.003);
  metrics.staleReportsRefused(2);
  const { body, contentType } = await metrics.render();
  assert.match(contentType, /^text\/plain/);
  const m = parse(body);
  assert.equal(m.get("titan_jobs_submitted_total"), 3);
  assert.equal(m.get("titan_jobs_deduplicated_total"), 1);
  assert.equal(m.get('titan_jobs_finished_total{state="COMPLETED"}'), 1);
  assert.equal(m.get('titan_jobs_finished_total{state="FAILED"}'), 0);
  assert.equal(m.get("titan_stale_reports_refused_total"), 2);
  assert.equal(m.get('titan_queue_wait_seconds_bucket{le="1"}'), 0);
  assert.equal(m.get('titan_queue_wait_seconds_bucket{le="2.5"}'), 1);
  assert.equal(m.get("titan_queue_wait_seconds_sum"), 2.5);
  assert.equal(m.get('titan_job_run_seconds_bucket{le="0.05",state="COMPLETED"}'), 1);
  assert.equal(m.get('titan_job_run_seconds_bucket{le="0.01",state="COMPLETED"}'), 0);
  assert.equal(m.get("titan_submit_ack_seconds_count"), 1);
  assert.equal(m.get("titan_jobs_active"), 7);
  assert.equal(m.get("titan_queue_length"), 5);
  assert.equal(m.get("titan_watchers"), 2);
  assert.equal(m.get('titan_workers{state="HEALTHY"}'), 1);
  assert.equal(m.get('titan_workers{state="DISCONNECTED"}'), 1);
  assert.equal(m.get('titan_workers{state="DRAINING"}'), 0);
  assert.equal(m.get('titan_worker_slots{worker="w1"}'), 4);
  assert.equal(m.get('titan_worker_running_attempts{worker="w1"}'), 3);
  assert.equal(m.has('titan_worker_slots{worker="w2"}'), false, "a gone worker has no gauge");
  assert.ok((m.get("process_resident_memory_bytes") ?? 0) > 0, "default process metrics");
  assert.equal(m.get("titan_leader"), 1);
  assert.equal(m.get("titan_attempts_running"), 3);
  assert.equal(m.get("titan_slots"), 4);
  assert.equal(m.get('titan_queue_jobs{queue="default",state="pending"}'), 4);
  assert.equal(m.get('titan_queue_jobs{queue="default",state="running"}'), 1);
  assert.equal(m.get('titan_queue_paused{queue="default"}'), 1);
  // The dashboard's reading shows the same events.
  const r = metrics.reading();
  assert.equal(r.submitted, 3);
  assert.equal(r.completed, 1);
  assert.equal(r.running, 3);
  assert.equal(r.slots, 4);
  assert.equal(r.queueLength, 5);
  assert.equal(r.queueWait.count, 1);

  // A retried job's second start is not a queue wait from submit; a worker that left goes.
  job.attempt = 2;
  metrics.attemptStarted(job);
  workers = [];
  const after = parse((await metrics.render()).body);
  assert.equal(after.get("titan_queue_wait_seconds_count"), 1);
  assert.equal(after.has('titan_worker_slots{worker="w1"}'), false);
});
