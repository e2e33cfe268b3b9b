/**
 * The dashboard on the manager's HTTP port: the page and its bundle (built at build time and
 * committed, served from disk: no CDN), the JSON gateway to the client API, and the reads the
 * client API has no method for (counts per state, the charts' history, search by name or command, the
 * fields of the messages the page builds).
 *
 * Every /api call needs the client token in an `Authorization: Bearer` header when one is
 * configured; the page itself is only a shell that shows a login form until a call succeeds.
 */
import type { Logger } from "../../shared/log.ts";
import { grpc } from "../../shared/proto.ts";
import {
  asCallError,
  CallError,
  errorBody,
  errorResponse,
  type JsonGateway,
} from "./json_gateway.ts";
import type { ListJobsRequest__Output } from "../../shared/gen/titan/ListJobsRequest.ts";
import type { ListJobsResponse } from "../../shared/gen/titan/ListJobsResponse.ts";
import { validateSearchText } from "./job_search.ts";
import type { MetricsHistory } from "./metrics_history.ts";

/** The manager's place in its cluster, as the page's header shows it. */
export interface ManagerRole {
  role: "single" | "leader" | "standby";
  /** The leader's advertised gRPC address, when known. */
  leader: string;
  /** The term being served (leaders only). */
  term?: number;
}

/** What the dashboard needs from the manager, and nothing more. */
export interface DashboardBackend {
  /** The client API (ManagerService) as JSON. */
  gateway: JsonGateway;
  /** Throws UNAUTHENTICATED unless the metadata carries the client token (if one is set). */
  authorize(metadata: grpc.Metadata): void;
  /** Jobs per state, over the whole store. */
  countByState(): Promise<Partial<Record<string, number>>>;
  /** ListJobs with text searched in the name or command (job_search.ts). */
  searchJobs(request: ListJobsRequest__Output, text: string): Promise<ListJobsResponse>;
  history: MetricsHistory;
  /** Which JobSpec fields the manager acts on (served_fields.ts). */
  specFields: string[];
  /**
   * Answer only requests addressed to a loopback name: set when no client token is
   * configured (the manager then listens on loopback only, unless told --insecure).
   */
  loopbackOnly?: boolean;
  /** Which manager this is: the one (SQLite), or a leader or standby (PostgreSQL). */
  role(): ManagerRole;
  log: Logger;
  /** The built page: index.html, app.js, app.css. */
  assetsDir: string;
}

/** Where the built page is (web/build.ts writes it; it is committed). */
export const DASHBOARD_DIR = new URL("./dashboard/", import.meta.url).pathname;

/**
 * How long counts per state are reused: at least a second, and twenty times what the last
 * count took, so counting costs at most ~5 % of a core however many jobs are kept (a million
 * take ~150 ms to count on the 2-core CI machine: bench/dashboard_reads.ts).
 */
export const COUNTS_MIN_TTL_MS = 1000;
export const COUNTS_COST_FACTOR = 20;

/**
 * `read`, answered from its last result while that is younger than `minTtlMs` or
 * `costFactor` times what the read took, and shared by the callers that ask while one read
 * runs: many open dashboards cost one read.
 */
export function cachedFor<T>(
  minTtlMs: number,
  costFactor: number,
  read: () => Promise<T>,
  now: () => number = performance.now.bind(performance),
): () => Promise<T> {
  let last: { at: number; ttl: number; value: Promise<T> } | undefined;
  return () => {
    const t = now();
    if (!last || t - last.at >= last.ttl) {
      const value = read();
      const entry = { at: t, ttl: minTtlMs, value };
      last = entry;
      value.then(
        () => (entry.ttl = Math.max(minTtlMs, (now() - t) * costFactor)),
        () => {
          if (last === entry) last = undefined;
        },
      );
    }
    return last.value;
  };
}

const ASSETS: Record<string, [file: string, type: string]> = {
  "/": ["index.html", "text/html; charset=utf-8"],
  "/index.html": ["index.html", "text/html; charset=utf-8"],
  "/app.js": ["app.js", "text/javascript; charset=utf-8"],
  "/app.css": ["app.css", "text/css; charset=utf-8"],
};

