/**
 * The manager's HTTP side port: /healthz (the process is up), /readyz (it serves and accepts
 * jobs), /metrics (Prometheus text, from metrics.ts), and the dashboard (dashboard_routes.ts)
 * on every other path.
 */
import { type DashboardBackend, dashboardRoute } from "./dashboard_routes.ts";
import type { ManagerMetrics } from "./metrics.ts";

export interface HttpStatus {
  ready: () => boolean;
}

/** Serve the side port; returns the server (shut it down on exit). */
export function serveHttp(
  host: string,
  port: number,
  /** PEM certificate and key: serve HTTPS; undefined = plain HTTP. */
  tls: { cert: string; key: string } | undefined,
  metrics: ManagerMetrics,
  status: HttpStatus,
  dashboard?: DashboardBackend,
): Deno.HttpServer {
  return Deno.serve({ hostname: host, port, ...tls, onListen: () => {} }, async (req) => {
    const path = new URL(req.url).pathname;
    if (path === "/healthz") return Response.json({ status: "ok" });
    if (path === "/readyz") {
      const ready = status.ready();
      return Response.json({ ready }, { status: ready ? 200 : 503 });
    }
    if (path === "/metrics") {
      const { body, contentType } = await metrics.render();
      return new Response(body, { headers: { "content-type": contentType } });
    }
    const page = dashboard ? await dashboardRoute(dashboard, req) : undefined;
    return page ?? Response.json({ error: `no route ${path}` }, { status: 404 });
  });
}
