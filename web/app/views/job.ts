/// <reference lib="dom" />
/**
 * One job: its spec, outcome, dependencies and output. WatchJob (from the start) replays the
 * captured output, then follows it live until the job ends; the status on screen is the
 * stream's latest.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { call, decodeBytes, watchJob } from "../api.ts";
import { bytes, duration, isTerminal, pairs, shortId, when } from "../format.ts";
import { html } from "../html.ts";
import { describeResources, hasResources, type JobStatus } from "../types.ts";
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
  // Only what is set: a manager without placement or workflows takes the plain spec.
  if (job.name) spec.name = job.name;
  if (job.queue) spec.queue = job.queue;
  if (hasResources(job.resources)) spec.resources = job.resources;
  if (job.selector && Object.keys(job.selector).length) spec.selector = job.selector;
  if (job.dependencies?.length) {
    spec.dependsOn = job.dependencies.map((d) => d.jobId);
    spec.dependencyPolicy = job.dependencyPolicy;
  }
  return spec;
}

interface Output {
  attempt: number;
  stdout: string;
  stderr: string;
  /** Bytes received per stream, kept on the page or not. */
  stdoutBytes: number;
  stderrBytes: number;
  /** Whether the page dropped the start of a stream to stay within PAGE_OUTPUT_CHARS. */
  stdoutDropped: boolean;
  stderrDropped: boolean;
}

/** How long after a broken stream the page opens it again. */
const RECONNECT_MS = 2000;

/** How often a PENDING job's reason for waiting is asked again. */
const PENDING_REFRESH_MS = 3000;

/** The most of each stream the page keeps while following: the end, where the news is. */
export const PAGE_OUTPUT_CHARS = 1_000_000;

const noOutput = (attempt: number): Output => ({
  attempt,
  stdout: "",
  stderr: "",
  stdoutBytes: 0,
  stderrBytes: 0,
  stdoutDropped: false,
  stderrDropped: false,
});

function Row({ label, children }: { label: string; children: unknown }) {
  return html`
    <dt>${label}</dt>
    <dd>${children}</dd>
  `;
}

/** Upstream jobs on the left, arrows into this one: enough to see what it waits for. */
function DependencyGraph({ job }: { job: JobStatus }) {
  const deps = job.dependencies ?? [];
  if (deps.length === 0) return null;
  const rowH = 36;
  const height = deps.length * rowH;
  const target = height / 2;
  const policy = job.dependencyPolicy === "DEPENDENCY_POLICY_AFTER_COMPLETION"
    ? "runs once they have all ended, whatever the outcome"
    : "runs once they have all completed";
  return html`
    <section aria-label="Dependencies" class="deps">
      <h2>Depends on <span class="muted">(${policy})</span></h2>
      <svg class="graph" viewBox=${`0 0 440 ${height}`} width="440" height=${height} role="img"
        aria-label=${`Depends on ${
          deps.map((d) => `${d.name || d.jobId} (${d.state})`).join(", ")
        }`}>
        ${deps.map((d, i) => {
          const y = i * rowH + rowH / 2;
          return html`
            <a href=${`#/jobs/${d.jobId}`}>
              <rect x="2" y=${y - 13} width="210" height="26" rx="4"
                class=${`node s-${d.state.toLowerCase()}`} />
              <text x="10" y=${y + 4}>${d.name || shortId(d.jobId)} · ${d.state}</text>
            </a>
            <path d=${`M212 ${y} C 262 ${y}, 262 ${target}, 312 ${target}`} class="edge" />
          `;
        })}
        <rect x="312" y=${target - 13} width="124" height="26" rx="4"
          class=${`node s-${job.state.toLowerCase()}`} />
        <text x="320" y=${target + 4}>${job.name || "this job"}</text>
      </svg>
    </section>
  `;
}

function OutputPane(
  { title, text, truncated, dropped, total, running }: {
    title: string;
    text: string;
    truncated: boolean;
    dropped: boolean;
    total: number;
    running: boolean;
  },
) {
  // Follow the end while it grows, unless the reader scrolled up to read.
  const pre = useRef<HTMLPreElement>(null);
  const atEnd = useRef(true);
  useEffect(() => {
    if (pre.current && atEnd.current) pre.current.scrollTop = pre.current.scrollHeight;
  }, [text]);
  const onScroll = () => {
    const el = pre.current!;
    atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
  };
  return html`
    <section class="output" aria-label=${title}>
      <h2>${title} <span class="muted">${bytes(total)}${running
        ? " · following live"
        : ""}</span></h2>
      ${truncated
        ? html`<p class="note">Output capped: the manager kept the first part of the ${bytes(total)}
            written.</p>`
        : null}
      ${dropped
        ? html`<p class="note">This page keeps the last ${bytes(PAGE_OUTPUT_CHARS)} of live
            output; what came before is not shown here.</p>`
        : null}
      <pre tabIndex="0" ref=${pre} onScroll=${onScroll} data-stream=${title.toLowerCase()}
        aria-live="off">${text || " "}</pre>
    </section>
  `;
}

