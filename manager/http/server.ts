/**
 * The manager's HTTP side port: /healthz (the process is up), /readyz (it serves and accepts
 * jobs), /metrics (Prometheus text format), and the dashboard (dashboard_routes.ts) on every
 * other path.
 */
import type { JobController } from "../core/controller.ts";
import { type DashboardBackend, dashboardRoute } from "./dashboard_routes.ts";
import type { Reading } from "./metrics_history.ts";

export interface HttpStatus {
  ready: () => boolean;
}

/**
 * The figures /metrics and the dashboard's charts share, read at one moment: the charts'
 * history samples this, so both show the same counters.
 */
export function reading(ctl: JobController): Reading {
  let running = 0;
  let slots = 0;
  for (const w of ctl.fleet.all()) {
    running += w.attempts.size;
    if (w.state === "HEALTHY") slots += w.slots;
  }
  const c = ctl.counters;
  return {
    submitted: c.submitted,
    completed: c.completed,
    failed: c.failed,
    cancelled: c.cancelled,
    queueLength: ctl.queueLength,
    running,
    slots,
    queueWait: { counts: ctl.queueWait.counts, count: ctl.queueWait.count },
  };
}

/** Prometheus exposition of the controller's counters and gauges. */
export function renderMetrics(ctl: JobController): string {
  const lines: string[] = [];
  const metric = (name: string, type: string, help: string, samples: [string, number][]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
  };
  const c = ctl.counters;
  const now = reading(ctl);
  metric("titan_jobs_submitted_total", "counter", "Jobs created.", [["", now.submitted]]);
  metric("titan_jobs_deduplicated_total", "counter", "Submits answered by idempotency key.", [[
    "",
    c.deduplicated,
  ]]);
  metric("titan_jobs_finished_total", "counter", "Jobs that reached a terminal state.", [
    ['{state="COMPLETED"}', now.completed],
    ['{state="FAILED"}', now.failed],
    ['{state="CANCELLED"}', now.cancelled],
  ]);
  metric("titan_attempts_assigned_total", "counter", "Attempts sent to workers.", [[
    "",
    c.assigned,
  ]]);
  metric("titan_attempts_retried_total", "counter", "Failed attempts retried.", [["", c.retried]]);
  metric("titan_attempts_lost_total", "counter", "Attempts requeued after losing the worker.", [[
    "",
    c.requeuedLost,
  ]]);
  metric("titan_attempts_handed_back_total", "counter", "Attempts handed back by workers.", [[
    "",
    c.handedBack,
  ]]);
  metric(
    "titan_stale_reports_refused_total",
    "counter",
    "Reports refused because they named an attempt that is no longer current.",
    [["", c.staleReportsRefused]],
  );
  metric("titan_jobs_active", "gauge", "Jobs not in a terminal state.", [["", ctl.activeCount]]);
  metric("titan_queue_length", "gauge", "Jobs waiting for a slot (incl. backoff).", [[
    "",
    now.queueLength,
  ]]);
  metric("titan_attempts_running", "gauge", "Attempts workers hold (scheduled or running).", [[
    "",
    now.running,
  ]]);
  metric("titan_slots", "gauge", "Slots of the HEALTHY workers.", [["", now.slots]]);
  const wait = ctl.queueWait;
  metric(
    "titan_queue_wait_seconds",
    "histogram",
    "Time from submit to a job's first placement on a worker.",
    [
      ...wait.bounds.map((b, i): [string, number] => [`_bucket{le="${b}"}`, wait.counts[i]]),
      ['_bucket{le="+Inf"}', wait.count],
      ["_sum", wait.sum],
      ["_count", wait.count],
    ],
  );
  const byState = new Map<string, number>();
  for (const w of ctl.fleet.all()) byState.set(w.state, (byState.get(w.state) ?? 0) + 1);
  metric(
    "titan_workers",
    "gauge",
    "Workers by state.",
    ["HEALTHY", "DRAINING", "UNHEALTHY", "DISCONNECTED"].map((s) => [
      `{state="${s}"}`,
      byState.get(s) ?? 0,
    ]),
  );
  metric("titan_watchers", "gauge", "Open WatchJob streams.", [["", ctl.watcherCount]]);
  const queues = ctl.listQueues();
  // Queue names are validated (lowercase, digits, '-', '_', '.'): safe as label values.
  metric(
    "titan_queue_jobs",
    "gauge",
    "Jobs of each queue by state (pending: waiting; running: holding a slot).",
    queues.flatMap((q): [string, number][] => [
      [`{queue="${q.name}",state="pending"}`, q.pending],
      [`{queue="${q.name}",state="running"}`, q.running],
    ]),
  );
  metric(
    "titan_queue_paused",
    "gauge",
    "1 for a paused queue.",
    queues.map((q) => [`{queue="${q.name}"}`, q.paused ? 1 : 0]),
  );
  return lines.join("\n") + "\n";
}

/** Serve the side port; returns the server (shut it down on exit). */
export function serveHttp(
  host: string,
  port: number,
  /** The controller being served: none on a standby (which leads nothing). */
  ctl: JobController | (() => JobController | undefined),
  status: HttpStatus,
  dashboard?: DashboardBackend,
): Deno.HttpServer {
  return Deno.serve({ hostname: host, port, onListen: () => {} }, async (req) => {
    const path = new URL(req.url).pathname;
    if (path === "/healthz") return Response.json({ status: "ok" });
    if (path === "/readyz") {
      const ready = status.ready();
      return Response.json({ ready }, { status: ready ? 200 : 503 });
    }
    if (path === "/metrics") {
      const serving = typeof ctl === "function" ? ctl() : ctl;
      const leader = "# HELP titan_leader Whether this manager serves (leads).\n" +
        `# TYPE titan_leader gauge\ntitan_leader ${serving ? 1 : 0}\n`;
      return new Response((serving ? renderMetrics(serving) : "") + leader, {
        headers: { "content-type": "text/plain; version=0.0.4" },
      });
    }
    const page = dashboard ? await dashboardRoute(dashboard, req) : undefined;
    return page ?? Response.json({ error: `no route ${path}` }, { status: 404 });
  });
}