/** The page loads nothing but itself: scripts, styles and calls from this origin only. */
const SECURITY_HEADERS = {
  "content-security-policy":
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; " +
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

/** The messages whose fields the page asks about, to show only what this manager has. */
const SCHEMA_MESSAGES = ["JobSpec", "JobStatus", "ListJobsRequest", "WorkerInfo"];

/** How often an open event stream sends a comment, so idle proxies keep it open. */
const KEEPALIVE_MS = 15_000;

function metadataOf(req: Request): grpc.Metadata {
  const metadata = new grpc.Metadata();
  const auth = req.headers.get("authorization");
  if (auth !== null) metadata.set("authorization", auth);
  return metadata;
}

async function jsonBody(req: Request): Promise<unknown> {
  const text = await req.text();
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CallError(
      grpc.status.INVALID_ARGUMENT,
      `request body is not JSON: ${(err as Error).message}`,
    );
  }
}

/** An event stream: `open` gets a `send(event, data)` and returns the cleanup. */
function eventStream(
  open: (send: (event: string, data: unknown) => void, close: () => void) => () => void,
): Response {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  let keepalive: ReturnType<typeof setInterval> | undefined;
  let closed = false;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const close = () => {
        if (closed) return;
        closed = true;
        clearInterval(keepalive);
        cleanup();
        controller.close();
      };
      const send = (event: string, data: unknown) => {
        if (closed) return;
        controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
      };
      keepalive = setInterval(() => {
        if (!closed) controller.enqueue(encoder.encode(": keepalive\n\n"));
      }, KEEPALIVE_MS);
      cleanup = open(send, close);
    },
    cancel() {
      closed = true;
      clearInterval(keepalive);
      cleanup();
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/event-stream",
      "cache-control": "no-store",
      ...SECURITY_HEADERS,
    },
  });
}

/**
 * A server-streaming method as an event stream. A stream that fails before its first message
 * (bad request, token, unknown job) answers a plain error response with the mapped status.
 */
async function streamMethod(
  gateway: JsonGateway,
  method: string,
  request: unknown,
  metadata: grpc.Metadata,
): Promise<Response> {
  const early: unknown[] = [];
  let earlyEnd: { err?: CallError } | undefined;
  let live: { send: (e: string, d: unknown) => void; close: () => void } | undefined;
  const started = Promise.withResolvers<void>();
  const cancel = gateway.stream(method, request, metadata, (message) => {
    if (live) live.send("message", message);
    else early.push(message);
    started.resolve();
  }, (err) => {
    if (live) {
      if (err) live.send("error", errorBody(err));
      else live.send("end", {});
      live.close();
    } else earlyEnd = { err };
    started.resolve();
  });
  await started.promise;
  if (earlyEnd?.err && early.length === 0) return errorResponse(earlyEnd.err);
  return eventStream((send, close) => {
    live = { send, close };
    for (const m of early) send("message", m);
    if (earlyEnd) {
      if (earlyEnd.err) send("error", errorBody(earlyEnd.err));
      else send("end", {});
      close();
    }
    return cancel;
  });
}

/**
 * Status changes of many jobs on one stream (a browser keeps few connections per host, so
 * the jobs table cannot open one WatchJob per row). Each job is watched through the same
 * WatchJob handler; its events arrive as `status` with the JobStatus JSON, output dropped.
 */
function watchJobs(backend: DashboardBackend, jobIds: unknown, metadata: grpc.Metadata): Response {
  backend.authorize(metadata);
  if (!Array.isArray(jobIds) || jobIds.some((id) => typeof id !== "string")) {
    throw new CallError(grpc.status.INVALID_ARGUMENT, "job_ids must be an array of job ids");
  }
  if (jobIds.length > 1000) {
    throw new CallError(
      grpc.status.INVALID_ARGUMENT,
      `job_ids has ${jobIds.length} entries, more than 1000`,
    );
  }
  return eventStream((send) => {
    const cancels = (jobIds as string[]).map((jobId) => {
      try {
        return backend.gateway.stream("WatchJob", { jobId }, metadata, (event) => {
          const status = (event as { status?: unknown }).status;
          if (status) send("status", status);
        }, (err) => {
          if (err) send("error", { jobId, ...errorBody(err) });
        });
      } catch (err) {
        send("error", { jobId, ...errorBody(asCallError(err)) });
        return () => {};
      }
    });
    return () => cancels.forEach((c) => c());
  });
}

