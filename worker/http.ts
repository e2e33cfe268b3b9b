/**
 * The worker's HTTP side port: `/healthz` for probes and humans. Liveness only needs the
 * process to answer; `connected` says whether it is registered with a manager right now.
 */
import type { AgentStatus } from "./agent.ts";

/** The port could not be bound (in use, no permission): the entrypoint exits 2. */
export class HttpBindError extends Error {
  constructor(host: string, port: number, options?: ErrorOptions) {
    super(
      `Cannot listen on ${host}:${port} for /healthz: ${
        (options?.cause as Error | undefined)?.message ?? "bind failed"
      } (choose another --port, or 0 to turn it off)`,
      options,
    );
    this.name = "HttpBindError";
  }
}

/** Serve /healthz on `host`:`port`; `port` 0 = off (returns undefined). */
export function startHealthServer(
  host: string,
  port: number,
  status: () => AgentStatus,
  onListen?: (addr: Deno.NetAddr) => void,
): Deno.HttpServer<Deno.NetAddr> | undefined {
  if (port === 0) return undefined;
  try {
    return Deno.serve({
      hostname: host,
      port,
      onListen: (addr) => onListen?.(addr),
    }, (req) => {
      const path = new URL(req.url).pathname;
      if (path === "/healthz") {
        return Response.json(status(), { headers: { "cache-control": "no-store" } });
      }
      return new Response("not found\n", { status: 404 });
    });
  } catch (err) {
    throw new HttpBindError(host, port, { cause: err });
  }
}
