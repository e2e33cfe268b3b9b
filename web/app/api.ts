/// <reference lib="dom" />
/**
 * The page's client of the manager's JSON API (manager/http: the gRPC handlers over HTTP).
 * The client token lives in sessionStorage and travels only in the Authorization header.
 */
import { createParser } from "eventsource-parser";

const TOKEN_KEY = "titan.token";
const SERVICE = "/api/titan.ManagerService/";

/** A failed call: the HTTP status, the gRPC code name and the manager's message. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = "ApiError";
  }
}

export function token(): string {
  return sessionStorage.getItem(TOKEN_KEY) ?? "";
}

export function setToken(value: string): void {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  const t = token();
  return {
    "content-type": "application/json",
    ...(t ? { authorization: `Bearer ${t}` } : {}),
    ...extra,
  };
}

async function failure(res: Response): Promise<ApiError> {
  const body = await res.json().catch(() => ({}));
  return new ApiError(res.status, body.code ?? "UNKNOWN", body.message ?? res.statusText);
}

async function post<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(path, { method: "POST", headers: headers(), body: JSON.stringify(body) });
  if (!res.ok) throw await failure(res);
  return await res.json() as T;
}

/** A unary ManagerService method. */
export function call<T = Record<string, unknown>>(
  method: string,
  request: unknown = {},
): Promise<T> {
  return post<T>(SERVICE + method, request);
}

/** Jobs per state. */
export function overview(): Promise<{ counts: Record<string, number> }> {
  return post("/api/dashboard/Overview", {});
}

/** The charts' samples of the last hour. */
export function history(): Promise<History> {
  return post<History>("/api/dashboard/History", {});
}

/** The fields of the messages the page builds, as this manager's API has them. */
export interface Schema {
  manager: { role: "single" | "leader" | "standby"; leader: string; term?: number };
  fields: Record<"JobSpec" | "JobStatus" | "ListJobsRequest" | "WorkerInfo", string[]>;
}

let schemaOnce: Promise<Schema> | undefined;
export function schema(): Promise<Schema> {
  schemaOnce ??= post<Schema>("/api/dashboard/Schema", {}).catch((err) => {
    schemaOnce = undefined;
    throw err;
  });
  return schemaOnce;
}

const served = new Map<string, Promise<boolean>>();

/**
 * Whether this manager serves `method`: a method it declares but has no controller for yet
 * answers UNIMPLEMENTED, and the page then leaves its section out.
 */
export function isServed(method: string): Promise<boolean> {
  let answer = served.get(method);
  if (!answer) {
    answer = call(method, {}).then(
      () => true,
      (err) => {
        if (err instanceof ApiError && err.code === "UNIMPLEMENTED") return false;
        served.delete(method);
        throw err;
      },
    );
    served.set(method, answer);
  }
  return answer;
}

/** ListJobs, with `text` searched in the jobs' names and commands. */
export function searchJobs<T>(request: Record<string, unknown>, text: string): Promise<T> {
  return post<T>("/api/dashboard/SearchJobs", { ...request, text });
}

export interface Sample {
  t: number;
  submitted: number;
  completed: number;
  failed: number;
  cancelled: number;
  queueLength: number;
  running: number;
  slots: number;
  waitP50: number | null;
  waitP99: number | null;
}

export interface History {
  samples: Sample[];
  intervalMs: number;
}

/**
 * Open an event stream (a server-streaming method, or the dashboard's WatchJobs). `onEvent`
 * gets each event's name and parsed data; the promise settles when the stream ends. Abort
 * `signal` to close it.
 */
export async function stream(
  path: string,
  request: unknown,
  onEvent: (event: string, data: unknown) => void,
  signal: AbortSignal,
): Promise<void> {
  const res = await fetch(path, {
    method: "POST",
    headers: headers({ accept: "text/event-stream" }),
    body: JSON.stringify(request),
    signal,
  });
  if (!res.ok) throw await failure(res);
  const parser = createParser({
    onEvent: (e) => onEvent(e.event ?? "message", JSON.parse(e.data)),
  });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      parser.feed(decoder.decode(value, { stream: true }));
    }
  } catch (err) {
    if (signal.aborted) return;
    throw err;
  }
}

/** WatchJob as an event stream. */
export function watchJob(
  jobId: string,
  onEvent: (event: string, data: unknown) => void,
  signal: AbortSignal,
): Promise<void> {
  return stream(SERVICE + "WatchJob", { jobId, fromStart: true }, onEvent, signal);
}

/** State changes of many jobs on one stream. */
export function watchJobs(
  jobIds: string[],
  onEvent: (event: string, data: unknown) => void,
  signal: AbortSignal,
): Promise<void> {
  return stream("/api/dashboard/WatchJobs", { jobIds }, onEvent, signal);
}

/** Base64 (proto3 JSON bytes) to bytes. */
export function decodeBytes(base64: string): Uint8Array {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}
