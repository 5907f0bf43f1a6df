#!/usr/bin/env bash
# A throwaway Docker daemon for the runner's container tests (issue #5), on its own socket,
# data root, exec root and pid file, so it never touches a system daemon.
#   scripts/ci-docker.sh start DIR   starts dockerd under DIR, imports the local test image
#                                    (scripts/test-rootfs.sh: Debian's busybox-static and
#                                    bash-static, no registry), creates the shithub-actions
#                                    network, and prints the variables to export (DOCKER_HOST=…).
#   scripts/ci-docker.sh stop DIR    stops that daemon.
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?state folder}
image=shithub/runner-test:local

stop() {
  if [ -f "$dir/docker.pid" ]; then
    pid=$(cat "$dir/docker.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
}

build_rootfs() {
  tar=$("$(dirname "$0")/test-rootfs.sh" "$dir/image")
  docker import - "$image" <"$tar" >/dev/null
}

case $cmd in
  start)
    mkdir -p "$dir"
    stop
    export DOCKER_HOST="unix://$dir/docker.sock"
    dockerd --data-root "$dir/data" --exec-root "$dir/exec" -H "$DOCKER_HOST" --pidfile "$dir/docker.pid" \
      >"$dir/dockerd.log" 2>&1 &
    for _ in $(seq 1 150); do docker version >/dev/null 2>&1 && break; sleep 0.2; done
    if ! docker version >/dev/null 2>&1; then
      echo "ci-docker: dockerd did not start:" >&2
      tail -30 "$dir/dockerd.log" >&2
      exit 1
    fi
    build_rootfs
    docker network inspect shithub-actions >/dev/null 2>&1 || docker network create shithub-actions >/dev/null
    echo "DOCKER_HOST=$DOCKER_HOST"
    echo "SHITHUB_TEST_ENGINE=docker"
    echo "SHITHUB_TEST_IMAGE=$image"
    ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
