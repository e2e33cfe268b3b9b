#!/usr/bin/env bash
# Prove the image starts and works, with the hardening the manifests ask for (read-only root,
# non-root, no capabilities, no new privileges, no network for --help):
#  1. `manager --help` / `worker --help` with --network=none (Deno starts from its baked cache);
#  2. a manager and a worker on a user network, the manager reachable as `titan-manager`
#     (the Service name), tokens from files; the worker registers; a job submitted with the
#     CLI from the same image runs on it; `podman stop` (SIGTERM through tini) drains the
#     worker and it exits 0 well before the kill timeout.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

NET=titan-smoke
P=titan-smoke
CLIENT_TOKEN=smoke-client-token
WORKER_TOKEN=smoke-worker-token
HARDEN=(--pull=never --read-only --tmpfs /tmp --user 10001:10001 --cap-drop=ALL
  --security-opt=no-new-privileges)

cleanup() {
  podman rm -f -v -t 0 "$P-manager" "$P-worker" >/dev/null 2>&1 || true
  podman volume rm -f "$P-data" >/dev/null 2>&1 || true
  podman network rm -f "$NET" >/dev/null 2>&1 || true
  rm -rf "$tokdir"
}
tokdir=$(mktemp -d)
trap cleanup EXIT
cleanup
tokdir=$(mktemp -d)
printf '%s\n' "$CLIENT_TOKEN" >"$tokdir/token"
printf '%s\n' "$WORKER_TOKEN" >"$tokdir/worker-token"
chmod 0755 "$tokdir"; chmod 0644 "$tokdir"/*

step() { log "smoke: $*"; }

step "manager --help and worker --help, offline"
for role in manager worker; do
  out=$(podman run --rm --network=none "${HARDEN[@]}" "$IMAGE" "$role" --help 2>&1) || {
    code=$?
    # An entrypoint without --help prints its flags and exits 2: still proof that it started.
    if [ "$code" != 2 ] || ! grep -q -- "--data-dir" <<<"$out"; then
      die "$role --help failed ($code): $out"
    fi
    log "note: '$role --help' exits 2 (unknown option) but prints the flags"
  }
  grep -q -- "--data-dir" <<<"$out" || die "$role --help printed no flags: $out"
done

step "manager + worker on network $NET"
podman network create "$NET" >/dev/null
podman volume create "$P-data" >/dev/null
podman run -d --name "$P-manager" --network "$NET" --network-alias titan-manager \
  "${HARDEN[@]}" -v "$P-data:/data" -v "$tokdir:/etc/titan/tokens:ro" \
  -e TITAN_TOKEN_FILE=/etc/titan/tokens/token \
  -e TITAN_WORKER_TOKEN_FILE=/etc/titan/tokens/worker-token \
  -e TITAN_HEARTBEAT_INTERVAL=1 -e TITAN_HEARTBEAT_TIMEOUT=5 \
  -p 127.0.0.1::9090 "$IMAGE" manager >/dev/null
http=$(podman port "$P-manager" 9090/tcp | head -n 1)
for _ in $(seq 1 60); do
  curl -fsS "http://$http/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "http://$http/healthz" >/dev/null || {
  podman logs "$P-manager" >&2
  die "manager /healthz did not answer on $http"
}
log "manager /healthz ok on $http"

# /data and /work: the image's VOLUMEs, as anonymous volumes (they keep the image's ownership).
podman run -d --name "$P-worker" --network "$NET" "${HARDEN[@]}" \
  -v "$tokdir:/etc/titan/tokens:ro" --stop-timeout 45 \
  -e TITAN_WORKER_ID=smoke-worker-1 -e TITAN_MANAGER=titan-manager:8080 \
  -e TITAN_WORKER_TOKEN_FILE=/etc/titan/tokens/worker-token -e TITAN_SLOTS=2 \
  -e TITAN_HEARTBEAT_INTERVAL=1 -e TITAN_DRAIN_TIMEOUT=10 "$IMAGE" worker >/dev/null

cli() {
  podman run --rm --network "$NET" "${HARDEN[@]}" -e TITAN_MANAGER=titan-manager:8080 \
    -e TITAN_TOKEN="$CLIENT_TOKEN" "$IMAGE" titan "$@"
}
for _ in $(seq 1 60); do
  cli workers 2>/dev/null | grep -q smoke-worker-1 && break
  sleep 0.5
done
cli workers | grep -q smoke-worker-1 || {
  podman logs "$P-worker" >&2
  die "the worker did not register"
}
log "worker registered: $(cli workers | tr '\n' ' ')"

# shellcheck disable=SC2016  # expanded by the job's shell, not here
out=$(cli submit --wait 'echo "hello from $(id -u) in $(pwd)"') || die "submit --wait failed: $out"
grep -q "hello from 10001" <<<"$out" || die "unexpected job output: $out"
log "job ran: $out"

step "SIGTERM drains the worker"
start=$(date +%s)
podman stop -t 45 "$P-worker" >/dev/null
code=$(podman inspect -f '{{.State.ExitCode}}' "$P-worker")
took=$(($(date +%s) - start))
[ "$code" = 0 ] || {
  podman logs "$P-worker" >&2
  die "worker exited $code on SIGTERM"
}
((took < 40)) || die "worker took ${took}s to stop: SIGTERM did not reach it"
log "worker stopped in ${took}s with exit 0"
log "smoke: all good"
