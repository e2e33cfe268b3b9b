/// <reference lib="dom" />
/**
 * The dashboard's entry: checks the token, then routes by the URL hash (#/jobs, #/jobs/<id>,
 * #/submit, #/workers, #/queues, #/charts). The hash keeps it one static page and the back
 * button working; nothing secret is ever put in it.
 */
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ApiError, call, isServed, schema, setToken, token } from "./api.ts";
import { html } from "./html.ts";
import { ChartsView } from "./views/charts.ts";
import { JobView } from "./views/job.ts";
import { JobsView } from "./views/jobs.ts";
import { LoginView } from "./views/login.ts";
import { QueuesView } from "./views/queues.ts";
import { SubmitView } from "./views/submit.ts";
import { WorkersView } from "./views/workers.ts";

/** How often a page on a manager that is not serving asks again. */
const RETRY_MS = 3000;

function useHash(): string {
  const [hash, setHash] = useState(location.hash || "#/jobs");
  useEffect(() => {
    const on = () => setHash(location.hash || "#/jobs");
    addEventListener("hashchange", on);
    return () => removeEventListener("hashchange", on);
  }, []);
  return hash;
}

const NAV = [
  ["#/jobs", "Jobs"],
  ["#/submit", "Submit"],
  ["#/workers", "Workers"],
  ["#/queues", "Queues & schedules"],
  ["#/charts", "Charts"],
];

function Shell({ onLogout }: { onLogout: () => void }) {
  const hash = useHash();
  // Queues and schedules appear only on a manager that serves them.
  const [queuesServed, setQueuesServed] = useState(false);
  const [role, setRole] = useState("");
  useEffect(() => {
    schema().then((s) => {
      // Several managers over one database: say which one this page talks to.
      if (s.manager.role === "leader") setRole(`leader · term ${s.manager.term}`);
    }).catch(() => {});
  }, []);
  useEffect(() => {
    Promise.all([isServed("ListQueues"), isServed("ListSchedules")]).then(([q, s]) =>
      setQueuesServed(q || s)
    ).catch(() => {});
  }, []);
  const nav = NAV.filter(([href]) => href !== "#/queues" || queuesServed);
  const [path, query = ""] = hash.slice(1).split("?");
  const parts = path.split("/").filter(Boolean);
  let view;
  if (parts[0] === "jobs" && parts[1]) view = html`<${JobView} jobId=${parts[1]} />`;
  else if (parts[0] === "submit") {
    view = html`<${SubmitView} from=${new URLSearchParams(query).get("from") ?? ""} />`;
  } else if (parts[0] === "workers") view = html`<${WorkersView} />`;
  else if (parts[0] === "queues") view = html`<${QueuesView} />`;
  else if (parts[0] === "charts") view = html`<${ChartsView} />`;
  else view = html`<${JobsView} />`;
  const current = "#/" + (parts[0] ?? "jobs");
  return html`
    <a class="skip" href="#main" onClick=${(e: Event) => {
      e.preventDefault();
      document.getElementById("main")?.focus();
    }}>Skip to content</a>
    <header class="top">
      <a class="brand" href="#/jobs">Titan</a>
      ${role
        ? html`<span class="badge role" title="This manager leads the cluster">${role}</span>`
        : null}
      <nav aria-label="Sections">
        ${nav.map(([href, label]) =>
          html`
            <a href=${href} aria-current=${current === href ? "page" : undefined}>${label}</a>
          `
        )}
      </nav>
      ${token() ? html`<button class="link" onClick=${onLogout}>Sign out</button>` : null}
    </header>
    <main id="main" tabIndex="-1">${view}</main>
  `;
}

/** Logged in when a read succeeds (with the stored token, or none when none is configured). */
function App() {
  const [status, setStatus] = useState<"checking" | "in" | "login" | "unavailable">("checking");
  const [error, setError] = useState("");
  const check = async () => {
    try {
      await call("ListWorkers", {});
      setStatus("in");
      setError("");
    } catch (err) {
      if (err instanceof ApiError && err.code === "UNAVAILABLE") {
        // A standby (or a manager between terms): say so and ask again shortly.
        setError(err.message);
        setStatus("unavailable");
        setTimeout(check, RETRY_MS);
      } else if (err instanceof ApiError && err.code === "UNAUTHENTICATED") {
        if (token()) setError(`The manager refused this token: ${err.message}`);
        setToken("");
        setStatus("login");
      } else {
        setError(String((err as Error).message));
        setStatus("login");
      }
    }
  };
  useEffect(() => {
    check();
  }, []);
  if (status === "checking") return html`<p class="muted center">Connecting…</p>`;
  if (status === "unavailable") {
    return html`
      <main class="login" id="main">
        <h1>Titan</h1>
        <p class="notice" role="status">This manager serves nothing right now: ${error}</p>
        <p class="muted">The page tries again every few seconds.</p>
      </main>
    `;
  }
  if (status === "login") {
    return html`<${LoginView} error=${error} onToken=${(t: string) => {
      setToken(t);
      setStatus("checking");
      check();
    }} />`;
  }
  return html`<${Shell} onLogout=${() => {
    setToken("");
    setStatus("login");
  }} />`;
}

render(html`<${App} />`, document.getElementById("app")!);
