#!/bin/sh
# Entrypoint of the Titan image (installed as /usr/local/bin/titan-entrypoint; /tini is
# PID 1 and runs this). The first argument picks the role; the rest are its flags, e.g.
#   titan:dev manager --port 8080      titan:dev worker --manager titan-manager:8080
# Every flag also has a TITAN_* environment variable (see shared/config.ts).
#
# Deno runs from the cache baked into the image (--cached-only: no network at start) and
# with the lock file as it is (--frozen: nothing is written to the read-only /app).
set -eu

app=${TITAN_APP_DIR:-/app}
run() {
  main=$1
  shift
  # exec: Deno replaces this shell, so tini's signals (SIGTERM on `docker stop` or pod
  # deletion) reach Deno directly, and the worker's drain starts at once.
  exec deno run --cached-only --frozen --config "$app/deno.json" -A "$app/$main" "$@"
}

usage() {
  cat <<USAGE
usage: <image> manager [flags]   the control plane (gRPC :8080, HTTP :9090)
       <image> worker [flags]    a worker (dials the manager; HTTP /healthz :8081)
       <image> titan [args]      the command-line client
       <image> <command> [args]  any other command, e.g. sh
Run '<image> manager --help' or '<image> worker --help' for the flags.
USAGE
}

role=${1:-}
case "$role" in
  manager) shift; run manager/main.ts "$@" ;;
  worker) shift; run worker/main.ts "$@" ;;
  titan | cli) shift; run cli/main.ts "$@" ;;
  "" | -h | --help | help) usage ;;
  -*)
    echo "titan-entrypoint: first argument must be manager, worker or titan, got '$role'" >&2
    usage >&2
    exit 2
    ;;
  *) exec "$@" ;;
esac
