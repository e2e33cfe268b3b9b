/**
 * The manager's Prometheus metrics, kept by prom-client: the core's events (core/metrics.ts)
 * as counters and histograms, gauges read from the core when scraped, and prom-client's
 * default process metrics (CPU, memory, event-loop lag, handles). One set per process: the
 * counters go on across terms of leadership, and a standby shows its gauges at zero.
 *
 * The dashboard's charts (metrics_history.ts) sample `reading()`: the same events, kept as
 * plain totals too, because prom-client reads its own values only asynchronously.
 */
import client from "prom-client";
import type { Job } from "../../shared/model.ts";
import { Histogram, QUEUE_WAIT_BOUNDS } from "../core/histogram.ts";
import type { CoreMetrics } from "../core/metrics.ts";
import type { QueueState } from "../core/queues.ts";
import type { WorkerSession } from "../fleet/fleet.ts";
import type { Reading } from "./metrics_history.ts";

/** What the gauges read at scrape time. */
export interface GaugeSource {
  /** Whether this manager serves (leads, or is the one SQLite manager). */
  leading(): boolean;
  activeJobs(): number;
  queueLength(): number;
  watchers(): number;
  workers(): readonly WorkerSession[];
  queues(): readonly QueueState[];
}

const WORKER_STATES = ["HEALTHY", "DRAINING", "UNHEALTHY", "DISCONNECTED"] as const;
const TERMINAL_STATES = ["COMPLETED", "FAILED", "CANCELLED"] as const;

