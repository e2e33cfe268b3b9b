# Shared settings of the container scripts; sourced, not run.
# shellcheck shell=bash disable=SC2034  # the variables are for the scripts that source this
set -euo pipefail

CONTAINERS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$CONTAINERS_DIR/../.." && pwd)
CACHE_DIR=${TITAN_CONTAINERS_CACHE:-$CONTAINERS_DIR/.cache}
DENO_VERSION=${DENO_VERSION:-2.9.6}
BASE_IMAGE=${TITAN_BASE_IMAGE:-localhost/titan-deno-base:$DENO_VERSION}
IMAGE=${TITAN_IMAGE:-localhost/titan:dev}

# podman 4.3 here: runc (crun fails on the hybrid cgroup setup), cgroupfs, ulimits that fit.
export CONTAINERS_CONF=$CONTAINERS_DIR/containers.conf

log() { printf '[containers] %s\n' "$*" >&2; }
die() {
  printf '[containers] error: %s\n' "$*" >&2
  exit 1
}
