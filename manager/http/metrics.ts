/**
 * The manager's Prometheus metrics, kept by prom-client: the core's events (core/metrics.ts)
 * as counters and histograms, gauges read from the core when scraped, and prom-client's
 * default process metrics (CPU, memory, event-loop lag, handles).
 */
import client from "prom-client";
import type { Job } from "../../shared/model.ts";
import type { CoreMetrics } from "../core/metrics.ts";
import type { WorkerSession } from "../fleet/fleet.ts";

/** What the gauges read at scrape time. */
export interface GaugeSource {
  activeJobs(): number;
  queueLength(): number;
  watchers(): number;
  workers(): readonly WorkerSession[];
}

const WORKER_STATES = ["HEALTHY", "DRAINING", "UNHEALTHY", "DISCONNECTED"] as const;
const TERMINAL_STATES = ["COMPLETED", "FAILED", "CANCELLED"] as const;

/** Buckets for waits and runs, in seconds: from 1 ms to an hour. */
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
  readonly #stale;
  readonly #queueWait;
  readonly #runTime;
  readonly #submitAck;

  constructor(source: GaugeSource) {
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
    this.#stale = new client.Counter({
      name: "titan_stale_reports_refused_total",
      help: "Reports refused because they named an attempt that is no longer current.",
      registers,
    });
    this.#queueWait = new client.Histogram({
      name: "titan_job_queue_wait_seconds",
      help: "From a job's submit to the start of its first attempt.",
      buckets: DURATION_BUCKETS,
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

  /** A submit was answered after `seconds`. */
  submitAcknowledged(seconds: number): void {
    this.#submitAck.observe(seconds);
  }

  jobsSubmitted(created: number, deduplicated: number): void {
    this.#submitted.inc(created);
    this.#deduplicated.inc(deduplicated);
  }

  attemptStarted(job: Job): void {
    if (job.attempt === 1 && job.startedAt !== null) {
      this.#queueWait.observe(Math.max(0, job.startedAt - job.createdAt) / 1000);
    }
  }

  jobFinished(job: Job): void {
    this.#finished.inc({ state: job.state });
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

  staleReportsRefused(count: number): void {
    this.#stale.inc(count);
  }
}
