#!/usr/bin/env bash
# Install podman, buildah, runc and debootstrap from Debian (idempotent, ~1 min the first time).
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PKGS=(podman buildah runc debootstrap catatonit uidmap slirp4netns fuse-overlayfs
  containernetworking-plugins netavark aardvark-dns iptables)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  [ "$(id -u)" = 0 ] || die "need root to apt-get install ${missing[*]}"
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! command -v deno >/dev/null 2>&1; then
  log "installing deno@$DENO_VERSION from npm"
  npm install -g "deno@$DENO_VERSION" >/dev/null
fi
podman --version >&2