export function JobView({ jobId }: { jobId: string }) {
  const [status, setJob] = useState<JobStatus | undefined>();
  const [out, setOut] = useState<Output>(noOutput(0));
  const [error, setError] = useState("");
  const [notice, setNotice] = useState("");
  const [following, setFollowing] = useState(false);
  // Times on the page ("ran for") move on while the job runs.
  const [, setNow] = useState(0);
  const live = status !== undefined && !isTerminal(status.state);
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [live]);

  // What the stream does not carry: why a PENDING job waits (which changes without a state
  // change, e.g. when its queue is paused), and its dependencies. GetJobStatus answers both;
  // while the job is PENDING (no output yet, so the answer is small) it is asked again.
  const [extra, setExtra] = useState<Partial<JobStatus>>({});
  const pending = status?.state === "PENDING";
  useEffect(() => {
    let stop = false;
    const read = () =>
      call<JobStatus>("GetJobStatus", { jobId }).then((s) => {
        if (!stop) setExtra({ pendingReason: s.pendingReason, dependencies: s.dependencies });
      }).catch(() => {});
    read();
    const timer = pending ? setInterval(read, PENDING_REFRESH_MS) : undefined;
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [jobId, pending]);

  useEffect(() => {
    const abort = new AbortController();
    setError("");
    let ended = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    // One decoder per stream and attempt: a character may be split across chunks.
    let decoders = new Map<string, TextDecoder>();
    let fresh = true;
    const onEvent = (event: string, data: unknown) => {
      if (event === "error") {
        setError((data as { message: string }).message);
        return;
      }
      if (event !== "message") return;
      const e = data as {
        status?: JobStatus;
        output?: { stream: string; data: string; attempt: number };
      };
      if (fresh) {
        // Each (re)connection replays the output from the start: begin afresh.
        fresh = false;
        decoders = new Map();
        setOut(noOutput(0));
        setError("");
      }
      if (e.status) {
        setJob(e.status);
        if (isTerminal(e.status.state)) ended = true;
      }
      if (e.output) {
        const key = e.output.stream === "OUTPUT_STREAM_STDERR" ? "stderr" : "stdout";
        const attempt = e.output.attempt;
        const decoderKey = `${key}/${attempt}`;
        if (!decoders.has(decoderKey)) decoders.set(decoderKey, new TextDecoder());
        const raw = decodeBytes(e.output.data);
        const chunk = decoders.get(decoderKey)!.decode(raw, { stream: true });
        setOut((o) => {
          // A new attempt starts its output afresh, as the manager keeps it.
          const base = attempt > o.attempt ? noOutput(attempt) : o;
          let text = base[key] + chunk;
          let dropped = base[`${key}Dropped`];
          if (text.length > PAGE_OUTPUT_CHARS) {
            text = text.slice(text.length - PAGE_OUTPUT_CHARS);
            dropped = true;
          }
          return {
            ...base,
            [key]: text,
            [`${key}Bytes`]: base[`${key}Bytes`] + raw.length,
            [`${key}Dropped`]: dropped,
          };
        });
      }
    };
    // Follow until the job ends; a stream cut short (the manager restarted, or handed over
    // to another leader) is opened again.
    const follow = () => {
      fresh = true;
      setFollowing(true);
      watchJob(jobId, onEvent, abort.signal).catch((err) => setError((err as Error).message))
        .finally(() => {
          setFollowing(false);
          if (!ended && !abort.signal.aborted) retry = setTimeout(follow, RECONNECT_MS);
        });
    };
    follow();
    return () => {
      abort.abort();
      clearTimeout(retry);
    };
  }, [jobId]);

  const job = status &&
    { ...status, ...extra, pendingReason: pending ? extra.pendingReason : "" };
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
          ${hasResources(job.resources)
            ? html`<${Row} label="Resources">${describeResources(job.resources)}<//>`
            : null}
          ${job.scheduleName
            ? html`<${Row} label="Schedule">${job.scheduleName} (fire time ${
              when(job.fireTime ?? "")
            })<//>`
            : null}
          ${job.selector && Object.keys(job.selector).length
            ? html`<${Row} label="Selector">${pairs(job.selector)}<//>`
            : null}
        </dl>
      </section>
    </div>
    <${DependencyGraph} job=${job} />
    <${OutputPane} title="Stdout" text=${out.stdout} truncated=${job.stdoutTruncated}
      dropped=${out.stdoutDropped}
      total=${Math.max(job.stdoutBytes, out.stdoutBytes)} running=${following && running} />
    <${OutputPane} title="Stderr" text=${out.stderr} truncated=${job.stderrTruncated}
      dropped=${out.stderrDropped}
      total=${Math.max(job.stderrBytes, out.stderrBytes)} running=${following && running} />
  `;
}
