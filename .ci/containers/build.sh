#!/usr/bin/env bash
# Build the project's Dockerfile with the local base passed through its ARG.
#   build.sh [context-dir]    (default: the repository)
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

context=${1:-$REPO_ROOT}
podman image exists "$BASE_IMAGE" || "$CONTAINERS_DIR/make-base.sh"
log "building $IMAGE from $context (base $BASE_IMAGE)"
# --network=host: the dependency layer fetches npm packages (the registry is reachable from
# the host); at run time the image needs no network.
# The host's CA bundle goes along as DENO_CERT: this machine's egress passes through a
# TLS-intercepting proxy whose CA only the host trusts. It stays out of the image.
ca_args=()
ca=${TITAN_BUILD_CA:-${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}}
if [ -s "$ca" ]; then
  ca_args=(-v "$ca:/run/build-ca.crt:ro" --build-arg DENO_CERT=/run/build-ca.crt)
fi
podman build --pull=never --network=host "${ca_args[@]}" \
  --build-arg "DENO_IMAGE=$BASE_IMAGE" \
  -f "$REPO_ROOT/Dockerfile" -t "$IMAGE" "$context"
