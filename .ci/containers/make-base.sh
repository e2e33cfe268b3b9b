#!/usr/bin/env bash
# A local stand-in for denoland/deno:debian-$DENO_VERSION, since no image registry is reachable:
# debootstrap --variant=minbase bookworm (+ tini), the Deno binary from the npm package at
# /usr/bin/deno, imported as $BASE_IMAGE. The root filesystem tarball is cached in
# .ci/containers/.cache/ (keyed by the Deno version and this script), so later runs only
# `podman import` it (seconds).
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if podman image exists "$BASE_IMAGE" && [ "${1:-}" != "--force" ]; then
  log "base image $BASE_IMAGE exists"
  exit 0
fi

deno_bin=$(readlink -f "$(command -v deno)")
"$deno_bin" --version | head -n 1 | grep -q "^deno $DENO_VERSION " ||
  die "deno on PATH is not $DENO_VERSION: $("$deno_bin" --version | head -n 1)"
key=$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-12)
tarball=$CACHE_DIR/bookworm-minbase-deno-$DENO_VERSION-$key.tar
mkdir -p "$CACHE_DIR"

if [ ! -s "$tarball" ]; then
  root=$(mktemp -d "$CACHE_DIR/rootfs.XXXXXX")
  trap 'rm -rf "$root"' EXIT
  log "debootstrap bookworm into $root"
  debootstrap --variant=minbase --include=tini,ca-certificates bookworm "$root" \
    >"$CACHE_DIR/debootstrap.log" 2>&1 ||
    die "debootstrap failed, see $CACHE_DIR/debootstrap.log"
  install -m 0755 "$deno_bin" "$root/usr/bin/deno"
  # What the official image has too: /tini, a deno user, a cache dir.
  ln -sf /usr/bin/tini "$root/tini"
  chroot "$root" groupadd --gid 1993 deno
  chroot "$root" useradd --uid 1993 --gid deno --no-create-home --shell /usr/sbin/nologin deno
  mkdir -p "$root/deno-dir"
  chroot "$root" chown deno:deno /deno-dir
  # Slim: no apt lists, docs, man pages or logs.
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/usr/share/doc/* \
    "$root"/usr/share/man/* "$root"/usr/share/locale/* "$root"/var/log/*
  tar -C "$root" --numeric-owner -cf "$tarball.tmp" .
  mv "$tarball.tmp" "$tarball"
  rm -rf "$root"
  trap - EXIT
fi

log "podman import $tarball as $BASE_IMAGE"
podman import \
  --change 'ENV DENO_DIR=/deno-dir/' \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENTRYPOINT ["/tini", "--", "deno"]' \
  --change 'CMD ["repl"]' \
  "$tarball" "$BASE_IMAGE" >/dev/null
podman run --rm --pull=never "$BASE_IMAGE" --version | head -n 1 >&2
