#!/usr/bin/env bash
# Builds the local engine images used by the docker runtime on machines without a container
# registry: plain Debian bookworm (mmdebstrap --variant=essential) with the engine installed
# from Debian packages, imported with `docker import`. The images have no entrypoint; the
# docker runtime recognises them by the label tsdb-bench.image=local and runs initdb/postgres
# or influxd itself.
#
#   scripts/build-images.sh            build the images that do not exist yet
#   scripts/build-images.sh --force    rebuild all of them
#   scripts/build-images.sh postgres   only the named image(s): postgres, influxdb
#
# Needs root, mmdebstrap, a running Docker daemon and access to the Debian mirror
# (override with DEBIAN_MIRROR / DEBIAN_SECURITY_MIRROR). About 50 s per image.
set -euo pipefail

POSTGRES_TAG="tsdb-bench/postgres:15-bookworm"
INFLUXDB_TAG="tsdb-bench/influxdb:1.6-bookworm"
SUITE="bookworm"
BASE_PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SECURITY_MIRROR="${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"

force=0
wanted=()
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    postgres|influxdb) wanted+=("$arg") ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "build-images: unknown argument '$arg' (use --force, postgres, influxdb)" >&2; exit 2 ;;
  esac
done
[ ${#wanted[@]} -gt 0 ] || wanted=(postgres influxdb)

for tool in mmdebstrap docker; do
  command -v "$tool" >/dev/null 2>&1 || { echo "build-images: $tool not found (apt-get install mmdebstrap docker.io)" >&2; exit 1; }
done
docker info >/dev/null 2>&1 || { echo "build-images: no Docker daemon answers (source .ci/docker.sh && start_dockerd)" >&2; exit 1; }

work="$(mktemp -d /tmp/tsdb-bench-images.XXXXXX)"
trap 'rm -rf "$work"' EXIT

sources=(
  "deb $MIRROR $SUITE main"
  "deb $MIRROR $SUITE-updates main"
  "deb $SECURITY_MIRROR $SUITE-security main"
)

# build_image <tag> <package> <engine-label> <data-dir> <PATH> [extra mmdebstrap args...]
# The customize hook writes the installed package version to $work/<package>.version so that
# it becomes an image label. <data-dir> is declared a VOLUME, as in the official images, so the
# engine writes to a volume and not through the overlay filesystem.
build_image() {
  local tag="$1" package="$2" engine="$3" data_dir="$4" path="$5"; shift 5
  if [ "$force" -eq 0 ] && docker image inspect "$tag" >/dev/null 2>&1; then
    echo "build-images: $tag exists (use --force to rebuild)"
    return 0
  fi
  local started; started=$(date +%s)
  local previous; previous="$(docker image inspect --format '{{.Id}}' "$tag" 2>/dev/null || true)"
  local tarball="$work/$engine.tar"
  echo "build-images: building $tag from Debian $SUITE package $package"
  echo "build-images:   mmdebstrap --variant=essential --include=$package --skip=cleanup/run $SUITE ... | docker import"
  mmdebstrap --quiet --variant=essential --include="$package" --skip=cleanup/run \
    "$@" \
    --customize-hook="chroot \"\$1\" dpkg-query -W -f='\${Version}' $package > '$work/$package.version'" \
    "$SUITE" "$tarball" "${sources[@]}"
  local version; version="$(cat "$work/$package.version")"
  echo "build-images:   docker import $tarball $tag ($package $version)"
  docker import \
    --change 'LABEL tsdb-bench.image=local' \
    --change "LABEL tsdb-bench.engine=$engine" \
    --change "LABEL tsdb-bench.package=$package=$version" \
    --change "ENV PATH=$path" \
    --change 'ENV LANG=C.UTF-8' \
    --change "VOLUME $data_dir" \
    "$tarball" "$tag" >/dev/null
  rm -f "$tarball"
  if [ -n "$previous" ] && [ "$previous" != "$(docker image inspect --format '{{.Id}}' "$tag")" ]; then
    docker rmi "$previous" >/dev/null 2>&1 && echo "build-images:   removed the previous $tag image" || true
  fi
  local size; size="$(docker image inspect --format '{{.Size}}' "$tag")"
  echo "build-images: built $tag ($package $version, $((size / 1024 / 1024)) MiB) in $(( $(date +%s) - started )) s"
}

for name in "${wanted[@]}"; do
  case "$name" in
    postgres)
      # No main cluster: the docker runtime runs initdb in the container at start.
      build_image "$POSTGRES_TAG" postgresql-15 postgres /var/lib/postgresql/data "/usr/lib/postgresql/15/bin:$BASE_PATH" \
        --essential-hook='mkdir -p "$1/etc/postgresql-common" && printf "create_main_cluster = false\n" > "$1/etc/postgresql-common/createcluster.conf"' \
        --customize-hook='if [ -n "$(ls -A "$1/etc/postgresql/15" 2>/dev/null)" ]; then echo "a main cluster was created despite create_main_cluster = false" >&2; exit 1; fi' \
        --customize-hook='chroot "$1" install -d -o postgres -g postgres -m 0700 /var/lib/postgresql/data'
      ;;
    influxdb)
      build_image "$INFLUXDB_TAG" influxdb influxdb /var/lib/influxdb "$BASE_PATH" \
        --customize-hook='chroot "$1" install -d -o influxdb -g influxdb -m 0755 /var/lib/influxdb'
      ;;
  esac
done