/** Buckets for run times, in seconds: from 1 ms to an hour. */
const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 1800, 3600];
/** Buckets for the submit acknowledgement (a disk sync or two), in seconds. */
const ACK_BUCKETS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export class ManagerMetrics implements CoreMetrics {
  readonly registry = new client.Registry();
  readonly #submitted;
  readonly #deduplicated;
  readonly #finished;
  readonly #assigned;
  readonly #retried;
  readonly #lost;
  readonly #handedBack;
  readonly #revoked;
  readonly #stale;
  readonly #queueWait;
  readonly #runTime;
  readonly #submitAck;
  /** Totals for the dashboard's reading. */
  readonly #totals = { submitted: 0, COMPLETED: 0, FAILED: 0, CANCELLED: 0 };
  readonly #queueWaitTotals = new Histogram(QUEUE_WAIT_BOUNDS);

  constructor(readonly source: GaugeSource) {
    const registers = [this.registry];
    client.collectDefaultMetrics({ register: this.registry });
    this.#submitted = new client.Counter({
      name: "titan_jobs_submitted_total",
      help: "Jobs created.",
      registers,
    });
    this.#deduplicated = new client.Counter({
      name: "titan_jobs_deduplicated_total",
      help: "Submits answered by idempotency key.",
      registers,
    });
    this.#finished = new client.Counter({
      name: "titan_jobs_finished_total",
      help: "Jobs that reached a terminal state.",
      labelNames: ["state"],
      registers,
    });
    for (const state of TERMINAL_STATES) this.#finished.inc({ state }, 0);
    this.#assigned = new client.Counter({
      name: "titan_attempts_assigned_total",
      help: "Attempts sent to workers.",
      registers,
    });
    this.#retried = new client.Counter({
      name: "titan_attempts_retried_total",
      help: "Failed attempts retried.",
      registers,
    });
    this.#lost = new client.Counter({
      name: "titan_attempts_lost_total",
      help: "Attempts requeued after losing the worker.",
      registers,
    });
    this.#handedBack = new client.Counter({
      name: "titan_attempts_handed_back_total",
      help: "Attempts handed back by workers.",
      registers,
    });
    this.#revoked = new client.Counter({
      name: "titan_queued_attempts_revoked_total",
      help: "Attempts queued on a worker that were asked back for a worker with free room.",
      registers,
    });
    this.#stale = new client.Counter({
      name: "titan_stale_reports_refused_total",
      help: "Reports refused because they named an attempt that is no longer current.",
      registers,
    });
    this.#queueWait = new client.Histogram({
      name: "titan_queue_wait_seconds",
      help: "From a job's submit to the start of its first attempt.",
      buckets: [...QUEUE_WAIT_BOUNDS],
      registers,
    });
    this.#runTime = new client.Histogram({
      name: "titan_job_run_seconds",
      help: "From the start of a job's last attempt to its end, by terminal state.",
      labelNames: ["state"],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.#submitAck = new client.Histogram({
      name: "titan_submit_ack_seconds",
      help: "From a SubmitJob/SubmitJobs request to its answer (the jobs durable).",
      buckets: ACK_BUCKETS,
      registers,
    });
    new client.Gauge({
      name: "titan_leader",
      help: "Whether this manager serves (leads).",
      registers,
      collect() {
        this.set(source.leading() ? 1 : 0);
      },
    });
    new client.Gauge({
      name: "titan_attempts_running",
      help: "Attempts workers hold (scheduled or running).",
      registers,
      collect() {
        this.set(source.workers().reduce((n, w) => n + w.attempts.size, 0));
      },
    });
    new client.Gauge({
      name: "titan_slots",
      help: "Slots of the HEALTHY workers.",
      registers,
      collect() {
        this.set(healthySlots(source.workers()));
      },
    });
    new client.Gauge({
      name: "titan_jobs_active",
      help: "Jobs not in a terminal state.",
      registers,
      collect() {
        this.set(source.activeJobs());
      },
    });
    new client.Gauge({
      name: "titan_queue_length",
      help: "Jobs waiting for a slot (incl. backoff).",
      registers,
      collect() {
        this.set(source.queueLength());
      },
    });
    new client.Gauge({
      name: "titan_watchers",
      help: "Open WatchJob streams.",
      registers,
      collect() {
        this.set(source.watchers());
      },
    });
    new client.Gauge({
      name: "titan_workers",
      help: "Workers by state.",
      labelNames: ["state"],
      registers,
      collect() {
        const counts = new Map<string, number>(WORKER_STATES.map((s) => [s, 0]));
        for (const w of source.workers()) counts.set(w.state, (counts.get(w.state) ?? 0) + 1);
        for (const [state, n] of counts) this.set({ state }, n);
      },
    });
    new client.Gauge({
      name: "titan_queue_jobs",
      help: "Jobs of each queue by state (pending: waiting; running: holding a slot).",
      labelNames: ["queue", "state"],
      registers,
      collect() {
        this.reset(); // queues forgotten go away
        for (const q of source.queues()) {
          this.set({ queue: q.name, state: "pending" }, q.pending);
          this.set({ queue: q.name, state: "running" }, q.running);
        }
      },
    });
    new client.Gauge({
      name: "titan_queue_paused",
      help: "1 for a paused queue.",
      labelNames: ["queue"],
      registers,
      collect() {
        this.reset();
        for (const q of source.queues()) this.set({ queue: q.name }, q.paused ? 1 : 0);
      },
    });
    new client.Gauge({
      name: "titan_worker_slots",
      help: "Slots a connected-or-leased worker offers.",
      labelNames: ["worker"],
      registers,
      collect() {
        this.reset(); // workers that left go away
        for (const w of source.workers()) {
          if (w.state !== "DISCONNECTED") this.set({ worker: w.id }, w.slots);
        }
      },
    });
    new client.Gauge({
      name: "titan_worker_running_attempts",
      help: "Attempts the manager believes a worker holds.",
      labelNames: ["worker"],
      registers,
      collect() {
        this.reset();
        for (const w of source.workers()) {
          if (w.state !== "DISCONNECTED") this.set({ worker: w.id }, w.attempts.size);
        }
      },
    });
  }

  /** The Prometheus text exposition, and its content type. */
  async render(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }

  /** The figures the dashboard charts, at this moment. */
  reading(): Reading {
    const workers = this.source.workers();
    return {
      submitted: this.#totals.submitted,
      completed: this.#totals.COMPLETED,
      failed: this.#totals.FAILED,
      cancelled: this.#totals.CANCELLED,
      queueLength: this.source.queueLength(),
      running: workers.reduce((n, w) => n + w.attempts.size, 0),
      slots: healthySlots(workers),
      queueWait: { counts: this.#queueWaitTotals.counts, count: this.#queueWaitTotals.count },
    };
  }

  /** A submit was answered after `seconds`. */
  submitAcknowledged(seconds: number): void {
    this.#submitAck.observe(seconds);
  }

  jobsSubmitted(created: number, deduplicated: number): void {
    this.#submitted.inc(created);
    this.#deduplicated.inc(deduplicated);
    this.#totals.submitted += created;
  }

  attemptStarted(job: Job): void {
    // A retry's wait is its backoff, not the queue: the first attempt only.
    if (job.attempt === 1 && job.startedAt !== null) {
      const seconds = Math.max(0, job.startedAt - job.createdAt) / 1000;
      this.#queueWait.observe(seconds);
      this.#queueWaitTotals.observe(seconds);
    }
  }

  jobFinished(job: Job): void {
    this.#finished.inc({ state: job.state });
    if (job.state === "COMPLETED" || job.state === "FAILED" || job.state === "CANCELLED") {
      this.#totals[job.state]++;
    }
    if (job.startedAt !== null && job.finishedAt !== null) {
      this.#runTime.observe(
        { state: job.state },
        Math.max(0, job.finishedAt - job.startedAt) / 1000,
      );
    }
  }

  attemptsAssigned(count: number): void {
    this.#assigned.inc(count);
  }

  attemptRetried(): void {
    this.#retried.inc();
  }

  attemptLost(): void {
    this.#lost.inc();
  }

  attemptHandedBack(): void {
    this.#handedBack.inc();
  }

  queuedAttemptRevoked(): void {
    this.#revoked.inc();
  }

  staleReportsRefused(count: number): void {
    this.#stale.inc(count);
  }
}

function healthySlots(workers: readonly WorkerSession[]): number {
  return workers.reduce((n, w) => n + (w.state === "HEALTHY" ? w.slots : 0), 0);
}
