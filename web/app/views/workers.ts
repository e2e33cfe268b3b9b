/// <reference lib="dom" />
/** The fleet: each worker's health, load, labels, isolation, running attempts and a drain button. */
import { useEffect, useState } from "preact/hooks";
import { call } from "../api.ts";
import { ago, shortId, workerStateName } from "../format.ts";
import { html } from "../html.ts";
import { hasResources, type JobStatus, type Resources, type WorkerInfo } from "../types.ts";

const REFRESH_MS = 2000;

function Meter({ used, total, label }: { used: number; total: number; label: string }) {
  const pct = total > 0 ? Math.min(100, Math.round((used / total) * 100)) : 0;
  return html`
    <div class="meter" role="meter" aria-label=${label} aria-valuemin="0" aria-valuemax=${total}
      aria-valuenow=${used}>
      <span class="bar" style=${`width:${pct}%`}></span>
      <span class="meter-text">${used} of ${total} ${label}</span>
    </div>
  `;
}

/** CPU, memory and each device: reserved by running attempts, of what the worker offers. */
function resourceMeters(capacity: Resources, allocated: Resources | null | undefined) {
  const meters: [string, number, number][] = [];
  if (capacity.cpuMillis) {
    meters.push(["cores", (allocated?.cpuMillis ?? 0) / 1000, capacity.cpuMillis / 1000]);
  }
  if (capacity.memoryMb) meters.push(["MiB", allocated?.memoryMb ?? 0, capacity.memoryMb]);
  for (const [name, total] of Object.entries(capacity.devices ?? {})) {
    meters.push([name, allocated?.devices?.[name] ?? 0, total]);
  }
  return meters.map(([label, used, total]) =>
    html`<${Meter} used=${used} total=${total} label=${label} />`
  );
}

export function WorkersView() {
  const [workers, setWorkers] = useState<WorkerInfo[]>([]);
  const [running, setRunning] = useState<Record<string, JobStatus[]>>({});
  const [error, setError] = useState("");
  const [notice, setNotice] = useState("");

  const load = async () => {
    try {
      const { workers } = await call<{ workers: WorkerInfo[] }>("ListWorkers", {});
      setWorkers(workers);
      // Jobs holding a slot are bounded by the fleet's slots, so one page covers them.
      const { jobs } = await call<{ jobs: JobStatus[] }>("ListJobs", {
        states: ["SCHEDULED", "RUNNING"],
        pageSize: 1000,
      });
      const byWorker: Record<string, JobStatus[]> = {};
      for (const j of jobs) (byWorker[j.workerId] ??= []).push(j);
      setRunning(byWorker);
      setError("");
    } catch (err) {
      setError((err as Error).message);
    }
  };
  useEffect(() => {
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  const drain = async (id: string) => {
    try {
      const res = await call<{ state: string }>("DrainWorker", { workerId: id });
      setNotice(`${id}: ${workerStateName(res.state)}`);
      load();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return html`
    <h1>Workers</h1>
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    ${notice ? html`<p class="notice" role="status">${notice}</p>` : null}
    ${workers.length === 0 ? html`<p class="muted">No workers have connected.</p>` : null}
    <div class="cards">
      ${workers.map((w) =>
        html`
          <article class="card worker" key=${w.workerId} data-worker=${w.workerId}
            aria-label=${`Worker ${w.workerId}`}>
            <header>
              <h2 class="mono">${w.workerId}</h2>
              <span class=${`badge w-${workerStateName(w.state).toLowerCase()}`}>${workerStateName(
                w.state,
              )}</span>
            </header>
            <${Meter} used=${Math.min(w.running, w.slots)} total=${w.slots} label="slots" />
            ${w.queueDepth
              ? html`
                <p class="muted" data-queued>
                  ${Math.max(0, w.running - w.slots)} of ${w.queueDepth} queued for a free slot
                </p>
              `
              : null}
            ${hasResources(w.capacity) ? resourceMeters(w.capacity, w.allocated) : null}
            <dl>
              <dt>Last contact</dt><dd title=${w.lastHeartbeat}>${ago(w.lastHeartbeat)}</dd>
              <dt>Connected</dt><dd title=${w.connectedAt}>${ago(w.connectedAt)}</dd>
              ${w.isolation
                ? html`
                  <dt>Isolation</dt>
                  <dd>${w.isolation}</dd>
                `
                : null}
              <dt>Address</dt><dd class="mono">${w.address || "—"}</dd>
              <dt>Version</dt><dd>${w.version || "—"}</dd>
              <dt>Completed</dt><dd>${w.completed}</dd>
              <dt>Labels</dt><dd>${Object.keys(w.labels).length
                ? Object.entries(w.labels).map(([k, v]) =>
                  html`
                    <span class="tag">${k}=${v}</span>
                  `
                )
                : "—"}</dd>
            </dl>
            <details>
              <summary>${(running[w.workerId] ?? []).length} running attempt(s)</summary>
              <ul class="attempts">
                ${(running[w.workerId] ?? []).map((j) =>
                  html`
                    <li><a href=${`#/jobs/${j.jobId}`} class="mono">${j.name ||
                      shortId(j.jobId)}</a>
                      #${j.attempt} <span class="muted cmd">${j.command}</span></li>
                  `
                )}
              </ul>
            </details>
            ${w.state === "WORKER_STATE_HEALTHY"
              ? html`<button class="danger" onClick=${() =>
                drain(w.workerId)}>Drain ${w.workerId}</button>`
              : null}
          </article>
        `
      )}
    </div>
  `;
}
