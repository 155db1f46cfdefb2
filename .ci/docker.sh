# shellcheck shell=bash
# Docker helpers for CI and developer machines. Source this file, then call:
#   start_dockerd   start a Docker daemon unless one already answers `docker info`
#                   (no bridge, no iptables: all container traffic stays on 127.0.0.1)
#   stop_dockerd    stop the daemon start_dockerd started (by its PID), nothing else
#   build_images    build the local Debian-based engine images (scripts/build-images.sh)
# All three are idempotent. The daemon's PID and log live under $TSDB_BENCH_DOCKERD_DIR
# (default /tmp/tsdb-bench-dockerd).

TSDB_BENCH_DOCKERD_DIR="${TSDB_BENCH_DOCKERD_DIR:-/tmp/tsdb-bench-dockerd}"
_TSDB_BENCH_CI_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

_dockerd_pid_file() { printf '%s/dockerd.pid' "$TSDB_BENCH_DOCKERD_DIR"; }

start_dockerd() {
  if docker info >/dev/null 2>&1; then
    echo "docker: a daemon is already running"
    return 0
  fi
  if ! command -v dockerd >/dev/null 2>&1; then
    echo "docker: dockerd is not installed (apt-get install docker.io)" >&2
    return 1
  fi
  mkdir -p "$TSDB_BENCH_DOCKERD_DIR"
  local log="$TSDB_BENCH_DOCKERD_DIR/dockerd.log"
  local pid_file; pid_file="$(_dockerd_pid_file)"
  echo "docker: starting dockerd --bridge=none --iptables=false --ip-masq=false (log: $log)"
  # setsid: the daemon does not belong to the caller's process group or terminal.
  setsid dockerd --bridge=none --iptables=false --ip-masq=false \
    --pidfile "$TSDB_BENCH_DOCKERD_DIR/dockerd.own.pid" >"$log" 2>&1 </dev/null &
  echo $! >"$pid_file"
  local waited=0
  until docker info >/dev/null 2>&1; do
    if ! kill -0 "$(cat "$pid_file")" 2>/dev/null; then
      echo "docker: dockerd exited during start-up; last log lines:" >&2
      tail -n 20 "$log" >&2
      rm -f "$pid_file"
      return 1
    fi
    if [ "$waited" -ge 60 ]; then
      echo "docker: dockerd did not answer within 30 s; stopping it (log: $log)" >&2
      stop_dockerd
      return 1
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
  echo "docker: dockerd ready (pid $(cat "$pid_file"), $(docker version --format '{{.Server.Version}}' 2>/dev/null))"
}

stop_dockerd() {
  local pid_file; pid_file="$(_dockerd_pid_file)"
  if [ ! -f "$pid_file" ]; then
    echo "docker: no daemon started by start_dockerd"
    return 0
  fi
  local pid; pid="$(cat "$pid_file")"
  if kill -0 "$pid" 2>/dev/null; then
    echo "docker: stopping dockerd (pid $pid)"
    kill -TERM "$pid"
    local waited=0
    while kill -0 "$pid" 2>/dev/null; do
      if [ "$waited" -ge 60 ]; then
        echo "docker: dockerd (pid $pid) did not stop within 30 s; sending SIGKILL" >&2
        kill -KILL "$pid" 2>/dev/null
        break
      fi
      sleep 0.5
      waited=$((waited + 1))
    done
  fi
  rm -f "$pid_file" "$TSDB_BENCH_DOCKERD_DIR/dockerd.own.pid" "$TSDB_BENCH_DOCKERD_DIR/dockerd.log"
  rmdir "$TSDB_BENCH_DOCKERD_DIR" 2>/dev/null || true
}

build_images() {
  "$_TSDB_BENCH_CI_DIR/../scripts/build-images.sh" "$@"
}
