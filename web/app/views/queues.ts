/// <reference lib="dom" />
/**
 * Queues (limits, pause/resume) and schedules (next fire, trigger now). Each section appears
 * only when the manager implements its methods: an older manager shows neither.
 */
import { useEffect, useState } from "preact/hooks";
import { call, schema } from "../api.ts";
import { when } from "../format.ts";
import { html } from "../html.ts";

const REFRESH_MS = 3000;

// deno-lint-ignore no-explicit-any
type Item = Record<string, any>;

function Limits({ q }: { q: Item }) {
  const parts = Object.entries(q)
    .filter(([k, v]) => /^max|limit|concurrency|rate/i.test(k) && typeof v === "number" && v > 0)
    .map(([k, v]) => `${k} ${v}`);
  return html`${parts.length ? parts.join(", ") : "none"}`;
}

export function QueuesView() {
  const [methods, setMethods] = useState<string[] | undefined>();
  const [queues, setQueues] = useState<Item[]>([]);
  const [schedules, setSchedules] = useState<Item[]>([]);
  const [error, setError] = useState("");
  const [notice, setNotice] = useState("");
  const hasQueues = methods?.includes("ListQueues") ?? false;
  const hasSchedules = methods?.includes("ListSchedules") ?? false;

  const load = async () => {
    try {
      if (hasQueues) setQueues((await call<{ queues: Item[] }>("ListQueues", {})).queues);
      if (hasSchedules) {
        setSchedules((await call<{ schedules: Item[] }>("ListSchedules", {})).schedules);
      }
      setError("");
    } catch (err) {
      setError((err as Error).message);
    }
  };
  useEffect(() => {
    schema().then((s) => setMethods(s.methods)).catch((err) => setError(err.message));
  }, []);
  useEffect(() => {
    if (!hasQueues && !hasSchedules) return;
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, [hasQueues, hasSchedules]);

  const act = async (method: string, request: Item, what: string) => {
    try {
      await call(method, request);
      setNotice(what);
      load();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  if (methods && !hasQueues && !hasSchedules) {
    return html`
      <h1>Queues & schedules</h1>
      <p class="muted">This manager serves neither queues nor schedules.</p>
    `;
  }
  return html`
    <h1>Queues & schedules</h1>
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    ${notice ? html`<p class="notice" role="status">${notice}</p>` : null}
    ${hasQueues
      ? html`
        <section aria-label="Queues">
          <h2>Queues</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Queue</th>
                  <th>State</th>
                  <th>Limits</th>
                  <th>Pending</th>
                  <th>Running</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>${queues.map((q) =>
                html`
                  <tr key=${q.name} data-queue=${q.name}>
                    <td class="mono">${q.name}</td>
                    <td>${q.paused ? "paused" : "active"}</td>
                    <td>
                      <${Limits} q=${q} />
                    </td>
                    <td>${q.pending ?? "—"}</td>
                    <td>${q.running ?? "—"}</td>
                    <td>${q.paused
                      ? methods?.includes("ResumeQueue") &&
                        html`<button onClick=${() =>
                          act(
                            "ResumeQueue",
                            { name: q.name },
                            `${q.name} resumed`,
                          )}>Resume</button>`
                      : methods?.includes("PauseQueue") &&
                        html`<button onClick=${() =>
                          act(
                            "PauseQueue",
                            { name: q.name },
                            `${q.name} paused`,
                          )}>Pause</button>`}</td>
                  </tr>
                `
              )}
            </tbody>
            </table>
          </div>
        </section>
      `
      : null}
    ${hasSchedules
      ? html`
        <section aria-label="Schedules">
          <h2>Schedules</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Schedule</th>
                  <th>When</th>
                  <th>Command</th>
                  <th>Next fire</th>
                  <th>State</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>${schedules.map((s) =>
                html`
                  <tr key=${s.name} data-schedule=${s.name}>
                    <td class="mono">${s.name}</td>
                    <td class="mono">${s.cron ?? s.every ?? ""}</td>
                    <td class="mono cmd">${s.spec?.command ?? s.command ?? ""}</td>
                    <td>${when(s.nextFireAt ?? s.nextFire ?? "")}</td>
                    <td>${s.paused ? "paused" : "active"}</td>
                    <td>${methods?.includes("TriggerSchedule") && html`<button onClick=${() =>
                      act(
                        "TriggerSchedule",
                        { name: s.name },
                        `${s.name} triggered`,
                      )}>Trigger now</button>`}</td>
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
