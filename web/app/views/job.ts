/// <reference lib="dom" />
/**
 * One job: its spec, outcome, dependencies and output. WatchJob (from the start) replays the
 * captured output, then follows it live until the job ends; the status on screen is the
 * stream's latest.
 */
import { useEffect, useState } from "preact/hooks";
import { call, decodeBytes, watchJob } from "../api.ts";
import { bytes, duration, isTerminal, pairs, shortId, when } from "../format.ts";
import { html } from "../html.ts";
import type { JobStatus } from "../types.ts";
import { StateBadge } from "./jobs.ts";

/** The spec fields of a status, as SubmitJob takes them (for "submit again"). */
export function specOf(job: JobStatus): Record<string, unknown> {
  const spec: Record<string, unknown> = {
    command: job.command,
    env: job.env,
    cwd: job.cwd,
    timeoutSeconds: job.timeoutSeconds,
    maxRetries: job.maxRetries,
    priority: job.priority,
  };
  for (const k of ["name", "queue", "resources", "selector", "dependsOn"] as const) {
    if (job[k] !== undefined) spec[k] = job[k];
  }
  return spec;
}

interface Output {
  attempt: number;
  stdout: string;
  stderr: string;
}

function Row({ label, children }: { label: string; children: unknown }) {
  return html`
    <dt>${label}</dt>
    <dd>${children}</dd>
  `;
}

/** Upstream jobs on the left, arrows into this one: enough to see what it waits for. */
function DependencyGraph({ job }: { job: JobStatus }) {
  const ids = job.dependsOn ?? [];
  const [upstream, setUpstream] = useState<Record<string, JobStatus>>({});
  useEffect(() => {
    for (const id of ids) {
      call<JobStatus>("GetJobStatus", { jobId: id }).then((s) =>
        setUpstream((u) => ({ ...u, [id]: s }))
      ).catch(() => {});
    }
  }, [ids.join()]);
  if (ids.length === 0) return null;
  const rowH = 36;
  const height = Math.max(ids.length * rowH, rowH);
  const target = height / 2;
  return html`
    <section aria-label="Dependencies">
      <h2>Depends on</h2>
      <svg class="graph" viewBox=${`0 0 420 ${height}`} width="420" height=${height} role="img"
        aria-label=${`Depends on ${ids.length} job(s)`}>
        ${ids.map((id, i) => {
          const y = i * rowH + rowH / 2;
          const state = upstream[id]?.state ?? "";
          return html`
            <a href=${`#/jobs/${id}`}>
              <rect x="2" y=${y - 13} width="190" height="26" rx="4"
                class=${`node s-${state.toLowerCase()}`} />
              <text x="10" y=${y + 4}>${upstream[id]?.name || shortId(id)} ${state}</text>
            </a>
            <path d=${`M192 ${y} C 250 ${y}, 250 ${target}, 300 ${target}`} class="edge" />
          `;
        })}
        <rect x="300" y=${target - 13} width="116" height="26" rx="4"
          class=${`node s-${job.state.toLowerCase()}`} />
        <text x="308" y=${target + 4}>this job</text>
      </svg>
    </section>
  `;
}

function OutputPane(
  { title, text, truncated, total, running }: {
    title: string;
    text: string;
    truncated: boolean;
    total: number;
    running: boolean;
  },
) {
  return html`
    <section class="output" aria-label=${title}>
      <h2>${title} <span class="muted">${bytes(total)}${running
        ? " · following live"
        : ""}</span></h2>
      ${truncated
        ? html`<p class="note">Output capped: the manager kept the first part of the ${bytes(total)}
            written.</p>`
        : null}
      <pre tabIndex="0" data-stream=${title.toLowerCase()}>${text || " "}</pre>
    </section>
  `;
}

