# syntax=docker/dockerfile:1
#
# Titan: one image, two roles. `docker run titan:dev manager …` or `… worker …`
# (and `… titan …` for the CLI). See k8s/README.md for the kind walkthrough.
#
# The base is the official Deno image, Debian flavour (it has /bin/sh, which the worker
# needs to run jobs, and /tini). It is an ARG so CI can pass a locally built base with
# the same layout (.ci/containers/make-base.sh); the build checks the Deno version.
ARG DENO_IMAGE=denoland/deno:debian-2.9.6

FROM ${DENO_IMAGE}

# Where Deno keeps its module cache. Filled at build time, read-only at run time:
# Deno runs from it with --cached-only, so the container starts without network.
ENV DENO_DIR=/deno-dir \
    DENO_NO_UPDATE_CHECK=1 \
    DENO_NO_PROMPT=1 \
    HOME=/tmp \
    TITAN_HOST=0.0.0.0 \
    TITAN_WORKER_HOST=0.0.0.0 \
    TITAN_DATA_DIR=/data \
    TITAN_WORKER_DATA_DIR=/var/lib/titan-worker \
    TITAN_WORK_DIR=/work

USER root

# A fixed non-root user (uid/gid 10001; the Kubernetes manifests use the same numbers) for
# the manager and the CLI. The worker runs as root with every capability dropped but the
# uid switch (k8s/base/worker.yaml) and gives each attempt a uid of its own: its state
# (/var/lib/titan-worker) is root's alone, /work is where attempts get their own dirs, and
# /run/titan records which uids are in use. Running it as 10001 makes it refuse a token
# unless --insecure-shared-uid (its jobs could read the token).
#
# a PID 1 that forwards signals and reaps orphans (tini: /tini in the official image,
# /usr/bin/tini from Debian's package elsewhere), and the writable mount points.
RUN set -eu; \
    deno --version | head -n 1 | grep -Eq '^deno 2\.9\.' \
      || { echo "base image must ship Deno 2.9.x, it has: $(deno --version | head -n 1)" >&2; exit 1; }; \
    if [ ! -x /tini ]; then \
      if command -v tini >/dev/null 2>&1; then ln -s "$(command -v tini)" /tini; \
      else echo "base image has no tini (/tini or tini on PATH)" >&2; exit 1; fi; \
    fi; \
    groupadd --system --gid 10001 titan; \
    useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin titan; \
    mkdir -p /app /data /work /var/lib/titan-worker /run/titan "$DENO_DIR"; \
    chown 10001:10001 /data; \
    chmod 0711 /work; \
    chmod 0700 /var/lib/titan-worker /run/titan

# A static busybox: the worker's cheapest launch tools (its `setsid`, and `nsenter -S/-G` for
# the switch to each attempt's uid; worker/launch_plan.ts). Without it the worker falls back
# to util-linux's, at ~1.5 ms more CPU per job.
RUN set -eu; \
    if ! command -v busybox >/dev/null 2>&1; then \
      apt-get update -qq; \
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends busybox-static; \
      rm -rf /var/lib/apt/lists/*; \
    fi

WORKDIR /app

# Dependency layer: only the manifest and the lock file, so it is rebuilt only when the
# dependencies change, not on every source edit. `deno install` fetches every import of
# deno.json into DENO_DIR; --frozen fails the build if deno.lock is out of date.
# Behind a TLS-intercepting proxy, pass its CA bundle for these two steps only, e.g.
#   podman build -v /etc/ssl/certs/ca-certificates.crt:/run/build-ca.crt:ro \
#     --build-arg DENO_CERT=/run/build-ca.crt …
# (a build ARG is not an ENV of the image; unset, Deno uses its own roots).
ARG DENO_CERT
COPY deno.json deno.lock ./
RUN deno install --frozen

# Source layer, then cache the module graph of every entrypoint (anything not in the import
# map, and the npm packages they resolve) so nothing is fetched at run time. The caches are
# checkpointed and left read-only: the runtime user cannot change them.
COPY . .
RUN set -eu; \
    deno cache --frozen manager/main.ts worker/main.ts cli/main.ts; \
    install -m 0755 k8s/image/entrypoint.sh /usr/local/bin/titan-entrypoint; \
    chown -R root:root /app "$DENO_DIR"; \
    chmod -R a+rX,go-w /app "$DENO_DIR"

VOLUME ["/data", "/work", "/var/lib/titan-worker"]

USER 10001:10001

# gRPC (client and worker APIs), manager HTTP (/healthz, /readyz, /metrics), worker HTTP.
EXPOSE 8080 9090 8081

ENTRYPOINT ["/tini", "--", "/usr/local/bin/titan-entrypoint"]
CMD ["--help"]