/**
 * Refuse calls that another site's page makes through the user's browser. A page elsewhere can
 * POST here without reading the answer (no CORS is granted), and without a token that is
 * enough to submit a job; so a call whose Origin is not this host is refused. Without tokens
 * the API also answers only to a loopback Host: a page on a name that resolves to 127.0.0.1
 * (DNS rebinding) is same-origin to the browser, but not to this check.
 */
function refuseForeignPages(backend: DashboardBackend, req: Request): void {
  const host = req.headers.get("host") ?? new URL(req.url).host;
  const origin = req.headers.get("origin");
  if (origin !== null) {
    let originHost = "";
    try {
      originHost = new URL(origin).host;
    } catch { /* "null" or garbage: foreign */ }
    if (originHost !== host) {
      throw new CallError(
        grpc.status.PERMISSION_DENIED,
        `calls from pages of another origin (${origin.slice(0, 100)}) are refused`,
      );
    }
  }
  if (backend.loopbackOnly) {
    const name = host.replace(/:\d+$/, "").replace(/^\[|\]$/g, "");
    if (!(name === "localhost" || name === "::1" || /^127\./.test(name))) {
      throw new CallError(
        grpc.status.PERMISSION_DENIED,
        `without tokens the dashboard answers only on a loopback address, not ${
          JSON.stringify(host.slice(0, 100))
        }`,
      );
    }
  }
}

/** Serve the dashboard's routes; undefined for a path that is not the dashboard's. */
export async function dashboardRoute(
  backend: DashboardBackend,
  req: Request,
): Promise<Response | undefined> {
  const url = new URL(req.url);
  const path = url.pathname;
  const asset = ASSETS[path];
  if (asset && (req.method === "GET" || req.method === "HEAD")) {
    const [file, type] = asset;
    const body = await Deno.readFile(`${backend.assetsDir}/${file}`);
    return new Response(req.method === "HEAD" ? null : body, {
      headers: { "content-type": type, "cache-control": "no-cache", ...SECURITY_HEADERS },
    });
  }
  if (!path.startsWith("/api/")) return undefined;
  try {
    if (req.method !== "POST") {
      return errorResponse(new CallError(grpc.status.UNIMPLEMENTED, `${path} takes POST`));
    }
    refuseForeignPages(backend, req);
    const metadata = metadataOf(req);
    const body = await jsonBody(req);
    if (path === "/api/dashboard/Overview") {
      backend.authorize(metadata);
      return Response.json({ counts: await backend.countByState() });
    }
    if (path === "/api/dashboard/History") {
      backend.authorize(metadata);
      return Response.json({
        samples: backend.history.samples,
        intervalMs: backend.history.intervalMs,
      });
    }
    if (path === "/api/dashboard/SearchJobs") {
      backend.authorize(metadata);
      const { text, ...listRequest } = body as Record<string, unknown>;
      const request = backend.gateway.decodeRequest("ListJobs", listRequest);
      const page = await backend.searchJobs(
        request as ListJobsRequest__Output,
        validateSearchText(text),
      );
      return Response.json(backend.gateway.encodeResponse("ListJobs", page));
    }
    if (path === "/api/dashboard/Schema") {
      backend.authorize(metadata);
      return Response.json({
        manager: backend.role(),
        fields: {
          ...Object.fromEntries(SCHEMA_MESSAGES.map((m) => [m, backend.gateway.fieldsOf(m)])),
          JobSpec: backend.specFields,
        },
      });
    }
    if (path === "/api/dashboard/WatchJobs") {
      const ids = body as { jobIds?: unknown; job_ids?: unknown };
      return watchJobs(backend, ids.jobIds ?? ids.job_ids ?? [], metadata);
    }
    const prefix = `/api/${backend.gateway.serviceName}/`;
    if (path.startsWith(prefix)) {
      const method = path.slice(prefix.length);
      if ((req.headers.get("accept") ?? "").includes("text/event-stream")) {
        return await streamMethod(backend.gateway, method, body, metadata);
      }
      return Response.json(await backend.gateway.unary(method, body, metadata));
    }
    return errorResponse(new CallError(grpc.status.UNIMPLEMENTED, `no route ${path}`));
  } catch (err) {
    const status = asCallError(err);
    if (status.code === grpc.status.INTERNAL) {
      backend.log.error("internal error in dashboard API", { path, err: String(err) });
    }
    return errorResponse(status);
  }
}
