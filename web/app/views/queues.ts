/// <reference lib="dom" />
/**
 * Queues (limit on running jobs, pause/resume) and schedules (cron, next fire, pause/resume,
 * trigger now). Each section appears only when the manager serves its methods: one that
 * answers UNIMPLEMENTED shows neither.
 */
import { useEffect, useState } from "preact/hooks";
import { call, isServed } from "../api.ts";
import { ago, shortId, when } from "../format.ts";
import { html } from "../html.ts";

const REFRESH_MS = 3000;

interface QueueInfo {
  name: string;
  maxRunning: number;
  paused: boolean;
  pending: number;
  running: number;
}

interface Schedule {
  name: string;
  cron: string;
  timezone: string;
  job: { command: string; name: string };
  paused: boolean;
  nextFireTime: string;
  lastFireTime: string;
  lastJobId: string;
}

function QueueLimit({ q, onSave }: { q: QueueInfo; onSave: (n: number) => void }) {
  const [value, setValue] = useState(String(q.maxRunning));
  const id = `limit-${q.name}`;
  return html`
    <form class="inline" onSubmit=${(e: Event) => {
      e.preventDefault();
      onSave(Number(value || 0));
    }}>
      <label for=${id} class="sr">Most running at once in ${q.name} (0 = no limit)</label>
      <input id=${id} type="number" min="0" value=${value}
        onInput=${(e: Event) => setValue((e.target as HTMLInputElement).value)} />
      <button type="submit">Set</button>
    </form>
  `;
}

export function QueuesView() {
  const [served, setServed] = useState<{ queues: boolean; schedules: boolean } | undefined>();
  const [queues, setQueues] = useState<QueueInfo[]>([]);
  const [schedules, setSchedules] = useState<Schedule[]>([]);
  const [error, setError] = useState("");
  const [notice, setNotice] = useState("");

  const load = async () => {
    try {
      if (served?.queues) setQueues((await call<{ queues: QueueInfo[] }>("ListQueues")).queues);
      if (served?.schedules) {
        setSchedules((await call<{ schedules: Schedule[] }>("ListSchedules")).schedules);
      }
      setError("");
    } catch (err) {
      setError((err as Error).message);
    }
  };
  useEffect(() => {
    Promise.all([isServed("ListQueues"), isServed("ListSchedules")]).then(([queues, schedules]) =>
      setServed({ queues, schedules })
    ).catch((err) => setError(err.message));
  }, []);
  useEffect(() => {
    if (!served?.queues && !served?.schedules) return;
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, [served?.queues, served?.schedules]);

  const act = async (method: string, request: unknown, what: (res: never) => string) => {
    try {
      const res = await call(method, request);
      setNotice(what(res as never));
      setError("");
      load();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  if (served && !served.queues && !served.schedules) {
    return html`
      <h1>Queues & schedules</h1>
      <p class="muted">This manager serves neither queues nor schedules.</p>
    `;
  }
  return html`
    <h1>Queues & schedules</h1>
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    ${notice ? html`<p class="notice" role="status">${notice}</p>` : null}
    ${served?.queues
      ? html`
        <section aria-label="Queues">
          <h2>Queues</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Queue</th>
                  <th>State</th>
                  <th>Pending</th>
                  <th>Running</th>
                  <th>Most running at once</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>${queues.map((q) =>
                html`
                  <tr key=${q.name} data-queue=${q.name}>
                    <td class="mono">${q.name}</td>
                    <td>${q.paused ? "paused" : "active"}</td>
                    <td>${q.pending}</td>
                    <td>${q.running}</td>
                    <td>
                      <${QueueLimit} q=${q} onSave=${(maxRunning: number) =>
                        act(
                          "UpdateQueue",
                          { name: q.name, maxRunning },
                          () => `${q.name}: at most ${maxRunning || "any number"} running`,
                        )} />
                    </td>
                    <td><button onClick=${() =>
                      act(
                        "UpdateQueue",
                        { name: q.name, paused: !q.paused },
                        () => `${q.name} ${q.paused ? "resumed" : "paused"}`,
                      )}>
                      ${q.paused ? "Resume" : "Pause"} ${q.name}</button></td>
                  </tr>
                `
              )}
            </tbody>
            </table>
          </div>
        </section>
      `
      : null}
    ${served?.schedules
      ? html`
        <section aria-label="Schedules">
          <h2>Schedules</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Schedule</th>
                  <th>Cron</th>
                  <th class="wide">Command</th>
                  <th>Next fire</th>
                  <th>Last run</th>
                  <th>State</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>${schedules.map((s) =>
                html`
                  <tr key=${s.name} data-schedule=${s.name}>
                    <td class="mono">${s.name}</td>
                    <td class="mono">${s.cron}${s.timezone ? ` (${s.timezone})` : ""}</td>
                    <td class="wide mono cmd" title=${s.job?.command}>${s.job?.command}</td>
                    <td title=${s.nextFireTime}>${s.paused ? "—" : when(s.nextFireTime)}</td>
                    <td>${s.lastJobId
                      ? html`<a href=${`#/jobs/${s.lastJobId}`} class="mono">${
                        shortId(s.lastJobId)
                      }</a>
<span class="muted">${` · ${ago(s.lastFireTime)}`}</span>`
                      : "—"}</td>
                    <td>${s.paused ? "paused" : "active"}</td>
                    <td class="buttons">
                      <button onClick=${() =>
                        act("UpdateSchedule", { name: s.name, paused: !s.paused }, () =>
                          `${s.name} ${s.paused ? "resumed" : "paused"}`)}>
                        ${s.paused ? "Resume" : "Pause"}</button>
                      <button onClick=${() =>
                        act("TriggerSchedule", { name: s.name }, (r: { jobId: string }) =>
                          `${s.name} triggered: job ${r.jobId}`)}>Trigger now</button>
                    </td>
                  </tr>
                `
              )}
            </tbody>
            </table>
          </div>
        </section>
      `
      : null}
  `;
}