export function JobView({ jobId }: { jobId: string }) {
  const [job, setJob] = useState<JobStatus | undefined>();
  const [out, setOut] = useState<Output>({ attempt: 0, stdout: "", stderr: "" });
  const [error, setError] = useState("");
  const [notice, setNotice] = useState("");
  const [following, setFollowing] = useState(false);

  useEffect(() => {
    const abort = new AbortController();
    setOut({ attempt: 0, stdout: "", stderr: "" });
    setError("");
    setFollowing(true);
    watchJob(jobId, (event, data) => {
      if (event === "error") {
        setError((data as { message: string }).message);
        return;
      }
      if (event !== "message") return;
      const e = data as {
        status?: JobStatus;
        output?: { stream: string; data: string; attempt: number };
      };
      if (e.status) setJob(e.status);
      if (e.output) {
        const chunk = decodeBytes(e.output.data);
        const key = e.output.stream === "STDERR" ? "stderr" : "stdout";
        const attempt = e.output.attempt;
        setOut((o) => {
          // A new attempt starts its output afresh, as the manager keeps it.
          const base = attempt > o.attempt ? { attempt, stdout: "", stderr: "" } : o;
          return { ...base, [key]: base[key] + chunk };
        });
      }
    }, abort.signal).catch((err) => setError((err as Error).message)).finally(() =>
      setFollowing(false)
    );
    return () => abort.abort();
  }, [jobId]);

  if (!job) {
    return error
      ? html`
        <h1>Job</h1>
        <p class="error" role="alert">${error}</p>
      `
      : html`<p class="muted">Loading…</p>`;
  }
  const running = !isTerminal(job.state);
  const cancel = async () => {
    try {
      const res = await call<{ state: string }>("CancelJob", { jobId });
      setNotice(`Cancel requested: ${res.state}`);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const again = async () => {
    try {
      const res = await call<{ jobId: string }>("SubmitJob", specOf(job));
      location.hash = `#/jobs/${res.jobId}`;
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return html`
    <h1 class="job-title"><span class="mono">${job.name || job.jobId}</span>
      <${StateBadge} state=${job.state} /></h1>
    <div class="actions">
      ${running ? html`<button class="danger" onClick=${cancel}>Cancel job</button>` : null}
      <button onClick=${again}>Submit again</button>
      <a class="button" href=${`#/submit?from=${jobId}`}>Edit and submit…</a>
    </div>
    ${notice ? html`<p class="notice" role="status">${notice}</p>` : null}
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    <div class="grid2">
      <section class="card" aria-label="Outcome">
        <h2>Outcome</h2>
        <dl>
          <${Row} label="State">${job.state}${job.timedOut ? " (timed out)" : ""}<//>
          ${job.pendingReason
            ? html`<${Row} label="Waiting because">${job.pendingReason}<//>`
            : null}
          <${Row} label="Attempt">${job.attempt || "not scheduled yet"}${job.maxRetries
            ? ` of up to ${job.maxRetries + 1}`
            : ""}<//>
          <${Row} label="Worker">${job.workerId || "—"}<//>
          <${Row} label="Exit">${job.exitCode !== undefined
            ? `code ${job.exitCode}`
            : job.signal
            ? job.signal
            : "—"}<//>
          ${job.error
            ? html`<${Row} label="Error"><span class="error-text">${job.error}</span><//>`
            : null}
          <${Row} label="Created">${when(job.createdAt)}<//>
          <${Row} label="Started">${when(job.startedAt)}<//>
          <${Row} label="Finished">${when(job.finishedAt)}<//>
          <${Row} label="Ran for">${duration(job.startedAt, job.finishedAt)}<//>
          ${job.notBefore ? html`<${Row} label="Retry after">${when(job.notBefore)}<//>` : null}
        </dl>
      </section>
      <section class="card" aria-label="Spec">
        <h2>Spec</h2>
        <dl>
          <${Row} label="Job id"><span class="mono">${job.jobId}</span><//>
          <${Row} label="Command"><code class="cmd-full">${job.command}</code><//>
          <${Row} label="Working dir">${job.cwd || "the worker's work dir"}<//>
          <${Row} label="Environment"><code>${pairs(job.env) || "—"}</code><//>
          <${Row} label="Timeout">${job.timeoutSeconds ? `${job.timeoutSeconds} s` : "none"}<//>
          <${Row} label="Retries">${job.maxRetries}<//>
          <${Row} label="Priority">${job.priority}<//>
          ${job.idempotencyKey
            ? html`<${Row} label="Idempotency key">${job.idempotencyKey}<//>`
            : null}
          ${job.queue ? html`<${Row} label="Queue">${job.queue}<//>` : null}
          ${job.resources && Object.keys(job.resources).length
            ? html`<${Row} label="Resources">${pairs(job.resources as never)}<//>`
            : null}
          ${job.selector && Object.keys(job.selector).length
            ? html`<${Row} label="Selector">${pairs(job.selector)}<//>`
            : null}
        </dl>
      </section>
    </div>
    <${DependencyGraph} job=${job} />
    <${OutputPane} title="Stdout" text=${out.stdout} truncated=${job.stdoutTruncated}
      total=${Math.max(job.stdoutBytes, out.stdout.length)} running=${following && running} />
    <${OutputPane} title="Stderr" text=${out.stderr} truncated=${job.stderrTruncated}
      total=${Math.max(job.stderrBytes, out.stderr.length)} running=${following && running} />
  `;
}
