/// <reference lib="dom" />
/**
 * The jobs table: counts per state, state filters, search, and keyset pagination (page
 * tokens, never offsets: a page costs the same over a million jobs). Rows change state live
 * through one WatchJobs stream for the rows on screen; the first page also refreshes to show
 * new jobs.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { call, overview, searchJobs, watchJobs } from "../api.ts";
import { ago, isTerminal, shortId, STATES } from "../format.ts";
import { html } from "../html.ts";
import type { JobStatus } from "../types.ts";

const PAGE_SIZE = 50;
const REFRESH_MS = 2000;
const SEARCH_REFRESH_MS = 10_000;

export function StateBadge({ state }: { state: string }) {
  return html`<span class=${`badge s-${state.toLowerCase()}`}>${state}</span>`;
}

export function JobsView() {
  const [states, setStates] = useState<string[]>([]);
  const [search, setSearch] = useState("");
  const [query, setQuery] = useState("");
  const [tokens, setTokens] = useState<string[]>([""]); // page tokens of the pages visited
  const [jobs, setJobs] = useState<JobStatus[]>([]);
  const [next, setNext] = useState("");
  const [counts, setCounts] = useState<Record<string, number>>({});
  const [error, setError] = useState("");
  const pageToken = tokens[tokens.length - 1];
  const tick = useRef(0);

  const load = async () => {
    const mine = ++tick.current;
    try {
      const request = { states, pageSize: PAGE_SIZE, pageToken };
      type Page = { jobs: JobStatus[]; nextPageToken: string };
      const page = query
        ? await searchJobs<Page>(request, query)
        : await call<Page>("ListJobs", request);
      if (mine !== tick.current) return;
      setJobs(page.jobs);
      setNext(page.nextPageToken);
      setError("");
    } catch (err) {
      setError((err as Error).message);
    }
    overview().then((o) => setCounts(o.counts)).catch(() => {});
  };

  useEffect(() => {
    load();
    // Only the newest page refreshes (new jobs land there); a search is asked for again
    // less often, since a rare match may walk many jobs.
    if (pageToken !== "") return;
    const timer = setInterval(load, query ? SEARCH_REFRESH_MS : REFRESH_MS);
    return () => clearInterval(timer);
  }, [states.join(), query, pageToken]);

  // Live state changes of the rows on screen that can still change.
  const liveIds = jobs.filter((j) => !isTerminal(j.state)).map((j) => j.jobId);
  const [reconnect, setReconnect] = useState(0);
  useEffect(() => {
    if (liveIds.length === 0) return;
    const abort = new AbortController();
    let retry: ReturnType<typeof setTimeout> | undefined;
    watchJobs(liveIds, (event, data) => {
      if (event !== "status") return;
      const s = data as JobStatus;
      setJobs((rows) => rows.map((r) => r.jobId === s.jobId ? { ...r, ...s } : r));
    }, abort.signal).catch(() => {}).finally(() => {
      // The stream ends only when the manager went away: open it again (the refresh
      // covers the gap).
      if (!abort.signal.aborted) retry = setTimeout(() => setReconnect((n) => n + 1), 2000);
    });
    return () => {
      abort.abort();
      clearTimeout(retry);
    };
  }, [liveIds.join(), reconnect]);

  const toggle = (state: string) => {
    setStates((s) => s.includes(state) ? s.filter((x) => x !== state) : [...s, state]);
    setTokens([""]);
  };
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  // A queue column once jobs on screen use queues other than the default one.
  const queues = jobs.some((j) => j.queue && j.queue !== "default");

  return html`
    <h1>Jobs</h1>
    <div class="counts" role="group" aria-label="Filter by state">
      ${STATES.map((s) =>
        html`
          <button class=${`count s-${s.toLowerCase()}`} aria-pressed=${states.includes(s)}
            onClick=${() => toggle(s)}>
            <span class="n" data-state=${s}>${counts[s] ?? 0}</span> ${s}
          </button>
        `
      )}
      <span class="muted total">${total} in all</span>
    </div>
    <form class="search" role="search" onSubmit=${(e: Event) => {
      e.preventDefault();
      setQuery(search.trim());
      setTokens([""]);
    }}>
      <label for="q" class="sr">Search jobs by name or command</label>
      <input id="q" type="search" placeholder="Search names and commands" value=${search}
        onInput=${(e: Event) => setSearch((e.target as HTMLInputElement).value)} />
      <button type="submit">Search</button>
      ${query
        ? html`<button type="button" onClick=${() => {
          setSearch("");
          setQuery("");
          setTokens([""]);
        }}>Clear</button>`
        : null}
    </form>
    ${error ? html`<p class="error" role="alert">${error}</p>` : null}
    <div class="table-wrap">
      <table class="jobs">
        <thead><tr>
          <th>Job</th><th>State</th><th class="wide">Command</th>
          ${queues ? html`<th class="opt">Queue</th>` : null}<th class="opt">Worker</th>
          <th class="opt">Attempt</th><th>Created</th>
        </tr></thead>
        <tbody>
          ${jobs.map((j) =>
            html`
              <tr key=${j.jobId} data-job=${j.jobId}>
                <td><a href=${`#/jobs/${j.jobId}`} class="mono">${j.name ||
                  shortId(j.jobId)}</a></td>
                <td>
                  <${StateBadge} state=${j.state} />
                </td>
                <td class="wide mono cmd" title=${j.command}>${j.command}</td>
                ${queues ? html`<td class="opt mono">${j.queue}</td>` : null}
                <td class="opt">${j.workerId || "—"}</td>
                <td class="opt">${j.attempt || "—"}</td>
                <td title=${j.createdAt}>${ago(j.createdAt)}</td>
              </tr>
            `
          )}
        </tbody>
      </table>
      ${jobs.length === 0
        ? html`<p class="muted">No jobs${states.length ? " in these states" : ""}.</p>`
        : null}
    </div>
    <nav class="pager" aria-label="Pages">
      <button disabled=${tokens.length === 1} onClick=${() => setTokens((t) => t.slice(0, -1))}>
        ← Newer</button>
      <span class="muted">Page ${tokens.length}</span>
      <button disabled=${!next} onClick=${() => setTokens((t) => [...t, next])}>Older →</button>
    </nav>
  `;
}
