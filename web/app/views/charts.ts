/// <reference lib="dom" />
/**
 * The last hour, from the manager's memory: finished jobs per second by state, queue length,
 * queue wait p50/p99 and running attempts against slots. Each sample holds the counters and
 * gauges /metrics shows at that moment; rates are differences of the counters.
 *
 * Plain SVG polylines: four small line charts do not need a charting library's weight.
 */
import { useEffect, useState } from "preact/hooks";
import { history, type Sample } from "../api.ts";
import { html } from "../html.ts";

const REFRESH_MS = 5000;
const W = 600;
const H = 150;

interface Series {
  label: string;
  cls: string;
  points: [number, number | null][];
}

function fmt(v: number): string {
  if (Number.isInteger(v)) return String(v);
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 1) return v.toFixed(1);
  return v.toPrecision(2);
}

export function LineChart(
  { title, unit, series, minScale = 1 }: {
    title: string;
    unit: string;
    series: Series[];
    /** The scale's least maximum, so an idle chart does not magnify noise. */
    minScale?: number;
  },
) {
  const all = series.flatMap((s) => s.points);
  const ts = all.map(([t]) => t);
  const vs = all.map(([, v]) => v).filter((v): v is number => v !== null);
  const t0 = Math.min(...ts, Date.now() - 3600_000);
  const t1 = Math.max(...ts, Date.now());
  const max = Math.max(...vs, minScale) * 1.1;
  const x = (t: number) => ((t - t0) / (t1 - t0 || 1)) * W;
  const y = (v: number) => H - (v / max) * H;
  const last = (s: Series) => [...s.points].reverse().find(([, v]) => v !== null)?.[1];
  const summary = series.map((s) => `${s.label} ${fmt(last(s) ?? 0)}`).join(", ");
  return html`
    <figure class="card chart">
      <figcaption>
        <h2>${title}</h2>
        <ul class="legend">
          ${series.map((s) =>
            html`<li class=${s.cls}><span class="swatch"></span>${s.label}
            <strong data-series=${s.label}>${fmt(last(s) ?? 0)}</strong> ${unit}</li>`
          )}
        </ul>
      </figcaption>
      <svg viewBox=${`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img"
        aria-label=${`${title}, last hour; now: ${summary}`}>
        <line x1="0" y1=${H} x2=${W} y2=${H} class="axis" />
        ${series.map((s) => {
          // A null (no observation in that interval) breaks the line instead of faking zero.
          const runs: string[] = [];
          let run: string[] = [];
          for (const [t, v] of s.points) {
            if (v === null) {
              if (run.length) runs.push(run.join(" "));
              run = [];
            } else run.push(`${x(t).toFixed(1)},${y(v).toFixed(1)}`);
          }
          if (run.length) runs.push(run.join(" "));
          return runs.map((p) => html`<polyline class=${`line ${s.cls}`} points=${p} />`);
        })}
      </svg>
      <div
        class="scale muted"><span>1 h ago</span><span>max ${fmt(
          max / 1.1,
        )} ${unit}</span><span>now</span></div>
    </figure>
  `;
}

/** Per-second rate of a cumulative counter between consecutive samples. */
function rate(samples: Sample[], key: "completed" | "failed" | "cancelled"): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 1; i < samples.length; i++) {
    const dt = (samples[i].t - samples[i - 1].t) / 1000;
    if (dt > 0) out.push([samples[i].t, Math.max(0, samples[i][key] - samples[i - 1][key]) / dt]);
  }
  return out;
}

export function ChartsView() {
  const [samples, setSamples] = useState<Sample[]>([]);
  const [error, setError] = useState("");
  useEffect(() => {
    const load = () =>
      history().then((o) => {
        setSamples(o.samples);
        setError("");
      }).catch((err) => setError((err as Error).message));
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  const latest = samples[samples.length - 1];
  const gauge = (key: keyof Sample) =>
    samples.map((s) => [s.t, s[key] as number | null] as [number, number | null]);
  return html`
    <h1>Last hour</h1>
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    ${latest
      ? html`<p class="muted totals">${`As of ${
        new Date(latest.t).toLocaleTimeString()
      }, since the manager started: `}
          <span data-total="submitted">${latest.submitted}</span>${" submitted, "}
          <span data-total="completed">${latest.completed}</span>${" completed, "}
          <span data-total="failed">${latest.failed}</span>${" failed, "}
          <span data-total="cancelled">${latest.cancelled}</span>${" cancelled."}</p>`
      : null}
    <div class="charts">
      <${LineChart} title="Jobs finished per second" unit="/s" minScale=${0.1} series=${[
        { label: "completed", cls: "c-completed", points: rate(samples, "completed") },
        { label: "failed", cls: "c-failed", points: rate(samples, "failed") },
        { label: "cancelled", cls: "c-cancelled", points: rate(samples, "cancelled") },
      ]} />
      <${LineChart} title="Queue length" unit="jobs" series=${[
        { label: "waiting", cls: "c-pending", points: gauge("queueLength") },
      ]} />
      <${LineChart} title="Queue wait" unit="s" minScale=${0.01} series=${[
        { label: "p50", cls: "c-completed", points: gauge("waitP50") },
        { label: "p99", cls: "c-failed", points: gauge("waitP99") },
      ]} />
      <${LineChart} title="Running attempts and slots" unit="" series=${[
        { label: "running", cls: "c-running", points: gauge("running") },
        { label: "slots", cls: "c-slots", points: gauge("slots") },
      ]} />
    </div>
  `;
}
